import type { DateTime } from 'luxon';
import {
  createEvent,
  deterministicId,
  type CancellationReason,
  type EventOf,
  type OutreachChannel,
  type OutreachPlannedV1Payload,
  type Purpose,
  type SuppressionReason,
} from '@kindly/contracts';
import {
  decideOutreach,
  type ContactAttempt,
  type Decision,
  type PlanningRules,
} from '@kindly/rules';
import type {
  AccountLog,
  LoggedMessage,
  OutreachLog,
  PlannerEvent,
  PlannerEvents,
  UnpublishedPlan,
} from './ports.js';
import type { AccountState } from '@kindly/rules';
import { policyProvenance, strategyProvenance } from './provenance.js';

export interface PlanAccountDeps {
  readonly rules: PlanningRules;
  readonly log: OutreachLog;
  readonly events: PlannerEvents;
}

/** The event that made the planner look at the account again: it causes what follows. */
export interface Cause {
  readonly eventId: string;
  readonly correlationId: string;
}

export type PlanOutcome = Decision['kind'] | 'already-planned' | 'already-suppressed';

/**
 * Looks at an account after its state changed: cancels what was planned and may no longer go
 * (paid, cured, a new bar), then plans the next message or announces why there is none. Every
 * event it emits has an id derived from the facts, and it checks what it already did, so running
 * it twice for the same state emits nothing new: redelivery is harmless.
 *
 * A plan claims its stage's one open slot first, with its event (so that two handlers of one
 * account's events, racing on different topics, cannot both plan), then publishes, then marks
 * itself published. A crash or a broker outage in between leaves the claim with its event: the
 * next look at the account publishes it first, as it was decided (a claimed plan counts as a
 * pending contact, so deciding again would never reach it), and the planner's recovery publishes
 * it even if nothing about the account happens again. The same event id each time: consumers
 * drop a second copy. Suppressions and cancellations are published before they are recorded.
 */
export async function planAccount(
  deps: PlanAccountDeps,
  state: AccountState,
  cause: Cause,
  now: DateTime,
): Promise<PlanOutcome> {
  const logged = await deps.log.accountLog(state.tenantId, state.accountId);
  for (const plan of logged.unpublished) await publishPlan(deps, plan);
  const decision = decideOutreach(deps.rules, { state, ...pastContacts(logged, state) }, now);
  const envelope = envelopeFor(state, cause, now);

  // Messages this look cancels: a plan of the same stage and channel needs a new id.
  const cancelled = new Set<string>();
  const barred = cancellationReason(decision);
  if (barred) {
    // A bar on the account (paid, a dispute, a promise…) withdraws every waiting message; a bar
    // on a channel for the stage's purpose (servicing consent revoked) only the stage's: a
    // campaign's message is marketing, judged by its own purpose at its last looks.
    const cycleId = state.overdue?.value.cycleId;
    await cancelOpenMessages(
      deps,
      logged,
      cancelled,
      (m) => (m.cycleId === cycleId || ACCOUNT_BARS.has(barred) ? barred : undefined),
      envelope,
    );
  }
  const withdraw = decision.withdraw ?? [];
  if (withdraw.length > 0) {
    await cancelOpenMessages(
      deps,
      logged,
      cancelled,
      (m) =>
        withdraw.find((w) =>
          w.messageId !== undefined
            ? w.messageId === m.messageId
            : // A stage's withdrawal is of the overdue cycle's messages: a campaign's (its own
              // cycle, stages numbered alike) is not the stage's.
              m.cycleId === state.overdue?.value.cycleId &&
              w.stage === m.stage &&
              w.channel === m.channel,
        )?.reasons[0],
      envelope,
    );
  }

  if (decision.kind === 'plan') {
    const known = logged.messages.map((m) =>
      cancelled.has(m.messageId) ? { ...m, status: 'cancelled' as const } : m,
    );
    const messageId = replanId(decision.message.messageId, known);
    const message = withinSupersessions({ ...decision.message, messageId }, known);
    return claimAndPublish(deps, state, message, known, envelope);
  }
  if (decision.kind === 'suppress') return announceSuppression(deps, state, decision, envelope);
  return 'nothing';
}

/** The envelope of the events one look at an account emits: caused by the event that prompted it. */
export type Envelope = (
  eventId: string,
) => Omit<EventOf<'outreach.cancelled'>, 'type' | 'schemaVersion' | 'payload'>;

export function envelopeFor(state: AccountState, cause: Cause, now: DateTime): Envelope {
  return (eventId: string) => ({
    eventId,
    occurredAt: now.toUTC().toISO({ suppressMilliseconds: true }) ?? '',
    correlationId: cause.correlationId,
    causationId: cause.eventId,
    tenantId: state.tenantId,
  });
}

