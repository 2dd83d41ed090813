import { loadPlanningRules } from '@kindly/rules';
import { runService } from '@kindly/service';
import { AllSettingsSchema, startAllServices, withLocalSecrets } from './start-all.js';

/**
 * `kindly run all`: every service in one process, as a composition root of its own: settings
 * from the environment (each service's own keys), one health server, stopped on SIGTERM. The
 * bounce token and the desk key are made up for the run when not set (and not shown).
 */
export async function runAllCommand(): Promise<void> {
  const { env, generated } = withLocalSecrets(process.env);
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
        const services = await startAllServices(context, loadPlanningRules());
        if (generated.length > 0) {
          context.logger.warn(
            { settings: generated },
            'not set: made up a random secret for each, for this run only (not shown); set them to call these routes yourself',
          );
        }
        // How to reach the desk, without the key: it is read from the caller's environment.
        context.logger.info(
          { deskUrl: services.deskUrl },
          `agent desk: curl -H "Authorization: Bearer $ESCALATION_DESK_API_KEY" ${services.deskUrl}/tasks`,
        );
        return services;
      },
    },
    { env },
  );
}
