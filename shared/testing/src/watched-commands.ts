import { connectMongo, type Db } from '@kindly/mongo';
import { testInfra } from './test-namespace.js';

export interface WatchedConnection {
  readonly db: Db;
  /** The name of each command sent to `collection`, in order (`find`, `insert`, `update`, …). */
  readonly commands: string[];
  close(): Promise<void>;
}

/**
 * A connection to a test namespace's database that records the commands sent to one collection
 * (the driver's command monitoring): how a test shows that calls made at once went as one command.
 */
export async function connectWatchingCommands(
  database: string,
  collection: string,
): Promise<WatchedConnection> {
  const url = new URL(testInfra().mongoUri);
  url.searchParams.set('monitorCommands', 'true');
  const connection = await connectMongo({ uri: url.toString(), database, appName: 'test' });
  const commands: string[] = [];
  connection.client.on('commandStarted', (event) => {
    if (event.command[event.commandName] === collection) commands.push(event.commandName);
  });
  return { db: connection.db, commands, close: () => connection.close() };
}
