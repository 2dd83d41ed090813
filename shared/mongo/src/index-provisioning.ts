import type { Db, IndexDirection } from 'mongodb';

/** One index of a collection. Only options that every supported server honours (see MONGODB-SUBSET.md). */
export interface IndexSpec {
  readonly name: string;
  readonly keys: Readonly<Record<string, IndexDirection>>;
  readonly unique?: boolean;
}

export interface CollectionSpec {
  readonly name: string;
  readonly indexes: readonly IndexSpec[];
}

/**
 * Creates collections and their indexes. Idempotent: an index that exists with the same keys and
 * name is left as it is; one with the same name but other keys or uniqueness is an error, since
 * silently keeping the old one would drop a guarantee the code relies on.
 */
export async function ensureIndexes(db: Db, collections: readonly CollectionSpec[]): Promise<void> {
  const existing = new Set(
    (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name),
  );
  for (const collection of collections) {
    if (!existing.has(collection.name)) await db.createCollection(collection.name);
    const listed: unknown[] = await db.collection(collection.name).listIndexes().toArray();
    const current = listed.map(asExistingIndex);
    for (const index of collection.indexes) {
      const found = current.find((i) => i.name === index.name);
      if (found) {
        assertSameIndex(collection.name, index, found);
        continue;
      }
      await db
        .collection(collection.name)
        .createIndex({ ...index.keys }, { name: index.name, unique: index.unique ?? false });
    }
  }
}

interface ExistingIndex {
  readonly name?: unknown;
  readonly key?: unknown;
  readonly unique?: unknown;
}

function asExistingIndex(value: unknown): ExistingIndex {
  return typeof value === 'object' && value !== null ? value : {};
}

function assertSameIndex(collection: string, wanted: IndexSpec, found: ExistingIndex): void {
  const sameKeys = JSON.stringify(found.key) === JSON.stringify(wanted.keys);
  const sameUnique = (found.unique === true) === (wanted.unique ?? false);
  if (!sameKeys || !sameUnique) {
    throw new Error(
      `index ${collection}.${wanted.name} exists with other keys or uniqueness: ` +
        `found ${JSON.stringify(found.key)} unique=${String(found.unique === true)}, ` +
        `wanted ${JSON.stringify(wanted.keys)} unique=${String(wanted.unique ?? false)}`,
    );
  }
}
