import type { Admin } from 'kafkajs';
import type { TopicSpec } from '@kindly/contracts';

export interface TopicProvisioningReport {
  readonly created: string[];
  readonly partitionsAdded: string[];
  readonly unchanged: string[];
}

/**
 * Creates the topics that are missing and grows those with too few partitions; retention is
 * set when a topic is created. Safe to run again and again, from every service at start and from tests.
 * Partitions are never removed (Kafka cannot), and a topic with more than asked is left alone.
 */
export async function ensureTopics(
  admin: Admin,
  specs: readonly TopicSpec[],
): Promise<TopicProvisioningReport> {
  const existing = new Set(await admin.listTopics());
  const missing = specs.filter((spec) => !existing.has(spec.name));
  const present = specs.filter((spec) => existing.has(spec.name));

  if (missing.length > 0) await createWithRetries(admin, missing);

  const partitionsAdded: string[] = [];
  const unchanged: string[] = [];
  if (present.length > 0) {
    const metadata = await admin.fetchTopicMetadata({ topics: present.map((spec) => spec.name) });
    const counts = new Map(metadata.topics.map((t) => [t.name, t.partitions.length]));
    const grow = present.filter((spec) => (counts.get(spec.name) ?? 0) < spec.partitions);
    if (grow.length > 0) {
      await admin.createPartitions({
        validateOnly: false,
        topicPartitions: grow.map((spec) => ({ topic: spec.name, count: spec.partitions })),
      });
      partitionsAdded.push(...grow.map((spec) => spec.name));
    }
    unchanged.push(...present.filter((spec) => !grow.includes(spec)).map((spec) => spec.name));
  }
  return { created: missing.map((spec) => spec.name), partitionsAdded, unchanged };
}

/** Deletes topics, ignoring those already gone: test teardown and the demo's `clean`, never production topics. */
export async function deleteTopics(admin: Admin, names: readonly string[]): Promise<void> {
  const existing = new Set(await admin.listTopics());
  const toDelete = names.filter((name) => existing.has(name));
  if (toDelete.length === 0) return;
  await admin.deleteTopics({ topics: toDelete });
  // The broker answers before every broker's metadata has dropped them (a busy broker takes a
  // while): wait until they are gone, so that "deleted" means it to the next caller.
  for (let waited = 0; waited < DELETE_WAIT_MS; waited += DELETE_PAUSE_MS) {
    const left = new Set(await admin.listTopics());
    if (!toDelete.some((name) => left.has(name))) return;
    await new Promise((resolve) => setTimeout(resolve, DELETE_PAUSE_MS));
  }
}

const DELETE_WAIT_MS = 30_000;
const DELETE_PAUSE_MS = 250;

// A busy single broker may answer the leader wait of a fresh topic with "unknown topic or
// partition" for a moment (many partitions created at once); such an answer is retriable.
const CREATE_ATTEMPTS = 10;
const CREATE_PAUSE_MS = 500;

async function createWithRetries(admin: Admin, specs: readonly TopicSpec[]): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    const existing = new Set(await admin.listTopics());
    const missing = specs.filter((spec) => !existing.has(spec.name));
    try {
      if (missing.length > 0) {
        await admin.createTopics({
          waitForLeaders: true,
          topics: missing.map((spec) => ({
            topic: spec.name,
            numPartitions: spec.partitions,
            replicationFactor: -1, // the broker's default.replication.factor
            configEntries: [{ name: 'retention.ms', value: String(spec.retentionMs) }],
          })),
        });
      }
      await admin.fetchTopicMetadata({ topics: specs.map((spec) => spec.name) });
      return;
    } catch (error) {
      const retriable = (error as { retriable?: unknown }).retriable === true;
      if (!retriable || attempt >= CREATE_ATTEMPTS) throw error;
      await new Promise((resolve) => setTimeout(resolve, CREATE_PAUSE_MS));
    }
  }
}
