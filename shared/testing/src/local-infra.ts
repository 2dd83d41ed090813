import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

export interface LocalInfra {
  readonly kafkaBrokers: string[];
  readonly mongoUri: string;
  /** Stops what this call started, and nothing that was already running. */
  stop(): Promise<void>;
}

/** Starts infra/local (or finds it running) and returns its endpoints. */
export async function startLocalInfra(): Promise<LocalInfra> {
  const { stdout } = await run('bash', [`${repoRoot}/infra/local/up.sh`], {
    cwd: repoRoot,
    maxBuffer: 1 << 20,
  }).catch((error: unknown) => {
    const stderr = (error as { stderr?: string }).stderr ?? '';
    throw new Error(`infra/local/up.sh failed:\n${stderr}`);
  });
  const settings = new Map(
    stdout
      .split('\n')
      .filter((line) => line.includes('='))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
  const started = (settings.get('KINDLY_INFRA_STARTED') ?? '').split(' ').filter(Boolean);
  const brokers = settings.get('KAFKA_BROKERS');
  const mongoUri = settings.get('MONGODB_URI');
  if (!brokers || !mongoUri) throw new Error(`infra/local/up.sh printed no settings:\n${stdout}`);
  return {
    kafkaBrokers: brokers.split(','),
    mongoUri,
    stop: async () => {
      if (started.length > 0) await run('bash', [`${repoRoot}/infra/local/down.sh`, ...started]);
    },
  };
}

/** Endpoints from KAFKA_BROKERS and MONGODB_URI, when both are set. */
export function infraFromEnvironment(
  env: Readonly<Record<string, string | undefined>> = process.env,
): { kafkaBrokers: string[]; mongoUri: string } | null {
  const brokers = env['KAFKA_BROKERS'];
  const mongoUri = env['MONGODB_URI'];
  if (!brokers || !mongoUri) return null;
  return { kafkaBrokers: brokers.split(',').map((b) => b.trim()), mongoUri };
}
