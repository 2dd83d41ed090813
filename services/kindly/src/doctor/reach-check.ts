import { error, ok, warn, type Finding } from './finding.js';
import type { KafkaFacts } from './kafka-facts.js';
import type { MongoFacts } from './mongo-facts.js';

const START_KAFKA =
  'start Kafka (npm run infra:up starts a local one) or point KAFKA_BROKERS at where it runs';
const START_MONGO =
  'start MongoDB (npm run infra:up starts a local one) or point MONGODB_URI at where it runs';

/** Whether Kafka answered, naming each broker of `KAFKA_BROKERS` that did not, and why. */
export function checkKafkaReach(facts: KafkaFacts): Finding[] {
  const answered = facts.topics !== undefined;
  const findings: Finding[] = facts.down.map((down) =>
    answered
      ? warn(
          'kafka',
          `broker ${down.address} ${down.reason} (the cluster answered through the others)`,
          'take it out of KAFKA_BROKERS, or bring it back',
        )
      : error('kafka', `Kafka is down: ${down.address} ${down.reason}`, START_KAFKA),
  );
  if (answered) {
    const brokers = facts.clusterBrokers ?? [];
    findings.unshift(
      ok(
        'kafka',
        `the cluster answered: ${brokers.length} broker${brokers.length === 1 ? '' : 's'} (${brokers.join(', ')})`,
      ),
    );
  } else if (facts.failure !== undefined) {
    findings.push(
      error(
        'kafka',
        `Kafka at ${facts.tried.join(', ')} took the connection, but failed: ${facts.failure}`,
        "check that KAFKA_BROKERS names the brokers' client listener, and that the addresses they advertise can be reached from here",
      ),
    );
  }
  return findings;
}

/** Whether MongoDB answered, naming each host of `MONGODB_URI` that did not, and why. */
export function checkMongoReach(facts: MongoFacts): Finding[] {
  const answered = facts.server !== undefined;
  const findings: Finding[] = facts.down.map((down) =>
    answered
      ? warn(
          'mongodb',
          `host ${down.address} ${down.reason} (the server answered through the others)`,
          'take it out of MONGODB_URI, or bring it back',
        )
      : error('mongodb', `MongoDB is down: ${down.address} ${down.reason}`, START_MONGO),
  );
  if (answered) {
    findings.unshift(ok('mongodb', `${facts.server} answered at ${facts.where}`));
  } else if (facts.failure !== undefined) {
    findings.push(
      error(
        'mongodb',
        `MongoDB at ${facts.where} took the connection, but failed: ${facts.failure}`,
        'check MONGODB_URI (host, port, user, TLS options) and that the server runs',
      ),
    );
  }
  return findings;
}
