import { describe, expect, it } from 'vitest';
import { parseConfig } from '@kindly/config';
import { parseKeyEncryptionKeys } from '@kindly/audit';
import { AllSettingsSchema, LOCAL_SECRETS, withLocalSecrets } from './start-all.js';

const base = { KAFKA_BROKERS: '127.0.0.1:1', MONGODB_URI: 'mongodb://127.0.0.1:1/' };
/** The settings' own rules for the secrets. */
const secrets = AllSettingsSchema.pick({
  TRACKER_BOUNCE_TOKEN: true,
  AUDIT_ADDRESS_KEY: true,
  AUDIT_EVIDENCE_KEYS: true,
});

describe('the secrets of a local run', () => {
  it('are made up, random per run, when not given, and pass the settings', () => {
    const first = withLocalSecrets(base);
    const second = withLocalSecrets(base);
    expect(first.generated).toEqual([...LOCAL_SECRETS]);
    for (const name of LOCAL_SECRETS) {
      expect(first.env[name]?.length).toBeGreaterThanOrEqual(32);
      expect(first.env[name]).not.toBe(second.env[name]);
    }
    const settings = parseConfig(secrets, first.env);
    expect(settings.TRACKER_BOUNCE_TOKEN).toBe(first.env['TRACKER_BOUNCE_TOKEN']);
    expect(settings.AUDIT_ADDRESS_KEY).toBe(first.env['AUDIT_ADDRESS_KEY']);
    // The evidence keys in their own form, which the audit accepts.
    expect(() => parseKeyEncryptionKeys(settings.AUDIT_EVIDENCE_KEYS)).not.toThrow();
  });

  it('keep what is given, and fill what is empty', () => {
    const given = 'g'.repeat(40);
    const { env, generated } = withLocalSecrets({
      ...base,
      AUDIT_ADDRESS_KEY: given,
      TRACKER_BOUNCE_TOKEN: '',
    });
    expect(env['AUDIT_ADDRESS_KEY']).toBe(given);
    expect(generated).toEqual(['TRACKER_BOUNCE_TOKEN', 'AUDIT_EVIDENCE_KEYS']);
    expect(env['TRACKER_BOUNCE_TOKEN']?.length).toBeGreaterThanOrEqual(32);
  });
});
