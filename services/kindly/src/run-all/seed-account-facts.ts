import { bankTopics } from '@kindly/account-state';
import { topicCatalog } from '@kindly/contracts';
import type { Kafka } from '@kindly/kafka';
import { isDuplicateKeyError, type Collection, type Db } from '@kindly/mongo';
import { SCHEDULER_ACCOUNTS } from '@kindly/scheduler';

/** Where a deployment that ran `kindly run all` before the shared fold kept the same copy. */
const FORMER_COPY = { group: 'scheduler', collection: SCHEDULER_ACCOUNTS } as const;
const PAGE = 1_000;

export type SeedOutcome = 'fresh' | 'already-started' | 'seeded';

type TopicOffsets = readonly {
  readonly topic: string;
  readonly partitions: readonly { readonly partition: number; readonly offset: string }[];
}[];

/** The seed's record: the scheduler's offsets it took, and whether every one is set. */
interface SeedMarker {
  readonly _id: string;
  readonly offsets: TopicOffsets;
  readonly done: boolean;
}
const MARKER_ID = 'seed';

/**
 * Before the shared fold's first start in a deployment that already ran `kindly run all`: takes
 * over the scheduler's copy and where its fold had got to, so that the three services' last looks
 * never read a copy being rebuilt. Folded from the topics' beginning instead, the copy would hold
 * an account's overdue event and contact before a payment or an opt-out that sits later on
 * another topic (each topic is read at its own pace), and would lack every fact older than the
 * topics keep.
 *
 * The scheduler's offsets are written down first (`into.marker`), then its documents are copied
 * (first write wins: this runs before the fold starts) and the fold's offsets on the bank topics
 * are set to them, a topic at a time (Kafka's admin API sets one topic's per call); the record
 * then says the seed is done. Its documents hold at least what its offsets say (a fold is saved
 * before its offset is committed), and what the fold then reads again it skips as duplicate or
 * stale. A crash part-way is finished from the offsets written down, never from the scheduler's
 * of the moment: those may have moved since (services run alone in between), and the fold must
 * not skip what it never read.
 */
export async function seedAccountFacts(
  kafka: Kafka,
  db: Db,
  prefix: string,
  into: { readonly group: string; readonly collection: string; readonly marker: string },
): Promise<SeedOutcome> {
  const markers = db.collection<SeedMarker>(into.marker);
  const marker = await markers.findOne({ _id: MARKER_ID });
  if (marker?.done === true) return 'already-started';
  const topics = bankTopics.map((type) => prefix + topicCatalog[type].name);
  const admin = kafka.admin();
  await admin.connect();
  try {
    let offsets = marker?.offsets;
    if (offsets === undefined) {
      const committed = (groupId: string) => admin.fetchOffsets({ groupId, topics });
      // Begun on its own (no scheduler before it), or seeded before seeds were written down.
      if (committedOnly(await committed(into.group)).length > 0) return 'already-started';
      const former = committedOnly(await committed(prefix + FORMER_COPY.group));
      if (former.length === 0) return 'fresh';
      offsets = await writeDown(markers, former);
    }
    await copyDocuments(db, FORMER_COPY.collection, into.collection);
    for (const { topic, partitions } of offsets) {
      await admin.setOffsets({ groupId: into.group, topic, partitions: [...partitions] });
    }
    await markers.updateOne({ _id: MARKER_ID }, { $set: { done: true } });
    return 'seeded';
  } finally {
    await admin.disconnect();
  }
}

/** The offsets the seed goes by: these, or another replica's if it wrote them down first. */
async function writeDown(
  markers: Collection<SeedMarker>,
  offsets: TopicOffsets,
): Promise<TopicOffsets> {
  try {
    await markers.insertOne({ _id: MARKER_ID, offsets, done: false });
    return offsets;
  } catch (error) {
    if (!isDuplicateKeyError(error)) throw error;
    const theirs = await markers.findOne({ _id: MARKER_ID });
    if (theirs === null) throw error;
    return theirs.offsets;
  }
}

/** The committed offsets only (Kafka answers -1 for a partition without one). */
function committedOnly(offsets: TopicOffsets): TopicOffsets {
  return offsets
    .map(({ topic, partitions }) => ({
      topic,
      partitions: partitions
        .filter((p) => Number(p.offset) >= 0)
        .map(({ partition, offset }) => ({ partition, offset })),
    }))
    .filter(({ partitions }) => partitions.length > 0);
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
