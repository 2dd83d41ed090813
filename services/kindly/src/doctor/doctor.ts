import { relative } from 'node:path';
import { collectionCatalog } from '@kindly/provisioning';
import { loadSenderDirectory, sendersFileIn } from '@kindly/renderer';
import { loadPlanningRules } from '@kindly/rules';
import { consumedTopics } from '../run-all/start-all.js';
import { judgeClockSkew } from './clock-check.js';
import { checkSenderCoverage } from './coverage-check.js';
import { targetOf, type DoctorTarget } from './doctor-target.js';
import { error, warn, type Finding } from './finding.js';
import { checkIndexes } from './indexes-check.js';
import { readKafkaFacts, type KafkaFacts } from './kafka-facts.js';
import { readMongoFacts, type MongoFacts, type Unknown } from './mongo-facts.js';
import { checkKafkaReach, checkMongoReach } from './reach-check.js';
import { checkSettings } from './settings-check.js';
import { messageOf } from './time-limit.js';
import { checkTopics, expectedTopics } from './topics-check.js';

type Env = Readonly<Record<string, string | undefined>>;

const known = <T extends object>(fact: T | Unknown | undefined): T | undefined =>
  fact !== undefined && !('failure' in fact) ? fact : undefined;
const failureOf = (fact: object | undefined) =>
  fact !== undefined && 'failure' in fact ? String(fact.failure) : undefined;

/**
 * Every check of `kindly doctor`, in the order it prints them: settings, Kafka and its topics,
 * MongoDB and its indexes, the sender profiles, the clock. Kafka and MongoDB are asked at once,
 * each with short timeouts; a check whose server did not answer says it was not done.
 */
export async function diagnose(env: Env): Promise<Finding[]> {
  const target = targetOf(env);
  const [kafka, mongo] = await Promise.all([
    target.kafkaBrokers ? readKafkaFacts(target.kafkaBrokers) : undefined,
    target.mongoUri && target.mongoDatabase
      ? readMongoFacts(target.mongoUri, target.mongoDatabase)
      : undefined,
  ]);
  return [
    ...checkSettings(env),
    ...kafkaFindings(target, kafka),
    ...mongoFindings(target, mongo),
    ...senderFindings(target, mongo),
    ...clockFindings(mongo),
  ];
}

function kafkaFindings(target: DoctorTarget, kafka: KafkaFacts | undefined): Finding[] {
  if (!kafka) return [warn('kafka', 'not checked: KAFKA_BROKERS is not set or does not parse')];
  const reach = checkKafkaReach(kafka);
  if (!kafka.topics) return [...reach, warn('topics', 'not checked: Kafka did not answer')];
  if (target.topicPrefix === undefined)
    return [...reach, warn('topics', 'not checked: KAFKA_TOPIC_PREFIX does not parse')];
  const prefix = target.topicPrefix;
  return [...reach, ...checkTopics(kafka.topics, expectedTopics(prefix, consumedTopics), prefix)];
}

function mongoFindings(target: DoctorTarget, mongo: MongoFacts | undefined): Finding[] {
  if (!mongo || !target.mongoDatabase) {
    return [
      warn('mongodb', 'not checked: MONGODB_URI or MONGODB_DATABASE is not set or does not parse'),
    ];
  }
  const reach = checkMongoReach(mongo);
  if (mongo.server === undefined)
    return [...reach, warn('indexes', 'not checked: MongoDB did not answer')];
  const indexes = known(mongo.indexes);
  if (!indexes) {
    return [...reach, warn('indexes', `not checked: ${failureOf(mongo.indexes) ?? 'not listed'}`)];
  }
  return [...reach, ...checkIndexes(indexes, collectionCatalog, target.mongoDatabase)];
}

/**
 * The renderer's sender directory against the policy in force (the approved version when MongoDB
 * has one, else the file), and against the customers on file when MongoDB answered.
 */
function senderFindings(target: DoctorTarget, mongo: MongoFacts | undefined): Finding[] {
  const file = shortPath(sendersFileIn(target.templatesDir));
  let senders: ReturnType<typeof loadSenderDirectory>;
  try {
    senders = loadSenderDirectory(file, target.fallbackSender);
  } catch (thrown) {
    return [
      error('senders', messageOf(thrown), `correct ${file}: the renderer refuses to start with it`),
    ];
  }
  const approved = known(mongo?.approved) ?? {};
  let policyJurisdictions: string[];
  try {
    policyJurisdictions = [...loadPlanningRules({}, approved).policy.jurisdictions.keys()];
  } catch (thrown) {
    return [
      error(
        'senders',
        `the rules do not load: ${messageOf(thrown)}`,
        'correct the file or version named',
      ),
    ];
  }
  const inUse = known(mongo?.inUse);
  const findings = checkSenderCoverage({
    file,
    senders,
    policyJurisdictions,
    policySource: approved.policy !== undefined ? 'the approved policy' : 'the policy file',
    ...(inUse ? { inUse } : {}),
  });
  const notLooked = failureOf(mongo?.inUse);
  if (mongo?.server !== undefined && notLooked !== undefined) {
    findings.push(
      warn('senders', `the jurisdictions of the customers on file not checked: ${notLooked}`),
    );
  }
  return findings;
}

/**
 * This machine's clock against the MongoDB server's. Kafka's brokers do not tell their time over
 * the admin protocol, so they are not compared.
 */
function clockFindings(mongo: MongoFacts | undefined): Finding[] {
  if (mongo?.server === undefined) return [warn('clock', 'not checked: MongoDB did not answer')];
  const reading = known(mongo.clock);
  if (!reading) return [warn('clock', `not checked: ${failureOf(mongo.clock) ?? 'no reading'}`)];
  return [judgeClockSkew(reading, `the clock of the MongoDB server at ${mongo.where}`)];
}

/** A path as the person at the terminal would type it, when it is under where they are. */
function shortPath(file: string): string {
  const near = relative(process.cwd(), file);
  return near.startsWith('..') ? file : near;
}
