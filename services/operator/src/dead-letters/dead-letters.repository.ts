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
  ...(query.replayed === false ? { replayedAt: { $exists: false } } : {}),
});

const view = ({
  _id,
  atDate: _d,
  originalTopic: _o,
  key: _k,
  value: _v,
  headers: _h,
  ...rest
}: Document): DeadLetter => ({
  id: _id,
  ...rest,
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
    /** The records to replay, with their bytes: the API never answers with these. */
    async toReplay(
      query: Omit<DeadLetterQuery, 'replayed'> & { readonly ids?: readonly string[] },
    ) {
      const filter: Filter<Document> = {
        ...filterOf({ ...query, replayed: false }),
        ...(query.ids !== undefined ? { _id: { $in: [...query.ids] } } : {}),
      };
      const documents = await letters.find(filter).sort({ atDate: 1 }).limit(query.limit).toArray();
      return documents.map(({ _id, atDate: _d, ...rest }) => ({ id: _id, ...rest }));
    },
    /**
     * Claims a letter for its replay, once: true only for the one caller that claimed it, so two
     * replays at once write it back once.
     */
    async claimReplay(id: string, by: string, at: string): Promise<boolean> {
      const result = await letters.updateOne(
        { _id: id, replayedAt: { $exists: false } },
        { $set: { replayedAt: at, replayedBy: by } },
      );
      return result.modifiedCount === 1;
    },
    /** Gives a claim back when the letter could not be written back (it waits again). */
    async releaseReplay(id: string): Promise<void> {
      await letters.updateOne({ _id: id }, { $unset: { replayedAt: '', replayedBy: '' } });
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
        { projection: { topic: 1, reason: 1, replayedAt: 1 } },
      )) {
        const key = `${d.topic}\u0000${d.reason}`;
        const row = tally.get(key) ?? { topic: d.topic, reason: d.reason, waiting: 0, replayed: 0 };
        if (d.replayedAt === undefined) row.waiting += 1;
        else row.replayed += 1;
        tally.set(key, row);
      }
      return [...tally.values()].sort(
        (a, b) => b.waiting - a.waiting || a.topic.localeCompare(b.topic),
      );
    },
  };
}
export type DeadLetters = ReturnType<typeof createDeadLettersRepository>;
