import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Double, Long, type Collection, type Document } from 'mongodb';
import { provisionTestNamespace, testInfra, type ProvisionedNamespace } from '@kindly/testing';

const infra = testInfra();

interface Doc {
  _id: string;
  tenantId: string;
  accountId: string;
  version: number;
  n: number;
  state?: string | null;
  outcome?: string;
  tags?: string[];
  amount?: number | null;
}

// infra/local's mongo-java-server launcher serves a filter from an index when the filter gives
// every field of the index a plain value (the rest of the filter is then applied to the
// candidates), and builds real non-unique indexes. These are the shapes Kindly relies on; the
// answers must be MongoDB's, whichever server runs them (so this passes on a real MongoDB too).
describe(`queries an index can serve, on ${infra.mongoProduct}`, () => {
  let ns: ProvisionedNamespace;
  let docs: Collection<Doc>;

  const ids = (found: Doc[]): string[] => found.map((d) => d._id);

  beforeAll(async () => {
    ns = await provisionTestNamespace('mongo-index-use');
    docs = ns.mongo.db.collection<Doc>('index-use');
    await docs.createIndex({ tenantId: 1, accountId: 1 }, { name: 'tenant-account' });
    await docs.createIndex({ tags: 1 }, { name: 'tags' });
    await docs.createIndex({ amount: 1 }, { name: 'amount' });
    await docs.createIndex({ state: 1 }, { name: 'state', sparse: true });
    const seed: Doc[] = [];
    for (let i = 0; i < 40; i++) {
      seed.push({
        _id: `d-${String(i).padStart(2, '0')}`,
        tenantId: `t-${i % 2}`,
        accountId: `a-${i % 4}`,
        version: 1,
        n: i,
        ...(i % 3 === 0 ? { state: 'open' } : {}),
      });
    }
    await docs.insertMany(seed);
  });
  afterAll(async () => {
    await ns?.cleanup();
  });

  it('replaces by {_id, version} only when the version matches', async () => {
    const current = await docs.findOne({ _id: 'd-05' });
    expect(current?.version).toBe(1);
    const stale = await docs.replaceOne(
      { _id: 'd-05', version: 0 },
      { ...current!, version: 2, n: -1 },
    );
    expect(stale.matchedCount).toBe(0);
    const fresh = await docs.replaceOne(
      { _id: 'd-05', version: 1 },
      { ...current!, version: 2, n: 500 },
    );
    expect(fresh.matchedCount).toBe(1);
    expect(fresh.modifiedCount).toBe(1);
    expect(await docs.findOne({ _id: 'd-05' })).toMatchObject({ version: 2, n: 500 });
    const again = await docs.updateOne({ _id: 'd-05', version: 1 }, { $set: { n: -2 } });
    expect(again.matchedCount).toBe(0);
  });

  it('updates by {_id, field: {$exists: false}} once', async () => {
    const first = await docs.updateOne(
      { _id: 'd-06', outcome: { $exists: false } },
      { $set: { outcome: 'sent' } },
    );
    expect(first.modifiedCount).toBe(1);
    const second = await docs.updateOne(
      { _id: 'd-06', outcome: { $exists: false } },
      { $set: { outcome: 'sent-twice' } },
    );
    expect(second.matchedCount).toBe(0);
    expect((await docs.findOne({ _id: 'd-06' }))?.outcome).toBe('sent');
  });

  it('finds by a non-unique compound index, with further conditions and a sort', async () => {
    // tenant t-1 with account a-1: i = 1, 5, 9, ..., 37 (d-05 now has n 500).
    const all = await docs.find({ tenantId: 't-1', accountId: 'a-1' }).sort({ n: 1 }).toArray();
    expect(ids(all)).toEqual([
      'd-01',
      'd-09',
      'd-13',
      'd-17',
      'd-21',
      'd-25',
      'd-29',
      'd-33',
      'd-37',
      'd-05',
    ]);
    const some = await docs
      .find({ tenantId: 't-1', accountId: 'a-1', n: { $gte: 10, $lt: 30 } })
      .sort({ n: -1 })
      .toArray();
    expect(ids(some)).toEqual(['d-29', 'd-25', 'd-21', 'd-17', 'd-13']);
    const extraEquality = await docs.find({ accountId: 'a-1', tenantId: 't-1', n: 13 }).toArray();
    expect(ids(extraEquality)).toEqual(['d-13']);
    expect(await docs.countDocuments({ tenantId: 't-1', accountId: 'a-1' })).toBe(10);
    expect(await docs.countDocuments({ tenantId: 't-1', accountId: 'a-2' })).toBe(0);
  });

  it('follows a document whose indexed field changes, and forgets a deleted one', async () => {
    await docs.updateOne({ _id: 'd-00' }, { $set: { accountId: 'a-moved' } });
    expect(ids(await docs.find({ tenantId: 't-0', accountId: 'a-moved' }).toArray())).toEqual([
      'd-00',
    ]);
    expect(ids(await docs.find({ tenantId: 't-0', accountId: 'a-0' }).toArray())).not.toContain(
      'd-00',
    );
    const moved = await docs.findOneAndUpdate(
      { tenantId: 't-0', accountId: 'a-moved' },
      { $set: { accountId: 'a-0', state: 'closed' } },
      { returnDocument: 'after' },
    );
    expect(moved?._id).toBe('d-00');
    expect(await docs.countDocuments({ tenantId: 't-0', accountId: 'a-moved' })).toBe(0);
    expect(ids(await docs.find({ state: 'closed' }).toArray())).toEqual(['d-00']);

    await docs.deleteOne({ _id: 'd-04' });
    expect(ids(await docs.find({ tenantId: 't-0', accountId: 'a-0' }).toArray())).not.toContain(
      'd-04',
    );
    await docs.deleteMany({ tenantId: 't-0', accountId: 'a-0', n: { $gte: 30 } });
    const left = await docs.find({ tenantId: 't-0', accountId: 'a-0' }).sort({ _id: 1 }).toArray();
    expect(ids(left)).toEqual(['d-00', 'd-08', 'd-12', 'd-16', 'd-20', 'd-24', 'd-28']);
  });

  it('finds a document by one element of an indexed array', async () => {
    await docs.updateOne({ _id: 'd-10' }, { $set: { tags: ['red', 'green'] } });
    await docs.updateOne({ _id: 'd-11' }, { $set: { tags: ['green'] } });
    expect(ids(await docs.find({ tags: 'red' }).toArray())).toEqual(['d-10']);
    expect(ids(await docs.find({ tags: 'green' }).sort({ _id: 1 }).toArray())).toEqual([
      'd-10',
      'd-11',
    ]);
    await docs.updateOne({ _id: 'd-10' }, { $pull: { tags: 'red' } });
    expect(await docs.countDocuments({ tags: 'red' })).toBe(0);
    expect(
      ids(
        await docs
          .find({ tags: ['green'] })
          .sort({ _id: 1 })
          .toArray(),
      ),
    ).toEqual(['d-10', 'd-11']);
  });

  it('treats 1, 1.0 and 1L as the same number', async () => {
    // The driver sends a whole JavaScript number as an int32: Double and Long make the other types.
    const raw = ns.mongo.db.collection<{ _id: string }>('index-use');
    const rawIds = async (filter: Document): Promise<unknown[]> =>
      (await raw.find(filter).toArray()).map((d) => d._id);
    await raw.updateOne({ _id: 'd-12' }, { $set: { amount: 1 } });
    await raw.updateOne({ _id: 'd-14' }, { $set: { amount: new Double(2) } });
    expect(await rawIds({ amount: new Double(1) })).toEqual(['d-12']);
    expect(await rawIds({ amount: Long.fromNumber(1), tenantId: 't-0' })).toEqual(['d-12']);
    expect(ids(await docs.find({ amount: 2 }).toArray())).toEqual(['d-14']);
    expect(ids(await docs.find({ amount: 1.5 }).toArray())).toEqual([]);
  });

  it('still matches missing fields when a filter asks for null', async () => {
    // state exists on every third document (sparse index); amount on two only.
    const noState = await docs.countDocuments({ state: null });
    const withState = await docs.countDocuments({ state: { $exists: true } });
    expect(noState + withState).toBe(await docs.countDocuments({}));
    expect(noState).toBeGreaterThan(0);
    const noAmount = await docs.find({ tenantId: 't-1', accountId: 'a-1', amount: null }).toArray();
    expect(ids(noAmount)).toHaveLength(10);
    expect(await docs.countDocuments({ amount: null, tenantId: 't-0' })).toBe(
      (await docs.countDocuments({ tenantId: 't-0' })) - 2,
    );
  });

  it('walks by _id a page at a time: a range on _id sorted by _id with a limit, every document once', async () => {
    const walked: string[] = [];
    let cursor: string | undefined;
    for (;;) {
      const page = await docs
        .find(cursor === undefined ? {} : { _id: { $gt: cursor } })
        .sort({ _id: 1 })
        .limit(7)
        .toArray();
      if (page.length === 0) break;
      walked.push(...ids(page));
      cursor = page[page.length - 1]?._id;
    }
    expect(walked).toEqual([...walked].sort());
    expect(walked).toHaveLength(new Set(walked).size);
    expect(walked.length).toBe(await docs.countDocuments({}));
    const backwards = await docs
      .find({ _id: { $lt: 'd-05' } })
      .sort({ _id: -1 })
      .limit(2)
      .toArray();
    // The earlier tests removed some: the two highest of what is left below d-05.
    expect(ids(backwards)).toEqual(
      walked
        .filter((id) => id < 'd-05')
        .reverse()
        .slice(0, 2),
    );
  });

  it('finds by $in on _id, with and without further conditions', async () => {
    const found = await docs
      .find({ _id: { $in: ['d-03', 'd-07', 'missing', 'd-01'] } })
      .sort({ _id: 1 })
      .toArray();
    expect(ids(found)).toEqual(['d-01', 'd-03', 'd-07']);
    const narrowed = await docs
      .find({ _id: { $in: ['d-03', 'd-07', 'd-01'] }, n: { $gt: 2 } })
      .sort({ _id: 1 })
      .toArray();
    expect(ids(narrowed)).toEqual(['d-03', 'd-07']);
    const none = await docs.find({ _id: { $in: [] }, tenantId: 't-1' }).toArray();
    expect(none).toEqual([]);
  });

  it('finds by $in on a non-unique index, array elements included, with further conditions', async () => {
    await docs.insertMany([
      { _id: 'in-1', tenantId: 't-9', accountId: 'a-9', version: 1, n: 1, tags: ['x', 'y'] },
      { _id: 'in-2', tenantId: 't-9', accountId: 'a-9', version: 1, n: 2, tags: ['z'] },
      { _id: 'in-3', tenantId: 't-9', accountId: 'a-9', version: 1, n: 3, tags: ['y'] },
    ]);
    const found = await docs
      .find({ tags: { $in: ['y', 'nothing'] }, n: { $gte: 2 } })
      .sort({ _id: 1 })
      .toArray();
    expect(ids(found)).toEqual(['in-3']);
    const both = await docs
      .find({ tags: { $in: ['x', 'z', 'y'] } })
      .sort({ _id: 1 })
      .toArray();
    expect(ids(both)).toEqual(['in-1', 'in-2', 'in-3']);
    const numbers = await ns.mongo.db
      .collection<{ _id: string }>('index-use')
      .find({ amount: { $in: [new Double(5), 7] } })
      .toArray();
    expect(numbers).toEqual([]);
  });
});

