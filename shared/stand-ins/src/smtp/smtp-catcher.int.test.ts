import { generateKeyPairSync } from 'node:crypto';
import { createTransport } from 'nodemailer';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { SmtpCatcher } from './smtp-catcher.js';
import { verifyDkim } from './verify-dkim.js';

const { privateKey, publicKey } = generateKeyPairSync('rsa', {
  modulusLength: 2048,
  privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  publicKeyEncoding: { type: 'spki', format: 'pem' },
});

function transportTo(catcher: SmtpCatcher, pool = false) {
  return createTransport({ host: catcher.hostname, port: catcher.port, secure: false, pool });
}

/** A reminder as the dispatcher will send it: both parts, one-click unsubscribe, DKIM, bounce return path. */
const reminder = {
  from: 'Kindly Bank <reminders@kindly.example>',
  to: 'customer@example.com',
  subject: 'Your payment is overdue',
  text: 'Please pay 120.00 by Friday.',
  html: '<p>Please pay <b>120.00</b> by Friday.</p>',
  envelope: { from: 'bounces+m1@kindly.example', to: ['customer@example.com'] },
  headers: {
    'List-Unsubscribe':
      '<https://kindly.example/unsubscribe/opaque-token>, <mailto:unsubscribe@kindly.example>',
    'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
  },
};

describe('SMTP catcher with nodemailer', () => {
  let catcher: SmtpCatcher;

  beforeAll(async () => {
    catcher = await SmtpCatcher.start();
  });
  afterEach(() => catcher.reset());
  afterAll(async () => {
    await catcher.stop();
  });

  it('captures a DKIM-signed message with its envelope, parts and List-Unsubscribe headers', async () => {
    const transport = createTransport({
      host: catcher.hostname,
      port: catcher.port,
      secure: false,
      dkim: {
        domainName: 'kindly.example',
        keySelector: 'k2026',
        privateKey,
        // nodemailer's default list signs List-Unsubscribe but not List-Unsubscribe-Post (RFC 8058 wants both).
        headerFieldNames:
          'From:To:Subject:Date:Message-ID:MIME-Version:Content-Type:List-Unsubscribe:List-Unsubscribe-Post',
      },
    });
    const info = await transport.sendMail(reminder);
    transport.close();

    const [email] = await catcher.waitForMessages(1);
    expect(email?.mailFrom).toBe('bounces+m1@kindly.example');
    expect(email?.rcptTo).toEqual(['customer@example.com']);
    expect(email?.parsed.messageId).toBe(info.messageId);
    expect(email?.parsed.subject).toBe('Your payment is overdue');
    expect(email?.parsed.text?.trim()).toBe('Please pay 120.00 by Friday.');
    expect(email?.parsed.html).toContain('<b>120.00</b>');
    expect(email?.header('content-type')).toMatch(/^multipart\/alternative/);
    expect(email?.header('List-Unsubscribe')).toBe(reminder.headers['List-Unsubscribe']);
    expect(email?.header('List-Unsubscribe-Post')).toBe('List-Unsubscribe=One-Click');
    expect(email?.header('DKIM-Signature')).toMatch(/\bd=kindly\.example;/);

    const raw = email?.raw ?? Buffer.alloc(0);
    expect(verifyDkim(raw, publicKey)).toEqual({
      valid: true,
      problem: undefined,
      domain: 'kindly.example',
      selector: 'k2026',
      signedHeaders: expect.arrayContaining([
        'list-unsubscribe',
        'list-unsubscribe-post',
      ]) as unknown,
    });
    const tampered = raw
      .toString('utf8')
      .replace('List-Unsubscribe=One-Click', 'List-Unsubscribe=Two-Click');
    expect(verifyDkim(tampered, publicKey)).toMatchObject({ valid: false });
    const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).publicKey;
    expect(verifyDkim(raw, otherKey)).toMatchObject({ valid: false });
    const changedBody = raw.toString('utf8').replace('by Friday', 'by Monday');
    expect(verifyDkim(changedBody, publicKey)).toMatchObject({
      valid: false,
      problem: expect.stringMatching(/body/) as unknown,
    });
  });

  it('refuses a recipient with 550 and another with 452, as nodemailer sees in responseCode', async () => {
    catcher.rejectRecipient('gone@example.com', { code: 550, message: '5.1.1 User unknown' });
    catcher.rejectRecipient('full@example.com', { code: 452, message: '4.2.2 Mailbox full' }, 1);
    const transport = transportTo(catcher);
    try {
      await expect(
        transport.sendMail({ ...reminder, to: 'gone@example.com', envelope: undefined }),
      ).rejects.toMatchObject({
        code: 'EENVELOPE',
        responseCode: 550,
      });
      await expect(
        transport.sendMail({ ...reminder, to: 'full@example.com', envelope: undefined }),
      ).rejects.toMatchObject({
        responseCode: 452,
      });
      // Armed once: the retry is accepted.
      await transport.sendMail({ ...reminder, to: 'full@example.com', envelope: undefined });
    } finally {
      transport.close();
    }
    expect(catcher.messagesTo('full@example.com')).toHaveLength(1);
    expect(catcher.refusals().map((r) => [r.stage, r.code])).toEqual([
      ['rcpt', 550],
      ['rcpt', 452],
    ]);
  });

  it('fails the next N messages after DATA with 451 and 554', async () => {
    catcher.failNextMessages(2, { code: 451, message: '4.3.0 Temporary local problem' });
    catcher.failNextMessages(1, { code: 554, message: '5.7.1 Rejected' });
    const transport = transportTo(catcher);
    const codes: (number | undefined)[] = [];
    try {
      for (let i = 0; i < 4; i += 1) {
        await transport.sendMail(reminder).then(
          () => codes.push(250),
          (error: { responseCode?: number }) => codes.push(error.responseCode),
        );
      }
    } finally {
      transport.close();
    }
    expect(codes).toEqual([451, 451, 554, 250]);
    expect(catcher.messages()).toHaveLength(1);
  });

  it('can be down for a while and come back on the same port', async () => {
    const transport = transportTo(catcher, true);
    try {
      await transport.sendMail(reminder);
      const port = catcher.port;
      await catcher.stop();
      expect(catcher.running).toBe(false);
      await expect(transport.sendMail(reminder)).rejects.toMatchObject({
        code: expect.stringMatching(/ESOCKET|ECONNECTION/) as unknown,
      });
      await catcher.restart();
      expect(catcher.port).toBe(port);
      await transport.sendMail(reminder);
    } finally {
      transport.close();
    }
    expect(catcher.messages()).toHaveLength(2);
  });
});
