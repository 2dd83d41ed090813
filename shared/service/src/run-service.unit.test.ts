import { afterEach, describe, expect, it, vi } from 'vitest';
import type * as Logging from '@kindly/logger';
import { runService } from './run-service.js';

// MongoDB whose close never ends, Kafka that does nothing: what is left to stop after a failed start.
vi.mock('@kindly/mongo', () => ({
  connectMongo: () => Promise.resolve({ db: {}, close: () => new Promise<void>(() => {}) }),
}));
vi.mock('@kindly/kafka', () => ({
  createKafka: () => ({}),
  createProducer: () => ({ connect: async () => {}, disconnect: async () => {} }),
}));
const errors: { fields: Record<string, unknown>; message: string }[] = [];
vi.mock('@kindly/logger', async (original) => ({
  ...(await original<typeof Logging>()),
  createLogger: () => ({
    info: () => {},
    fatal: () => {},
    error: (fields: Record<string, unknown>, message: string) => errors.push({ fields, message }),
  }),
}));

class Exited extends Error {}

afterEach(() => {
  vi.restoreAllMocks();
  errors.length = 0;
});

describe('runService, when the start fails', () => {
  it('stops what did start within SHUTDOWN_TIMEOUT_MS, else names the part it waited for and exits 1', async () => {
    const exit = vi.spyOn(process, 'exit').mockImplementation((code) => {
      throw new Exited(`exit ${String(code)}`);
    });
    const run = runService(
      {
        name: 'stuck',
        start: () => Promise.reject(new Error('a topic is missing')),
      },
      {
        env: {
          KAFKA_BROKERS: '127.0.0.1:1',
          MONGODB_URI: 'mongodb://127.0.0.1:1/',
          SHUTDOWN_TIMEOUT_MS: '1000',
        },
      },
    );
    await expect(run).rejects.toBeInstanceOf(Exited);
    expect(exit).toHaveBeenCalledWith(1);
    expect(errors).toContainEqual({
      fields: { waitingFor: 'mongo', timeoutMs: 1000 },
      message: 'stop did not finish in time; exiting without it',
    });
  }, 10_000);
});