interface Scheduled {
  _id: string;
  state?: string;
  dueAt?: Date | string | number | null;
  pendingSince?: Date | null;
  fallbackDueAt?: Date | string | number | null;
  n?: number;
}

// The launcher also serves ranges from an index's order (an equality on the leading fields and
// $lt/$lte/$gt/$gte/$exists on the last), and a sort by the range's field with a limit by walking
// that order and stopping at the limit. Same answers, same order, as MongoDB's.
describe(`ranges and sorts an index can serve, on ${infra.mongoProduct}`, () => {
  let ns: ProvisionedNamespace;
  let docs: Collection<Scheduled>;

  const at = (second: number): Date => new Date(Date.UTC(2026, 0, 1, 0, 0, second));
  const ids = (found: { _id: string }[]): string[] => found.map((d) => d._id);

  beforeAll(async () => {
    ns = await provisionTestNamespace('mongo-range-use');
    docs = ns.mongo.db.collection<Scheduled>('range-use');
    await docs.createIndex({ state: 1, dueAt: 1 }, { name: 'state-due' });
    await docs.createIndex({ pendingSince: 1 }, { name: 'pending' });
    await docs.createIndex({ fallbackDueAt: 1 }, { name: 'fallback' });
    const seed: Scheduled[] = [];
    // w-00..w-19 waiting, due at second 40 - 2i (inserted latest-due first); c-00..c-09 claimed.
    for (let i = 0; i < 20; i++) {
      seed.push({
        _id: `w-${String(i).padStart(2, '0')}`,
        state: 'waiting',
        dueAt: at(40 - 2 * i),
      });
    }
    for (let i = 0; i < 10; i++) {
      seed.push({ _id: `c-${String(i).padStart(2, '0')}`, state: 'claimed', dueAt: at(i) });
    }
    seed.push({ _id: 'w-none', state: 'waiting' });
    seed.push({ _id: 'w-text', state: 'waiting', dueAt: 'soon' });
    seed.push({ _id: 'w-number', state: 'waiting', dueAt: 5 });
    await docs.insertMany(seed);
  });
  afterAll(async () => {
    await ns?.cleanup();
  });

  it('finds the first due by an equality and a range, in order, with a limit, both ways', async () => {
    const first = await docs
      .find({ state: 'waiting', dueAt: { $lte: at(10) } }, { projection: { _id: 1 } })
      .sort({ dueAt: 1 })
      .limit(3)
      .toArray();
    expect(first).toEqual([{ _id: 'w-19' }, { _id: 'w-18' }, { _id: 'w-17' }]);
    const skipped = await docs
      .find({ state: 'waiting', dueAt: { $lte: at(10) } })
      .sort({ state: 1, dueAt: 1 })
      .skip(2)
      .limit(10)
      .toArray();
    expect(ids(skipped)).toEqual(['w-17', 'w-16', 'w-15']);
    const last = await docs
      .find({ state: 'waiting', dueAt: { $gt: at(2), $lt: at(40) } })
      .sort({ dueAt: -1 })
      .limit(2)
      .toArray();
    expect(ids(last)).toEqual(['w-01', 'w-02']);
    const between = await docs
      .find({ state: 'claimed', dueAt: { $gte: at(3), $lte: at(5) } })
      .sort({ dueAt: -1 })
      .toArray();
    expect(ids(between)).toEqual(['c-05', 'c-04', 'c-03']);
    const unsorted = await docs.find({ state: 'claimed', dueAt: { $lt: at(2) } }).toArray();
    expect(ids(unsorted).sort()).toEqual(['c-00', 'c-01']);
    expect(await docs.countDocuments({ state: 'waiting', dueAt: { $lte: at(40) } })).toBe(20);
  });

  it('bounds a range by its type: dates match dates only, numbers numbers, strings strings', async () => {
    expect(
      ids(await docs.find({ state: 'waiting', dueAt: { $gte: at(0) } }).toArray()),
    ).not.toContain('w-text');
    expect(ids(await docs.find({ state: 'waiting', dueAt: { $gte: 0 } }).toArray())).toEqual([
      'w-number',
    ]);
    expect(ids(await docs.find({ state: 'waiting', dueAt: { $lt: 'zzz' } }).toArray())).toEqual([
      'w-text',
    ]);
    expect(await docs.countDocuments({ state: 'waiting', dueAt: { $lte: at(1000) } })).toBe(20);
    await docs.insertMany([
      { _id: 'f-date', fallbackDueAt: at(3) },
      { _id: 'f-text', fallbackDueAt: '2026-01-01' },
      { _id: 'f-number', fallbackDueAt: 3 },
      { _id: 'f-null', fallbackDueAt: null },
    ]);
    const due = await docs
      .find({ fallbackDueAt: { $lte: at(10) } })
      .sort({ fallbackDueAt: 1 })
      .limit(5)
      .toArray();
    expect(ids(due)).toEqual(['f-date']);
    expect(ids(await docs.find({ fallbackDueAt: { $gt: 2.5 } }).toArray())).toEqual(['f-number']);
  });

  it('sorts a missing range field first, and counts by an equality on the leading field', async () => {
    const waiting = await docs.find({ state: 'waiting' }).sort({ dueAt: 1 }).limit(4).toArray();
    // Missing (as null) first, then numbers, strings, dates.
    expect(ids(waiting)).toEqual(['w-none', 'w-number', 'w-text', 'w-19']);
    const latest = await docs.find({ state: 'waiting' }).sort({ dueAt: -1 }).limit(2).toArray();
    expect(ids(latest)).toEqual(['w-00', 'w-01']);
    expect(await docs.countDocuments({ state: 'waiting' })).toBe(23);
    expect(await docs.countDocuments({ state: 'claimed' })).toBe(10);
    expect(await docs.countDocuments({ state: 'gone' })).toBe(0);
  });

  it('moves a document whose range value changes, and forgets a deleted one', async () => {
    await docs.updateOne({ _id: 'w-19' }, { $set: { dueAt: at(100) } });
    await docs.updateOne({ _id: 'w-00' }, { $set: { dueAt: at(1) } });
    await docs.updateOne({ _id: 'w-17' }, { $set: { state: 'claimed', dueAt: at(20) } });
    await docs.deleteOne({ _id: 'w-18' });
    const first = await docs
      .find({ state: 'waiting', dueAt: { $lte: at(10) } })
      .sort({ dueAt: 1 })
      .limit(3)
      .toArray();
    expect(ids(first)).toEqual(['w-00', 'w-16', 'w-15']);
    const latest = await docs
      .find({ state: 'waiting', dueAt: { $gte: at(0) } })
      .sort({ dueAt: -1 })
      .limit(2)
      .toArray();
    expect(ids(latest)).toEqual(['w-19', 'w-01']);
    const claimed = await docs
      .find({ state: 'claimed', dueAt: { $gt: at(8) } })
      .sort({ dueAt: 1 })
      .toArray();
    expect(ids(claimed)).toEqual(['c-09', 'w-17']);
    const claimedOne = await docs.findOneAndUpdate(
      { state: 'waiting', dueAt: { $lte: at(10) } },
      { $set: { state: 'claimed' } },
      { sort: { dueAt: 1 }, returnDocument: 'after' },
    );
    expect(claimedOne?._id).toBe('w-00');
    expect(await docs.countDocuments({ state: 'waiting' })).toBe(20);
  });

  it('finds the oldest present value by $exists and a sort, null included', async () => {
    await docs.insertMany([
      { _id: 'p-3', pendingSince: at(3) },
      { _id: 'p-1', pendingSince: at(1) },
      { _id: 'p-2', pendingSince: at(2) },
    ]);
    const oldest = await docs
      .find({ pendingSince: { $exists: true } })
      .sort({ pendingSince: 1 })
      .limit(1)
      .toArray();
    expect(ids(oldest)).toEqual(['p-1']);
    const before = await docs
      .find({ pendingSince: { $lt: at(3) } })
      .sort({ pendingSince: 1 })
      .limit(5)
      .toArray();
    expect(ids(before)).toEqual(['p-1', 'p-2']);
    await docs.insertOne({ _id: 'p-null', pendingSince: null });
    const withNull = await docs
      .find({ pendingSince: { $exists: true } })
      .sort({ pendingSince: 1 })
      .limit(1)
      .toArray();
    expect(ids(withNull)).toEqual(['p-null']);
    const newest = await docs
      .find({ pendingSince: { $exists: true } })
      .sort({ pendingSince: -1 })
      .limit(1)
      .toArray();
    expect(ids(newest)).toEqual(['p-3']);
    await docs.deleteOne({ _id: 'p-1' });
    const afterDelete = await docs
      .find({ pendingSince: { $gte: at(0) } })
      .sort({ pendingSince: 1 })
      .limit(1)
      .toArray();
    expect(ids(afterDelete)).toEqual(['p-2']);
  });
});
