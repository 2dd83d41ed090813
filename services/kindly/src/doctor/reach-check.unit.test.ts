import { describe, expect, it } from 'vitest';
import { checkKafkaReach, checkMongoReach } from './reach-check.js';

const refused = 'refused the connection: nothing listens there';

describe('the reach checks', () => {
  it('names each broker that is down, and where, when none answered', () => {
    const findings = checkKafkaReach({
      down: [
        { address: 'kafka-1:9092', reason: refused },
        { address: 'kafka-2:9092', reason: 'no such host' },
      ],
      tried: [],
    });
    expect(findings.map((f) => [f.status, f.message])).toEqual([
      ['error', `Kafka is down: kafka-1:9092 ${refused}`],
      ['error', 'Kafka is down: kafka-2:9092 no such host'],
    ]);
    expect(findings[0]?.fix).toMatch(/KAFKA_BROKERS/);
  });

  it('warns of a bootstrap broker down when the cluster answered through another', () => {
    const findings = checkKafkaReach({
      down: [{ address: 'kafka-2:9092', reason: refused }],
      tried: ['kafka-1:9092'],
      topics: [],
      clusterBrokers: ['kafka-1:9092'],
    });
    expect(findings.map((f) => f.status)).toEqual(['ok', 'warn']);
    expect(findings[0]?.message).toBe('the cluster answered: 1 broker (kafka-1:9092)');
  });

  it('says when something took the connection but was not Kafka, or MongoDB', () => {
    expect(
      checkKafkaReach({ down: [], tried: ['db:27017'], failure: 'Closed connection' })[0]?.message,
    ).toBe('Kafka at db:27017 took the connection, but failed: Closed connection');
    expect(
      checkMongoReach({ where: 'kafka:9092', down: [], failure: 'no answer within 8 s' })[0]
        ?.message,
    ).toBe('MongoDB at kafka:9092 took the connection, but failed: no answer within 8 s');
  });

  it('names the MongoDB server that answered, or the host that is down', () => {
    expect(
      checkMongoReach({ where: 'db:27017', down: [], server: 'MongoDB 7.0.14' })[0]?.message,
    ).toBe('MongoDB 7.0.14 answered at db:27017');
    expect(
      checkMongoReach({ where: 'db:27017', down: [{ address: 'db:27017', reason: refused }] })[0],
    ).toMatchObject({ status: 'error', message: `MongoDB is down: db:27017 ${refused}` });
  });
});
