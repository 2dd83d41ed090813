import { collectionCatalog } from '@kindly/provisioning';
import { PLANNER_ACCOUNTS } from '@kindly/planner';
import type { ApprovedRuleTexts } from '@kindly/rules';
import {
  connectMongo,
  describeMongoServer,
  readApprovedRuleTexts,
  type Db,
  type MongoConnection,
} from '@kindly/mongo';
import { addressOf, mongoEndpoints } from './endpoints.js';
import type { ClockReading } from './clock-check.js';
import type { ExistingIndex } from './indexes-check.js';
import { probeTcp, type Unreachable } from './tcp-probe.js';
import { messageOf, TIMEOUTS, withinTime } from './time-limit.js';

/** Something the doctor could not learn, and why. */
export interface Unknown {
  readonly failure: string;
}

/** What the doctor learns from MongoDB: the edge of the MongoDB checks, which are pure. */
export interface MongoFacts {
  /** Where `MONGODB_URI` points (hosts only), for the report. */
  readonly where: string;
  /** The hosts that took no connection. */
  readonly down: readonly Unreachable[];
  /** Why the server did not answer although a host took the connection. */
  readonly failure?: string;
  /** What answered, e.g. `MongoDB 7.0.14`; present when the server answered. */
  readonly server?: string;
  /** The indexes of each catalog collection that exists, by collection. */
  readonly indexes?: ReadonlyMap<string, readonly ExistingIndex[]> | Unknown;
  readonly clock?: ClockReading | Unknown;
  /** The rule versions approved through the operator API, in force over the files. */
  readonly approved?: ApprovedRuleTexts | Unknown;
  /** The jurisdictions of the customers on file (the planner's accounts), by tenant. */
  readonly inUse?: ReadonlyMap<string, readonly string[]> | Unknown;
}

// The distincts walk the planner's accounts: bounded, so that a large store cannot hold the
// doctor up (MongoDB stops them; the local server is small). Beyond this many tenants, say so.
const DISTINCT_MAX_MS = 3_000;
const MAX_TENANTS = 50;

export async function readMongoFacts(uri: string, database: string): Promise<MongoFacts> {
  const { srv, endpoints } = mongoEndpoints(uri);
  const where = endpoints.map((e) => (srv ? `${e.host} (DNS SRV)` : addressOf(e))).join(', ');
  // An SRV name is resolved by the driver: there is no host:port to try beforehand.
  const probes = srv
    ? []
    : await Promise.all(endpoints.map((e) => probeTcp(e, TIMEOUTS.connectMs)));
  const down = probes.flatMap((probe) => (probe ? [probe] : []));
  if (!srv && down.length === endpoints.length) return { where, down };

  const connecting = connectMongo({ uri, database, appName: 'kindly-doctor' });
  let mongo: MongoConnection;
  try {
    mongo = await withinTime(connecting, TIMEOUTS.askMs);
  } catch (thrown) {
    // Should it connect after all, let it go.
    connecting.then((late) => late.close()).catch(() => undefined);
    return { where, down, failure: messageOf(thrown) };
  }
  try {
    const ask = <T>(work: () => Promise<T>): Promise<T | Unknown> =>
      withinTime(work(), TIMEOUTS.askMs).catch((thrown: unknown) => ({
        failure: messageOf(thrown),
      }));
    const described = await ask(() => describeMongoServer(mongo.client));
    return {
      where,
      down,
      server: 'product' in described ? described.product : 'a MongoDB server',
      clock: await ask(() => readClock(mongo.db)),
      indexes: await ask(() => readIndexes(mongo.db)),
      approved: await ask(() => readApprovedRuleTexts(mongo.db)),
      inUse: await ask(() => readJurisdictionsInUse(mongo.db)),
    };
  } finally {
    await mongo.close();
  }
}

/**
 * The server's time, with when it was asked and answered by this machine's clock.
 * `serverStatus` has it on every supported server; `hello` is MongoDB's fallback for a user
 * without the right to see the server's status (mongo-java-server lacks `hello`).
 */
async function readClock(db: Db): Promise<ClockReading> {
  const admin = db.admin();
  for (const command of [{ serverStatus: 1 }, { hello: 1 }]) {
    const sentAt = Date.now();
    const reply: Record<string, unknown> = await admin.command(command).catch(() => ({}));
    const receivedAt = Date.now();
    const localTime = reply['localTime'];
    if (localTime instanceof Date) return { sentAt, receivedAt, serverTime: localTime.getTime() };
  }
  throw new Error('the server did not say its time (serverStatus, hello)');
}

async function readIndexes(db: Db): Promise<Map<string, ExistingIndex[]>> {
  const existing = new Set(
    (await db.listCollections({}, { nameOnly: true }).toArray()).map((c) => c.name),
  );
  const indexes = new Map<string, ExistingIndex[]>();
  for (const { name } of collectionCatalog) {
    if (!existing.has(name)) continue;
    const listed: unknown[] = await db.collection(name).listIndexes().toArray();
    indexes.set(name, listed.map(asExistingIndex));
  }
  return indexes;
}

function asExistingIndex(value: unknown): ExistingIndex {
  return typeof value === 'object' && value !== null ? value : {};
}

/**
 * The jurisdictions of the customers on file, by tenant: each needs a sender profile. The
 * planner's copy of the accounts, which every deployment keeps (the renderer's is the host's
 * shared one when one process hosts them all).
 * `distinct` is in the subset every supported server has (MONGODB-SUBSET.md).
 */
async function readJurisdictionsInUse(db: Db): Promise<Map<string, string[]>> {
  const accounts = db.collection(PLANNER_ACCOUNTS);
  const tenants = (await accounts.distinct('tenantId', {}, { maxTimeMS: DISTINCT_MAX_MS }))
    .filter((t): t is string => typeof t === 'string')
    .sort();
  if (tenants.length > MAX_TENANTS) {
    throw new Error(`${tenants.length} tenants on file: more than the doctor looks through`);
  }
  const inUse = new Map<string, string[]>();
  for (const tenantId of tenants) {
    const jurisdictions = await accounts.distinct(
      'contact.value.jurisdiction',
      { tenantId },
      { maxTimeMS: DISTINCT_MAX_MS },
    );
    inUse.set(tenantId, jurisdictions.filter((j): j is string => typeof j === 'string').sort());
  }
  return inUse;
}
