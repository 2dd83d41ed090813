/**
 * The whole pipeline end to end (issue 15, item 1): N accounts all eligible for an immediate SMS
 * (New York, inside the window at the business clock's instant, consent given), their bank events
 * published to Kafka, every service in one Kindly process (`kindly run all`'s composition root)
 * or one process per service, to the Twilio stand-in. Reports sends/s sustained (first to last
 * acceptance), latency from the overdue event's publish to the stand-in's acceptance, CPU-seconds
 * per message of Kindly, the MongoDB-wire server and the broker, peak RSS, consumer lag per topic
 * over time, MongoDB commands per message, and the ratio to the slowest raw part measured in the
 * same run. A measurement only: nothing here asserts a duration.
 *
 * Sizes: BENCH_ACCOUNTS=2000,10000 (the default; 100000 only when asked). Modes: BENCH_MODES=one
 * (default), per-service, or one,per-service. BENCH_CPU_PROF=1 writes a V8 CPU profile of each
 * Kindly process and summarises it. Logs, lag samples and profiles go to BENCH_OUT_DIR (default
 * .cache/bench-pipeline). BENCH_OFFER_RATE=60 offers the overdue events at 60 a second instead of
 * all at once (the latency at a given load: the issue's p99 at half the sustained rate).
 */
import { resolve } from 'node:path';
import { formatProfile, summariseProfile } from './pipeline/profile.js';
import { formatCensus } from './pipeline/storage-census.js';
import { runOnce, type PipelineMode, type RunOnceResult } from './pipeline/run-once.js';
import type { BenchResult } from './run.js';

export interface PipelineBenchOutput {
  readonly results: BenchResult[];
  /** Markdown: the summary table and each run's lag, command and profile figures. */
  readonly report: string;
}

/** The raw parts on the path, by the name their benchmark gives them. */
const RAW_PARTS = [
  'Kafka produce (idempotent, acks=all)',
  'Kafka consume (consumer group)',
  'MongoDB insertOne (unique index)',
  'MongoDB findOneAndUpdate lease claim',
  'MongoDB updateOne by _id',
  'MongoDB updateOne by a unique secondary key',
  'Sends: SMS, twilio client directly → Twilio stand-in',
];

export function pipelineSizes(env: NodeJS.ProcessEnv = process.env): number[] {
  const sizes = (env['BENCH_ACCOUNTS'] ?? '2000,10000')
    .split(',')
    .map((s) => Number(s.trim().replace(/_/g, '')))
    .filter((n) => Number.isInteger(n) && n > 0);
  return sizes.length > 0 ? sizes : [2_000, 10_000];
}

export function pipelineModes(env: NodeJS.ProcessEnv = process.env): PipelineMode[] {
  const modes = (env['BENCH_MODES'] ?? 'one').split(',').map((m) => m.trim());
  return modes.map((m) => (m === 'per-service' ? 'process per service' : 'one process'));
}

/** Undefined: every overdue event at once. */
export function pipelineOfferRate(env: NodeJS.ProcessEnv = process.env): number | undefined {
  const rate = Number(env['BENCH_OFFER_RATE'] ?? '');
  return Number.isFinite(rate) && rate > 0 ? rate : undefined;
}

export async function benchPipeline(
  brokers: string[],
  mongoUri: string,
  raw: readonly BenchResult[],
): Promise<PipelineBenchOutput> {
  const outDir = resolve(process.env['BENCH_OUT_DIR'] ?? '.cache/bench-pipeline');
  const cpuProfile = process.env['BENCH_CPU_PROF'] === '1';
  const runs: RunOnceResult[] = [];
  for (const mode of pipelineModes()) {
    for (const accounts of pipelineSizes()) {
      runs.push(
        await runOnce({
          accounts,
          mode,
          kafkaBrokers: brokers,
          mongoUri,
          outDir,
          cpuProfile,
          stallMs: 180_000,
          offerPerSecond: pipelineOfferRate(),
          say: (line) => console.error(`[pipeline] ${line}`),
        }),
      );
    }
  }
  const rawOnPath = raw
    .filter((r) => RAW_PARTS.includes(r.name))
    .map((r) => ({ name: r.name, rate: r.operations / r.seconds }))
    .sort((a, b) => a.rate - b.rate);
  const slowest = rawOnPath[0];
  return {
    results: runs.map((run) => ({
      name:
        `Pipeline end to end (${run.mode}), ${run.accounts.toLocaleString('en-US')} accounts` +
        (run.offerPerSecond ? `, offered at ${run.offerPerSecond}/s` : ''),
      operations: run.accepted,
      seconds: run.lastAcceptance - run.firstAcceptance,
      note:
        `SMS accepted by the Twilio stand-in, first to last acceptance; p50/p99 ` +
        `${run.latencyP50.toFixed(1)} / ${run.latencyP99.toFixed(1)} s from publish` +
        (run.problems.length > 0 ? `; ${run.problems.join('; ')}` : ''),
    })),
    report: formatReport(runs, slowest),
  };
}

