import { MongoClient, type Db } from 'mongodb';

/**
 * A database handle that never connects: collections are handles, and nothing is asked of them
 * (an HTTP app built only to describe its routes, say). Any operation on it fails at once.
 */
export function unconnectedDb(name: string): { db: Db; close(): Promise<void> } {
  const client = new MongoClient('mongodb://127.0.0.1:9/', { serverSelectionTimeoutMS: 1 });
  return { db: client.db(name), close: () => client.close() };
}
