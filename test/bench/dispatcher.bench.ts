import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTransport } from 'nodemailer';
import twilio from 'twilio';
import {
  createNodemailerEmailSender,
  createTwilioSmsSender,
  openPrintOutbox,
} from '@kindly/dispatcher';
import { SmtpCatcher, TwilioStandIn, standInHttpClient } from '@kindly/stand-ins';
import type { BenchResult } from './run.js';
import { timed } from './timing.js';

const SMS_COUNT = 3_000;
const EMAIL_COUNT = 1_500;
const LETTER_COUNT = 1_000;
const IN_FLIGHT = 32;
const POOL = 8;
const HTML = `<p>${'Your card ending 4821 is 3 days past due. '.repeat(45)}</p>`;
const TEXT = 'Your card ending 4821 is 3 days past due. Pay at https://kindly.example/pay';
const BODY = 'Example Bank: your card ending 4821 is 3 days past due. Reply STOP to opt out.';

/**
 * Sends per second per channel through the dispatcher's channel adapters against the local
 * stand-ins (the Twilio Messages stand-in, the SMTP catcher, a print outbox in a temporary
 * folder), beside the same work done with the twilio client and nodemailer called directly:
 * the difference is what the adapters add (status callback URL, error mapping, VERP return path,
 * headers, TCP_NODELAY). Kafka, MongoDB and the last look are measured elsewhere.
 */
