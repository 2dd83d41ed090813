import { describe, expect, it } from 'vitest';
import { parseConfig } from '@kindly/config';
import { ServiceSettings } from './service-settings.js';

const infra = { KAFKA_BROKERS: '127.0.0.1:9092', MONGODB_URI: 'mongodb://127.0.0.1:27017/' };

describe('every service’s settings', () => {
  it('listen on loopback unless told otherwise', () => {
    expect(parseConfig(ServiceSettings, infra).HEALTH_HOST).toBe('127.0.0.1');
    expect(parseConfig(ServiceSettings, { ...infra, HEALTH_HOST: '0.0.0.0' }).HEALTH_HOST).toBe(
      '0.0.0.0',
    );
  });

  it('recover what was left behind every 15 s, after 30 s, alerting after 10 minutes', () => {
    const settings = parseConfig(ServiceSettings, infra);
    expect([
      settings.RECOVERY_INTERVAL_MS,
      settings.RECOVERY_GRACE_MS,
      settings.RECOVERY_ALERT_AFTER_MS,
    ]).toEqual([15_000, 30_000, 600_000]);
  });
});
