/**
 * The account's standing at the send's instant, from the bank's events that had occurred by
 * then: cured or paid, a flag that suppresses the message's purpose, a promise to pay or an
 * instalment plan that pauses contact. A notice the policy lets through a flag or a pause (its
 * `allowTemplateKinds`) is no violation.
 */
import type { EventOf } from '@kindly/contracts';
import { DateTime } from 'luxon';
import { latest, ms, occurredBy, refOf } from './history-as-of.js';
import type { PauseRule, ResolvedJurisdiction } from './policy-document.js';
import type {
  AccountHistory,
  FlagViolationKind,
  SendEvidence,
  Violation,
} from './recheck-types.js';

const FLAG_KINDS: Readonly<Record<string, FlagViolationKind>> = {
  dispute: 'DURING_DISPUTE',
  bankruptcy: 'DURING_BANKRUPTCY',
  deceased: 'AFTER_DECEASED',
  'cease-communication': 'AFTER_CEASE_COMMUNICATION',
  'attorney-represented': 'DURING_ATTORNEY_REPRESENTATION',
  'legal-hold': 'DURING_LEGAL_HOLD',
};

export interface AccountCheck {
  readonly send: SendEvidence;
  readonly atMs: number;
  readonly history: AccountHistory;
  readonly zones: readonly string[];
  readonly primaryZone: string;
  readonly rules: ResolvedJurisdiction;
}

function holds(rule: PauseRule | undefined, send: SendEvidence, field: 'suppresses' | 'pauses') {
  if (!rule) return false;
  const purpose = send.purpose ?? 'servicing';
  const allowed =
    send.templateKind !== undefined && rule.allowTemplateKinds?.includes(send.templateKind);
  return (rule[field] ?? []).includes(purpose) && !allowed;
}

/** The status event that last set or cleared a flag and had taken effect: set, or undefined. */
function flagSetBy(history: AccountHistory, atMs: number, flag: string) {
  const touching = occurredBy(history, 'account.status', atMs).filter(
    (e) =>
      ms(e.payload.effectiveAt) <= atMs &&
      ([...e.payload.set, ...e.payload.cleared] as string[]).includes(flag),
  );
  const last = latest(touching);
  return last && (last.payload.set as string[]).includes(flag) ? last : undefined;
}

function cureViolations(input: AccountCheck): Violation[] {
  const { send, atMs, history } = input;
  const overdues = occurredBy(history, 'account.overdue', atMs);
  const ofCycle = overdues.filter((e) => e.payload.cycleId === send.cycleId);
  const overdue = latest(ofCycle.length > 0 ? ofCycle : overdues);
  const cured = flagSetBy(history, atMs, 'cured');
  if (cured) {
    const effectiveAt = cured.payload.effectiveAt;
    return [{ kind: 'AFTER_PAYMENT', send, how: 'cured-flag', event: refOf(cured), effectiveAt }];
  }
  if (!overdue) return [];
  if (overdue.payload.overdueAmount.amountMinor === 0) {
    const event = refOf(overdue);
    return [
      {
        kind: 'AFTER_PAYMENT',
        send,
        how: 'nothing-overdue',
        event,
        effectiveAt: overdue.occurredAt,
      },
    ];
  }
  // A payment counts for this cycle from the start of its due date where the customer is.
  const cycleStart = DateTime.fromISO(overdue.payload.dueDate, { zone: input.primaryZone })
    .startOf('day')
    .toMillis();
  const payment = occurredBy(history, 'account.payment', atMs).find((e) => {
    const paidAt = ms(e.payload.paidAt);
    const cures = e.payload.curesAccount || e.payload.remainingOverdue.amountMinor === 0;
    if (!cures || paidAt < cycleStart || paidAt > atMs) return false;
    // The bank reporting an amount overdue after the payment says the cure did not hold.
    return !overdues.some(
      (o) =>
        ms(o.occurredAt) > paidAt &&
        o.payload.overdueAmount.amountMinor > 0 &&
        o.payload.cycleId === overdue.payload.cycleId &&
        ms(o.occurredAt) > ms(e.occurredAt),
    );
  });
  if (!payment) return [];
  return [
    {
      kind: 'AFTER_PAYMENT',
      send,
      how: 'curing-payment',
      event: refOf(payment),
      effectiveAt: payment.payload.paidAt,
    },
  ];
}

function flagViolations(input: AccountCheck): Violation[] {
  return Object.entries(input.rules.flags).flatMap(([flag, rule]) => {
    const kind = FLAG_KINDS[flag];
    const setBy = flagSetBy(input.history, input.atMs, flag);
    if (!kind || !setBy) return [];
    // The verification notice may go only once the bank has verified the disputed debt.
    const unverified = flag === 'dispute' && setBy.payload.disputeVerified !== true;
    const rules = unverified ? { ...rule, allowTemplateKinds: [] } : rule;
    if (!holds(rules, input.send, 'suppresses')) return [];
    const effectiveAt = setBy.payload.effectiveAt;
    return [{ kind, send: input.send, flag, setBy: refOf(setBy), effectiveAt }];
  });
}

function plusDays(date: string, days: number): string {
  return DateTime.fromISO(date, { zone: 'utc' }).plus({ days }).toISODate() ?? date;
}

/** Whether some zone's local date is on or before `lastDay`: paused wherever they may be. */
function stillPaused(atMs: number, zones: readonly string[], lastDay: string): boolean {
  return zones.some((zone) => (DateTime.fromMillis(atMs, { zone }).toISODate() ?? '') <= lastDay);
}

function arrangementViolations(input: AccountCheck): Violation[] {
  const { send, atMs, zones } = input;
  const byId = new Map<string, EventOf<'account.arrangement'>[]>();
  for (const e of occurredBy(input.history, 'account.arrangement', atMs)) {
    byId.set(e.payload.arrangementId, [...(byId.get(e.payload.arrangementId) ?? []), e]);
  }
  const found: Violation[] = [];
  for (const events of byId.values()) {
    const current = latest(events);
    if (!current) continue;
    const a = current.payload;
    const common = {
      send,
      arrangementId: a.arrangementId,
      status: a.status,
      event: refOf(current),
    };
    if (a.kind === 'promise-to-pay') {
      const rule = input.rules.arrangements['promiseToPay'];
      if (a.status !== 'made' || !holds(rule, send, 'pauses')) continue;
      const lastDay = plusDays(a.promisedDate, rule?.graceDays ?? 0);
      if (stillPaused(atMs, zones, lastDay))
        found.push({ kind: 'DURING_PROMISE', ...common, pausedThrough: lastDay });
    } else {
      const rule = input.rules.arrangements['instalmentPlan'];
      if ((a.status !== 'made' && a.status !== 'kept') || !holds(rule, send, 'pauses')) continue;
      const lastDays = a.schedule.map((i) => plusDays(i.dueDate, rule?.graceDays ?? 0)).sort();
      const next = lastDays.find((lastDay) => stillPaused(atMs, zones, lastDay));
      if (next) found.push({ kind: 'DURING_PLAN', ...common, pausedThrough: next });
    }
  }
  return found;
}

export function checkAccount(input: AccountCheck): Violation[] {
  return [...cureViolations(input), ...flagViolations(input), ...arrangementViolations(input)];
}
