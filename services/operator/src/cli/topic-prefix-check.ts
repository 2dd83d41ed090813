/**
 * The command line records a replay in the audit under its KAFKA_TOPIC_PREFIX, while each letter
 * goes back to the full topic it was read from: letters of another prefix (another run or
 * environment) would be written there and recorded here. Refused before anything is written.
 */
import { ConfigError } from '@kindly/config';
import type { StoredDeadLetter } from '../dead-letters/dead-letters.repository.js';

/** Throws ConfigError (exit 78) naming both prefixes (never a letter's content). */
export function prefixMismatch(
  chosen: readonly Pick<StoredDeadLetter, 'topic' | 'originalTopic'>[],
  topicPrefix: string,
): void {
  const others = new Set<string>();
  for (const letter of chosen) {
    if (letter.originalTopic === `${topicPrefix}${letter.topic}`) continue;
    others.add(
      letter.originalTopic.endsWith(letter.topic)
        ? letter.originalTopic.slice(0, -letter.topic.length)
        : '(a topic not ending in its name)',
    );
  }
  if (others.size === 0) return;
  const shown = [...others].map((p) => JSON.stringify(p)).join(', ');
  throw new ConfigError([
    `KAFKA_TOPIC_PREFIX is ${JSON.stringify(topicPrefix)} but the chosen dead letters were written under the prefix ${shown}: run the replay with that KAFKA_TOPIC_PREFIX`,
  ]);
}
