import { bankTopics } from '@kindly/account-state';
import { topicCatalog } from '@kindly/contracts';
import type { Kafka } from '@kindly/kafka';
import { isDuplicateKeyError, type Db } from '@kindly/mongo';
import { SCHEDULER_ACCOUNTS } from '@kindly/scheduler';

/** Where a deployment that ran `kindly run all` before the shared fold kept the same copy. */
const FORMER_COPY = { group: 'scheduler', collection: SCHEDULER_ACCOUNTS } as const;
const PAGE = 1_000;

export type SeedOutcome = 'fresh' | 'already-started' | 'seeded';

type TopicOffsets = readonly {
  readonly topic: string;
  readonly partitions: readonly { readonly partition: number; readonly offset: string }[];
}[];

/**
 * Before the shared fold's first start in a deployment that already ran `kindly run all`: takes
 * over the scheduler's copy and where its fold had got to, so that the three services' last looks
 * never read a copy being rebuilt. Folded from the topics' beginning instead, the copy would hold
 * an account's overdue event and contact before a payment or an opt-out that sits later on
 * another topic (each topic is read at its own pace), and would lack every fact older than the
 * topics keep.
 *
 * The scheduler's documents are copied (first write wins: this runs before the fold starts), then
 * the fold's offsets on the bank topics are set to the scheduler's, a topic at a time (Kafka's
 * admin API sets one topic's per call). Its documents hold at least what its offsets say (a fold
 * is saved before its offset is committed), and what the fold then reads again it skips as
 * duplicate or stale. A crash in between runs it again: copying again adds nothing, and a crash
 * after some topics' offsets finishes the others (see stillToSeed) instead of leaving them to be
 * read from their beginning.
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
    const mine = await committed(into.group);
    const former = await committed(prefix + FORMER_COPY.group);
    const missing = stillToSeed(mine, former);
    if (missing.length === 0) return hasCommitted(mine) ? 'already-started' : 'fresh';
    await copyDocuments(db, FORMER_COPY.collection, into.collection);
    for (const { topic, partitions } of missing) {
      await admin.setOffsets({ groupId: into.group, topic, partitions: [...partitions] });
    }
    return 'seeded';
  } finally {
    await admin.disconnect();
  }
}

/**
 * The scheduler's committed offsets that the fold still needs: all of them before its first
 * start; after a crash part-way through setting them, the rest. A seed cut short is told by its
 * offsets: each is the scheduler's own (the fold starts only once the seed is whole, so none has
 * moved). A fold that has begun, on its own or after a whole seed, needs none: a partition it has
 * no offset for yet is read from its beginning, as any new partition is.
 */
function stillToSeed(mine: TopicOffsets, former: TopicOffsets): TopicOffsets {
  const formerAt = new Map(
    former.flatMap(({ topic, partitions }) =>
      partitions.filter(isCommitted).map((p) => [`${topic}/${p.partition}`, p.offset] as const),
    ),
  );
  const mineAt = mine.flatMap(({ topic, partitions }) =>
    partitions.filter(isCommitted).map((p) => [`${topic}/${p.partition}`, p.offset] as const),
  );
  if (mineAt.some(([at, offset]) => formerAt.get(at) !== offset)) return [];
  const has = new Set(mineAt.map(([at]) => at));
  return former
    .map(({ topic, partitions }) => ({
      topic,
      partitions: partitions
        .filter((p) => isCommitted(p) && !has.has(`${topic}/${p.partition}`))
        .map(({ partition, offset }) => ({ partition, offset })),
    }))
    .filter(({ partitions }) => partitions.length > 0);
}

const isCommitted = (p: { readonly offset: string }) => Number(p.offset) >= 0;

function hasCommitted(offsets: TopicOffsets): boolean {
  return offsets.some(({ partitions }) => partitions.some(isCommitted));
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
