import { simpleParser } from 'mailparser';
import { createTransport } from 'nodemailer';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SmtpCatcher } from '../smtp/smtp-catcher.js';
import { buildDsn } from './build-dsn.js';
import { sendDsn } from './send-dsn.js';

describe('delivery status notifications', () => {
  let catcher: SmtpCatcher;
  let original: Buffer;

  beforeAll(async () => {
    catcher = await SmtpCatcher.start();
    const transport = createTransport({
      host: catcher.hostname,
      port: catcher.port,
      secure: false,
    });
    await transport.sendMail({
      from: 'reminders@kindly.example',
      to: 'gone@example.com',
      subject: 'Your payment is overdue',
      text: 'Please pay.',
      messageId: '<m-42@kindly.example>',
      envelope: { from: 'bounces+m-42@kindly.example', to: ['gone@example.com'] },
    });
    transport.close();
    original = (await catcher.waitForMessages(1))[0]!.raw;
    catcher.reset();
  });
  afterAll(async () => {
    await catcher.stop();
  });

  it('parses with mailparser as multipart/report with a delivery-status part and the original headers', async () => {
    const raw = buildDsn({
      original,
      recipient: 'gone@example.com',
      status: '5.1.1',
      to: 'bounces+m-42@kindly.example',
      remoteMta: 'mx.example.com',
    });
    const parsed = await simpleParser(raw);
    expect(parsed.headers.get('content-type')).toMatchObject({
      value: 'multipart/report',
      params: { 'report-type': 'delivery-status' },
    });
    expect(parsed.text).toContain('could not be delivered');
    // The message/delivery-status part has no Content-Disposition (as from real MTAs), so
    // mailparser counts it as body text and appends it to `text`, not to `attachments`.
    const report = parsed.text ?? '';
    expect(report).toContain('Reporting-MTA: dns; mx.stand-in.invalid');
    expect(report).toContain('Final-Recipient: rfc822; gone@example.com');
    expect(report).toContain('Action: failed');
    expect(report).toMatch(/^Status: 5\.1\.1$/m);
    expect(report).toContain('Remote-MTA: dns; mx.example.com');
    expect(report).toContain('Diagnostic-Code: smtp; 550 5.1.1');
    const headers = parsed.attachments.find((a) => a.contentType === 'text/rfc822-headers');
    expect(headers?.content.toString('utf8')).toContain('Message-ID: <m-42@kindly.example>');
  });

  it('can carry a soft bounce, delayed, and the whole original', async () => {
    const raw = buildDsn({
      original,
      recipient: 'gone@example.com',
      status: '4.2.2',
      action: 'delayed',
      returnContent: 'full',
      to: 'bounces+m-42@kindly.example',
    });
    const parsed = await simpleParser(raw);
    expect(parsed.text).toMatch(/Action: delayed\nStatus: 4\.2\.2/);
    expect(parsed.text).toContain('Diagnostic-Code: smtp; 450 4.2.2 Mailbox full');
    const returned = parsed.attachments.find((a) => a.contentType === 'message/rfc822');
    expect(returned?.content.toString('utf8')).toContain('Please pay.');
  });

  it('is sent from the null sender to the bounce address', async () => {
    await sendDsn(
      { host: catcher.hostname, port: catcher.port },
      {
        original,
        recipient: 'gone@example.com',
        status: '5.1.1',
        to: 'bounces+m-42@kindly.example',
      },
    );
    const [dsn] = await catcher.waitForMessages(1);
    expect(dsn?.mailFrom).toBe('');
    expect(dsn?.rcptTo).toEqual(['bounces+m-42@kindly.example']);
    expect(dsn?.header('content-type')).toMatch(/^multipart\/report; report-type=delivery-status/);
  });
});