/**
 * Claims the decided message's slot with its event, then publishes it: the plan half of a look
 * at an account. A message id already known (claimed before, and published by the look's first
 * step) is not planned again.
 */
export async function claimAndPublish(
  deps: PlanAccountDeps,
  state: AccountState,
  decided: OutreachPlannedV1Payload,
  known: readonly LoggedMessage[],
  envelope: Envelope,
): Promise<PlanOutcome> {
  // What it was made from travels with the plan, through release and rendering, to the audit.
  const message = {
    ...decided,
    ...policyProvenance(deps.rules),
    ...strategyProvenance(deps.rules, decided),
  };
  const { messageId } = message;
  if (known.some((m) => m.messageId === messageId)) return 'already-planned';
  const event = createEvent('outreach.planned', {
    ...envelope(deterministicId('outreach.planned', messageId)),
    payload: message,
  });
  const claim = await deps.log.claim(
    {
      messageId,
      tenantId: state.tenantId,
      accountId: state.accountId,
      cycleId: message.cycleId,
      stage: message.stage,
      channel: message.channel,
      purpose: message.purpose,
      plannedFor: message.earliestSendAt,
    },
    event,
  );
  if (claim === 'taken') return 'already-planned';
  await publishPlan(deps, { messageId, event });
  return 'plan';
}

/** What a suppression decision says of the message that will not go. */
export interface SuppressedMessage {
  readonly messageId: string;
  readonly cycleId: string;
  readonly stage: number;
  readonly channel: OutreachChannel;
  readonly purpose: Purpose;
  readonly templateId: string;
  readonly reasons: readonly SuppressionReason[];
}

/** Announces once why a message will not go (the same message and reasons announce nothing new). */
export async function announceSuppression(
  deps: PlanAccountDeps,
  state: AccountState,
  decision: SuppressedMessage,
  envelope: Envelope,
  campaignId?: string,
): Promise<PlanOutcome> {
  const key = deterministicId('outreach.suppressed', decision.messageId, ...decision.reasons);
  if (await deps.log.suppressionAnnounced(key)) return 'already-suppressed';
  const event = createEvent('outreach.suppressed', {
    ...envelope(key),
    payload: {
      accountId: state.accountId,
      messageId: decision.messageId,
      cycleId: decision.cycleId,
      stage: decision.stage,
      channel: decision.channel,
      purpose: decision.purpose,
      templateId: decision.templateId,
      ...(campaignId !== undefined ? { campaignId } : {}),
      checkpoint: 'plan',
      reasons: [...decision.reasons],
      ...policyProvenance(deps.rules),
    },
  });
  await deps.events.publish([event]);
  await deps.log.recordSuppression(key, decision.messageId);
  return 'suppress';
}

/**
 * Publishes a claimed plan's stored event and marks it published: after a fresh claim, and for a
 * claim left unpublished by a crash or an outage (found by the next look at the account, or by
 * the planner's recovery).
 */
export async function publishPlan(
  deps: Pick<PlanAccountDeps, 'log' | 'events'>,
  plan: Pick<UnpublishedPlan, 'messageId' | 'event'>,
): Promise<void> {
  await deps.events.publish([plan.event]);
  await deps.log.markPublished(plan.messageId);
}

/**
 * The id for a message of a stage and channel whose earlier plan was cancelled (a promise to pay
 * paused it, then was broken): a new message, but derived from the facts, so still deterministic.
 */
function replanId(baseId: string, known: readonly LoggedMessage[]): string {
  let id = baseId;
  for (let round = 1; known.some((m) => m.messageId === id && m.status === 'cancelled'); round++) {
    id = deterministicId(baseId, 'replanned', String(round));
  }
  return id;
}

/**
 * How many times the scheduler may withdraw the same fallback (cycle, stage and channel) for a
 * preferred channel before the planner plans it without naming the channels it passed over.
 * Each round means the scheduler found the preferred channel eligible and the planner, deciding
 * after the withdrawal, did not: a fact still on its way converges within a round or two; more
 * means the two disagree for good (a fact one of them dead-lettered, different rule files), and
 * going round forever would reach the customer on no channel at all.
 */
export const MAX_SUPERSESSIONS = 3;

/** The plan as decided, without `passedOver` once its fallback was superseded too often. */
function withinSupersessions(
  message: OutreachPlannedV1Payload,
  known: readonly LoggedMessage[],
): OutreachPlannedV1Payload {
  if (message.passedOver === undefined) return message;
  const superseded = known.filter(
    (m) =>
      m.supersededAtRelease === true &&
      m.cycleId === message.cycleId &&
      m.stage === message.stage &&
      m.channel === message.channel,
  ).length;
  if (superseded < MAX_SUPERSESSIONS) return message;
  const { passedOver: _, ...rest } = message;
  return { ...rest, reasons: [...rest.reasons.slice(0, 19), 'SUPERSESSIONS_EXHAUSTED'] };
}

