import { describe, expect, it } from 'vitest';
import { buildDsn } from '@kindly/stand-ins';
import { bounceOf, classifyBounce, messageIdFromVerp, messageIdOf, parseDsn } from './dsn.js';

const MESSAGE_ID = '0b6a3f7e-4c1d-5e2f-8a9b-1c2d3e4f5a6b';
const BOUNCE_ADDRESS = `bounces+${MESSAGE_ID}@bounce.example-bank.cn`;
const original = [
  'From: Example Bank <service@example-bank.cn>',
  'To: jane@example.com',
  'Subject: Your payment',
  `X-Kindly-Message-Id: ${MESSAGE_ID}`,
  'MIME-Version: 1.0',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Hello Jane',
].join('\r\n');

describe('parseDsn', () => {
  it('reads a hard bounce: the recipient, the action, the status and our message', () => {
    const dsn = parseDsn(
      buildDsn({ original, recipient: 'jane@example.com', status: '5.1.1', to: BOUNCE_ADDRESS }),
    );
    expect(dsn?.to).toEqual([BOUNCE_ADDRESS]);
    expect(dsn?.recipients).toEqual([
      { finalRecipient: 'jane@example.com', action: 'failed', status: '5.1.1', smtpCode: '550' },
    ]);
    expect(dsn && bounceOf(dsn)).toMatchObject({ kind: 'hard', errorCode: '5.1.1' });
    expect(dsn && messageIdOf(dsn, 'bounces')).toBe(MESSAGE_ID);
  });

  it('reads a delay as a delay (not counted as a soft bounce)', () => {
    const dsn = parseDsn(
      buildDsn({
        original,
        recipient: 'jane@example.com',
        status: '4.2.2',
        action: 'delayed',
        to: BOUNCE_ADDRESS,
      }),
    );
    expect(dsn && bounceOf(dsn)).toMatchObject({ kind: 'delayed', errorCode: '4.2.2' });
  });

  it('finds the message by X-Kindly-Message-Id in a returned whole message when the address is not VERP', () => {
    const dsn = parseDsn(
      buildDsn({
        original,
        recipient: 'jane@example.com',
        status: '5.2.1',
        to: 'bounces@bounce.example-bank.cn',
        returnContent: 'full',
      }),
    );
    expect(dsn && messageIdOf(dsn, 'bounces')).toBe(MESSAGE_ID);
  });

  it('prefers the envelope recipient a mail server names', () => {
    const dsn = parseDsn(
      buildDsn({ original, recipient: 'jane@example.com', status: '5.1.1', to: 'x@y.example' }),
    );
    expect(dsn && messageIdOf(dsn, 'bounces', ['bounces+msg-7@b.example'])).toBe('msg-7');
  });

  it('is undefined for mail that is not a DSN', () => {
    expect(parseDsn(original)).toBeUndefined();
    expect(parseDsn('')).toBeUndefined();
  });

  it('reads a base64 delivery-status part inside a multipart/mixed wrapper, and RFC 6533 types', () => {
    const status = Buffer.from(
      'Reporting-MTA: dns; mx.example\r\n\r\nFinal-Recipient: rfc822; <Jane@Example.com>\r\nOriginal-Recipient: rfc822;jane@example.com\r\nAction: failed\r\nStatus: 5.7.1\r\n',
    ).toString('base64');
    const raw = [
      'To: <bounces+abc@b.example>',
      'Content-Type: multipart/mixed; boundary=outer',
      '',
      '--outer',
      'Content-Type: multipart/report; report-type=delivery-status; boundary="inner"',
      '',
      '--inner',
      'Content-Type: text/plain',
      '',
      'It failed.',
      '--inner',
      'Content-Type: message/global-delivery-status',
      'Content-Transfer-Encoding: base64',
      '',
      status,
      '--inner',
      'Content-Type: message/global-headers',
      '',
      'X-Kindly-Message-Id: abc',
      '--inner--',
      '--outer--',
    ].join('\r\n');
    const dsn = parseDsn(raw);
    expect(dsn?.recipients).toEqual([
      {
        finalRecipient: 'Jane@Example.com',
        originalRecipient: 'jane@example.com',
        action: 'failed',
        status: '5.7.1',
      },
    ]);
    expect(dsn && messageIdOf(dsn, 'bounces')).toBe('abc');
  });
});

describe('classifyBounce', () => {
  it.each([
    // The address does not exist: the only statuses that mark it.
    [{ action: 'failed', status: '5.1.1' }, 'hard'],
    [{ action: 'failed', status: '5.1.2' }, 'hard'],
    [{ action: 'failed', status: '5.1.3' }, 'hard'],
    [{ action: 'failed', status: '5.1.6' }, 'hard'],
    [{ action: 'failed', status: '5.1.10' }, 'hard'],
    // Permanent, but about policy, the mailbox's state or the system: fail, mark nothing.
    [{ action: 'failed', status: '5.7.1' }, 'rejected'], // spam, blocklist
    [{ action: 'failed', status: '5.7.26' }, 'rejected'], // DMARC
    [{ action: 'failed', status: '5.2.2' }, 'rejected'], // mailbox full
    [{ action: 'failed', status: '5.2.1' }, 'rejected'], // disabled: may be temporary (RFC 3463)
    [{ action: 'failed', status: '5.3.0' }, 'rejected'],
    [{ action: 'failed', status: '5.4.4' }, 'rejected'],
    [{ action: 'failed', status: '5.1.7' }, 'rejected'], // bad sender address: ours
    [{ action: 'failed', smtpCode: '550' }, 'rejected'], // no status: not clear enough to mark
    [{ action: 'failed', status: '4.1.1' }, 'soft'], // temporary by its class: counted
    [{ action: 'failed', status: '4.4.1' }, 'soft'],
    [{ action: 'failed', status: '4.2.2' }, 'soft'],
    [{ action: 'delayed', status: '4.2.2' }, 'delayed'], // still being tried: not counted
    [{ action: 'delayed', status: '5.1.1' }, 'delayed'],
    [{ action: 'failed' }, 'soft'], // no status: not clear enough to suppress
    [{ action: 'delivered', status: '2.0.0' }, undefined],
    [{ action: 'relayed' }, undefined],
    [{ action: 'failed', status: '2.0.0' }, undefined],
  ] as const)('%j is %s', (recipient, kind) => {
    expect(classifyBounce(recipient)).toBe(kind);
  });
});

describe('messageIdFromVerp', () => {
  it('reads the id after the plus', () => {
    expect(messageIdFromVerp(BOUNCE_ADDRESS, 'bounces')).toBe(MESSAGE_ID);
    expect(messageIdFromVerp(`Bounces+${MESSAGE_ID}@B.example`, 'bounces')).toBe(MESSAGE_ID);
  });

  it('ignores other addresses', () => {
    expect(messageIdFromVerp('bounces@b.example', 'bounces')).toBeUndefined();
    expect(messageIdFromVerp('other+id@b.example', 'bounces')).toBeUndefined();
    expect(messageIdFromVerp('bounces+@b.example', 'bounces')).toBeUndefined();
    expect(messageIdFromVerp('no-at-sign', 'bounces')).toBeUndefined();
  });
});
