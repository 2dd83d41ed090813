/**
 * The notices of a strategy (`notices`): sent because something happened to the account (a
 * verified dispute, a cease request, a promise to pay), not because of the days past due. Each
 * goes once per trigger, on the first of its channels the policy allows (a flag or a pause lets
 * it through only where `allowTemplateKinds` lists its kind), inside the contact window and under
 * the caps like any message; one whose trigger no longer holds before it goes is withdrawn.
 */
import type { DateTime } from 'luxon';
import {
  deterministicId,
  type CancellationReason,
  type SuppressionReason,
} from '@kindly/contracts';
import { assignVariant, type ChannelStep, type Strategy } from '../strategy/index.js';
import type { Decision, PlanningFacts, PlanningRules, Withdrawal } from './decide-outreach.js';
import { localWindow, utcIso } from './local-window.js';
import { noticeTrigger } from './notice-triggers.js';
import { findSendSlot } from './send-slot.js';

export interface NoticeInput {
  readonly rules: PlanningRules;
  readonly facts: PlanningFacts;
  readonly strategy: Strategy;
  /** The stage the account is in (1 before the first): the notice is recorded under it. */
  readonly stage: number;
  readonly zones: readonly string[];
  readonly now: DateTime;
}

export interface NoticeOutcome {
  /** A notice to plan, or one still waiting for its outcome: the stage's flow waits. */
  readonly decision?: Decision;
  /** Notices planned and not gone whose trigger no longer holds. */
  readonly withdraw: readonly Withdrawal[];
  /** The ids of the notice messages of this cycle, so that the stage's flow ignores them. */
  readonly ids: ReadonlySet<string>;
}

/** The notice to plan now, if any, and the notices to withdraw. */
export function decideNotices(
  input: NoticeInput,
  eligible: (step: ChannelStep) => boolean,
  barsOf: (step: ChannelStep) => readonly SuppressionReason[],
): NoticeOutcome {
  const { facts, strategy, now } = input;
  const { state } = facts;
  const overdue = state.overdue?.value;
  const contact = state.contact?.value;
  const ids = new Set<string>();
  const withdraw: Withdrawal[] = [];
  if (!overdue || !contact) return { withdraw, ids };
  const logged = new Map(facts.tried.flatMap((t) => (t.messageId ? [[t.messageId, t]] : [])));
  for (const notice of strategy.notices ?? []) {
    const trigger = noticeTrigger(notice.kind, state, contact.timeZone, now);
    if (!trigger) continue;
    const steps = notice.channels.map((step) => ({
      step,
      id: deterministicId(
        'notice',
        state.tenantId,
        state.accountId,
        overdue.cycleId,
        notice.kind,
        trigger.key,
        step.channel,
      ),
    }));
    steps.forEach((s) => ids.add(s.id));
    const known = steps.flatMap((s) => {
      const entry = logged.get(s.id);
      return entry ? [{ ...s, entry }] : [];
    });
    const pending = known.filter((k) => k.entry.outcome === 'pending');
    const stillDue = trigger.due && known.every((k) => eligible(k.step));
    if (!stillDue) {
      for (const k of pending) {
        withdraw.push({
          stage: k.entry.stage,
          channel: k.step.channel,
          messageId: k.id,
          reasons: withdrawalReasons(eligible(k.step) ? [] : barsOf(k.step), state, notice.kind),
        });
      }
      continue;
    }
    if (pending.length > 0) {
      return { decision: { kind: 'nothing', why: 'AWAITING_OUTCOME' }, withdraw, ids };
    }
    if (known.length > 0) continue; // it went (or failed on its channel): once per trigger
    const plan = planNotice(input, steps, eligible, trigger.notBefore, trigger.notAfter);
    if (plan) return { decision: plan, withdraw, ids };
  }
  return { withdraw, ids };
}

function planNotice(
  input: NoticeInput,
  steps: readonly { step: ChannelStep; id: string }[],
  eligible: (step: ChannelStep) => boolean,
  notBefore: DateTime | undefined,
  notAfter: DateTime | undefined,
): Decision | undefined {
  const { rules, facts, strategy, stage, zones, now } = input;
  const { state } = facts;
  const overdue = state.overdue?.value;
  const contact = state.contact?.value;
  const chosen = steps.find((s) => eligible(s.step));
  if (!overdue || !contact || !chosen) return undefined;
  const { step, id } = chosen;
  const from = notBefore !== undefined && notBefore > now ? notBefore : now;
  const slot = findSendSlot({
    policy: rules.policy,
    contact,
    channel: step.channel,
    purpose: step.purpose,
    history: facts.history,
    now: from,
  });
  if (!slot.found) return undefined;
  const end = notAfter !== undefined && notAfter < slot.slot.end ? notAfter : slot.slot.end;
  if (end <= slot.slot.start) return undefined;
  const variant = assignVariant(strategy, state.accountId);
  return {
    kind: 'plan',
    sendableNow: slot.slot.start <= now,
    message: {
      accountId: state.accountId,
      messageId: id,
      cycleId: overdue.cycleId,
      stage,
      channel: step.channel,
      templateId: step.templateId,
      locale: contact.locale,
      purpose: step.purpose,
      earliestSendAt: utcIso(slot.slot.start),
      latestSendAt: utcIso(end),
      window: { zones: [...zones], ...localWindow(slot.slot.start, end, contact.timeZone) },
      strategyId: strategy.strategyId,
      strategyVersion: strategy.version,
      ...(step.templateKind !== undefined ? { templateKind: step.templateKind } : {}),
      ...(variant ? { variant: variant.id } : {}),
      // No `passedOver`: a notice goes once per trigger on the first channel it may, and is
      // not withdrawn at release for an earlier channel of its own (that is the stage's fallback).
      reasons: [
        `NOTICE_${noticeCode(step.templateKind ?? '')}`,
        // The notice's channels passed over (no consent, no address): as a stage's are named.
        ...steps
          .slice(0, steps.indexOf(chosen))
          .map((s) => `SKIPPED_${noticeCode(s.step.channel)}`),
        ...slot.reasons,
      ],
    },
  };
}

function noticeCode(kind: string): string {
  return kind.toUpperCase().replaceAll('-', '_');
}

/** Why a notice no longer goes: the bar on its channel, else what ended its trigger. */
function withdrawalReasons(
  bars: readonly SuppressionReason[],
  state: PlanningFacts['state'],
  kind: string,
): CancellationReason[] {
  if (bars.length > 0) return [...bars];
  // A kept promise is a payment; a broken or cancelled one, a lifted flag: the notice is moot.
  const promise = kind === 'promise-reminder' ? newestPromiseStatus(state) : undefined;
  return [promise === 'kept' ? 'PAID' : 'SUPERSEDED'];
}

function newestPromiseStatus(state: PlanningFacts['state']): string | undefined {
  return [...state.arrangements]
    .filter((a) => a.value.kind === 'promise-to-pay')
    .sort((a, b) => Date.parse(b.asOf) - Date.parse(a.asOf))[0]?.value.status;
}

/** The withdrawals as a decision's optional field. */
export function withdrawn(withdraw: readonly Withdrawal[]): { withdraw?: readonly Withdrawal[] } {
  return withdraw.length > 0 ? { withdraw } : {};
}
