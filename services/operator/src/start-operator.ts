import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import {
  addressKeyer,
  addressQueryKey,
  customerQueryKey,
  parseKeyEncryptionKeys,
} from '@kindly/audit';
import { createAgentDesk } from '@kindly/escalation';
import { createReplyDesk } from '@kindly/tracker';
import { bindTopics, createEventPublisher } from '@kindly/kafka';
import type { PlanningRules } from '@kindly/rules';
import { pendingStatusIn, type ServiceContext, type StartedService } from '@kindly/service';
import { fileURLToPath } from 'node:url';
import { kafkaActionLog } from './actions/action-log.js';
import { consumerLagReader } from './data-access/consumer-lag.js';
import { startDeadLetterKeeper } from './dead-letters/dead-letter-keeper.js';
import { createDeadLettersRepository } from './dead-letters/dead-letters.repository.js';
import { rewriteWith } from './dead-letters/rewrite-with.js';
import { createApiKeysRepository } from './data-access/api-keys.repository.js';
import { buildOperatorApi } from './http/build-operator-api.js';
import { CONSOLE_BUILD_COMMAND, consoleBuilt } from './http/console-files.js';
import type { OperatorSettings } from './operator-settings.js';

/** The console's build beside this package (services/console/dist), from src or dist alike. */
const DEFAULT_CONSOLE_DIR = fileURLToPath(new URL('../../console/dist', import.meta.url));

/** An address's and a customer's name's keys, as the audit keys them and its CLI looks them up. */
function searchKeys(secret: string) {
  const key = addressKeyer(secret);
  return {
    address: (address: string) => addressQueryKey(key, address),
    customer: (fullName: string) => customerQueryKey(key, fullName),
  };
}

export interface StartedOperator extends StartedService {
  readonly url: string;
  readonly port: number;
  /**
   * Whether `/` serves the console: only when its build was there at start (it is not built on
   * demand, which would take a minute at every start); without it `/` answers 404.
   */
  readonly consoleServed: boolean;
}

/** Wires the operator API: the composition root's body, shared by `main.ts`, the host and tests. */
export async function startOperator(
  context: ServiceContext<OperatorSettings>,
  rules: PlanningRules,
  options: { readonly port?: number } = {},
): Promise<StartedOperator> {
  const { settings, producer, mongo, logger, clock } = context;
  const prefix = settings.KAFKA_TOPIC_PREFIX;
  const publisher = createEventPublisher(
    producer,
    bindTopics(['operator.action', 'account.status', 'contact.consent'], prefix),
  );
  const deadLetters = createDeadLettersRepository(mongo.db);
  const keeper = await startDeadLetterKeeper({
    kafka: context.kafka,
    prefix,
    letters: deadLetters,
    logger,
    ...(settings.OPERATOR_SESSION_TIMEOUT_MS
      ? { sessionTimeoutMs: settings.OPERATOR_SESSION_TIMEOUT_MS }
      : {}),
  });
  const consoleDir = settings.OPERATOR_CONSOLE_DIR ?? DEFAULT_CONSOLE_DIR;
  const consoleServed = consoleBuilt(consoleDir);
  let started: Awaited<ReturnType<typeof buildOperatorApi>> | undefined;
  try {
    started = await buildOperatorApi({
      db: mongo.db,
      keys: createApiKeysRepository(mongo.db),
      actions: kafkaActionLog((events) => publisher.publish('operator.action', events)),
      clock,
      logger,
      newActionId: randomUUID,
      campaigns: settings.RENDERER_FALLBACK_SENDER
        ? { fallbackSender: settings.RENDERER_FALLBACK_SENDER }
        : {},
      audit: {
        periodMinutes: settings.AUDIT_ANCHOR_PERIOD_MINUTES,
        graceMs: settings.AUDIT_ANCHOR_GRACE_SECONDS * 1_000,
        ...(settings.AUDIT_ADDRESS_KEY
          ? { searchKeys: searchKeys(settings.AUDIT_ADDRESS_KEY) }
          : {}),
        ...(settings.AUDIT_EVIDENCE_KEYS
          ? {
              evidenceKeys: parseKeyEncryptionKeys(
                settings.AUDIT_EVIDENCE_KEYS,
                settings.AUDIT_EVIDENCE_ACTIVE_KEY,
              ),
            }
          : {}),
      },
      desk: createAgentDesk({
        db: mongo.db,
        producer,
        topicPrefix: prefix,
        rules,
        taskHorizonDays: settings.ESCALATION_TASK_HORIZON_DAYS,
        clock,
      }),
      replies: createReplyDesk(mongo.db),
      ratePerMinute: settings.OPERATOR_RATE_LIMIT_PER_MINUTE,
      lag: consumerLagReader(context.kafka, prefix),
      deadLetters,
      pending: () => pendingStatusIn(context.metrics.registry),
      rewrite: rewriteWith(producer),
      accountEvents: {
        status: (events) => publisher.publish('account.status', events),
        consent: (events) => publisher.publish('contact.consent', events),
      },
      consoleDir,
    });
    await started.listen({
      host: settings.OPERATOR_HTTP_HOST,
      port: options.port ?? settings.OPERATOR_HTTP_PORT,
    });
  } catch (error) {
    // A port taken, say: the keeper's consumer is not left connected.
    await started?.close();
    await keeper.stop();
    throw error;
  }
  const app = started;
  const port = (app.server.address() as AddressInfo).port;
  const host = ['0.0.0.0', '::'].includes(settings.OPERATOR_HTTP_HOST)
    ? '127.0.0.1'
    : settings.OPERATOR_HTTP_HOST;
  logger.info({ port, consoleServed }, 'operator API listening');
  if (!consoleServed) {
    logger.warn(
      { consoleDir, build: CONSOLE_BUILD_COMMAND },
      `the console is not built, so / answers 404 (the API works): run ${CONSOLE_BUILD_COMMAND} and start again`,
    );
  }
  return {
    url: `http://${host}:${port}`,
    port,
    consoleServed,
    isReady: () => true,
    async stop() {
      await app.close();
      await keeper.stop();
    },
  };
}
