import { describe, expect, it } from 'vitest';
import { InfraSettings } from './infra-settings.js';

const problemsOf = (env: Record<string, string>) => {
  const result = InfraSettings.safeParse({
    KAFKA_BROKERS: '127.0.0.1:9092',
    MONGODB_URI: 'mongodb://127.0.0.1:27017/',
    ...env,
  });
  return result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
};

describe('InfraSettings', () => {
  it('accepts usual brokers and URIs', () => {
    for (const env of [
      { KAFKA_BROKERS: 'kafka-1:9092, kafka-2:65535' },
      { MONGODB_URI: 'mongodb+srv://user:p%40ss@cluster.example.com/?retryWrites=true' },
      { MONGODB_URI: 'mongodb://a:1,b:27017/kindly?replicaSet=rs0&tls=false' },
    ]) {
      expect(problemsOf(env)).toEqual([]);
    }
  });

  it('refuses a broker port outside 1–65535', () => {
    for (const broker of ['127.0.0.1:99999', '127.0.0.1:0', 'kafka:9092,kafka:70000']) {
      expect(problemsOf({ KAFKA_BROKERS: broker })).toEqual([
        'KAFKA_BROKERS: must be host:port[,host:port…], each port 1–65535',
      ]);
    }
  });

  it('refuses a MongoDB URI the driver would refuse, naming no part of it', () => {
    const cases: [string, string][] = [
      ['mongodb://127.0.0.1:99999/', 'with every port 1–65535'],
      ['mongodb://127.0.0.1:27017/?tls=maybe', 'whose option tls is true or false'],
      ['mongodb://127.0.0.1/?retrywrites=yes', 'whose option retryWrites is'],
      ['mongodb://user:p@ss@127.0.0.1/', 'percent-encoded'],
      ['http://127.0.0.1/', 'must be a mongodb:// or mongodb+srv:// URI'],
    ];
    for (const [uri, expected] of cases) {
      const [problem, ...more] = problemsOf({ MONGODB_URI: uri });
      expect(problem).toContain(expected);
      expect(problem).not.toContain('ss@');
      expect(more).toEqual([]);
    }
  });
});
