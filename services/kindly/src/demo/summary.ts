/**
 * The demo's summary, from the events the run produced: what was planned, released, sent,
 * delivered, suppressed and cancelled, by channel and stage, and whether the numbers add up:
 * every planned message is released, cancelled with a reason, or still waiting at the end.
 */
import type { Observed } from './observer.js';

export type Counts = Record<string, number>;

export interface DemoSummary {
  readonly accounts: number;
  readonly planned: number;
  readonly released: number;
  readonly cancelled: number;
  readonly waiting: number;
  readonly addsUp: boolean;
  readonly plannedByChannelStage: Counts;
  readonly cancelledByReason: Counts;
  readonly suppressedByReason: Counts;
  readonly sentByChannel: Counts;
  readonly stoppedAtSendByReason: Counts;
  readonly deliveryByStatus: Counts;
  readonly lettersProduced: number;
  readonly agentTasks: number;
  readonly escalationsByReason: Counts;
  readonly promisesMade: number;
  readonly promisesKept: number;
  readonly promisesBroken: number;
  readonly accountsCured: number;
  readonly consentRevocationsBySource: Counts;
  /** Sends per simulated day (index 0 = the first day), by channel. */
  readonly sentPerDay: readonly Counts[];
}

export function summarise(
  observed: Observed,
  accounts: number,
  start: number,
  days: number,
): DemoSummary {
  const t = observed.byType;
  const planned = new Map(t['outreach.planned'].map((e) => [e.payload.messageId, e.payload]));
  const released = new Set(t['outreach.released'].map((e) => e.payload.messageId));
  const cancelledReason = new Map<string, string>();
  for (const e of t['outreach.cancelled']) {
    if (!released.has(e.payload.messageId))
      cancelledReason.set(e.payload.messageId, e.payload.reason);
  }
  let releasedPlanned = 0;
  let cancelled = 0;
  let waiting = 0;
  const cancelledByReason: Counts = {};
  const plannedByChannelStage: Counts = {};
  for (const [messageId, plan] of planned) {
    bump(plannedByChannelStage, `stage ${plan.stage} ${plan.channel}`);
    if (released.has(messageId)) releasedPlanned++;
    else if (cancelledReason.has(messageId)) {
      cancelled++;
      bump(cancelledByReason, cancelledReason.get(messageId) ?? '');
    } else waiting++;
  }
  const suppressedByReason: Counts = {};
  for (const e of t['outreach.suppressed'])
    for (const r of e.payload.reasons) bump(suppressedByReason, r);

  const sentByChannel: Counts = {};
  const stoppedAtSendByReason: Counts = {};
  const deliveryByStatus: Counts = {};
  const sentPerDay: Counts[] = Array.from({ length: days }, () => ({}));
  const accepted = new Set<string>();
  for (const e of t['delivery.outcome']) {
    const p = e.payload;
    if (p.status === 'accepted' && !accepted.has(p.messageId)) {
      accepted.add(p.messageId);
      bump(sentByChannel, p.channel);
      const day = Math.floor((Date.parse(p.at) - start) / 86_400_000);
      const bucket = sentPerDay[day];
      if (bucket) bump(bucket, p.channel);
    } else if (p.status === 'failed' && !p.retryable) {
      bump(stoppedAtSendByReason, p.errorCode ?? 'FAILED');
    } else if (p.status !== 'accepted') {
      bump(deliveryByStatus, `${p.channel} ${p.status}`);
    }
  }
  const escalationsByReason: Counts = {};
  for (const e of t['outreach.escalated'])
    bump(escalationsByReason, `${e.payload.reason} → ${e.payload.to.channel}`);
  const arrangements = t['account.arrangement'].map((e) => e.payload.status);
  const consentRevocationsBySource: Counts = {};
  for (const e of t['contact.consent']) {
    if (e.payload.status === 'revoked') bump(consentRevocationsBySource, e.payload.source);
  }
  return {
    accounts,
    planned: planned.size,
    released: releasedPlanned,
    cancelled,
    waiting,
    addsUp: releasedPlanned + cancelled + waiting === planned.size,
    plannedByChannelStage,
    cancelledByReason,
    suppressedByReason,
    sentByChannel,
    stoppedAtSendByReason,
    deliveryByStatus,
    lettersProduced: sentByChannel['letter'] ?? 0,
    agentTasks: t['agent.task'].length,
    escalationsByReason,
    promisesMade: arrangements.filter((s) => s === 'made').length,
    promisesKept: arrangements.filter((s) => s === 'kept').length,
    promisesBroken: arrangements.filter((s) => s === 'broken').length,
    accountsCured: new Set(
      t['account.payment'].filter((e) => e.payload.curesAccount).map((e) => e.payload.accountId),
    ).size,
    consentRevocationsBySource,
    sentPerDay,
  };
}

function bump(counts: Counts, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

/** The summary as the terminal shows it. */
export function summaryText(s: DemoSummary, findings: number, audited: number): string {
  const table = (title: string, counts: Counts) => {
    const rows = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
    if (rows.length === 0) return `${title}: none\n`;
    return `${title}:\n${rows.map(([k, v]) => `  ${k.padEnd(34)} ${String(v).padStart(6)}`).join('\n')}\n`;
  };
  return [
    `accounts ${s.accounts}`,
    `messages planned ${s.planned} = released ${s.released} + cancelled ${s.cancelled} + still waiting ${s.waiting}  (${s.addsUp ? 'adds up' : 'DOES NOT ADD UP'})`,
    table('planned, by stage and channel', s.plannedByChannelStage),
    table('sent (accepted by a provider), by channel', s.sentByChannel),
    table('provider reports after sending', s.deliveryByStatus),
    table('stopped at send (last look, invalid address …)', s.stoppedAtSendByReason),
    table('cancelled before release, by reason', s.cancelledByReason),
    table('suppressed decisions, by reason', s.suppressedByReason),
    table('escalations', s.escalationsByReason),
    table('consent revocations, by source', s.consentRevocationsBySource),
    `letters produced ${s.lettersProduced} · agent tasks ${s.agentTasks}`,
    `promises to pay: made ${s.promisesMade}, kept ${s.promisesKept}, broken ${s.promisesBroken} · accounts cured ${s.accountsCured}`,
    `policy check over ${audited} audit records: ${findings === 0 ? 'no send outside a window, over a cap or without consent' : `${findings} FINDINGS`}`,
  ].join('\n');
}
