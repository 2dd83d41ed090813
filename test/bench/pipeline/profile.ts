/**
 * A few lines from a V8 CPU profile (`node --cpu-prof`): self time by module (an npm package,
 * a Kindly workspace, Node's internals, idle, GC) and the top functions by self time.
 * Also runnable alone: `node test/dist/bench/pipeline/profile.js <file.cpuprofile>`.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface ProfileNode {
  readonly id: number;
  readonly children?: readonly number[];
  readonly callFrame: {
    readonly functionName: string;
    readonly url: string;
    readonly lineNumber: number;
  };
}

interface CpuProfile {
  readonly nodes: readonly ProfileNode[];
  readonly samples: readonly number[];
  readonly timeDeltas: readonly number[];
  readonly startTime: number;
  readonly endTime: number;
}

export interface ProfileSummary {
  readonly totalMs: number;
  readonly modules: readonly { name: string; ms: number; share: number }[];
  /**
   * Self time with Node's internals and native code (socket writes, microtasks, timers) charged
   * to the nearest package or Kindly frame that called them.
   */
  readonly attributed: readonly { name: string; ms: number; share: number }[];
  readonly functions: readonly { name: string; module: string; ms: number; share: number }[];
}

export function moduleOf(url: string, functionName: string): string {
  if (url === '') return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node internals';
  const pkg = /\/node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];
  if (pkg) return pkg;
  const workspace = /\/((?:services|shared)\/[^/]+)\//.exec(url)?.[1];
  if (workspace) return `kindly ${workspace}`;
  if (url.includes('/test/')) return 'kindly test/bench';
  return url;
}

export function summariseProfile(path: string, top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<number, number>();
  // timeDeltas[i] is the time before sample i; the time after it belongs to the sample itself.
  for (let i = 0; i < profile.samples.length; i++) {
    const id = profile.samples[i] ?? 0;
    const delta = profile.timeDeltas[i + 1] ?? 0;
    self.set(id, (self.get(id) ?? 0) + delta);
  }
  const parent = new Map<number, number>();
  for (const node of profile.nodes)
    for (const child of node.children ?? []) parent.set(child, node.id);
  const opaque = (module: string) => module === 'node internals' || module === '(native)';
  const attributedOf = (id: number): string => {
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const node = byId.get(at);
      if (!node) break;
      const module = moduleOf(node.callFrame.url, node.callFrame.functionName);
      if (!opaque(module) && module !== '(root)') return module;
    }
    return 'node internals (no caller in JS)';
  };
  const attributed = new Map<string, number>();
  const modules = new Map<string, number>();
  const functions = new Map<string, { module: string; us: number }>();
  let total = 0;
  for (const [id, us] of self) {
    const node = byId.get(id);
    if (!node) continue;
    total += us;
    const { functionName, url, lineNumber } = node.callFrame;
    const module = moduleOf(url, functionName);
    modules.set(module, (modules.get(module) ?? 0) + us);
    const charged = opaque(module) ? attributedOf(id) : module;
    attributed.set(charged, (attributed.get(charged) ?? 0) + us);
    const file = url.split('/').slice(-1)[0] ?? '';
    const name = url ? `${functionName || '(anonymous)'} ${file}:${lineNumber + 1}` : functionName;
    const entry = functions.get(name) ?? { module, us: 0 };
    entry.us += us;
    functions.set(name, entry);
  }
  const share = (us: number) => us / total;
  return {
    totalMs: total / 1_000,
    modules: [...modules]
      .sort((a, b) => b[1] - a[1])
      .map(([name, us]) => ({ name, ms: us / 1_000, share: share(us) })),
    attributed: [...attributed]
      .sort((a, b) => b[1] - a[1])
      .map(([name, us]) => ({ name, ms: us / 1_000, share: share(us) })),
    functions: [...functions]
      .sort((a, b) => b[1].us - a[1].us)
      .slice(0, top)
      .map(([name, { module, us }]) => ({ name, module, ms: us / 1_000, share: share(us) })),
  };
}

export function formatProfile(summary: ProfileSummary, modules = 15): string {
  const pct = (x: number) => `${(x * 100).toFixed(1)} %`;
  const lines = [
    `Profile: ${(summary.totalMs / 1_000).toFixed(1)} s sampled`,
    '',
    'Self time by module:',
  ];
  for (const m of summary.modules.slice(0, modules)) {
    lines.push(`- ${m.name}: ${pct(m.share)} (${(m.ms / 1_000).toFixed(2)} s)`);
  }
  lines.push('', "Self time with Node's internals and native code charged to their caller:");
  for (const m of summary.attributed.slice(0, modules)) {
    lines.push(`- ${m.name}: ${pct(m.share)} (${(m.ms / 1_000).toFixed(2)} s)`);
  }
  lines.push('', 'Top functions by self time:');
  for (const f of summary.functions) {
    lines.push(`- ${pct(f.share)} ${f.name} [${f.module}]`);
  }
  return lines.join('\n');
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const file = process.argv[2];
  if (!file) throw new Error('usage: profile.js <file.cpuprofile>');
  console.log(formatProfile(summariseProfile(file, 25), 25));
}
