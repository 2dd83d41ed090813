// What a run leaves stored, per collection: how many documents and their BSON bytes, read back
// document by document (collStats is not in the subset both local servers answer). It says
// where a server's memory goes as the accounts grow: mongo-java-server keeps every document as
// Java objects, several times its BSON size, so the bytes per account here set the largest run
// its heap can hold.
import { BSON, type Db } from 'mongodb';

export interface CollectionCensus {
  readonly collection: string;
  readonly documents: number;
  readonly bsonBytes: number;
}

export async function storageCensus(db: Db): Promise<CollectionCensus[]> {
  const census: CollectionCensus[] = [];
  for (const { name } of await db.listCollections({}, { nameOnly: true }).toArray()) {
    let documents = 0;
    let bsonBytes = 0;
    for await (const doc of db.collection(name).find({})) {
      documents += 1;
      bsonBytes += BSON.calculateObjectSize(doc);
    }
    if (documents > 0) census.push({ collection: name, documents, bsonBytes });
  }
  return census.sort((a, b) => b.bsonBytes - a.bsonBytes);
}

/** The census as a markdown table, per account of the run. */
export function formatCensus(census: readonly CollectionCensus[], accounts: number): string[] {
  const total = census.reduce((sum, c) => sum + c.bsonBytes, 0);
  const lines = [
    '| collection | documents per account | BSON bytes per account | share |',
    '| --- | ---: | ---: | ---: |',
  ];
  for (const c of census)
    lines.push(
      `| ${c.collection} | ${(c.documents / accounts).toFixed(2)} | ` +
        `${Math.round(c.bsonBytes / accounts).toLocaleString('en-US')} | ` +
        `${((c.bsonBytes / Math.max(total, 1)) * 100).toFixed(1)} % |`,
    );
  lines.push(
    `| **all** | ${(census.reduce((s, c) => s + c.documents, 0) / accounts).toFixed(2)} | ` +
      `**${Math.round(total / accounts).toLocaleString('en-US')}** | 100 % |`,
  );
  return lines;
}
