/**
 * The fault test's verdict, deliberately simple and sharing no code with the pipeline: what the
 * Twilio stand-in accepted, what the SMTP catcher received and the PDFs in sealed print batches,
 * counted per message id, against the plans the planner published. Every planned message must
 * have gone out exactly once, or be accounted for by a reason the pipeline published (cancelled,
 * suppressed), a record that it may not go (the provider refused it for good), or still be
 * waiting for its window. Nothing may be dead-lettered and every account must have a decision.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** A create-message request as the Twilio stand-in recorded it. */
export interface TwilioCreate {
  readonly responseStatus: number;
  readonly form: Readonly<Record<string, string | readonly string[]>> | undefined;
}

/** An e-mail as the SMTP catcher received it. */
export interface ReceivedEmail {
  header(name: string): string | undefined;
}

export interface SealedLetter {
  readonly batch: string;
  readonly messageId: string;
}

export interface LetterOutbox {
  readonly sealed: readonly SealedLetter[];
  /** Batch folders not sealed (open, or being recovered). */
  readonly unsealed: readonly string[];
}

/** The events the check reads; loosely typed on purpose: it reads them as an outsider would. */
export interface SeenEvent {
  readonly type: string;
  readonly payload: {
    readonly messageId?: string;
    readonly accountId?: string;
    readonly channel?: string;
    readonly checkpoint?: string;
    /** A cancellation's reason (PAID, a bar, a withdrawn stage…); other events' are other things. */
    readonly reason?: unknown;
  };
}

export interface FaultRunFacts {
  readonly accounts: readonly string[];
  readonly events: readonly SeenEvent[];
  readonly deadLetters: readonly string[];
  readonly twilioRequests: readonly TwilioCreate[];
  readonly emails: readonly ReceivedEmail[];
  readonly letters: LetterOutbox;
  readonly dispatches: readonly { readonly _id: string; readonly state: string }[];
  readonly waiting: readonly { readonly _id: string }[];
  readonly unpublishedPlans: number;
}

export interface FaultFindings {
  readonly planned: number;
  readonly sent: { readonly sms: number; readonly email: number; readonly letter: number };
  readonly accountedNotSent: number;
  /** Why those did not go out, by reason. */
  readonly notSentBecause: Readonly<Record<string, number>>;
  /** Empty when the run kept every promise. */
  readonly problems: string[];
}

/** States in which the dispatcher decided a message may not go (nothing reached a customer). */
const NOT_SENDABLE = new Set(['failed', 'suppressed', 'cancelled']);

