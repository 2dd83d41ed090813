/**
 * How a replay writes a dead letter back: the record as it first came (its key, its bytes, its
 * headers), acknowledged by every replica before the letter counts as replayed.
 */
import type { Producer } from '@kindly/kafka';
import type { RewriteRecord } from './replay-dead-letters.js';

export function rewriteWith(producer: Producer): RewriteRecord {
  return async (record) => {
    await producer.send({
      topic: record.topic,
      acks: -1,
      messages: [
        {
          key: record.key ?? null,
          value: record.value !== undefined ? Buffer.from(record.value, 'base64') : null,
          headers: { ...record.headers },
        },
      ],
    });
  };
}
