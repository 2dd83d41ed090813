import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { createTransport } from 'nodemailer';
import twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import { startStandIns } from './start-stand-ins.js';
import { standInHttpClient } from './twilio/stand-in-http-client.js';
import { waitUntil } from './wait-until.js';

describe('both stand-ins together', () => {
  it('start on free ports, take an SMS and an e-mail, and stop', async () => {
    const standIns = await startStandIns({ twilio: { authToken: 'demo-token' } });
    try {
      const client = twilio(standIns.twilio.accountSid, 'demo-token', {
        httpClient: standInHttpClient(standIns.urls.twilio),
      });
      await client.messages.create({ to: '+15005550006', from: '+15005550001', body: 'Hi' });
      const mailer = createTransport({
        host: standIns.smtp.hostname,
        port: standIns.smtp.port,
        secure: false,
      });
      await mailer.sendMail({
        from: 'a@kindly.example',
        to: 'b@example.com',
        subject: 's',
        text: 't',
      });
      mailer.close();
      expect(standIns.twilio.messages()).toHaveLength(1);
      expect(standIns.smtp.messages()).toHaveLength(1);
      expect(standIns.urls.smtp).toBe(`smtp://127.0.0.1:${standIns.smtp.port}`);
    } finally {
      await standIns.stop();
    }
  });

  it('run as one process that prints its settings and stops on SIGTERM', async () => {
    const main = fileURLToPath(new URL('./main.ts', import.meta.url));
    const child = spawn(
      process.execPath,
      ['--conditions=@kindly/source', '--import', 'tsx', main],
      {
        env: { ...process.env, TWILIO_AUTH_TOKEN: 'demo-token' },
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    try {
      await waitUntil(() => output.includes('SMTP_PORT='), {
        timeoutMs: 30_000,
        what: 'the settings',
      });
      const settings = Object.fromEntries(
        output
          .trim()
          .split('\n')
          .map((line): [string, string] => [
            line.slice(0, line.indexOf('=')),
            line.slice(line.indexOf('=') + 1),
          ]),
      );
      expect(settings['TWILIO_API_BASE_URL']).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
      expect(settings['TWILIO_ACCOUNT_SID']).toMatch(/^AC[0-9a-f]{32}$/);
      expect(settings).not.toHaveProperty('TWILIO_AUTH_TOKEN');
      const client = twilio(settings['TWILIO_ACCOUNT_SID'], 'demo-token', {
        httpClient: standInHttpClient(settings['TWILIO_API_BASE_URL'] ?? ''),
      });
      await expect(
        client.messages.create({ to: '+15005550006', from: '+15005550001', body: 'Hi' }),
      ).resolves.toMatchObject({
        status: 'queued',
      });
    } finally {
      child.kill('SIGTERM');
    }
    const [code] = (await once(child, 'exit')) as [number | null];
    expect(code).toBe(0);
  });
});
