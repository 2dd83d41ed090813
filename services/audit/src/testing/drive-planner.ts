/**
 * Runs the REAL planner over a generated case, the way the pipeline would: the bank's events
 * folded with the planner's own `evolveAccountState` (only those that had occurred by then), a
 * decision at an instant, and for each planned message a send at its earliest instant to the
 * address the planner chose, recorded as the audit records it (plan, rendering, acceptance).
 * When a plan's earliest instant is later than the question, the planner is asked again then
 * (the last look a release takes) and the message goes only if it is still sendable.
 */
import { DateTime } from 'luxon';
import { postalAddressText, type AnyEvent, type OutreachChannel } from '@kindly/contracts';
import {
  addressFor,
  decideOutreach,
  emptyAccountState,
  evolveAccountState,
  type BankInput,
  type ContactHistoryEntry,
  type Decision,
  type PlanningRules,
} from '@kindly/rules';
import { AuditHistory, ACCOUNT_ID, CYCLE_ID, TENANT_ID } from './audit-history.js';
import {
  PLACES,
  type ContactMove,
  type PlannerCase,
  type StepOutcome,
} from './planner-case-arbitraries.js';

const HOUR_MS = 3_600_000;
const BANK_TYPES: readonly string[] = [
  'account.overdue',
  'account.payment',
  'account.arrangement',
  'account.status',
  'contact.updated',
  'contact.consent',
  'contact.unreachable',
];
const CURRENCY: Readonly<Record<string, string>> = { CN: 'CNY', GB: 'GBP', IN: 'INR' };

function iso(ms: number): string {
  return new Date(ms).toISOString().replace('.000Z', 'Z');
}

function isBankInput(event: AnyEvent): event is BankInput {
  return BANK_TYPES.includes(event.type);
}

function localDate(ms: number, zone: string, plusDays = 0): string {
  return DateTime.fromMillis(ms, { zone }).plus({ days: plusDays }).toISODate() ?? '';
}

/** The bank's events of a case, all dated before its start (a consent may take effect later). */
export function bankHistoryOf(c: PlannerCase): AuditHistory {
  const history = new AuditHistory();
  const at = (hoursBefore: number) => iso(c.start - hoursBefore * HOUR_MS);
  const money = (amountMinor: number) => ({
    amountMinor,
    currency: CURRENCY[c.jurisdiction.slice(0, 2)] ?? 'USD',
  });
  history.contact(at(48), {
    ...c.contact,
    locale: c.jurisdiction === 'CN' ? 'zh-CN' : 'en-US',
    jurisdiction: c.jurisdiction,
    preferredWindows: [],
  });
  for (const consent of c.consents) {
    const { hoursBefore, ...payload } = consent;
    history.consent(at(Math.max(1, hoursBefore)), { ...payload, at: at(hoursBefore) });
  }
  const dueDate = localDate(c.start, c.contact.timeZone, -c.daysPastDue);
  history.overdue(at(2), {
    product: c.product,
    dueDate,
    daysPastDue: c.daysPastDue,
    overdueAmount: money(50_000),
    totalBalance: money(150_000),
    minimumPayment: money(10_000),
  });
  if (c.flags.length > 0)
    history.status(at(3), { set: [...c.flags], cleared: [], effectiveAt: at(4) });
  if (c.payment) {
    const paid = Math.min(
      Date.parse(`${dueDate}T00:00:00Z`) + c.payment.hoursAfterDue * HOUR_MS,
      c.start - 60_000,
    );
    history.payment(iso(paid), {
      amount: money(50_000),
      remainingOverdue: money(c.payment.cures ? 0 : 10_000),
      curesAccount: c.payment.cures,
    });
  }
  if (c.unreachable !== undefined) {
    const { channel, hoursBefore } = c.unreachable;
    const address = channel === 'sms' ? c.contact.phones[0]?.number : c.contact.emails[0]?.address;
    if (address !== undefined) {
      history.unreachable(at(hoursBefore), {
        channel,
        address,
        reason: channel === 'sms' ? 'invalid-number' : 'hard-bounce',
      });
      if (c.unreachable.tiedRecord === true) {
        // A record without the address at the mark's instant (ties by event id), then the
        // address back: only a tie the record won clears the mark.
        const without =
          channel === 'sms'
            ? { phones: c.contact.phones.slice(1) }
            : { emails: c.contact.emails.slice(1) };
        const base = {
          ...c.contact,
          locale: c.jurisdiction === 'CN' ? ('zh-CN' as const) : ('en-US' as const),
          jurisdiction: c.jurisdiction,
          preferredWindows: [],
        };
        history.contact(at(hoursBefore), { ...base, ...without });
        history.contact(at(hoursBefore - 0.5), base);
      }
    }
  }
  if (c.promiseInDays !== undefined) {
    history.arrangement(at(5), {
      accountId: ACCOUNT_ID,
      arrangementId: 'arr-1',
      status: 'made',
      kind: 'promise-to-pay',
      promisedDate: localDate(c.start, c.contact.timeZone, c.promiseInDays),
      amount: money(50_000),
    });
  }
  return history;
}

