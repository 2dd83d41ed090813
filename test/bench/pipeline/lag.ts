/**
 * Consumer lag per topic over a run: every second, for every service's consumer group, the
 * topic's end offsets minus the group's committed offsets, summed over partitions and over the
 * groups that consume the topic (records not yet handled by every service that reads them).
 */
import { consumedTopics } from '@kindly/cli';
import { topicCatalog, type EventType } from '@kindly/contracts';
import { dispatcherTopics } from '@kindly/dispatcher';
import type { Kafka } from '@kindly/kafka';
import { bankTopics, contactTopics, releasedTopics } from '@kindly/renderer';
import { schedulerTopics } from '@kindly/scheduler';

/** Consumer group (without the prefix) → the topics it reads. */
export type ConsumerGroups = Readonly<Record<string, readonly EventType[]>>;

/**
 * The groups of `kindly run all` (one process), or of the services the benchmark runs one to a
 * process (run-once's SERVICES): alone, the scheduler, renderer and dispatcher each fold the
 * bank's events into a copy of their own, and no account-facts group exists.
 */
export function consumerGroupsOf(services: readonly string[] | 'all'): ConsumerGroups {
  if (services === 'all') return consumedTopics;
  const alone: Record<string, readonly EventType[]> = {
    ...consumedTopics,
    scheduler: schedulerTopics,
    renderer: [...bankTopics, ...contactTopics, ...releasedTopics],
    dispatcher: dispatcherTopics,
  };
  return Object.fromEntries(services.map((service) => [service, alone[service] ?? []]));
}

export interface LagSample {
  /** Milliseconds since the run's first publish. */
  readonly t: number;
  /** Topic (without the run's prefix) → records not yet handled, over all consuming groups. */
  readonly lag: Readonly<Record<string, number>>;
  /** Group (without the prefix) → records it has not yet handled, over all its topics. */
  readonly byGroup: Readonly<Record<string, number>>;
}

export interface LagSummary {
  readonly topic: string;
  readonly groups: number;
  readonly maxLag: number;
  /** When the maximum was seen, ms since the first publish. */
  readonly maxAt: number;
  /** The first sample after the last non-zero one, ms since the first publish; undefined if never. */
  readonly drainedAt: number | undefined;
}

export interface LagSampler {
  readonly samples: readonly LagSample[];
  /** The latest sample's total lag over every topic (Infinity before the first sample). */
  latestTotal(): number;
  stop(): Promise<void>;
}

export async function sampleLag(
  kafka: Kafka,
  prefix: string,
  consumers: ConsumerGroups,
  origin: () => number,
  intervalMs = 1_000,
): Promise<LagSampler> {
  const admin = kafka.admin();
  await admin.connect();
  const groups = Object.entries(consumers).map(([service, types]) => ({
    name: service,
    groupId: `${prefix}${service}`,
    topics: types.map((type) => topicCatalog[type].name),
  }));
  const samples: LagSample[] = [];
  let latest = Infinity;
  let stopped = false;
  const once = async () => {
    const ends = new Map<string, Map<number, number>>();
    const endOf = async (topic: string) => {
      let partitions = ends.get(topic);
      if (!partitions) {
        const offsets = await admin.fetchTopicOffsets(prefix + topic);
        partitions = new Map(offsets.map((o) => [o.partition, Number(o.high)]));
        ends.set(topic, partitions);
      }
      return partitions;
    };
    const lag: Record<string, number> = {};
    const byGroup: Record<string, number> = {};
    for (const group of groups) {
      const committed = await admin.fetchOffsets({
        groupId: group.groupId,
        topics: group.topics.map((t) => prefix + t),
      });
      for (const { topic, partitions } of committed) {
        const name = topic.slice(prefix.length);
        const end = await endOf(name);
        let behind = 0;
        for (const [partition, high] of end) {
          const at = Number(partitions.find((p) => p.partition === partition)?.offset ?? -1);
          behind += high - Math.max(at, 0);
        }
        lag[name] = (lag[name] ?? 0) + behind;
        byGroup[group.name] = (byGroup[group.name] ?? 0) + behind;
      }
    }
    samples.push({ t: Date.now() - origin(), lag, byGroup });
    latest = Object.values(lag).reduce((a, b) => a + b, 0);
  };
  const loop = (async () => {
    while (!stopped) {
      const began = Date.now();
      await once().catch(() => undefined);
      await new Promise((r) => setTimeout(r, Math.max(0, intervalMs - (Date.now() - began))));
    }
  })();
  return {
    samples,
    latestTotal: () => latest,
    async stop() {
      stopped = true;
      await loop;
      await admin.disconnect();
    },
  };
}

export function summariseLag(
  samples: readonly LagSample[],
  consumers: ConsumerGroups,
): LagSummary[] {
  const topics = new Set(samples.flatMap((s) => Object.keys(s.lag)));
  const groupsOf = (topic: string) =>
    Object.values(consumers).filter((types) =>
      types.some((type) => topicCatalog[type].name === topic),
    ).length;
  const out: LagSummary[] = [];
  for (const topic of topics) {
    let maxLag = 0;
    let maxAt = 0;
    let lastNonZero = -1;
    samples.forEach((s, i) => {
      const lag = s.lag[topic] ?? 0;
      if (lag > maxLag) {
        maxLag = lag;
        maxAt = s.t;
      }
      if (lag > 0) lastNonZero = i;
    });
    if (maxLag === 0) continue;
    out.push({
      topic,
      groups: groupsOf(topic),
      maxLag,
      maxAt,
      drainedAt: samples[lastNonZero + 1]?.t,
    });
  }
  return out.sort((a, b) => b.maxLag - a.maxLag);
}

/**
 * When each group that had records to handle before `until` (ms since the first publish) was
 * done with them: the first sample after its last non-zero lag among the samples up to then.
 */
export function groupsDrainedAt(
  samples: readonly LagSample[],
  until: number,
): Readonly<Record<string, number>> {
  const within = samples.filter((s) => s.t <= until);
  const drained: Record<string, number> = {};
  for (const group of new Set(within.flatMap((s) => Object.keys(s.byGroup)))) {
    let lastNonZero = -1;
    within.forEach((s, i) => {
      if ((s.byGroup[group] ?? 0) > 0) lastNonZero = i;
    });
    // A group that read none of it (its topics had no records) is not listed.
    // Still behind in the last sample taken in time: done by `until` at the earliest.
    const at = lastNonZero < 0 ? undefined : (within[lastNonZero + 1]?.t ?? until);
    if (at !== undefined) drained[group] = at;
  }
  return drained;
}
