import type { Kafka } from '@kindly/kafka';
import type { ConsumerLag } from '../routes/dashboard.routes.js';

/**
 * How far each of Kindly's consumer groups is behind on each topic it reads: the topic's end
 * minus the group's committed offset, summed over partitions. Groups and topics by the run's
 * prefix only, named without it.
 */
export function consumerLagReader(kafka: Kafka, prefix: string): () => Promise<ConsumerLag[]> {
  return async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { groups } = await admin.listGroups();
      const ours = groups
        .map((g) => g.groupId)
        .filter((id) => id.startsWith(prefix) && !id.includes('retry'));
      const ends = new Map<string, Map<number, number>>();
      const lags: ConsumerLag[] = [];
      for (const groupId of ours.sort()) {
        for (const { topic, partitions } of await admin.fetchOffsets({ groupId })) {
          if (!ends.has(topic)) {
            const offsets = await admin.fetchTopicOffsets(topic);
            ends.set(topic, new Map(offsets.map((o) => [o.partition, Number(o.high)])));
          }
          const high = ends.get(topic) ?? new Map<number, number>();
          const lag = partitions.reduce((sum, p) => {
            const committed = Number(p.offset);
            const end = high.get(p.partition) ?? 0;
            return sum + (committed < 0 ? end : Math.max(0, end - committed));
          }, 0);
          lags.push({
            group: groupId.slice(prefix.length),
            topic: topic.slice(prefix.length).replace(/\.v\d+$/, ''),
            lag,
          });
        }
      }
      return lags;
    } finally {
      await admin.disconnect();
    }
  };
}
