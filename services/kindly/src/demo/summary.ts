/**
 * The demo's summary, from the events the run produced: what was planned, released, sent,
 * delivered, suppressed and cancelled, by channel and stage. Whether the numbers reconcile is
 * not decided here, from one source, but in reconciliation.ts, from several.
 */
import type { Observed } from './observer.js';
import { isDispatcherOutcome } from './reconciliation-sources.js';
import type { Reconciliation } from './reconciliation.js';

export type Counts = Record<string, number>;

export interface DemoSummary {
  readonly accounts: number;
  readonly planned: number;
  readonly released: number;
  readonly cancelled: number;
  readonly waiting: number;
  readonly plannedByChannelStage: Counts;
  readonly cancelledByReason: Counts;
  readonly suppressedByReason: Counts;
  readonly sentByChannel: Counts;
  /** The dispatcher's last look stopped them. */
  readonly stoppedAtSendByReason: Counts;
  /** The dispatcher gave up on them: a provider refused, retries ran out, an e-mail uncertain. */
  readonly failedAtSendByReason: Counts;
  /** What the providers (through the tracker) and the agents reported afterwards. */
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
    // A campaign's message is no collections stage's: named by its campaign instead.
    bump(
      plannedByChannelStage,
      plan.campaignId === undefined
        ? `stage ${plan.stage} ${plan.channel}`
        : `campaign ${plan.campaignId} ${plan.channel}`,
    );
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
  const failedAtSendByReason: Counts = {};
  const deliveryByStatus: Counts = {};
  const sentPerDay: Counts[] = Array.from({ length: days }, () => ({}));
  const accepted = new Set<string>();
  for (const e of t['delivery.outcome']) {
    const p = e.payload;
    if (!isDispatcherOutcome(e)) {
      bump(deliveryByStatus, `${p.channel} ${p.status}`);
    } else if (p.status === 'accepted' && !accepted.has(p.messageId)) {
      accepted.add(p.messageId);
      bump(sentByChannel, p.channel);
      const day = Math.floor((Date.parse(p.at) - start) / 86_400_000);
      const bucket = sentPerDay[day];
      if (bucket) bump(bucket, p.channel);
    } else if (p.status === 'failed' && !p.retryable) {
      const code = p.errorCode ?? 'FAILED';
      if (code.startsWith('LAST_LOOK:'))
        bump(stoppedAtSendByReason, code.slice('LAST_LOOK:'.length));
      else bump(failedAtSendByReason, `${p.channel} ${code}`);
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
    plannedByChannelStage,
    cancelledByReason,
    suppressedByReason,
    sentByChannel,
    stoppedAtSendByReason,
    failedAtSendByReason,
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
export function summaryText(s: DemoSummary, r: Reconciliation): string {
  const table = (title: string, counts: Counts) => {
    const rows = Object.entries(counts).sort(([a], [b]) => a.localeCompare(b));
    if (rows.length === 0) return `${title}: none\n`;
    return `${title}:\n${rows.map(([k, v]) => `  ${k.padEnd(34)} ${String(v).padStart(6)}`).join('\n')}\n`;
  };
  const withdrawn = r.withdrawnAfterRelease;
  return [
    `accounts ${s.accounts}`,
    `messages planned ${s.planned}: released ${s.released}, cancelled before release ${s.cancelled}, still waiting ${s.waiting}`,
    table('planned, by stage and channel', s.plannedByChannelStage),
    table('sent (accepted by a provider), by channel', s.sentByChannel),
    table('provider reports after sending', s.deliveryByStatus),
    table('stopped at send (the last look), by reason', s.stoppedAtSendByReason),
    table('failed at send (refused, retries used up, uncertain)', s.failedAtSendByReason),
    table('cancelled before release, by reason', s.cancelledByReason),
    table(
      `withdrawn after release (${withdrawn.inTime} in time, ${withdrawn.tooLate} too late: already out), by reason`,
      withdrawn.byReason,
    ),
    table('suppressed decisions, by reason', s.suppressedByReason),
    table('escalations', s.escalationsByReason),
    table('consent revocations, by source', s.consentRevocationsBySource),
    `letters produced ${s.lettersProduced} · agent tasks ${s.agentTasks}`,
    `promises to pay: made ${s.promisesMade}, kept ${s.promisesKept}, broken ${s.promisesBroken} · accounts cured ${s.accountsCured}`,
    '',
    reconciliationText(r),
  ].join('\n');
}

/** Each check with its numbers; a failing one with what disagrees. */
export function reconciliationText(r: Reconciliation): string {
  const lines = r.checks.flatMap((check) => {
    const [first, ...rest] = check.numbers.map((n) => `${n.label} ${n.value}`);
    const equation =
      check.form === 'sum'
        ? `${first ?? ''} = ${rest.join(' + ')}`
        : rest.length === 0
          ? `${first ?? ''} (expected 0)`
          : [first, ...rest].join(' = ');
    return [
      `${check.holds ? 'ok  ' : 'FAIL'} ${equation}`,
      ...check.problems.map((problem) => `       ${problem}`),
    ];
  });
  const failed = r.checks.filter((c) => !c.holds).map((c) => c.name);
  return [
    'reconciliation (topics, service records, stand-ins and PDFs on disk, each counted on its own):',
    ...lines,
    r.ok
      ? 'every check holds'
      : `DOES NOT RECONCILE: ${failed.length} check${failed.length === 1 ? '' : 's'} failed: ${failed.join('; ')}`,
  ].join('\n');
}
