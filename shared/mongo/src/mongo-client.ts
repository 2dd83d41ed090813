import { MongoClient, type Db } from 'mongodb';

export interface MongoSettings {
  /** A standard `mongodb://` URI. A database named in its path is ignored: see `database`. */
  readonly uri: string;
  readonly database: string;
  readonly appName: string;
}

export interface MongoConnection {
  readonly client: MongoClient;
  readonly db: Db;
  close(): Promise<void>;
}

/**
 * Connects and checks the server answers before returning, so that a wrong URI fails at start
 * with its own message rather than at the first query.
 */
export async function connectMongo(settings: MongoSettings): Promise<MongoConnection> {
  const client = new MongoClient(settings.uri, {
    appName: settings.appName,
    serverSelectionTimeoutMS: 10_000,
  });
  await client.connect();
  const db = client.db(settings.database);
  await db.command({ ping: 1 });
  return { client, db, close: () => client.close() };
}

/** Connects, runs `act` on the database, and closes whatever `act` did: a command's one use. */
export async function withMongo<T>(
  settings: MongoSettings,
  act: (db: Db) => Promise<T>,
): Promise<T> {
  const mongo = await connectMongo(settings);
  try {
    return await act(mongo.db);
  } finally {
    await mongo.close();
  }
}

export type MongoFlavour = 'mongodb' | 'ferretdb' | 'mongo-java-server';

export interface MongoServerInfo {
  /** The MongoDB version the server says it speaks. */
  readonly version: string;
  /** What actually answered, e.g. `FerretDB 1.24.2`, `mongo-java-server`, `MongoDB 7.0.14`. */
  readonly product: string;
  readonly flavour: MongoFlavour;
}

/**
 * Names the server behind a connection. Substitutes speak MongoDB's protocol but not all of its
 * features (see MONGODB-SUBSET.md), so tests and reports say which one they talked to.
 */
export async function describeMongoServer(client: MongoClient): Promise<MongoServerInfo> {
  const admin = client.db('admin');
  const info = await admin.command({ buildInfo: 1 });
  const version = String(info['version']);
  const ferret: unknown = info['ferretdbVersion'];
  if (typeof ferret === 'string') {
    return { version, product: `FerretDB ${ferret.replace(/^v/, '')}`, flavour: 'ferretdb' };
  }
  // mongo-java-server has no marker in buildInfo; its serverStatus names the JVM as the process.
  const status: Record<string, unknown> = await admin
    .command({ serverStatus: 1 })
    .catch(() => ({}));
  if (status['process'] === 'java') {
    return {
      version,
      product: `mongo-java-server (MongoDB ${version} wire)`,
      flavour: 'mongo-java-server',
    };
  }
  return { version, product: `MongoDB ${version}`, flavour: 'mongodb' };
}
