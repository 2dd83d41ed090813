import type { Admin } from 'kafkajs';
import { retryTopicOf } from '@kindly/contracts';
import { ensureTopics } from './topic-provisioning.js';

const RETRY_RETENTION_MS = 7 * 24 * 60 * 60 * 1000;

/** Creates the service's retry topics with as many partitions as the topics they retry. */
export async function ensureRetryTopics(
  admin: Admin,
  topics: readonly string[],
  service: string,
): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const missing = topics.filter((topic) => !existing.has(topic));
  if (missing.length > 0) {
    throw new Error(`not provisioned: ${missing.join(', ')} (run npm run provision)`);
  }
  const metadata = await admin.fetchTopicMetadata({ topics: [...topics] });
  await ensureTopics(
    admin,
    metadata.topics.map((t) => ({
      name: retryTopicOf(t.name, service),
      partitions: t.partitions.length,
      retentionMs: RETRY_RETENTION_MS,
    })),
  );
}
