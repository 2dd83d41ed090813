/**
 * The console over a demo run: the operator API (and the console's pages, when built) on the
 * run's database and topics, with one fixed key per role so that a newcomer can log in as each
 * team. The keys are the demo's own, printed in the README: they open a loopback-only server
 * over made-up accounts and must never be used elsewhere.
 */
import { parseConfig } from '@kindly/config';
import { ManualClock } from '@kindly/clock';
import {
  CONSOLE_BUILD_COMMAND,
  hashSecret,
  OperatorSettingsSchema,
  createApiKeysRepository,
  startOperator,
} from '@kindly/operator';
import type { OperatorRole } from '@kindly/contracts';
import { createKafka, createProducer } from '@kindly/kafka';
import { createLogger } from '@kindly/logger';
import { connectMongo, type Db } from '@kindly/mongo';
import { createMetrics } from '@kindly/observability';
import { loadPlanningRules } from '@kindly/rules';
import { ServiceSettings } from '@kindly/service';
import getPort from 'get-port';
import type { DateTime } from 'luxon';
import { readKeptAuditKeys } from '../run-all/kept-local-secrets.js';

const ROLES: readonly OperatorRole[] = ['agent', 'operator', 'marketing', 'auditor', 'admin'];

/** The port the console is served on when it is free (else any free one). */
export const DEMO_CONSOLE_PORT = 8070;

/** The demo's key for a role: `kindly_<12>_<43>`, readable on purpose. */
export function demoKey(role: OperatorRole): { keyId: string; key: string; secret: string } {
  const keyId = `demo${role}`.padEnd(12, '0').slice(0, 12);
  const secret = `demo-${role}-key-not-for-production`.padEnd(43, '0');
  return { keyId, secret, key: `kindly_${keyId}_${secret}` };
}

/** Stores the demo's keys in the run's database (again at every start: kept once). */
export async function ensureDemoKeys(db: Db, at: string): Promise<void> {
  const keys = createApiKeysRepository(db);
  for (const role of ROLES) {
    const { keyId, secret } = demoKey(role);
    await keys.ensure({
      keyId,
      label: `demo ${role}`,
      role,
      secretHash: hashSecret(secret),
      createdAt: at,
      createdBy: 'demo',
    });
  }
}

/** Where to log in, and with which keys; or, when the console is not built, how to build it. */
export function demoKeysText(url: string, consoleServed = true): string {
  return [
    consoleServed
      ? `console and operator API: ${url}  (log in with a key; demo keys, loopback only)`
      : `operator API: ${url}  (the console is not built, so / answers 404: run ${CONSOLE_BUILD_COMMAND}, then npm run demo -- console; demo keys, loopback only)`,
    ...ROLES.map((role) => `  ${role.padEnd(9)} ${demoKey(role).key}`),
  ].join('\n');
}

export interface ServedConsole {
  readonly url: string;
  /** Whether `/` serves the console's pages (only when services/console/dist is built). */
  readonly consoleServed: boolean;
  stop(): Promise<void>;
}

/** Serves the operator API over a run's database and topics, its clock at the run's end. */
export async function serveRunConsole(options: {
  readonly kafkaBrokers: readonly string[];
  readonly mongoUri: string;
  readonly database: string;
  readonly prefix: string;
  readonly end: DateTime;
  /** The run's kept audit keys (auditKeysFileOf), for sealed content and address searches. */
  readonly auditKeysFile?: string;
}): Promise<ServedConsole> {
  const port = await getPort({ host: '127.0.0.1', port: DEMO_CONSOLE_PORT });
  const settings = parseConfig(ServiceSettings.extend(OperatorSettingsSchema.shape), {
    KAFKA_BROKERS: options.kafkaBrokers.join(','),
    MONGODB_URI: options.mongoUri,
    MONGODB_DATABASE: options.database,
    KAFKA_TOPIC_PREFIX: options.prefix,
    LOG_LEVEL: 'warn',
    OPERATOR_HTTP_PORT: String(port),
    // Without them (a run from before they were kept) content and searches answer 501.
    ...(options.auditKeysFile ? readKeptAuditKeys(options.auditKeysFile) : {}),
  });
  const kafka = createKafka({
    brokers: [...options.kafkaBrokers],
    clientId: 'kindly-demo-console',
  });
  const producer = createProducer(kafka);
  await producer.connect();
  const mongo = await connectMongo({
    uri: options.mongoUri,
    database: options.database,
    appName: 'kindly-demo-console',
  });
  try {
    await ensureDemoKeys(mongo.db, options.end.toUTC().toISO({ suppressMilliseconds: true }) ?? '');
    const operator = await startOperator(
      {
        settings,
        logger: createLogger({ service: 'operator', level: 'warn' }),
        metrics: createMetrics({ service: 'operator' }),
        clock: new ManualClock(options.end),
        kafka,
        producer,
        mongo,
      },
      loadPlanningRules(),
    );
    return {
      url: operator.url,
      consoleServed: operator.consoleServed,
      async stop() {
        await operator.stop();
        await producer.disconnect();
        await mongo.close();
      },
    };
  } catch (error) {
    await producer.disconnect();
    await mongo.close();
    throw error;
  }
}