export function checkFaultRun(facts: FaultRunFacts): FaultFindings {
  const problems: string[] = [];
  const ids = (type: string) =>
    new Set(facts.events.filter((e) => e.type === type).flatMap((e) => e.payload.messageId ?? []));
  const plans = new Map<string, SeenEvent>();
  for (const event of facts.events) {
    if (event.type === 'outreach.planned' && event.payload.messageId) {
      plans.set(event.payload.messageId, event);
    }
  }
  const cancelled = ids('outreach.cancelled');
  // Why each was cancelled, so that a run's summary says it (not only that it was).
  const cancelReason = new Map(
    facts.events
      .filter((e) => e.type === 'outreach.cancelled' && e.payload.messageId)
      .map((e) => [
        e.payload.messageId ?? '',
        typeof e.payload.reason === 'string' ? e.payload.reason : '',
      ]),
  );
  const suppressed = ids('outreach.suppressed');
  // A task's id is its own; it names the account it is for.
  const tasked = new Set(
    facts.events.filter((e) => e.type === 'agent.task').flatMap((e) => e.payload.accountId ?? []),
  );
  const waiting = new Set(facts.waiting.map((w) => w._id));
  const dispatchState = new Map(facts.dispatches.map((d) => [d._id, d.state]));
  const reasonNotSent = (id: string) =>
    cancelled.has(id)
      ? cancelReason.get(id)
        ? `cancelled (${cancelReason.get(id)})`
        : 'cancelled'
      : suppressed.has(id)
        ? 'suppressed'
        : waiting.has(id)
          ? 'waiting for its window'
          : undefined;

  const sms = countBy(
    facts.twilioRequests.filter((r) => r.responseStatus === 201).map(messageIdOfSms),
  );
  const email = countBy(facts.emails.map(messageIdOfEmail));
  const letter = countBy(facts.letters.sealed.map((l) => l.messageId));

  for (const [channel, counts] of [
    ['SMS', sms],
    ['e-mail', email],
    ['letter', letter],
  ] as const) {
    for (const [id, count] of counts) {
      if (count > 1) problems.push(`${channel} ${id} went out ${count} times`);
      if (!plans.has(id)) problems.push(`${channel} ${id} went out without a published plan`);
    }
  }

  let accountedNotSent = 0;
  const notSentBecause: Record<string, number> = {};
  const because = (reason: string) => {
    accountedNotSent += 1;
    notSentBecause[reason] = (notSentBecause[reason] ?? 0) + 1;
  };
  for (const [id, plan] of plans) {
    const channel = plan.payload.channel;
    if (channel === 'agent-call') {
      const account = plan.payload.accountId ?? '';
      if (tasked.has(account)) continue;
      const reason = reasonNotSent(id);
      if (reason) because(`call ${reason}`);
      else
        problems.push(`agent call ${id} was planned and neither became a task nor was withdrawn`);
      continue;
    }
    const counts = channel === 'sms' ? sms : channel === 'email' ? email : letter;
    if ((counts.get(id) ?? 0) > 0) continue;
    const state = dispatchState.get(id);
    const reason =
      reasonNotSent(id) ??
      (state !== undefined && NOT_SENDABLE.has(state) ? `dispatch ${state}` : undefined);
    if (reason) {
      because(reason);
      continue;
    }
    problems.push(
      `${channel ?? '?'} ${id} was planned and never sent, with no reason (dispatch: ${state ?? 'none'})`,
    );
  }

  const decided = new Set(
    facts.events
      .filter((e) => e.type === 'outreach.planned' || e.type === 'outreach.suppressed')
      .flatMap((e) => e.payload.accountId ?? []),
  );
  const undecided = facts.accounts.filter((a) => !decided.has(a));
  if (undecided.length > 0) {
    problems.push(
      `${undecided.length} accounts got no decision (no plan, no suppression), e.g. ${undecided.slice(0, 3).join(', ')}`,
    );
  }
  if (facts.unpublishedPlans > 0) {
    problems.push(`${facts.unpublishedPlans} plans recorded by the planner and never published`);
  }
  for (const topic of new Set(facts.deadLetters)) {
    const count = facts.deadLetters.filter((t) => t === topic).length;
    problems.push(`${count} records dead-lettered on ${topic}`);
  }
  if (facts.letters.unsealed.length > 0) {
    problems.push(`print batches left unsealed: ${facts.letters.unsealed.join(', ')}`);
  }
  return {
    planned: plans.size,
    sent: { sms: sms.size, email: email.size, letter: letter.size },
    accountedNotSent,
    notSentBecause,
    problems,
  };
}

/** Letters in sealed batches, by the PDF's name (`<messageId>.pdf`), and the unsealed folders. */
export function readSealedLetters(outbox: string): LetterOutbox {
  const sealed: SealedLetter[] = [];
  const unsealed: string[] = [];
  for (const entry of readdirSync(outbox, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    if (entry.name.endsWith('.open') || entry.name.includes('.recovering-')) {
      unsealed.push(entry.name);
      continue;
    }
    for (const file of readdirSync(join(outbox, entry.name))) {
      if (file.endsWith('.pdf')) sealed.push({ batch: entry.name, messageId: file.slice(0, -4) });
    }
  }
  return { sealed, unsealed };
}

/** The message id the dispatcher put into the status callback URL of an SMS. */
function messageIdOfSms(request: TwilioCreate): string {
  const callback = request.form?.['StatusCallback'];
  const url = typeof callback === 'string' ? callback : callback?.[0];
  return url ? (new URL(url).searchParams.get('messageId') ?? '?') : '?';
}

/** The message id in an e-mail's Message-ID (`<id@domain>`). */
function messageIdOfEmail(email: ReceivedEmail): string {
  const header = email.header('Message-ID') ?? '';
  return /^<([^@>]+)@/.exec(header.trim())?.[1] ?? '?';
}

function countBy(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const value of values) counts.set(value, (counts.get(value) ?? 0) + 1);
  return counts;
}
