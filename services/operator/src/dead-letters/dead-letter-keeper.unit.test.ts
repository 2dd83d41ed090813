import { describe, expect, it } from 'vitest';
import type { Kafka } from '@kindly/kafka';
import { createLogger } from '@kindly/logger';
import { deadLetterId, startDeadLetterKeeper } from './dead-letter-keeper.js';
import type { DeadLetters } from './dead-letters.repository.js';

/** The consumer settings the keeper asks Kafka for, with a consumer that does nothing. */
async function consumerSettings(sessionTimeoutMs?: number): Promise<Record<string, unknown>> {
  let asked: Record<string, unknown> = {};
  const kafka = {
    consumer: (settings: Record<string, unknown>) => {
      asked = settings;
      return {
        connect: async () => {},
        subscribe: async () => {},
        run: async () => {},
        disconnect: async () => {},
      };
    },
  } as unknown as Kafka;
  await startDeadLetterKeeper({
    kafka,
    prefix: '',
    // Never reached: the consumer above reads nothing.
    letters: { keep: async () => {} } as unknown as DeadLetters,
    logger: createLogger({ service: 'test', level: 'silent' }),
    ...(sessionTimeoutMs !== undefined ? { sessionTimeoutMs } : {}),
  });
  return asked;
}

describe('the dead-letter keeper’s consumer', () => {
  it('never has a rebalance timeout under its session timeout', async () => {
    expect(await consumerSettings()).toMatchObject({
      sessionTimeout: 30_000,
      rebalanceTimeout: 30_000,
    });
    expect(await consumerSettings(10_000)).toMatchObject({ rebalanceTimeout: 30_000 });
    expect(await consumerSettings(300_000)).toMatchObject({
      sessionTimeout: 300_000,
      rebalanceTimeout: 300_000,
    });
  });
});

describe('a dead letter’s id', () => {
  const forwarded = (service: string) => ({
    'kindly-dlq-service': Buffer.from(service),
    'kindly-original-topic': Buffer.from('kindly.outreach.rendered.v1'),
    'kindly-original-partition': Buffer.from('3'),
    'kindly-original-offset': Buffer.from('812'),
  });

  it('is the same for two copies of one letter (a retried write), wherever they lie', () => {
    const first = deadLetterId('kindly.outreach.rendered.v1.dlq', 0, '40', forwarded('dispatcher'));
    const copy = deadLetterId('kindly.outreach.rendered.v1.dlq', 0, '41', forwarded('dispatcher'));
    expect(copy).toBe(first);
  });

  it('tells apart two services that gave up on one record', () => {
    expect(deadLetterId('t.dlq', 0, '40', forwarded('dispatcher'))).not.toBe(
      deadLetterId('t.dlq', 0, '41', forwarded('audit')),
    );
  });

  it('is where the letter lies when it carries no forwarding headers', () => {
    expect(deadLetterId('t.dlq', 2, '7', {})).toBe('t.dlq:2:7');
  });
});