function formatReport(
  runs: readonly RunOnceResult[],
  slowest: { name: string; rate: number } | undefined,
): string {
  const mib = (bytes: number) => `${Math.round(bytes / 2 ** 20)} MiB`;
  const per = (x: number | undefined, n: number) =>
    x === undefined ? 'n/a' : (x / Math.max(n, 1)).toFixed(4);
  const lines: string[] = [
    '',
    '### Pipeline end to end',
    '',
    slowest
      ? `Slowest raw part on the path in this run: ${slowest.name}, ${Math.round(slowest.rate).toLocaleString('en-US')}/s.`
      : 'No raw part measured in this run: ratio not available.',
    '',
    '| mode | accounts | accepted | first send | last send | sends/s sustained | latency p50 / p99 | p99 after the first 20 s | drained | peak RSS Kindly | CPU s Kindly / MongoDB / Kafka | CPU ms per message Kindly / MongoDB / Kafka | MongoDB commands per message | of slowest raw part | load avg before → after |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |',
  ];
  for (const run of runs) {
    const kindlyCpu = run.kindly.reduce((sum, p) => sum + p.cpuSeconds, 0);
    const rss = run.kindly.reduce((sum, p) => sum + p.peakRssBytes, 0);
    const commands = Object.values(run.commands).reduce((a, b) => a + b, 0);
    const ms = (x: number | undefined) =>
      x === undefined ? 'n/a' : ((x * 1_000) / Math.max(run.accepted, 1)).toFixed(1);
    lines.push(
      `| ${run.mode}${run.offerPerSecond ? `, offered at ${run.offerPerSecond}/s` : ''} | ${run.accounts.toLocaleString('en-US')} | ${run.accepted.toLocaleString('en-US')} | ` +
        `${run.firstAcceptance.toFixed(1)} s | ${run.lastAcceptance.toFixed(1)} s | ` +
        `${run.sustainedPerSecond.toFixed(0)} | ${run.latencyP50.toFixed(1)} s / ${run.latencyP99.toFixed(1)} s | ` +
        `${Number.isNaN(run.warmLatencyP99) ? 'n/a' : `${run.warmLatencyP99.toFixed(1)} s`} | ` +
        `${run.drainedAfter === undefined ? 'no' : `${run.drainedAfter.toFixed(0)} s`} | ${mib(rss)} | ` +
        `${kindlyCpu.toFixed(1)} / ${run.mongoCpuSeconds?.toFixed(1) ?? 'n/a'} / ${run.kafkaCpuSeconds?.toFixed(1) ?? 'n/a'} | ` +
        `${ms(kindlyCpu)} / ${ms(run.mongoCpuSeconds)} / ${ms(run.kafkaCpuSeconds)} | ` +
        `${per(commands, run.accepted)} | ` +
        `${slowest ? `${((run.sustainedPerSecond / slowest.rate) * 100).toFixed(1)} %` : 'n/a'} | ` +
        `${run.loadBefore} → ${run.loadAfter} |`,
    );
  }
  lines.push(
    '',
    "Before the overdue events: every account's contact and two consents, folded by every service that keeps a copy (the phase ends when every group has committed them):",
    '',
    '| mode | accounts | events | groups handling each | seconds | events/s | CPU ms per event Kindly / MongoDB / Kafka | MongoDB commands per event |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
  );
  for (const run of runs) {
    const f = run.fold;
    const kindlyCpu = run.kindly.reduce((sum, p) => sum + p.foldCpuSeconds, 0);
    const ms = (x: number | undefined) =>
      x === undefined ? 'n/a' : ((x * 1_000) / f.events).toFixed(2);
    const commands = Object.values(f.commands).reduce((a, b) => a + b, 0);
    const groups = run.lag.find((l) => l.topic === 'contact.consent.v1')?.groups ?? 'n/a';
    lines.push(
      `| ${run.mode} | ${run.accounts.toLocaleString('en-US')} | ${f.events.toLocaleString('en-US')} | ${groups} | ${f.seconds.toFixed(1)} | ` +
        `${(f.events / f.seconds).toFixed(0)} | ${ms(kindlyCpu)} / ${ms(f.mongoCpuSeconds)} / ${ms(f.kafkaCpuSeconds)} | ${per(commands, f.events)} |`,
    );
  }
  for (const run of runs) {
    const drained = Object.entries(run.fold.groupsDrainedAt).sort(([, a], [, b]) => a - b);
    if (drained.length === 0) continue;
    lines.push(
      '',
      `${run.mode}, ${run.accounts.toLocaleString('en-US')} accounts: each group done with them at ` +
        drained.map(([group, at]) => `${group} ${at.toFixed(0)} s`).join(', ') +
        ' (the last one bounds the phase).',
    );
  }
  for (const run of runs) {
    lines.push('', `#### ${run.mode}, ${run.accounts.toLocaleString('en-US')} accounts`, '');
    if (run.problems.length > 0) lines.push(`Problems: ${run.problems.join('; ')}`, '');
    lines.push(
      `Records written per topic: ${Object.entries(run.records)
        .map(([topic, n]) => `${topic} ${n.toLocaleString('en-US')}`)
        .join(', ')}.`,
      '',
    );
    lines.push(
      '| process | CPU s (SMS phase) | CPU ms per SMS | CPU ms per contact event | peak RSS | event loop delay p50 / p99 / max (SMS phase) |',
      '| --- | ---: | ---: | ---: | ---: | ---: |',
    );
    for (const p of run.kindly) {
      const delay = p.loopDelay;
      lines.push(
        `| ${p.name} | ${p.cpuSeconds.toFixed(1)} | ${((p.cpuSeconds * 1_000) / Math.max(run.accepted, 1)).toFixed(1)} | ` +
          `${((p.foldCpuSeconds * 1_000) / run.fold.events).toFixed(2)} | ${mib(p.peakRssBytes)} | ` +
          `${delay.p50.toFixed(0)} / ${delay.p99.toFixed(0)} / ${delay.max.toFixed(0)} ms |`,
      );
    }
    lines.push('');
    lines.push(
      `Consumer lag per topic (records not yet handled, summed over the groups that read the topic; sampled every second; times from the first contact event's publish; the overdue events went out at ${run.overdueAt.toFixed(0)} s):`,
      '',
      '| topic | groups | max lag | at | drained at |',
      '| --- | ---: | ---: | ---: | ---: |',
    );
    for (const l of run.lag) {
      lines.push(
        `| ${l.topic} | ${l.groups} | ${l.maxLag.toLocaleString('en-US')} | ${(l.maxAt / 1_000).toFixed(0)} s | ${l.drainedAt === undefined ? 'not drained' : `${(l.drainedAt / 1_000).toFixed(0)} s`} |`,
      );
    }
    lines.push(
      '',
      "Where the latency goes: each service's hop, from the previous publish (the overdue event's, for the planner) to its own record's Kafka timestamp (the stand-in's acceptance, for the dispatcher), over every account; and each hop's mean share of the latency of the slowest 1 %:",
      '',
      '| hop | p50 | p90 | p99 | share of the slowest 1 % |',
      '| --- | ---: | ---: | ---: | ---: |',
    );
    for (const h of run.hops) {
      lines.push(
        `| ${h.hop} | ${h.p50.toFixed(2)} s | ${h.p90.toFixed(2)} s | ${h.p99.toFixed(2)} s | ${(h.shareOfTail * 100).toFixed(0)} % |`,
      );
    }
    lines.push(
      '',
      'MongoDB commands by command and collection: per accepted SMS from the first overdue publish until drained, and per contact or consent event while they were folded:',
      '',
      '| command | collection | per SMS | total | per contact event | total |',
      '| --- | --- | ---: | ---: | ---: | ---: |',
    );
    const keys = new Set([...Object.keys(run.commands), ...Object.keys(run.fold.commands)]);
    const sorted = [...keys]
      .map((key) => [key, run.commands[key] ?? 0, run.fold.commands[key] ?? 0] as const)
      .filter(([, n, m]) => n > 0 || m > 0)
      .sort((a, b) => b[1] - a[1] || b[2] - a[2]);
    for (const [key, n, m] of sorted) {
      const [command, collection] = key.split(' ');
      lines.push(
        `| ${command} | ${collection} | ${per(n, run.accepted)} | ${n.toLocaleString('en-US')} | ` +
          `${per(m, run.fold.events)} | ${m.toLocaleString('en-US')} |`,
      );
    }
    lines.push(
      '',
      "What the run left stored, per account (BSON bytes, read back document by document; the local server's heap holds several times this):",
      '',
      ...formatCensus(run.storage, run.accounts),
    );
    for (const profile of run.profiles) {
      lines.push('', '```', `${profile}`, formatProfile(summariseProfile(profile)), '```');
    }
  }
  return lines.join('\n');
}
