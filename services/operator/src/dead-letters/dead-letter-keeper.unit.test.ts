import { describe, expect, it } from 'vitest';
import type { Kafka } from '@kindly/kafka';
import { createLogger } from '@kindly/logger';
import { startDeadLetterKeeper } from './dead-letter-keeper.js';
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
