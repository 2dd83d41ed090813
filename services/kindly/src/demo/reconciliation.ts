/**
 * Whether a demo run's numbers reconcile: each number is counted from its own source — the
 * events on the topics, the services' own records in MongoDB, what the Twilio stand-in and the
 * SMTP catcher received, the PDFs on disk — so that a message lost or sent twice anywhere makes
 * a check fail, and the failing check names the numbers that disagree. Pure: facts in, checks out.
 *
 * The issue asked for `released = sent + agent tasks + stopped at send`. By design that cannot
 * hold, because a released message has more fates than these three (read from the code):
 *
 * - sms, e-mail, letter: the renderer renders it, or drops it without an event when nothing is
 *   overdue any more (a payment cleared the account; `NOTHING_OVERDUE`). The dispatcher then
 *   sends it (`accepted`), stops it at its last look (`failed`, `LAST_LOOK:<reason>`), fails it
 *   for good (the provider refused: 21211, 21610; no postal address; retries used up; an e-mail
 *   left `UNCERTAIN` after a crash), or finds it withdrawn: a cancellation that reached it
 *   before the message (its record says `cancelled`, and no outcome is published).
 * - agent-call: nothing is rendered or sent; the escalation service makes it an agent task
 *   (`agent.task`), or a task without a call window left (stored closed, `NO_WINDOW`, no
 *   event), or nothing when the cancellation came first.
 *
 * So the check is: every released message has exactly one of these fates, counted each from its
 * source, and no fate is counted for a message that was never released:
 *
 *     released = sent + stopped at send + failed at send + withdrawn after release
 *              + not rendered (nothing overdue) + agent tasks + calls without a window
 *              + calls withdrawn + still in flight
 *
 * and then, by channel, `sent = audit records = what the stand-in received` (for letters: PDFs
 * in sealed batches, and none left in an unsealed one), counting every record (a message sent
 * twice is two) and comparing the message ids, and nothing may be still in flight at the end.
 */
import type { MessageChannel, OutreachChannel } from '@kindly/contracts';

export interface ReleasedMessage {
  readonly messageId: string;
  readonly accountId: string;
  readonly channel: OutreachChannel;
}

/** A final or retryable attempt, as the dispatcher reported it on `delivery.outcome`. */
export interface DispatcherOutcome {
  readonly messageId: string;
  readonly channel: MessageChannel;
  readonly status: 'accepted' | 'failed';
  readonly retryable: boolean;
  readonly errorCode?: string;
}

export interface ReconciliationInput {
  /** From the topics. */
  readonly topics: {
    readonly released: readonly ReleasedMessage[];
    readonly rendered: readonly string[];
    readonly dispatcherOutcomes: readonly DispatcherOutcome[];
    /** `outreach.suppressed` at checkpoint `send` (the dispatcher reports its stops as outcomes). */
    readonly suppressedAtSend: readonly string[];
    readonly cancelled: readonly { readonly messageId: string; readonly reason: string }[];
    /** The message each `agent.task` was made for. */
    readonly agentTasks: readonly string[];
    /** Accounts a payment left with nothing overdue. */
    readonly clearedAccounts: readonly string[];
  };
  /** From the services' own records. */
  readonly records: {
    /** The dispatcher's records in state `cancelled`. */
    readonly withdrawnByDispatcher: readonly string[];
    /** The dispatcher's records still `sending` or `ready` (a retry to come). */
    readonly inFlight: readonly string[];
    /** Call messages whose task was stored without a call window. */
    readonly callsWithoutWindow: readonly string[];
    /** The audit service's records of sends (provider acceptances), one per record. */
    readonly audit: readonly { readonly messageId: string; readonly channel: MessageChannel }[];
  };
  /** From the stand-ins and the outbox: the message id of each thing received, one per thing. */
  readonly received: {
    readonly twilio: readonly string[];
    readonly smtp: readonly string[];
    readonly sealedPdfs: readonly string[];
    readonly unsealedPdfs: readonly string[];
  };
}

export const fates = [
  'sent',
  'stopped at send',
  'failed at send',
  'withdrawn after release',
  'not rendered (nothing overdue)',
  'agent tasks',
  'calls without a window',
  'calls withdrawn',
  'still in flight',
] as const;
export type Fate = (typeof fates)[number];

