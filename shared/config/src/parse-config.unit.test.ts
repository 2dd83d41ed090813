import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig } from './parse-config.js';
import { InfraSettings } from './infra-settings.js';

describe('parseConfig', () => {
  it('parses valid settings and applies defaults', () => {
    const settings = parseConfig(InfraSettings, {
      KAFKA_BROKERS: '127.0.0.1:19092, kafka-2:9092',
      MONGODB_URI: 'mongodb://127.0.0.1:27018/',
    });
    expect(settings.KAFKA_BROKERS).toEqual(['127.0.0.1:19092', 'kafka-2:9092']);
    expect(settings.MONGODB_DATABASE).toBe('kindly');
  });

  it('names every missing and every malformed setting at once', () => {
    let error: unknown;
    try {
      parseConfig(InfraSettings, { KAFKA_BROKERS: 'no-port', MONGODB_DATABASE: 'bad name' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const problems = (error as ConfigError).problems;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^KAFKA_BROKERS: must be host:port/),
        'MONGODB_URI: missing',
        expect.stringMatching(/^MONGODB_DATABASE: must be/),
      ]),
    );
  });

  it('treats an empty variable as unset', () => {
    expect(() => parseConfig(InfraSettings, { KAFKA_BROKERS: '', MONGODB_URI: '' })).toThrow(
      /KAFKA_BROKERS: missing/,
    );
  });
});
