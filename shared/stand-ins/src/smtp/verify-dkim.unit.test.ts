import { generateKeyPairSync } from 'node:crypto';
import { createTransport } from 'nodemailer';
import { describe, expect, it } from 'vitest';
import { verifyDkim } from './verify-dkim.js';

const keys = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

/** Builds the message nodemailer would send, without sending it. */
async function signed(headerFieldNames?: string): Promise<string> {
  const transport = createTransport({
    streamTransport: true,
    buffer: true,
    newline: 'windows',
    dkim: {
      domainName: 'kindly.example',
      keySelector: 'k1',
      privateKey: keys.privateKey,
      ...(headerFieldNames && { headerFieldNames }),
    },
  });
  const info = await transport.sendMail({
    from: 'reminders@kindly.example',
    to: 'customer@example.com',
    subject: 'Reminder',
    text: 'Please  pay.  \n\n\n',
    headers: {
      'List-Unsubscribe': '<https://kindly.example/u/t>',
      'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
    },
  });
  return (info.message as Buffer).toString('utf8');
}

describe('DKIM verification', () => {
  it('verifies nodemailer’s signature and lists the headers it covers', async () => {
    const verification = verifyDkim(await signed(), keys.publicKey);
    expect(verification).toMatchObject({ valid: true, domain: 'kindly.example', selector: 'k1' });
    // nodemailer's default header list has List-Unsubscribe but not List-Unsubscribe-Post.
    expect(verification.signedHeaders).toContain('list-unsubscribe');
    expect(verification.signedHeaders).not.toContain('list-unsubscribe-post');
  });

  it('fails when a signed header or the body changes', async () => {
    const raw = await signed('From:To:Subject:List-Unsubscribe:List-Unsubscribe-Post');
    expect(verifyDkim(raw, keys.publicKey).valid).toBe(true);
    expect(verifyDkim(raw.replace('/u/t>', '/u/x>'), keys.publicKey)).toMatchObject({
      valid: false,
    });
    expect(verifyDkim(raw.replace('Please', 'Pleese'), keys.publicKey).problem).toMatch(
      /body hash/,
    );
    expect(verifyDkim('Subject: x\r\n\r\nbody', keys.publicKey).problem).toBe(
      'no DKIM-Signature header',
    );
  });
});