export interface Check {
  readonly name: string;
  readonly holds: boolean;
  /** `sum`: the first number is the sum of the others; `equal`: all the numbers are equal. */
  readonly form: 'sum' | 'equal';
  /** The numbers compared, as shown. */
  readonly numbers: readonly { readonly label: string; readonly value: number }[];
  /** What disagrees, in words: empty when the check holds. */
  readonly problems: readonly string[];
}

export interface Reconciliation {
  readonly ok: boolean;
  readonly released: number;
  readonly fates: Readonly<Record<Fate, number>>;
  readonly checks: readonly Check[];
  /** Released messages a cancellation came for: withdrawn in time, or too late (already out). */
  readonly withdrawnAfterRelease: {
    readonly byReason: Readonly<Record<string, number>>;
    readonly inTime: number;
    readonly tooLate: number;
  };
}

const SHOWN = 5;

export function reconcile(input: ReconciliationInput): Reconciliation {
  const { topics, records, received } = input;
  const released = new Map(topics.released.map((m) => [m.messageId, m]));
  const calls = new Set([...released.values()].filter((m) => m.channel === 'agent-call'));
  const callIds = new Set([...calls].map((m) => m.messageId));
  const rendered = new Set(topics.rendered);
  const cancelled = new Map(topics.cancelled.map((c) => [c.messageId, c.reason]));
  const cleared = new Set(topics.clearedAccounts);
  const final = topics.dispatcherOutcomes.filter((o) => o.status === 'accepted' || !o.retryable);
  const sent = ids(final.filter((o) => o.status === 'accepted'));
  const lastLook = (o: DispatcherOutcome) => o.errorCode?.startsWith('LAST_LOOK:') === true;
  const stopped = new Set([
    ...ids(final.filter((o) => o.status === 'failed' && lastLook(o))),
    ...topics.suppressedAtSend,
  ]);
  const failedAtSend = ids(final.filter((o) => o.status === 'failed' && !lastLook(o)));
  const withdrawn = new Set(records.withdrawnByDispatcher.filter((id) => rendered.has(id)));
  const notRendered = new Set(
    [...released.values()]
      .filter((m) => m.channel !== 'agent-call' && !rendered.has(m.messageId))
      .filter((m) => cancelled.has(m.messageId) || cleared.has(m.accountId))
      .map((m) => m.messageId),
  );
  const tasks = new Set(topics.agentTasks);
  const windowless = new Set(records.callsWithoutWindow);
  const callsWithdrawn = new Set(
    [...callIds].filter((id) => cancelled.has(id) && !tasks.has(id) && !windowless.has(id)),
  );
  const inFlight = new Set(records.inFlight);
  const buckets: Record<Fate, ReadonlySet<string>> = {
    sent,
    'stopped at send': stopped,
    'failed at send': failedAtSend,
    'withdrawn after release': withdrawn,
    'not rendered (nothing overdue)': notRendered,
    'agent tasks': tasks,
    'calls without a window': windowless,
    'calls withdrawn': callsWithdrawn,
    'still in flight': inFlight,
  };

  const checks = [
    fatesCheck(released, buckets),
    {
      name: 'nothing still in flight at the end',
      holds: inFlight.size === 0,
      form: 'equal' as const,
      numbers: [{ label: 'in flight', value: inFlight.size }],
      problems: inFlight.size === 0 ? [] : [`still in flight: ${shown([...inFlight])}`],
    },
    ...(['sms', 'email', 'letter'] as const).map((channel) =>
      sentCheck(channel, final, records.audit, received),
    ),
    {
      name: 'no letter left in an unsealed print batch',
      holds: received.unsealedPdfs.length === 0,
      form: 'equal' as const,
      numbers: [{ label: 'PDFs in unsealed batches', value: received.unsealedPdfs.length }],
      problems:
        received.unsealedPdfs.length === 0
          ? []
          : [`in unsealed batches: ${shown(received.unsealedPdfs)}`],
    },
  ];

  const byReason: Record<string, number> = {};
  let inTime = 0;
  let tooLate = 0;
  for (const [messageId, reason] of cancelled) {
    if (!released.has(messageId)) continue;
    byReason[reason] = (byReason[reason] ?? 0) + 1;
    if (sent.has(messageId) || tasks.has(messageId)) tooLate++;
    else inTime++;
  }
  return {
    ok: checks.every((c) => c.holds),
    released: released.size,
    fates: Object.fromEntries(fates.map((f) => [f, buckets[f].size])) as Record<Fate, number>,
    checks,
    withdrawnAfterRelease: { byReason, inTime, tooLate },
  };
}

