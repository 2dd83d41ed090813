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

export interface MongoServerInfo {
  /** The MongoDB version the server speaks. */
  readonly version: string;
  /** `FerretDB 1.24.2` or `MongoDB 7.0.x`: what actually answered. */
  readonly product: string;
  readonly flavour: 'mongodb' | 'ferretdb';
}

export async function describeMongoServer(client: MongoClient): Promise<MongoServerInfo> {
  const info = await client.db('admin').command({ buildInfo: 1 });
  const version = String(info['version']);
  const ferret: unknown = info['ferretdbVersion'] ?? info['ferretdb'];
  if (typeof ferret === 'string') {
    return { version, product: `FerretDB ${ferret.replace(/^v/, '')}`, flavour: 'ferretdb' };
  }
  return { version, product: `MongoDB ${version}`, flavour: 'mongodb' };
}
