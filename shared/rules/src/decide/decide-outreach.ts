import type { DateTime } from 'luxon';
import {
  type CancellationReason,
  type ContactUpdatedV1Payload,
  type OutreachChannel,
  type OutreachPlannedV1Payload,
  type Purpose,
  type SuppressionReason,
} from '@kindly/contracts';
import { type ContactHistoryEntry, type Policy } from '../policy/index.js';
import type { AccountState } from '../state/account-state.js';
import {
  assignVariant,
  nextChannel,
  selectStage,
  selectStrategy,
  type ChannelStep,
  type StrategyCatalog,
  type TriedChannel,
} from '../strategy/index.js';
import { chooseWording, factReasonCode, type ContactAttempt } from '../facts/index.js';
import { policyAccountOf, policyContactOf } from './policy-views.js';
import { localWindow, utcIso } from './local-window.js';
import { messageIdOf } from './message-id.js';
import { channelEligibility } from './channel-eligibility.js';
import { findSendSlot } from './send-slot.js';
import { placesOf } from './zone-places.js';
import { decideNotices, withdrawn } from './decide-notices.js';

/**
 * The policy and the strategies a decision reads. How far ahead a window is looked for and how
 * long a send needs before its window closes are the policy's, per channel and purpose.
 */
export interface PlanningRules {
  readonly policy: Policy;
  readonly strategies: StrategyCatalog;
  /**
   * The SHA-256 (hex) of the bytes of the file `policy` was read from (its version is
   * `policy.version`), for the audit. Absent for rules made in code: no file, no hash to claim.
   * Whoever swaps `policy` for another must drop or replace this too.
   */
  readonly policySha256?: string;
}

export interface PlanningFacts {
  readonly state: AccountState;
  /** Past contacts with this customer, for the frequency caps. */
  readonly history: readonly ContactHistoryEntry[];
  /**
   * Channels already tried in this cycle, by stage, with their outcomes. With `messageId`, a
   * notice (`notices` in the strategy) is told from the stage's own messages.
   */
  readonly tried: readonly (TriedChannel & {
    readonly stage: number;
    readonly messageId?: string;
  })[];
  /**
   * The attempts to reach the customer in this cycle so far, for the facts a wording states
   * ("we tried to call you"). Absent: none known, so every step gets its plain template.
   */
  readonly contacts?: readonly ContactAttempt[];
}

export type Decision =
  | {
      readonly kind: 'plan';
      readonly message: Omit<OutreachPlannedV1Payload, 'accountId'> & {
        readonly accountId: string;
      };
      /** True when the send may start at `now`. */
      readonly sendableNow: boolean;
      /** Messages of this stage still waiting that may no longer go: withdraw them first. */
      readonly withdraw?: readonly Withdrawal[];
      /** The caps (policy ids) that moved the send later (`WAITED_FOR_CAP`). */
      readonly blockingCaps?: readonly string[];
    }
  | {
      readonly kind: 'suppress';
      readonly stage: number;
      /** The message that would have gone (the stage's first choice when every channel is barred). */
      readonly messageId: string;
      readonly cycleId: string;
      readonly channel: OutreachChannel;
      readonly purpose: Purpose;
      readonly templateId: string;
      readonly reasons: readonly SuppressionReason[];
      /** When a pause ends or a cap frees up: plan again then. */
      readonly retryAt?: DateTime;
      /** Notices waiting whose trigger has ended: withdraw them (by message id). */
      readonly withdraw?: readonly Withdrawal[];
      /** The caps (policy ids) that hold it back (`CAP_REACHED`) or never allow it. */
      readonly blockingCaps?: readonly string[];
    }
  | {
      readonly kind: 'nothing';
      readonly why:
        | 'NOT_OVERDUE'
        | 'NO_CONTACT'
        | 'NO_STRATEGY'
        | 'NO_STAGE'
        | 'STAGE_DONE'
        | 'AWAITING_OUTCOME';
      readonly withdraw?: readonly Withdrawal[];
    };

/** A waiting message of the current stage whose channel is now barred, and why. */
export interface Withdrawal {
  readonly stage: number;
  readonly channel: OutreachChannel;
  readonly reasons: readonly CancellationReason[];
  /** A notice no longer due: this message only. */
  readonly messageId?: string;
}

/**
 * Decides, for one account at `now`, whether to contact the customer, through which channel, with
 * which template and when: the strategy gives the stage and its channels in order; the policy
 * removes every channel the customer may not be reached on (flags, arrangements, consent, opt-outs,
 * addresses); the windows and caps give the earliest allowed instant in every zone the customer may
 * be in. Pure: the same facts and `now` give the same decision, and the same message id.
 */