function fatesCheck(
  released: ReadonlyMap<string, ReleasedMessage>,
  buckets: Readonly<Record<Fate, ReadonlySet<string>>>,
): Check {
  const fatesOf = new Map<string, Fate[]>();
  for (const fate of fates) {
    for (const id of buckets[fate]) fatesOf.set(id, [...(fatesOf.get(id) ?? []), fate]);
  }
  const none = [...released.keys()].filter((id) => !fatesOf.has(id));
  const several = [...fatesOf].filter(([, list]) => list.length > 1);
  const unreleased = [...fatesOf.keys()].filter((id) => !released.has(id));
  const total = fates.reduce((sum, fate) => sum + buckets[fate].size, 0);
  const problems = [
    ...(total === released.size ? [] : [`released ${released.size} ≠ ${total}, the sum of fates`]),
    ...(none.length === 0 ? [] : [`${none.length} released with no fate: ${shown(none)}`]),
    ...several.map(([id, list]) => `${id} counted as ${list.join(' and ')}`).slice(0, SHOWN),
    ...(unreleased.length === 0
      ? []
      : [`${unreleased.length} with a fate but never released: ${shown(unreleased)}`]),
  ];
  return {
    name: `released = ${fates.join(' + ')}`,
    holds: problems.length === 0,
    form: 'sum',
    numbers: [
      { label: 'released', value: released.size },
      ...fates.map((fate) => ({ label: fate, value: buckets[fate].size })),
    ],
    problems,
  };
}

const RECEIVER: Readonly<
  Record<MessageChannel, { label: string; of: keyof ReconciliationInput['received'] }>
> = {
  sms: { label: 'messages at the Twilio stand-in', of: 'twilio' },
  email: { label: 'mails at the SMTP catcher', of: 'smtp' },
  letter: { label: 'PDFs in sealed print batches', of: 'sealedPdfs' },
};

/** sent = audit records = received, by count (doubles count) and by message id. */
function sentCheck(
  channel: MessageChannel,
  final: readonly DispatcherOutcome[],
  audit: ReconciliationInput['records']['audit'],
  received: ReconciliationInput['received'],
): Check {
  const receiver = RECEIVER[channel];
  const sources = [
    {
      label: `sent ${channel}`,
      ids: [...ids(final.filter((o) => o.channel === channel && o.status === 'accepted'))],
    },
    {
      label: `audit records ${channel}`,
      ids: audit.filter((r) => r.channel === channel).map((r) => r.messageId),
    },
    { label: receiver.label, ids: [...received[receiver.of]] },
  ];
  const [reference, ...others] = sources;
  const problems: string[] = [];
  for (const source of others) {
    if (!reference) break;
    if (source.ids.length !== reference.ids.length)
      problems.push(
        `${source.label} ${source.ids.length} ≠ ${reference.label} ${reference.ids.length}`,
      );
    const twice = duplicates(source.ids);
    if (twice.length > 0) problems.push(`twice in ${source.label}: ${shown(twice)}`);
    const expected = new Set(reference.ids);
    const got = new Set(source.ids);
    const missing = [...expected].filter((id) => !got.has(id));
    const extra = [...got].filter((id) => !expected.has(id));
    if (missing.length > 0) problems.push(`missing from ${source.label}: ${shown(missing)}`);
    if (extra.length > 0) problems.push(`in ${source.label}, not sent: ${shown(extra)}`);
  }
  return {
    name: `sent ${channel} = audit records = ${receiver.label}`,
    holds: problems.length === 0,
    form: 'equal',
    numbers: sources.map((s) => ({ label: s.label, value: s.ids.length })),
    problems,
  };
}

function ids(outcomes: readonly DispatcherOutcome[]): Set<string> {
  return new Set(outcomes.map((o) => o.messageId));
}

function duplicates(list: readonly string[]): string[] {
  const seen = new Set<string>();
  const twice = new Set<string>();
  for (const id of list) (seen.has(id) ? twice : seen).add(id);
  return [...twice];
}

function shown(list: readonly string[]): string {
  const head = list.slice(0, SHOWN).join(', ');
  return list.length > SHOWN ? `${head} and ${list.length - SHOWN} more` : head;
}