export async function benchDispatcher(): Promise<BenchResult[]> {
  const results: BenchResult[] = [];
  // Manual callbacks: the stand-in's status callbacks would only add load to the same process.
  const standIn = await TwilioStandIn.start({
    authToken: 'bench-token',
    callbackDelayMs: 'manual',
  });
  const catcher = await SmtpCatcher.start();
  const outbox = mkdtempSync(join(tmpdir(), 'kindly-bench-outbox-'));
  try {
    const client = twilio(standIn.accountSid, 'bench-token', {
      httpClient: standInHttpClient(standIn.url),
    });
    const number = (i: number) => `+1212${String(5_000_000 + i).padStart(7, '0')}`;

    await inParallel(IN_FLIGHT, 200, (i) =>
      client.messages.create({ to: number(i), from: '+12125550100', body: BODY }),
    );
    const direct = await timed(() =>
      inParallel(IN_FLIGHT, SMS_COUNT, (i) =>
        client.messages.create({
          to: number(i),
          from: '+12125550100',
          body: BODY,
          statusCallback: 'https://tracker.example/twilio/status',
        }),
      ),
    );
    const sms = createTwilioSmsSender({
      client,
      provider: 'twilio',
      from: '+12125550100',
      statusCallbackUrl: 'https://tracker.example/twilio/status',
    });
    const adapter = await timed(() =>
      inParallel(IN_FLIGHT, SMS_COUNT, async (i) => {
        const result = await sms.send({ ...key(i), to: number(i), body: BODY });
        if (!result.ok) throw new Error(`SMS refused: ${result.failure.code}`);
      }),
    );
    results.push(
      {
        name: 'Sends: SMS, twilio client directly → Twilio stand-in',
        operations: SMS_COUNT,
        seconds: direct,
        note: `${IN_FLIGHT} in flight; the stand-in checks every request against Twilio's OpenAPI description`,
      },
      {
        name: 'Sends: SMS, dispatcher adapter → Twilio stand-in',
        operations: SMS_COUNT,
        seconds: adapter,
        note: `${IN_FLIGHT} in flight; overhead vs the client ${percent(adapter, direct)} (callback URL per message, error mapping). Production: Twilio's per-sender limit (1/s per US long code) rules`,
      },
    );

    const raw = createTransport({
      host: catcher.hostname,
      port: catcher.port,
      secure: false,
      ignoreTLS: true,
      pool: true,
      maxConnections: POOL,
    });
    const mail = (i: number) => ({
      from: 'Example Bank <notices@bank.example>',
      to: `customer-${i}@example.com`,
      subject: 'A friendly reminder about your card',
      text: TEXT,
      html: HTML,
    });
    await inParallel(POOL * 2, 50, (i) => raw.sendMail(mail(i)));
    const directMail = await timed(() =>
      inParallel(POOL * 4, EMAIL_COUNT, (i) => raw.sendMail(mail(i))),
    );
    raw.close();
    const email = createNodemailerEmailSender({
      provider: 'smtp',
      from: 'Example Bank <notices@bank.example>',
      bounceDomain: 'bounces.bank.example',
      server: {
        host: catcher.hostname,
        port: catcher.port,
        ignoreTls: true,
        poolSize: POOL,
        timeoutMs: 20_000,
      },
    });
    const emailMessage = (i: number) => ({
      ...key(i),
      to: `customer-${i}@example.com`,
      subject: 'A friendly reminder about your card',
      text: TEXT,
      html: HTML,
      headers: { 'List-Unsubscribe': '<https://kindly.example/u/abc>' },
    });
    await inParallel(POOL * 2, 50, (i) => email.send(emailMessage(i)));
    const adapterMail = await timed(() =>
      inParallel(POOL * 4, EMAIL_COUNT, async (i) => {
        const result = await email.send(emailMessage(i));
        if (!result.ok) throw new Error(`e-mail refused: ${result.failure.code}`);
      }),
    );
    email.close();
    results.push(
      {
        name: 'Sends: e-mail, nodemailer directly (pooled) → SMTP catcher',
        operations: EMAIL_COUNT,
        seconds: directMail,
        note: `pool of ${POOL}; 2 KB HTML + text; Nagle's algorithm on (nodemailer's default)`,
      },
      {
        name: 'Sends: e-mail, dispatcher adapter (pooled) → SMTP catcher',
        operations: EMAIL_COUNT,
        seconds: adapterMail,
        note: `pool of ${POOL}; VERP return path, ids and List-Unsubscribe headers, TCP_NODELAY; ${percent(adapterMail, directMail)} vs nodemailer directly`,
      },
    );

    const letters = await openPrintOutbox({
      outbox,
      instance: 'bench',
      batchSize: 500,
      maxAgeMs: 600_000,
    });
    const pdf = randomBytes(30 * 1024);
    const letterSeconds = await timed(async () => {
      for (let i = 0; i < LETTER_COUNT; i++) {
        await letters.send({
          ...key(i),
          name: { family: 'Doe', given: 'Jane' },
          address: {
            lines: ['350 Fifth Avenue'],
            city: 'New York',
            postalCode: '10118',
            country: 'US',
          },
          pages: 1,
          pdf,
          contentHash: 'a'.repeat(64),
        });
      }
      await letters.sealNow();
    });
    results.push({
      name: 'Sends: letters into print batches (outbox on local disk)',
      operations: LETTER_COUNT,
      seconds: letterSeconds,
      note: '30 KB PDFs, batches of 500 sealed by rename; each letter rewrites its batch manifest (grows with the batch)',
    });
  } finally {
    await standIn.stop();
    await catcher.stop();
    rmSync(outbox, { recursive: true, force: true });
  }
  return results;
}

function key(i: number) {
  return {
    tenantId: 'bank-1',
    accountId: `acct-${i}`,
    messageId: `msg-${i}-${randomBytes(4).toString('hex')}`,
    attempt: 1,
  };
}

function percent(measured: number, baseline: number): string {
  const change = (measured / baseline - 1) * 100;
  return `${change >= 0 ? '+' : ''}${change.toFixed(0)}% time`;
}

/** Runs `work(0…count-1)` with at most `limit` in flight. */
async function inParallel(
  limit: number,
  count: number,
  work: (i: number) => Promise<unknown>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, count) }, async () => {
      while (next < count) {
        const i = next++;
        await work(i);
      }
    }),
  );
}
