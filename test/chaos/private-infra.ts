/**
 * A Kafka broker and a MongoDB-wire server of the fault test's own, started by infra/local's
 * scripts on free ports with a cache folder of their own: the test stops and starts this broker
 * at will, which it must never do to the one the other test files share.
 */
import { execFile } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freePort } from '@kindly/testing';

const root = fileURLToPath(new URL('../..', import.meta.url));

export interface PrivateInfra {
  readonly kafkaBrokers: readonly string[];
  readonly mongoUri: string;
  /** Stops the broker (its data stays): an outage. */
  stopKafka(): Promise<void>;
  /** Starts it again on the same port with the same data. */
  startKafka(): Promise<void>;
  /** Stops both and deletes their data. */
  destroy(): Promise<void>;
}

export async function startPrivateInfra(name: string): Promise<PrivateInfra> {
  const cache = join(root, '.cache', 'faults', name);
  rmSync(cache, { recursive: true, force: true });
  mkdirSync(cache, { recursive: true });
  const env = {
    ...process.env,
    KINDLY_CACHE_DIR: cache,
    KINDLY_KAFKA_PORT: String(await freePort()),
    KINDLY_KAFKA_CONTROLLER_PORT: String(await freePort()),
    KINDLY_MONGO_PORT: String(await freePort()),
    KINDLY_MONGO_SERVER: 'mongo-java-server',
  };
  const script = (file: string, ...args: string[]) =>
    run(join(root, 'infra/local', file), args, env);
  const settings = await script('up.sh');
  const value = (key: string) => {
    const line = settings.split('\n').find((l) => l.startsWith(`${key}=`));
    if (!line) throw new Error(`infra/local/up.sh printed no ${key}`);
    return line.slice(key.length + 1);
  };
  return {
    kafkaBrokers: value('KAFKA_BROKERS').split(','),
    mongoUri: value('MONGODB_URI'),
    stopKafka: async () => void (await script('down.sh', 'kafka')),
    startKafka: async () => void (await script('up.sh')),
    async destroy() {
      await script('down.sh');
      rmSync(cache, { recursive: true, force: true });
    },
  };
}

function run(file: string, args: readonly string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(
      'bash',
      [file, ...args],
      { env, maxBuffer: 16 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error) reject(new Error(`${file} failed: ${stderr.slice(-2_000)}`));
        else resolve(stdout);
      },
    );
  });
}
