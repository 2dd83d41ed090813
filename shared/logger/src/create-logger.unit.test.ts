import { describe, expect, it } from 'vitest';
import { createLogger } from './create-logger.js';
import type { CreateLoggerOptions } from './create-logger.js';
import { messageLogger } from './message-logger.js';

function memoryDestination() {
  const lines: string[] = [];
  return {
    lines,
    write(line: string) {
      lines.push(line);
    },
    records: () => lines.map((line) => JSON.parse(line) as Record<string, unknown>),
  };
}

function loggerWithMemory(options: Partial<CreateLoggerOptions> = {}) {
  const destination = memoryDestination();
  const logger = createLogger({ service: 'planner', level: 'info', ...options, destination });
  return { logger, destination };
}

/** An error as `AppError` makes it: `code` and `retryable` on the instance. */
class ProviderError extends Error {
  readonly code = 'SMS_REJECTED';
  readonly retryable = true;
  readonly details: Record<string, string>;
  readonly response: { body: string };
  constructor(message: string, details: Record<string, string>, options?: ErrorOptions) {
    super(message, options);
    this.name = 'ProviderError';
    this.details = details;
    this.response = { body: 'raw provider body for xiaoming.wang@example.com' };
  }
}

const contact = {
  name: 'Wang Xiaoming',
  phone: '+8613800138000',
  email: 'xiaoming.wang@example.com',
  postalAddress: {
    lines: ['88 Jianguo Road', 'Chaoyang District'],
    city: 'Beijing',
    postalCode: '100022',
  },
  accountNumber: '6222021234567890123',
};

// Every form in which the contact's data might leak, including parts and regroupings.
const personalStrings = [
  'Wang Xiaoming',
  'Xiaoming',
  '8613800138000',
  '13800138000',
  '138 0013 8000',
  'xiaoming.wang',
  'example.com',
  'Jianguo',
  'Chaoyang',
  '6222021234567890123',
  '1234567890123',
  '6222 0212',
];

describe('createLogger', () => {
  it('keeps personal data out of every part of a log line', () => {
    const { logger, destination } = loggerWithMemory();
    const eventId = '3f2a9c1e-0b7d-4c8e-9a6f-2d1e5b7c9a10';
    const perMessage = messageLogger(logger, {
      topic: 'contact.updated.v1',
      partition: 3,
      offset: '42',
      eventId,
      type: 'contact.updated',
      correlationId: 'cycle-7',
    });

    perMessage.info({ count: 3, contact }, 'contact received');
    perMessage.info({ event: { payload: { customer: { profile: contact } } } }, 'deeply nested');
    perMessage.info({ contacts: [contact, contact], value: Buffer.from(JSON.stringify(contact)) });
    perMessage.child({ debtor: contact }).info('child bound to a contact by mistake');
    perMessage.warn(
      `could not reach ${contact.phone} or ${contact.email}; account ${contact.accountNumber}`,
    );
    perMessage.info('retrying %s then %s', '138 0013 8000', contact.email);
    perMessage.error(new Error(`card 6222 0212 3456 7890 123 declined for ${contact.phone}`));
    const cause = new Error(`lookup of ${contact.email} timed out`);
    perMessage.error(
      {
        err: new ProviderError(
          `provider rejected ${contact.phone}`,
          { number: contact.phone, attempt: '2' },
          { cause },
        ),
      },
      'send failed',
    );
    perMessage.error(
      { context: { failure: new ProviderError(contact.email, {}) } },
      'nested error',
    );

    const output = destination.lines.join('');
    for (const personal of personalStrings) expect(output).not.toContain(personal);

    const records = destination.records();
    expect(records).toHaveLength(9);
    for (const record of records) {
      expect(record).toMatchObject({
        service: 'planner',
        topic: 'contact.updated.v1',
        partition: 3,
        offset: 42,
        eventId,
        type: 'contact.updated',
        correlationId: 'cycle-7',
      });
    }
    expect(records[0]).toMatchObject({ level: 'info', count: 3, msg: 'contact received' });
    expect(records[7]).toMatchObject({
      level: 'error',
      msg: 'send failed',
      err: {
        name: 'ProviderError',
        code: 'SMS_REJECTED',
        retryable: true,
        message: 'provider rejected [redacted]',
        details: { attempt: '2' },
        cause: { name: 'Error', message: 'lookup of [redacted] timed out' },
      },
    });
    // Fields that are not on the allow-list (an HTTP client's response body) are dropped.
    expect(records[7]?.['err']).not.toHaveProperty('response');
    expect(records[7]?.['err']).not.toHaveProperty('stack');
  });

  it('logs stacks outside production and at debug level, masked', () => {
    const error = new Error('failed for +8613800138000');
    for (const options of [{ production: false }, { production: true, level: 'debug' as const }]) {
      const { logger, destination } = loggerWithMemory(options);
      logger.error({ err: error }, 'boom');
      const err = destination.records()[0]?.['err'];
      expect(err).toHaveProperty('stack', expect.stringContaining('Error: failed for [redacted]'));
    }
  });

  it('passes harmless values through unchanged', () => {
    const { logger, destination } = loggerWithMemory();
    const at = new Date('2025-03-09T06:30:00.000Z');
    logger.info({ at, ids: ['a-1', 'b-2'], nested: { ok: true, n: 12345678901 } }, 'plain');
    expect(destination.records()[0]).toMatchObject({
      at: '2025-03-09T06:30:00.000Z',
      ids: ['a-1', 'b-2'],
      nested: { ok: true, n: 12345678901 },
      msg: 'plain',
    });
  });

  it('survives cycles', () => {
    const { logger, destination } = loggerWithMemory();
    const loop: Record<string, unknown> = { phone: '+8613800138000' };
    loop['self'] = loop;
    logger.info({ loop }, 'cycle');
    expect(destination.lines.join('')).not.toContain('8613800138000');
    expect(destination.records()[0]).toMatchObject({ msg: 'cycle' });
  });
});
