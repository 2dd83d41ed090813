import { loadPlanningRules } from '@kindly/rules';
import { runService } from '@kindly/service';
import { AllSettingsSchema, startAllServices } from './start-all.js';

/**
 * `kindly run all`: every service in one process, as a composition root of its own: settings
 * from the environment (each service's own keys), one health server, stopped on SIGTERM.
 */
export async function runAllCommand(): Promise<void> {
  await runService({
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
    start: (context) => startAllServices(context, loadPlanningRules()),
  });
}
