import type { Db, Filter } from '@kindly/mongo';

export const OPERATOR_DEAD_LETTERS = 'operator-dead-letters';

/**
 * A record a service could not handle, as its dead-letter topic holds it: where it came from,
 * why, and its bytes, so that it can be replayed as it was. The bytes are the original event (it
 * may hold personal data): they are never shown by the API, only written back to their topic.
 */
export interface DeadLetter {
  /** `<dlq topic>:<partition>:<offset>`. */
  readonly id: string;
  /** The topic it was read from, without the run's prefix (e.g. `account.overdue.v1`). */
  readonly topic: string;
  readonly reason: string;
  /** Our words about the failure (never the input's text). */
  readonly detail: string;
  readonly service: string;
  /** UTC ISO-8601: when it was dead-lettered. */
  readonly at: string;
  readonly eventId?: string;
  readonly type?: string;
  readonly tenantId?: string;
  readonly replayedAt?: string;
  readonly replayedBy?: string;
}

export interface StoredDeadLetter extends DeadLetter {
  /** The full topic name to write it back to. */
  readonly originalTopic: string;
  readonly key?: string;
  /** The record's bytes, base64. */
  readonly value?: string;
  /** Its headers without the dead-letter ones, as text. */
  readonly headers: Readonly<Record<string, string>>;
}

interface Document extends Omit<StoredDeadLetter, 'id'> {
  _id: string;
  atDate: Date;
  /**
   * A replay's lease (UTC ISO-8601, to the second, and who): the letter is being written back,
   * neither waiting nor replayed; replayedAt is set only once it was written.
   */
  replayClaimedAt?: string;
  replayClaimedBy?: string;
}

export interface DeadLetterQuery {
  readonly topic?: string;
  readonly reason?: string;
  readonly replayed?: boolean;
  readonly limit: number;
}

const filterOf = (query: Omit<DeadLetterQuery, 'limit'>): Filter<Document> => ({
  ...(query.topic !== undefined ? { topic: query.topic } : {}),
  ...(query.reason !== undefined ? { reason: query.reason } : {}),
  ...(query.replayed === true ? { replayedAt: { $exists: true } } : {}),
  // Waiting: neither replayed nor being replayed (a lease, however old, until a replay retakes it).
  ...(query.replayed === false
    ? { replayedAt: { $exists: false }, replayClaimedAt: { $exists: false } }
    : {}),
});

const view = ({
  _id,
  atDate: _d,
  originalTopic: _o,
  key: _k,
  value: _v,
  headers: _h,
  replayClaimedAt: _ca,
  replayClaimedBy: _cb,
  ...rest
}: Document): DeadLetter => ({
  id: _id,
  ...rest,
});

/** Not replayed, and not leased by a replay, or leased before `staleBefore` (that one stopped). */
const claimable = (staleBefore: string): Filter<Document> => ({
  replayedAt: { $exists: false },
  $or: [{ replayClaimedAt: { $exists: false } }, { replayClaimedAt: { $lt: staleBefore } }],
});

export function createDeadLettersRepository(db: Db) {
  const letters = db.collection<Document>(OPERATOR_DEAD_LETTERS);
  return {
    /** Keeps a dead letter once (a redelivered one changes nothing). */
    async keep(letter: StoredDeadLetter): Promise<void> {
      const { id, ...rest } = letter;
      await letters.updateOne(
        { _id: id },
        { $setOnInsert: { ...rest, atDate: new Date(letter.at) } },
        { upsert: true },
      );
    },
    async find(query: DeadLetterQuery): Promise<DeadLetter[]> {
      const documents = await letters
        .find(filterOf(query))
        .sort({ atDate: -1 })
        .limit(query.limit)
        .toArray();
      return documents.map(view);
    },
    /**
     * The records to replay, with their bytes (the API never answers with these): those waiting,
     * and those whose replay's lease is older than `staleBefore` (that replay stopped).
     */
    async toReplay(
      query: Omit<DeadLetterQuery, 'replayed'> & {
        readonly ids?: readonly string[];
        readonly staleBefore: string;
      },
    ): Promise<StoredDeadLetter[]> {
      const filter: Filter<Document> = {
        ...filterOf({
          ...(query.topic !== undefined ? { topic: query.topic } : {}),
          ...(query.reason !== undefined ? { reason: query.reason } : {}),
        }),
        ...claimable(query.staleBefore),
        ...(query.ids !== undefined ? { _id: { $in: [...query.ids] } } : {}),
      };
      const documents = await letters.find(filter).sort({ atDate: 1 }).limit(query.limit).toArray();
      return documents.map(
        ({ _id, atDate: _d, replayClaimedAt: _ca, replayClaimedBy: _cb, ...rest }) => ({
          id: _id,
          ...rest,
        }),
      );
    },
    /**
     * Leases a letter for its replay: true only for the one caller that claimed it, so two
     * replays at once write it back once. A lease older than `staleBefore` is taken again.
     */
    async claimReplay(id: string, by: string, at: string, staleBefore: string): Promise<boolean> {
      const result = await letters.updateOne(
        { _id: id, ...claimable(staleBefore) },
        { $set: { replayClaimedAt: at, replayClaimedBy: by } },
      );
      return result.modifiedCount === 1;
    },
    /** Marks a leased letter replayed, once it was written back. */
    async confirmReplay(id: string, by: string, at: string): Promise<void> {
      await letters.updateOne(
        { _id: id, replayedAt: { $exists: false } },
        {
          $set: { replayedAt: at, replayedBy: by },
          $unset: { replayClaimedAt: '', replayClaimedBy: '' },
        },
      );
    },
    /** Gives a lease back when the letter could not be written back (it waits again). */
    async releaseReplay(id: string, by: string, claimedAt: string): Promise<void> {
      await letters.updateOne(
        { _id: id, replayClaimedBy: by, replayClaimedAt: claimedAt },
        { $unset: { replayClaimedAt: '', replayClaimedBy: '' } },
      );
    },
    /** How many wait, by topic and reason (the console's overview). */
    async counts(): Promise<
      { topic: string; reason: string; waiting: number; replayed: number }[]
    > {
      const tally = new Map<
        string,
        { topic: string; reason: string; waiting: number; replayed: number }
      >();
      for await (const d of letters.find(
        {},
        { projection: { topic: 1, reason: 1, replayedAt: 1, replayClaimedAt: 1 } },
      )) {
        const key = `${d.topic}\u0000${d.reason}`;
        const row = tally.get(key) ?? { topic: d.topic, reason: d.reason, waiting: 0, replayed: 0 };
        // One being replayed (a lease) is neither: it is counted once it was written back.
        if (d.replayedAt !== undefined) row.replayed += 1;
        else if (d.replayClaimedAt === undefined) row.waiting += 1;
        tally.set(key, row);
      }
      return [...tally.values()].sort(
        (a, b) => b.waiting - a.waiting || a.topic.localeCompare(b.topic),
      );
    },
  };
}
export type DeadLetters = ReturnType<typeof createDeadLettersRepository>;