export interface DriveResult {
  readonly events: AnyEvent[];
  readonly sends: number;
  /** For each message sent, when the planner decided it (the plan, or the last look). */
  readonly decided: ReadonlyMap<string, string>;
}

export interface DriveOptions {
  /**
   * Ask the planner again at a plan's earliest instant and send only if it still may (the
   * release's last look); false: send at the planned instant whatever came in between.
   */
  readonly askAgain: boolean;
}

interface Tried {
  readonly messageId: string;
  readonly stage: number;
  readonly channel: OutreachChannel;
  readonly outcome: StepOutcome;
}

function decide(
  rules: PlanningRules,
  events: readonly AnyEvent[],
  history: readonly ContactHistoryEntry[],
  tried: readonly Tried[],
  now: number,
): Decision {
  const state = events
    .filter(isBankInput)
    .filter((e) => Date.parse(e.occurredAt) <= now)
    .reduce((s, e) => evolveAccountState(s, e).state, emptyAccountState(TENANT_ID, ACCOUNT_ID));
  return decideOutreach(
    rules,
    { state, history, tried },
    DateTime.fromMillis(now, { zone: 'utc' }),
  );
}

/** The case's whole history after the planner's sends, and how many sends it made. */
export function drivePlanner(
  c: PlannerCase,
  rules: PlanningRules,
  options: DriveOptions = { askAgain: true },
): DriveResult {
  const audit = bankHistoryOf(c);
  const history: ContactHistoryEntry[] = [];
  const tried: Tried[] = [];
  let now = c.start;
  let daysPastDue = c.daysPastDue;
  let sends = 0;
  const decided = new Map<string, string>();
  for (const step of c.steps) {
    const decidedAt = now;
    let decision = decide(rules, audit.events, history, tried, now);
    if (decision.kind === 'plan' && !decision.sendableNow) {
      const planned = decision;
      now = Date.parse(decision.message.earliestSendAt);
      decision = options.askAgain
        ? decide(rules, audit.events, history, tried, now)
        : { ...planned, sendableNow: true };
    }
    // A cap or a pause that frees up later: ask again then (the planner's own retry).
    if (decision.kind === 'suppress' && decision.retryAt) {
      now = Math.max(now + 60_000, decision.retryAt.toMillis());
      continue;
    }
    if (decision.kind !== 'plan' || !decision.sendableNow) break;
    const message = decision.message;
    const at = iso(now);
    const { channel, purpose } = message;
    tried.push({
      messageId: message.messageId,
      stage: message.stage,
      channel,
      outcome: step.outcome,
    });
    if (channel === 'agent-call') {
      history.push({ channel, at, kind: 'undelivered', purpose });
    } else {
      const contact = audit.events.filter((e) => e.type === 'contact.updated').at(-1);
      const record = contact?.type === 'contact.updated' ? contact.payload : undefined;
      const chosen = record && addressFor(channel, record);
      // The planner names a letter's address `postal`; the dispatcher's `to` is its whole text.
      const postal = record?.postalAddresses[0];
      const to = channel === 'letter' ? postal && postalAddressText(postal) : chosen;
      audit.sentAsPlanned(message, at, to);
      history.push({ channel, at, kind: 'attempt', purpose });
      decided.set(message.messageId, iso(decidedAt));
      sends += 1;
    }
    const sentAt = now;
    now += step.gapHours * HOUR_MS;
    if (step.move) {
      // The new record comes after the send (a record that came before it would judge it).
      now = Math.max(now, sentAt + 60_000);
      moveContact(audit, step.move, PLACES[c.jurisdiction]?.zones ?? [], now - 30_000);
    }
    if (step.gapHours >= 24) {
      daysPastDue += Math.floor(step.gapHours / 24);
      audit.overdue(iso(now - 60_000), {
        ...latestOverdue(audit.events),
        daysPastDue,
        cycleId: CYCLE_ID,
      });
    }
  }
  return { events: audit.events, sends, decided };
}

/** A new contact record, as the bank sends one: the whole record, one thing changed. */
function moveContact(audit: AuditHistory, move: ContactMove, zones: readonly string[], at: number) {
  const last = audit.events.filter((e) => e.type === 'contact.updated').at(-1);
  if (last?.type !== 'contact.updated') return;
  const record = last.payload;
  const extra = zones.find((z) => z !== record.timeZone && !record.candidateTimeZones.includes(z));
  audit.contact(
    iso(at),
    move === 'add-zone'
      ? { ...record, candidateTimeZones: [...record.candidateTimeZones, ...(extra ? [extra] : [])] }
      : { ...record, phones: record.phones.slice(1) },
  );
}

function latestOverdue(events: readonly AnyEvent[]) {
  const last = events.filter((e) => e.type === 'account.overdue').at(-1);
  return last?.type === 'account.overdue' ? last.payload : {};
}
