/**
 * Where an SMS's latency goes, hop by hop: after a run, the planned, released and rendered
 * records are read back with their Kafka timestamps (the producing service's clock at publish,
 * the same machine as the bench's), and each account's time from its overdue event's publish
 * to the stand-in's acceptance is cut at each service's publish. The tail's hops say which
 * service holds the slow messages back, which a lag total over every group cannot.
 */
import type { Kafka } from '@kindly/kafka';

/** The hops of the path, in order, each ending at the record or acceptance named. */
export const HOPS = [
  { name: 'planner', endsAt: 'outreach.planned.v1' },
  { name: 'scheduler', endsAt: 'outreach.released.v1' },
  { name: 'renderer', endsAt: 'outreach.rendered.v1' },
  { name: 'dispatcher', endsAt: 'accepted' },
] as const;

export interface HopFigures {
  readonly hop: string;
  /** Seconds. */
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  /** The hop's mean share of the latency of the slowest 1 % of the accounts. */
  readonly shareOfTail: number;
}

/**
 * Reads the path's topics of the run (under `prefix`) from the beginning to their current end,
 * keeping each account's first record on each (a retried publish may store a copy).
 */
export async function readPathTimes(
  kafka: Kafka,
  prefix: string,
  accountIndex: (accountId: string) => number | undefined,
  accounts: number,
): Promise<Map<string, Float64Array>> {
  const topics = HOPS.flatMap((h) => (h.endsAt === 'accepted' ? [] : [h.endsAt]));
  const times = new Map<string, Float64Array>(topics.map((t) => [t, new Float64Array(accounts)]));
  const admin = kafka.admin();
  await admin.connect();
  const remaining = new Map<string, number>();
  for (const topic of topics) {
    for (const p of await admin.fetchTopicOffsets(prefix + topic)) {
      if (Number(p.high) > 0) remaining.set(`${topic}:${p.partition}`, Number(p.high));
    }
  }
  await admin.disconnect();
  const reader = kafka.consumer({ groupId: `${prefix}bench-hops` });
  await reader.connect();
  await reader.subscribe({ topics: topics.map((t) => prefix + t), fromBeginning: true });
  let done: () => void = () => undefined;
  const finished = new Promise<void>((resolve) => (done = resolve));
  if (remaining.size === 0) done();
  await reader.run({
    eachBatch: async ({ batch }) => {
      const topic = batch.topic.slice(prefix.length);
      const column = times.get(topic);
      for (const message of batch.messages) {
        const payload = (JSON.parse(message.value?.toString() ?? '{}') as { payload?: unknown })
          .payload as { accountId?: string } | undefined;
        const index =
          payload?.accountId === undefined ? undefined : accountIndex(payload.accountId);
        if (column && index !== undefined && column[index] === 0) {
          column[index] = Number(message.timestamp);
        }
      }
      const key = `${topic}:${batch.partition}`;
      const last = Number(batch.lastOffset()) + 1;
      if ((remaining.get(key) ?? 0) <= last) remaining.delete(key);
      if (remaining.size === 0) done();
      return Promise.resolve();
    },
  });
  await Promise.race([finished, new Promise((r) => setTimeout(r, 60_000))]);
  await reader.disconnect();
  return times;
}

/** Per hop: its quantiles over every account with a complete path, and its share of the tail. */
export function hopFigures(
  publishedAt: Float64Array,
  acceptedAt: Float64Array,
  path: ReadonlyMap<string, Float64Array>,
): HopFigures[] {
  const rows: number[][] = [];
  for (let i = 0; i < publishedAt.length; i++) {
    const ends = HOPS.map((h) =>
      h.endsAt === 'accepted' ? acceptedAt[i]! : (path.get(h.endsAt)?.[i] ?? 0),
    );
    if (publishedAt[i] === 0 || ends.some((t) => t === 0)) continue;
    let from = publishedAt[i]!;
    rows.push(
      ends.map((to) => {
        const hop = Math.max(0, to - from);
        from = Math.max(from, to);
        return hop;
      }),
    );
  }
  const total = (row: number[]) => row.reduce((a, b) => a + b, 0);
  const tail = [...rows].sort((a, b) => total(b) - total(a)).slice(0, Math.ceil(rows.length / 100));
  return HOPS.map((h, k) => {
    const sorted = rows.map((r) => r[k]!).sort((a, b) => a - b);
    const at = (q: number) =>
      (sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? NaN) / 1_000;
    const tailShare =
      tail.length === 0
        ? NaN
        : tail.reduce((sum, r) => sum + r[k]! / Math.max(1, total(r)), 0) / tail.length;
    return { hop: h.name, p50: at(0.5), p90: at(0.9), p99: at(0.99), shareOfTail: tailShare };
  });
}
