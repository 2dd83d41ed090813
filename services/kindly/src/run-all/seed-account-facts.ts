import { bankTopics } from '@kindly/account-state';
import { topicCatalog } from '@kindly/contracts';
import type { Kafka } from '@kindly/kafka';
import { isDuplicateKeyError, type Db } from '@kindly/mongo';

/** Where a deployment that ran `kindly run all` before the shared fold kept the same copy. */
const FORMER_COPY = { group: 'scheduler', collection: 'scheduler-accounts' } as const;
const PAGE = 1_000;

export type SeedOutcome = 'fresh' | 'already-started' | 'seeded';

/**
 * Before the shared fold's first start in a deployment that already ran `kindly run all`: takes
 * over the scheduler's copy and where its fold had got to, so that the three services' last looks
 * never read a copy being rebuilt. Folded from the topics' beginning instead, the copy would hold
 * an account's overdue event and contact before a payment or an opt-out that sits later on
 * another topic (each topic is read at its own pace), and would lack every fact older than the
 * topics keep.
 *
 * The scheduler's documents are copied (first write wins: this runs before the fold starts), then
 * the fold's offsets on the bank topics are set to the scheduler's. Its documents hold at least
 * what its offsets say (a fold is saved before its offset is committed), and what the fold then
 * reads again it skips as duplicate or stale. A crash in between runs it again: nothing is
 * copied twice, and the offsets are set once the copy is whole.
 */
export async function seedAccountFacts(
  kafka: Kafka,
  db: Db,
  prefix: string,
  into: { readonly group: string; readonly collection: string },
): Promise<SeedOutcome> {
  const topics = bankTopics.map((type) => prefix + topicCatalog[type].name);
  const admin = kafka.admin();
  await admin.connect();
  try {
    const committed = (groupId: string) => admin.fetchOffsets({ groupId, topics });
    if (hasCommitted(await committed(into.group))) return 'already-started';
    const former = await committed(prefix + FORMER_COPY.group);
    if (!hasCommitted(former)) return 'fresh';
    await copyDocuments(db, FORMER_COPY.collection, into.collection);
    for (const { topic, partitions } of former) {
      const set = partitions.filter((p) => Number(p.offset) >= 0);
      if (set.length === 0) continue;
      await admin.setOffsets({
        groupId: into.group,
        topic,
        partitions: set.map(({ partition, offset }) => ({ partition, offset })),
      });
    }
    return 'seeded';
  } finally {
    await admin.disconnect();
  }
}

function hasCommitted(
  offsets: readonly { readonly partitions: readonly { readonly offset: string }[] }[],
): boolean {
  return offsets.some(({ partitions }) => partitions.some((p) => Number(p.offset) >= 0));
}

/** Every document of `from` into `to` in `_id` order, a page at a time; existing ones are kept. */
async function copyDocuments(db: Db, from: string, to: string): Promise<void> {
  const source = db.collection<{ _id: string }>(from);
  const target = db.collection<{ _id: string }>(to);
  let after: string | undefined;
  for (;;) {
    const page = await source
      .find(after === undefined ? {} : { _id: { $gt: after } })
      .sort({ _id: 1 })
      .limit(PAGE)
      .toArray();
    if (page.length === 0) return;
    try {
      await target.insertMany(page, { ordered: false });
    } catch (error) {
      if (!isDuplicateKeyError(error)) throw error;
    }
    after = page[page.length - 1]!._id;
  }
}