export function decideOutreach(
  rules: PlanningRules,
  facts: PlanningFacts,
  now: DateTime,
): Decision {
  const { state } = facts;
  const overdue = state.overdue?.value;
  const account = policyAccountOf(state);
  if (!overdue || !account) return { kind: 'nothing', why: 'NOT_OVERDUE' };
  const contact = state.contact?.value;
  if (!contact) return { kind: 'nothing', why: 'NO_CONTACT' };
  const strategy = selectStrategy(rules.strategies, {
    product: overdue.product,
    segment: overdue.segment,
  });
  if (!strategy) return { kind: 'nothing', why: 'NO_STRATEGY' };
  const stage = selectStage(strategy, {
    daysPastDue: overdue.daysPastDue,
    overdueBalance: overdue.overdueAmount,
  });

  const policyContact = policyContactOf(state, contact);
  const blocked = new Map<
    OutreachChannel,
    { reasons: readonly SuppressionReason[]; pausedUntil?: DateTime }
  >();
  // A step's verdict is asked twice (is every channel barred? which is next?); it cannot change
  // within one decision, so it is worked out once.
  const verdicts = new Map<ChannelStep, boolean>();
  const eligible = (step: ChannelStep): boolean => {
    let verdict = verdicts.get(step);
    if (verdict === undefined) {
      verdict = checkStep(step);
      verdicts.set(step, verdict);
    }
    return verdict;
  };
  const views = { policy: rules.policy, account, contact, policyContact };
  const checkStep = (step: ChannelStep): boolean => {
    // A notice a flag still allows (e.g. after a cease request) says so by its kind.
    const verdict = channelEligibility(views, step, now);
    if (verdict.allowed) return true;
    blocked.set(step.channel, {
      reasons: verdict.reasons,
      ...(verdict.pausedUntil ? { pausedUntil: verdict.pausedUntil } : {}),
    });
    return false;
  };
  // Notices first: what happened to the account (a verified dispute, a cease request, a promise)
  // sends them whatever the stage.
  const zones = zonesOf(rules.policy, contact);
  const notices = decideNotices(
    { rules, facts, strategy, stage: stage?.stage ?? 1, zones, now },
    eligible,
    (step) => blocked.get(step.channel)?.reasons ?? [],
  );
  if (notices.decision?.kind === 'plan') {
    // The stage's own message still waiting on a channel the trigger now bars (a cease request
    // after an SMS was planned) gives way: it holds the stage's one open slot.
    const barred: Withdrawal[] = facts.tried.flatMap((t) => {
      const step = stage?.channels.find((c) => c.channel === t.channel);
      const own = t.stage === stage?.stage && !(t.messageId && notices.ids.has(t.messageId));
      if (!own || t.outcome !== 'pending' || !step || eligible(step)) return [];
      const reasons = blocked.get(step.channel)?.reasons ?? [];
      return [{ stage: t.stage, channel: t.channel, reasons }];
    });
    return { ...notices.decision, ...withdrawn([...notices.withdraw, ...barred]) };
  }
  if (notices.decision) return notices.decision;
  if (!stage) {
    return { kind: 'nothing', why: 'NO_STAGE', ...withdrawn(notices.withdraw) };
  }
  const tried = facts.tried.filter(
    (t) => t.stage === stage.stage && (t.messageId === undefined || !notices.ids.has(t.messageId)),
  );
  // A bar on every channel (paid, a dispute, a promise…) is decided before anything else: it must
  // also withdraw a message still waiting for its outcome.
  const everyChannelBarred =
    stage.channels.length > 0 && stage.channels.every((step) => !eligible(step));
  // A message still waiting on a channel that is now barred (consent revoked, an opt-out) is
  // withdrawn, and the stage goes on with its next channel as if that one had been suppressed.
  const withdraw: Withdrawal[] = [
    ...notices.withdraw,
    ...tried.flatMap((t) => {
      const bar = t.outcome === 'pending' ? blocked.get(t.channel) : undefined;
      return bar ? [{ stage: stage.stage, channel: t.channel, reasons: bar.reasons }] : [];
    }),
  ];
  const stillTried = tried.map((t) =>
    withdraw.some((w) => w.messageId === undefined && w.channel === t.channel)
      ? { ...t, outcome: 'suppressed' as const }
      : t,
  );
  const withdrawing = withdraw.length > 0 ? { withdraw } : {};
  const next = everyChannelBarred
    ? ({ kind: 'none', reason: 'NO_ELIGIBLE_CHANNEL', skipped: [] } as const)
    : nextChannel(stage, stillTried, eligible);
  // The same account, cycle, stage and channel always give the same message: planning twice from
  // the same facts cannot produce two messages.
  const messageIdFor = (channel: OutreachChannel) =>
    messageIdOf(state.tenantId, state.accountId, overdue.cycleId, stage.stage, channel);
  const first = stage.channels[0];
  if (next.kind === 'none') {
    if (next.reason === 'DELIVERED' || next.reason === 'EXHAUSTED' || !first) {
      return { kind: 'nothing', why: 'STAGE_DONE', ...withdrawing };
    }
    if (next.reason === 'AWAITING_OUTCOME') {
      return { kind: 'nothing', why: 'AWAITING_OUTCOME', ...withdrawing };
    }
    return {
      kind: 'suppress',
      stage: stage.stage,
      cycleId: overdue.cycleId,
      messageId: messageIdFor(first.channel),
      channel: first.channel,
      purpose: first.purpose,
      templateId: first.templateId,
      ...suppression(blocked),
      ...withdrawn(notices.withdraw),
    };
  }

  const step = next.step;
  const slot = findSendSlot({
    policy: rules.policy,
    contact,
    channel: step.channel,
    purpose: step.purpose,
    history: facts.history,
    now,
  });
  if (!slot.found) {
    return {
      kind: 'suppress',
      stage: stage.stage,
      cycleId: overdue.cycleId,
      messageId: messageIdFor(step.channel),
      channel: step.channel,
      purpose: step.purpose,
      templateId: step.templateId,
      reasons: [slot.reason],
      ...(slot.retryAt ? { retryAt: slot.retryAt } : {}),
      ...withdrawn(notices.withdraw),
      ...capsOf(slot.blockingCaps),
    };
  }
  const variant = assignVariant(strategy, state.accountId);
  const wording = chooseWording(step, facts.contacts ?? []);
  // The stage's preferred channels this plan falls back from because they are barred now (no
  // consent yet, no address): a fact of the same instant still on its way may lift the bar, and
  // the scheduler, the only one that knows whether the message has gone, withdraws it at release
  // when one of them has become eligible (`lastLook`'s `passedOver`). A channel tried already is
  // not one: an SMS that went and was not delivered must not supersede its e-mail fallback.
  // Notices (decideNotices) and campaign offers (decideCampaignOffer) fall back from nothing.
  const passedOver = next.skipped.filter((s) => s.why === 'INELIGIBLE').map((s) => s.channel);
  return {
    kind: 'plan',
    ...withdrawing,
    ...capsOf(slot.blockingCaps),
    sendableNow: slot.slot.start <= now,
    message: {
      accountId: state.accountId,
      messageId: messageIdFor(step.channel),
      cycleId: overdue.cycleId,
      stage: stage.stage,
      channel: step.channel,
      templateId: wording.templateId,
      locale: contact.locale,
      purpose: step.purpose,
      earliestSendAt: utcIso(slot.slot.start),
      latestSendAt: utcIso(slot.slot.end),
      window: {
        zones: [...zones],
        ...localWindow(slot.slot.start, slot.slot.end, contact.timeZone),
      },
      strategyId: strategy.strategyId,
      strategyVersion: strategy.version,
      ...(step.templateKind !== undefined ? { templateKind: step.templateKind } : {}),
      ...(variant ? { variant: variant.id } : {}),
      ...(passedOver.length > 0 ? { passedOver } : {}),
      reasons: [
        `STAGE_${stage.stage}`,
        `DPD_${overdue.daysPastDue}`,
        ...next.skipped.map((s) => `SKIPPED_${s.channel.toUpperCase().replace('-', '_')}`),
        ...slot.reasons,
        ...wording.asserts.map(factReasonCode),
      ],
    },
  };
}

