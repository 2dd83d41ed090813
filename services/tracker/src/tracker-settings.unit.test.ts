import { afterEach, describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from '@kindly/config';
import { runService, ServiceSettings } from '@kindly/service';
import { TrackerSettingsSchema } from './tracker-settings.js';

const env = {
  KAFKA_BROKERS: '127.0.0.1:1',
  MONGODB_URI: 'mongodb://127.0.0.1:1/',
  TRACKER_PUBLIC_BASE_URL: 'https://t.bank.example',
  TRACKER_TWILIO_AUTH_TOKEN: 'twilio-auth-token',
  TRACKER_UNSUBSCRIBE_SECRET: 'unsubscribe-secret-0123',
  TRACKER_BOUNCE_TOKEN: 'b'.repeat(32),
};
const schema = ServiceSettings.extend(TrackerSettingsSchema.shape);

function problemsOf(settings: Record<string, string>): readonly string[] {
  try {
    parseConfig(schema, settings);
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  return [];
}

describe('the tracker settings', () => {
  afterEach(() => {
    process.exitCode = undefined;
  });

  it('listen on loopback only unless told otherwise', () => {
    const settings = parseConfig(schema, { ...env, TRACKER_SMTP_PORT: '2525' });
    expect(settings.TRACKER_HTTP_HOST).toBe('127.0.0.1');
    expect(settings.TRACKER_SMTP_HOST).toBe('127.0.0.1');
  });

  it('want a bounce token of at least 32 characters', () => {
    const { TRACKER_BOUNCE_TOKEN: _token, ...without } = env;
    expect(problemsOf(without)).toEqual(['TRACKER_BOUNCE_TOKEN: missing']);
    expect(problemsOf({ ...without, TRACKER_BOUNCE_TOKEN: '' })).toEqual([
      'TRACKER_BOUNCE_TOKEN: missing',
    ]);
    expect(problemsOf({ ...env, TRACKER_BOUNCE_TOKEN: 'b'.repeat(31) })).toEqual([
      expect.stringMatching(/^TRACKER_BOUNCE_TOKEN: must be at least 32/),
    ]);
  });

  it('keep the service from starting without the token: exit 78, naming it', async () => {
    const { TRACKER_BOUNCE_TOKEN: _token, ...without } = env;
    const lines: string[] = [];
    let started = false;
    await runService(
      {
        name: 'tracker',
        settings: TrackerSettingsSchema,
        start: () => {
          started = true;
          throw new Error('must not start');
        },
      },
      { env: without, stderr: (line) => lines.push(line) },
    );
    expect(started).toBe(false);
    expect(process.exitCode).toBe(78);
    expect(lines.join('\n')).toContain('TRACKER_BOUNCE_TOKEN: missing');
  });
});
