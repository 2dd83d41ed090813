import { afterEach, describe, expect, it } from 'vitest';
import { parseConfig } from '@kindly/config';
import { runService, ServiceSettings } from '@kindly/service';
import { EscalationSettingsSchema } from './escalation-settings.js';

const env = { KAFKA_BROKERS: '127.0.0.1:1', MONGODB_URI: 'mongodb://127.0.0.1:1/' };
const schema = ServiceSettings.extend(EscalationSettingsSchema.shape);

describe('the escalation settings', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  // The desk's door moved to the operator API: no key or port of the service's own is wanted.
  it('need nothing beyond every service’s, and default the rest', () => {
    expect(parseConfig(schema, env)).toMatchObject({
      ESCALATION_POLL_INTERVAL_MS: 1_000,
      ESCALATION_BATCH_SIZE: 200,
      ESCALATION_TASK_HORIZON_DAYS: 5,
    });
  });

  it('keep the service from starting with a task horizon beyond 14 days: exit 78, naming it', async () => {
    const lines: string[] = [];
    let started = false;
    await runService(
      {
        name: 'escalation',
        settings: EscalationSettingsSchema,
        start: () => {
          started = true;
          throw new Error('must not start');
        },
      },
      { env: { ...env, ESCALATION_TASK_HORIZON_DAYS: '15' }, stderr: (line) => lines.push(line) },
    );
    expect(started).toBe(false);
    expect(process.exitCode).toBe(78);
    expect(lines.join('\n')).toContain('ESCALATION_TASK_HORIZON_DAYS');
  });
});