/**
 * What the decision needs to know of past contacts, from the planner's own log, which delivery
 * reports keep up to date: the channels tried in this cycle with their outcomes (pending until a
 * final report; an expired agent task moves the stage on like an undelivered message); for the
 * frequency caps, every message it planned and did not withdraw, as an attempt at the time a
 * provider took it, or at its planned time while it waits (that counts a message before it is
 * sent, and even if it never is: the safe side), except an agent task that expired unworked;
 * and, for the facts a wording may state, the attempts of this cycle (`contactsOf`).
 */
export function pastContacts(logged: AccountLog, state: AccountState) {
  const cycleId = state.overdue?.value.cycleId;
  const messages = logged.messages.filter((m) => m.status === 'planned');
  const ofCycle = messages.filter((m) => m.cycleId === cycleId);
  return {
    tried: ofCycle.map((m) => ({
      messageId: m.messageId,
      stage: m.stage,
      channel: m.channel,
      outcome:
        m.outcome === 'expired' ? ('undelivered' as const) : (m.outcome ?? ('pending' as const)),
    })),
    history: messages
      .filter((m) => m.outcome !== 'expired')
      .map((m) => ({
        channel: m.channel,
        at: m.sentAt ?? m.plannedFor,
        // An undelivered call never connected: Reg F does not count it toward the call caps.
        kind: m.outcome === 'undelivered' ? ('undelivered' as const) : ('attempt' as const),
        purpose: m.purpose,
      })),
    contacts: contactsOf(ofCycle),
  };
}

/**
 * The attempts to reach the customer among a cycle's messages, for the facts a wording states:
 * a message counts once a provider took it (`sentAt`), a call once an agent reported it (the
 * desk's report sets `sentAt` too), reached when delivered. A message still waiting, one that
 * never left, and an agent task that expired unworked are no attempt. One per message: a task's
 * several calls count once, which only ever understates.
 */
export function contactsOf(messages: readonly LoggedMessage[]): ContactAttempt[] {
  return messages.flatMap((m) =>
    m.sentAt === undefined || m.outcome === 'expired'
      ? []
      : [{ channel: m.channel, at: m.sentAt, reached: m.outcome === 'delivered' }],
  );
}

/** The bars that hold for the whole account, whatever the message's purpose or channel. */
const ACCOUNT_BARS: ReadonlySet<CancellationReason> = new Set<CancellationReason>([
  'PAID',
  'CURED',
  'DISPUTE',
  'BANKRUPTCY',
  'DECEASED',
  'CEASE_COMMUNICATION',
  'ATTORNEY_REPRESENTED',
  'LEGAL_HOLD',
  'PROMISE_PENDING',
  'PLAN_ACTIVE',
]);

/** Why planned messages must be withdrawn, if they must: the account paid or a bar applies. */
function cancellationReason(decision: Decision): CancellationReason | undefined {
  if (decision.kind === 'nothing' && decision.why === 'NOT_OVERDUE') return 'PAID';
  if (decision.kind !== 'suppress') return undefined;
  // A missing window or a full cap only delays; the scheduler's last look handles timing.
  const bars = decision.reasons.filter(
    (r) => r !== 'NO_WINDOW' && r !== 'CAP_REACHED' && r !== 'OUTSIDE_WINDOW',
  );
  return bars[0];
}

/**
 * Cancels the messages not yet sent for which `reasonFor` gives a reason, and adds them to
 * `cancelled`.
 */
async function cancelOpenMessages(
  deps: PlanAccountDeps,
  logged: AccountLog,
  cancelled: Set<string>,
  reasonFor: (message: LoggedMessage) => CancellationReason | undefined,
  envelope: Envelope,
): Promise<void> {
  // Only what has not gone out yet can be withdrawn: a message a provider took, or whose outcome
  // is known, is history (it stays tried for the stage and counted for the caps).
  const open = logged.messages.filter(
    (m) =>
      m.status === 'planned' &&
      m.sentAt === undefined &&
      m.outcome === undefined &&
      !cancelled.has(m.messageId),
  );
  for (const message of open) {
    const reason = reasonFor(message);
    if (reason === undefined) continue;
    const event: PlannerEvent = createEvent('outreach.cancelled', {
      ...envelope(deterministicId('outreach.cancelled', message.messageId)),
      payload: {
        accountId: message.accountId,
        messageId: message.messageId,
        cycleId: message.cycleId,
        stage: message.stage,
        channel: message.channel,
        reason,
      },
    });
    await deps.events.publish([event]);
    await deps.log.markCancelled(message.messageId);
    cancelled.add(message.messageId);
  }
}
