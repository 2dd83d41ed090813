import type { IHeaders, KafkaMessage, Message } from 'kafkajs';
import { Header } from './headers.js';

/** Where a record came from, kept on every copy so a dead letter can be traced and replayed. */
export interface RecordOrigin {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
}

/**
 * A copy of a record for the retry or dead-letter topic: the original key and bytes unchanged
 * (so that it can be replayed as it was), the original headers, and Kindly's own headers on top.
 */
export function forwardRecord(
  message: KafkaMessage,
  origin: RecordOrigin,
  extra: Readonly<Record<string, string>>,
): Message {
  const headers: IHeaders = { ...message.headers };
  // A record that already went through a retry topic keeps its first origin.
  headers[Header.originalTopic] ??= origin.topic;
  headers[Header.originalPartition] ??= String(origin.partition);
  headers[Header.originalOffset] ??= origin.offset;
  for (const [name, value] of Object.entries(extra)) headers[name] = value;
  return { key: message.key, value: message.value, headers };
}
