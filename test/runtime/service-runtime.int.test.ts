import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleEvents, newEventId, type EventOf } from '@kindly/contracts';
import { bindTopics, createEventPublisher, createKafka, createProducer } from '@kindly/kafka';
import { provisionTestNamespace, testInfra, type ProvisionedNamespace } from '@kindly/testing';

const infra = testInfra();
const fixture = fileURLToPath(new URL('./contact-echo-service.fixture.ts', import.meta.url));

interface Run {
  readonly output: () => string;
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  stop(): void;
}

function runService(env: Record<string, string | undefined>): Run {
  let output = '';
  const child = spawn(
    process.execPath,
    ['--conditions=@kindly/source', '--import', 'tsx', fixture],
    {
      env: { PATH: process.env['PATH'], ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  return {
    output: () => output,
    exited: new Promise((resolve) =>
      child.once('exit', (code, signal) => resolve({ code, signal })),
    ),
    stop: () => child.kill('SIGTERM'),
  };
}

async function until<T>(
  probe: () => T | undefined | Promise<T | undefined>,
  what: string,
): Promise<T> {
  const deadline = Date.now() + 60_000;
  for (;;) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('a service started with bad settings', () => {
  it('exits at start and names every missing or malformed setting', async () => {
    const run = runService({
      MONGODB_URI: 'postgres://wrong',
      HEALTH_PORT: 'eighty',
      LOG_LEVEL: 'loud',
    });
    expect(await run.exited).toEqual({ code: 78, signal: null });
    const output = run.output();
    expect(output).toContain('KAFKA_BROKERS: missing');
    expect(output).toMatch(/MONGODB_URI: must be a mongodb:\/\//);
    expect(output).toMatch(/HEALTH_PORT: /);
    expect(output).toMatch(/LOG_LEVEL: /);
  });
});

describe('a running service', () => {
  let ns: ProvisionedNamespace;
  const contact = sampleEvents['contact.updated'];
  const personal = [
    '+8613800138000',
    '13800138000',
    'li.wei@example.com',
    '浦东新区世纪大道',
    '12 楼 1203 室',
    '200120',
  ];

  beforeAll(async () => {
    ns = await provisionTestNamespace('service-runtime', ['contact.updated']);
  });
  afterAll(async () => {
    await ns?.cleanup();
  });

  it('handles events, serves health and metrics, keeps personal data out of its logs, and stops cleanly', async () => {
    const run = runService({
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      MONGODB_URI: infra.mongoUri,
      MONGODB_DATABASE: ns.database,
      KAFKA_TOPIC_PREFIX: ns.prefix,
      HEALTH_PORT: '0',
      LOG_LEVEL: 'debug',
      ECHO_FAIL_ACCOUNT: 'acct-fails',
    });
    const port = await until(
      () => /"healthPort":(\d+)/.exec(run.output())?.[1],
      'the start log line',
    );

    const kafka = createKafka({ brokers: infra.kafkaBrokers, clientId: 'service-runtime-test' });
    const producer = createProducer(kafka);
    await producer.connect();
    const good: EventOf<'contact.updated'> = { ...contact, eventId: newEventId() };
    const failing: EventOf<'contact.updated'> = {
      ...contact,
      eventId: newEventId(),
      payload: { ...contact.payload, accountId: 'acct-fails' },
    };
    await createEventPublisher(producer, bindTopics(['contact.updated'], ns.prefix)).publish(
      'contact.updated',
      [good, good, failing],
    );
    // Malformed, with personal data in a field the schema does not know.
    await producer.send({
      topic: ns.topic('contact.updated'),
      messages: [
        {
          key: contact.payload.accountId,
          value: JSON.stringify({
            ...good,
            eventId: newEventId(),
            payload: { ...good.payload, ssn: '13800138000' },
          }),
        },
      ],
    });
    await producer.disconnect();

    await until(
      async () =>
        (await ns.mongo.db.collection('echo-effects').countDocuments({})) === 1 ? true : undefined,
      'the effect',
    );
    const ready = await until(async () => {
      const response = await fetch(`http://127.0.0.1:${port}/readyz`);
      return response.status === 200 ? response.status : undefined;
    }, 'readiness');
    expect(ready).toBe(200);
    expect((await fetch(`http://127.0.0.1:${port}/healthz`)).status).toBe(200);
    const metrics = await until(async () => {
      const text = await (await fetch(`http://127.0.0.1:${port}/metrics`)).text();
      const reasons = ['PERMANENT_FAILURE', 'SCHEMA_INVALID'];
      const counted = reasons.every((reason) =>
        new RegExp(`kindly_messages_dead_lettered_total\\{[^}]*reason="${reason}"[^}]*\\} 1`).test(
          text,
        ),
      );
      return counted ? text : undefined;
    }, 'both dead letters in the metrics');
    expect(metrics).toMatch(/kindly_messages_consumed_total\{[^}]*outcome="skip"[^}]*\} 1/);

    run.stop();
    expect(await run.exited).toEqual({ code: 0, signal: null });
    expect(await ns.mongo.db.collection('echo-effects').countDocuments({})).toBe(1);

    const output = run.output();
    expect(output).toContain(good.eventId); // the logs did record the run
    expect(output).toContain('"msg":"stopped"');
    // The careless debug line and the failure were logged, with their personal data masked.
    expect(output).toMatch(/"msg":"received contact \[redacted\]"/);
    expect(output).toContain('ECHO_REJECTED');
    for (const value of personal) expect(output, `the logs contain ${value}`).not.toContain(value);
  }, 120_000);

  it('exits on its own, naming what it waited for, when a stop hangs past SHUTDOWN_TIMEOUT_MS', async () => {
    const run = runService({
      KAFKA_BROKERS: infra.kafkaBrokers.join(','),
      MONGODB_URI: infra.mongoUri,
      MONGODB_DATABASE: ns.database,
      KAFKA_TOPIC_PREFIX: ns.prefix,
      HEALTH_PORT: '0',
      ECHO_HANG_ON_STOP: 'yes',
      SHUTDOWN_TIMEOUT_MS: '1000',
    });
    await until(() => (run.output().includes('"msg":"started"') ? true : undefined), 'the start');
    run.stop();
    expect(await run.exited).toEqual({ code: 1, signal: null });
    expect(run.output()).toMatch(
      /"waitingFor":"contact-echo".*"msg":"stop did not finish in time; exiting without it"/,
    );
  }, 60_000);
});
