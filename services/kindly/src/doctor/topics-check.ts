import { retryTopicOf, topicCatalog, topicSpecs, type EventType } from '@kindly/contracts';
import { error, ok, type Finding } from './finding.js';

/**
 * The topics `npm run provision` creates (each event's topic and its dead-letter topic, under the
 * prefix), and the retry topics each consuming service creates for itself at its start.
 */
export function expectedTopics(
  prefix: string,
  consumed: Readonly<Record<string, readonly EventType[]>>,
): { provisioned: string[]; retry: string[] } {
  return {
    provisioned: topicSpecs({ prefix }).map((spec) => spec.name),
    retry: Object.entries(consumed).flatMap(([service, types]) =>
      types.map((type) => retryTopicOf(prefix + topicCatalog[type].name, service)),
    ),
  };
}

/**
 * The provisioned topics the cluster lacks: a service refuses to start without them. A retry
 * topic not there yet is no finding: its service creates it when it starts.
 */
export function checkTopics(
  existing: readonly string[],
  expected: { provisioned: readonly string[]; retry: readonly string[] },
  prefix: string,
): Finding[] {
  const present = new Set(existing);
  const missing = expected.provisioned.filter((name) => !present.has(name));
  const under = prefix ? ` under the prefix '${prefix}'` : '';
  if (missing.length > 0) {
    return [
      error(
        'topics',
        `${missing.length} of ${expected.provisioned.length} topics missing${under}`,
        prefix
          ? `create them with provision(…, { prefix: '${prefix}' }) from @kindly/provisioning (npm run provision creates the names without a prefix)`
          : 'npm run provision (with the same KAFKA_BROKERS)',
        missing,
      ),
    ];
  }
  const retries = expected.retry.filter((name) => present.has(name)).length;
  return [
    ok(
      'topics',
      `all ${expected.provisioned.length} topics and dead-letter topics are there${under} (retry topics: ${retries} of ${expected.retry.length}; each service creates its own at its start)`,
    ),
  ];
}
