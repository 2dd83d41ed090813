import { describe, expect, it } from 'vitest';
import { createLogger } from './create-logger.js';
import { messageLogger } from './message-logger.js';
import type { MessageContext } from './message-logger.js';

describe('messageLogger', () => {
  it('binds the message coordinates and ids, and nothing else it is handed', () => {
    const lines: string[] = [];
    const logger = createLogger({
      service: 'planner',
      level: 'info',
      destination: { write: (line: string) => void lines.push(line) },
    });
    // A whole kafkajs-like message passed by mistake: its key and value must not be bound.
    const message = {
      topic: 'account.overdue.v1',
      partition: 0,
      offset: '123456789',
      eventId: 'e-1',
      type: undefined,
      key: 'account-1',
      value: '{"phone":"+8613800138000"}',
    };
    const context: MessageContext = message;
    messageLogger(logger, context).info('handled');
    const record = JSON.parse(lines[0] ?? '{}') as Record<string, unknown>;
    expect(record).toMatchObject({
      topic: 'account.overdue.v1',
      partition: 0,
      // A number, so that the masking of long digit runs in strings does not hide it.
      offset: 123456789,
      eventId: 'e-1',
    });
    expect(record).not.toHaveProperty('type');
    expect(record).not.toHaveProperty('key');
    expect(record).not.toHaveProperty('value');
  });
});
