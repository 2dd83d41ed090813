import { EXIT } from '@kindly/config';
import { readApprovedRuleTexts } from '@kindly/mongo';
import { CONSOLE_BUILD_COMMAND } from '@kindly/operator';
import { loadPlanningRules } from '@kindly/rules';
import { runService } from '@kindly/service';
import { join } from 'node:path';
import { withKeptAuditKeys } from './kept-local-secrets.js';
import { AllSettingsSchema, startAllServices, withLocalSecrets } from './start-all.js';

/**
 * `kindly run all`: every service in one process, as a composition root of its own: settings
 * from the environment (each service's own keys), one health server, stopped on SIGTERM. The
 * bounce token is made up for the run when not set (and not shown). Answers the exit code:
 * runService only sets `process.exitCode` (78 a setting, 1 a failed start), and the kindly
 * command sets its own from what its command answers, which would otherwise overwrite it with 0.
 */
export async function runAllCommand(): Promise<number> {
  const kept = withKeptAuditKeys(
    process.env,
    process.env['KINDLY_LOCAL_SECRETS_FILE'] ?? join('.cache', 'local-secrets.json'),
  );
  const { env, generated } = withLocalSecrets(kept.env);
  await runService(
    {
      name: 'kindly',
      settings: AllSettingsSchema.omit({
        KAFKA_BROKERS: true,
        MONGODB_URI: true,
        MONGODB_DATABASE: true,
        LOG_LEVEL: true,
        HEALTH_PORT: true,
        KAFKA_TOPIC_PREFIX: true,
        INSTANCE_ID: true,
      }),
      start: async (context) => {
        // Each service decides by the versions approved through the operator API, over the files.
        const approved = await readApprovedRuleTexts(context.mongo.db);
        const services = await startAllServices(
          context,
          loadPlanningRules({}, approved),
          approved.templates,
        );
        if (kept.keptIn) {
          context.logger.warn(
            { file: kept.keptIn },
            'the audit address and evidence keys are not set: using the local ones kept in this file (owner-only); a deployment sets AUDIT_ADDRESS_KEY and AUDIT_EVIDENCE_KEYS from its secret store',
          );
        }
        if (generated.length > 0) {
          context.logger.warn(
            { settings: generated },
            'not set: made up a random secret for each, for this run only (not shown); set them to call these routes yourself',
          );
        }
        const firstKey = 'a key: kindly keys create --role admin --label … --reason …';
        if (services.consoleServed) {
          context.logger.info(
            { operatorUrl: services.operatorUrl, console: 'served' },
            `operator API and console: ${services.operatorUrl} (${firstKey})`,
          );
        } else {
          // Not built on demand (a minute at every start): said plainly, with how to build it.
          context.logger.warn(
            {
              operatorUrl: services.operatorUrl,
              console: 'not built',
              build: CONSOLE_BUILD_COMMAND,
            },
            `operator API: ${services.operatorUrl} (${firstKey}); the console is not built, so ${services.operatorUrl}/ answers 404: run ${CONSOLE_BUILD_COMMAND} and start again to serve it there`,
          );
        }
        // The escalation service serves no HTTP of its own: agents work at the API, with their keys.
        const deskPage = services.consoleServed ? "the console's desk page, or " : '';
        context.logger.info(
          { desk: `${services.operatorUrl}/v1/desk/tasks` },
          `agent desk: ${deskPage}${services.operatorUrl}/v1/desk/tasks with an agent's key (kindly keys create --role agent --label … --reason …)`,
        );
        return services;
      },
    },
    { env },
  );
  return Number(process.exitCode ?? EXIT.ok);
}
