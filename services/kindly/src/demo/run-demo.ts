/**
 * `kindly demo`: the whole pipeline on local defaults. It starts the Twilio stand-in and an SMTP
 * catcher, hosts every service in this process on one simulated clock, loads a generated
 * portfolio, moves the clock hour by hour over the simulated days while the bank's events and the
 * customers' replies arrive on time, and ends with a summary, a policy check over the audit
 * records and an HTML report. Infrastructure (Kafka, MongoDB) comes from the environment.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import type { ContactConsentV1Payload, ContactUpdatedV1Payload } from '@kindly/contracts';
import { AUDIT } from '@kindly/dispatcher';
import { provision } from '@kindly/provisioning';
import { htmlReport } from './html-report.js';
import { observedTypes, type Observed } from './observer.js';
import { bankTypes, startPipeline } from './pipeline.js';
import { auditSends, type AuditedSend } from './policy-audit.js';
import { generatePortfolio, TENANT, type BankEvent } from './portfolio.js';
import { summarise, summaryText } from './summary.js';

export interface DemoOptions {
  readonly accounts: number;
  readonly days: number;
  readonly outDir: string;
  readonly kafkaBrokers: readonly string[];
  readonly mongoUri: string;
  readonly log: (line: string) => void;
  readonly progress: (line: string) => void;
}

const START = DateTime.fromISO('2026-03-02T00:00:00Z', { zone: 'utc' });
const HOUR = 3_600_000;
const SECRET = 'demo-secret-not-for-production';

export async function runDemo(options: DemoOptions): Promise<{ ok: boolean }> {
  const { log } = options;
  const run = DateTime.utc().toFormat('yyyyLLdd-HHmmss');
  const prefix = `demo-${run}.`;
  const database = `kindly_demo_${run.replace('-', '_')}`;
  log(`Kindly demo: ${options.accounts} accounts over ${options.days} simulated days`);
  log(`topics prefixed ${prefix}, database ${database}`);
  await provision(
    { kafkaBrokers: options.kafkaBrokers, mongoUri: options.mongoUri, mongoDatabase: database },
    { prefix },
  );

  const portfolio = generatePortfolio({
    count: options.accounts,
    start: START,
    days: options.days,
  });
  const pipeline = await startPipeline({
    kafkaBrokers: options.kafkaBrokers,
    mongoUri: options.mongoUri,
    database,
    prefix,
    start: START,
    letterOutbox: join(options.outDir, 'print-outbox'),
    secret: SECRET,
  });
  const { standIns, clock, mongo, rules, observed } = pipeline;
  for (const number of portfolio.undeliverableNumbers) {
    standIns.twilio.scenarioFor(number, {
      kind: 'undeliverable',
      errorCode: 30003,
      finalStatus: 'undelivered',
    });
  }
  try {
    const end = START.toMillis() + options.days * 24 * HOUR;
    let next = 0;
    for (let now = START.toMillis(); now < end; now += HOUR) {
      const due: BankEvent[] = [];
      while (next < portfolio.actions.length && (portfolio.actions[next]?.at ?? end) <= now) {
        const action = portfolio.actions[next++];
        if (!action) break;
        if (action.kind === 'bank') due.push(action.event);
        else
          await standIns.twilio.simulateInboundSms({
            from: action.from,
            to: '+15005550006',
            body: action.body,
          });
      }
      clock.set(DateTime.fromMillis(now, { zone: 'utc' }));
      for (const type of bankTypes) {
        const batch = due.filter((e) => e.type === type);
        if (batch.length > 0) await pipeline.publish(batch);
      }
      await pipeline.settled(now);
      const day = Math.floor((now - START.toMillis()) / (24 * HOUR)) + 1;
      if ((now - START.toMillis()) % (24 * HOUR) === 23 * HOUR) {
        options.progress(progressLine(day, options.days, observed));
      }
    }
    await pipeline.settled(end);
    await pipeline.settled(end, 2_000);
    options.progress('\n');

    const summary = summarise(observed, options.accounts, START.toMillis(), options.days);
    const sends = (await mongo.db
      .collection<AuditedSend & { kind: string }>(AUDIT)
      .find({ kind: 'send' })
      .toArray()) as AuditedSend[];
    const contacts = new Map<string, ContactUpdatedV1Payload>();
    const revocations = new Map<string, ContactConsentV1Payload[]>();
    for (const e of observed.byType['contact.updated'])
      contacts.set(e.payload.accountId, e.payload);
    for (const e of observed.byType['contact.consent']) {
      if (e.payload.status === 'revoked')
        revocations.set(e.payload.accountId, [
          ...(revocations.get(e.payload.accountId) ?? []),
          e.payload,
        ]);
    }
    const findings = auditSends(rules.policy, sends, (accountId) => {
      const contact = contacts.get(accountId);
      return contact ? { contact, revocations: revocations.get(accountId) ?? [] } : undefined;
    });
    mkdirSync(options.outDir, { recursive: true });
    const reportFile = join(options.outDir, 'report.html');
    writeFileSync(
      reportFile,
      htmlReport(
        summary,
        findings,
        sends.length,
        `Kindly demo — ${options.accounts} accounts, ${options.days} days`,
      ),
    );
    writeFileSync(
      join(options.outDir, 'summary.json'),
      `${JSON.stringify({ summary, findings }, null, 2)}\n`,
    );
    log('');
    log(summaryText(summary, findings.length, sends.length));
    log(`\nreport: ${reportFile}`);
    return { ok: summary.addsUp && findings.length === 0 };
  } finally {
    await pipeline.stop();
  }
}

function progressLine(day: number, days: number, observed: Observed): string {
  const width = 30;
  const done = Math.round((day / days) * width);
  const t = observed.byType;
  const sent = new Set(
    t['delivery.outcome']
      .filter((e) => e.payload.status === 'accepted')
      .map((e) => e.payload.messageId),
  ).size;
  // Distinct messages: a plan republished after a crash or a race carries the same id.
  const planned = new Set(t['outreach.planned'].map((e) => e.payload.messageId)).size;
  return `\r[${'#'.repeat(done)}${'.'.repeat(width - done)}] day ${String(day).padStart(2)}/${days}  planned ${planned}  sent ${sent}  suppressed ${t['outreach.suppressed'].length}`;
}

export const demoTenant = TENANT;
export { observedTypes };
