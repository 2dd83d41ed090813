import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '@kindly/config';
import { runService, ServiceSettings } from '@kindly/service';
import { EscalationSettingsSchema } from './escalation-settings.js';

const env = {
  KAFKA_BROKERS: '127.0.0.1:1',
  MONGODB_URI: 'mongodb://127.0.0.1:1/',
  ESCALATION_DESK_API_KEY: 'k'.repeat(32),
};
const schema = ServiceSettings.extend(EscalationSettingsSchema.shape);

function problemsOf(settings: Record<string, string>): readonly string[] {
  try {
    parseConfig(schema, settings);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('the escalation settings', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('put the desk on loopback unless told otherwise', () => {
    expect(parseConfig(schema, env).ESCALATION_DESK_HOST).toBe('127.0.0.1');
    expect(
      parseConfig(schema, { ...env, ESCALATION_DESK_HOST: '0.0.0.0' }).ESCALATION_DESK_HOST,
    ).toBe('0.0.0.0');
  });

  it('want a desk key of at least 32 characters', () => {
    const { ESCALATION_DESK_API_KEY: _key, ...without } = env;
    expect(problemsOf(without)).toEqual(['ESCALATION_DESK_API_KEY: missing']);
    expect(problemsOf({ ...env, ESCALATION_DESK_API_KEY: 'k'.repeat(31) })).toEqual([
      expect.stringMatching(/^ESCALATION_DESK_API_KEY: must be at least 32/),
    ]);
  });

  it('keep the service from starting without the key: exit 78, naming it', async () => {
    const { ESCALATION_DESK_API_KEY: _key, ...without } = env;
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
      { env: without, stderr: (line) => lines.push(line) },
    );
    expect(started).toBe(false);
    expect(process.exitCode).toBe(78);
    expect(lines.join('\n')).toContain('ESCALATION_DESK_API_KEY: missing');
  });
});