function capsOf(ids: readonly string[]): { blockingCaps?: readonly string[] } {
  return ids.length > 0 ? { blockingCaps: ids } : {};
}

function suppression(
  blocked: ReadonlyMap<
    OutreachChannel,
    { reasons: readonly SuppressionReason[]; pausedUntil?: DateTime }
  >,
): { reasons: readonly SuppressionReason[]; retryAt?: DateTime } {
  const reasons = [...new Set([...blocked.values()].flatMap((b) => b.reasons))];
  const pauses = [...blocked.values()].flatMap((b) => (b.pausedUntil ? [b.pausedUntil] : []));
  const retryAt = pauses.length > 0 ? pauses.reduce((a, b) => (a < b ? a : b)) : undefined;
  return {
    reasons: reasons.length > 0 ? reasons : ['NO_ADDRESS'],
    ...(retryAt ? { retryAt } : {}),
  };
}

/*
 * The candidate zones of a contact record under a policy, in order, kept by the policy
 * (`RuleCaches.zones`): the same zones `placesOf` judges, as a plan lists them.
 */
function zonesOf(policy: Policy, contact: ContactUpdatedV1Payload): readonly string[] {
  const cached = policy.caches.zones.get(contact);
  if (cached !== undefined) return cached;
  const zones = placesOf(policy, contact).map((place) => place.zone);
  policy.caches.zones.set(contact, zones);
  return zones;
}
