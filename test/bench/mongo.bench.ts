import { randomBytes } from 'node:crypto';
import { connectMongo, ensureIndexes } from '@kindly/mongo';
import { collectionCatalog } from '@kindly/provisioning';
import type { BenchResult } from './run.js';
import { timed } from './timing.js';

const SINGLE = 2_000;
const BULK = 20_000;
// Few: on FerretDB 1.x each filtered findOneAndUpdate scans the collection (see RESULTS.md).
const CLAIMS = 200;

/** Single idempotent inserts, bulk inserts and lease claims on the catalog's indexes. */
export async function benchMongo(uri: string): Promise<BenchResult[]> {
  const database = `bench_${randomBytes(3).toString('hex')}`;
  const mongo = await connectMongo({ uri, database, appName: 'kindly-bench' });
  await ensureIndexes(mongo.db, collectionCatalog);
  const outreach = mongo.db.collection<{ _id: string }>('outreach');
  const processed = mongo.db.collection('processed');
  const releaseAt = new Date('2026-11-22T09:00:00Z');

  const singleSeconds = await timed(async () => {
    for (let i = 0; i < SINGLE; i++) {
      await processed.insertOne({ consumer: 'bench', eventId: `e-${i}`, expiresAt: releaseAt });
    }
  });
  const bulkSeconds = await timed(async () => {
    for (let i = 0; i < BULK; i += 1_000) {
      await outreach.insertMany(
        Array.from({ length: 1_000 }, (_, j) => ({
          _id: `m-${i + j}`,
          messageId: `m-${i + j}`,
          state: 'waiting',
          releaseAt,
          accountId: `acct-${(i + j) % 5_000}`,
        })),
        { ordered: false },
      );
    }
  });
  const now = new Date('2026-11-22T10:00:00Z');
  const claimSeconds = await timed(async () => {
    for (let i = 0; i < CLAIMS; i++) {
      await outreach.findOneAndUpdate(
        { state: 'waiting', releaseAt: { $lte: now } },
        {
          $set: { state: 'claimed', owner: 'bench', leaseUntil: new Date(now.getTime() + 30_000) },
        },
      );
    }
  });
  const byIdSeconds = await timed(async () => {
    for (let i = 0; i < SINGLE; i++) {
      await outreach.updateOne({ _id: `m-${i}` }, { $set: { state: 'released' } });
    }
  });
  const byKeySeconds = await timed(async () => {
    for (let i = 0; i < CLAIMS; i++) {
      await outreach.updateOne({ messageId: `m-${i}` }, { $set: { state: 'released' } });
    }
  });
  await mongo.db.dropDatabase();
  await mongo.close();
  return [
    {
      name: 'MongoDB insertOne (unique index)',
      operations: SINGLE,
      seconds: singleSeconds,
      note: 'one at a time, awaited',
    },
    {
      name: 'MongoDB insertMany',
      operations: BULK,
      seconds: bulkSeconds,
      note: 'batches of 1,000, 3 indexes',
    },
    {
      name: 'MongoDB findOneAndUpdate lease claim',
      operations: CLAIMS,
      seconds: claimSeconds,
      note: `filter on state+releaseAt over ${BULK.toLocaleString('en-US')} documents, one at a time`,
    },
    {
      name: 'MongoDB updateOne by _id',
      operations: SINGLE,
      seconds: byIdSeconds,
      note: `equality on _id over ${BULK.toLocaleString('en-US')} documents`,
    },
    {
      name: 'MongoDB updateOne by a unique secondary key',
      operations: CLAIMS,
      seconds: byKeySeconds,
      note: `equality on messageId (unique index) over ${BULK.toLocaleString('en-US')} documents`,
    },
  ];
}
