import type { Db } from '@kindly/mongo';

interface LastContactDocument {
  /** `tenant:account`. */
  _id: string;
  /** UTC ISO-8601 of the latest attempt a provider took or an agent made. */
  lastContactAt: string;
}

/**
 * When each customer was last contacted, folded from the delivery reports
 * (`campaign-last-contacts`): a segment leaves out those contacted recently.
 */
export function createLastContactsRepository(db: Db) {
  const contacts = db.collection<LastContactDocument>('campaign-last-contacts');
  return {
    /** Keeps the later of the known and the reported instant (ISO-8601 UTC compares as text). */
    async record(key: string, at: string): Promise<void> {
      await contacts.updateOne({ _id: key }, { $max: { lastContactAt: at } }, { upsert: true });
    },
    async find(keys: readonly string[]): Promise<ReadonlyMap<string, string>> {
      if (keys.length === 0) return new Map();
      const documents = await contacts.find({ _id: { $in: [...keys] } }).toArray();
      return new Map(documents.map((d) => [d._id, d.lastContactAt]));
    },
  };
}
export type LastContacts = ReturnType<typeof createLastContactsRepository>;
