/**
 * The look at a number before a text, after the last look allowed it: where the policy asks for
 * it (`reassignedNumbers`), the number's answer from the reassigned-numbers database, asked once
 * per period (the answers are kept per number). `yes` (permanently disconnected since the
 * customer was last known to have it: it may be someone else's now) stops the text and says so
 * as `contact.unreachable` (reason `reassigned`), which the planner respects; `no` lets it go,
 * with the answer as the evidence the audit keeps; `no-data` is no evidence, and the policy's
 * `onNoData` decides (`stop` by default). The database cannot be asked: the policy's `onError`
 * decides (`stop` by default: no text without the safe-harbour evidence). No consent for texts
 * to the number gives no date to ask about: the text stops.
 */
import {
  createEvent,
  deterministicId,
  type ContactUnreachableV1,
  type NumberCheck,
  type OutreachRenderedV1,
} from '@kindly/contracts';
import type { AccountState, Policy } from '@kindly/rules';
import type { DateTime } from 'luxon';
import { answerApplies, checkIsDue, checkRequired, customerSince } from './number-check-period.js';
import type { NumberCheckDeps } from './ports.js';

export const REASSIGNED_NUMBER = 'REASSIGNED_NUMBER';
export const REASSIGNED_CHECK_UNAVAILABLE = 'REASSIGNED_CHECK_UNAVAILABLE';
/** No grant of consent for texts to the number: no date of the customer's to ask about. */
export const REASSIGNED_CHECK_NO_DATE = 'REASSIGNED_CHECK_NO_DATE';
/** The database knows nothing of the number since that date, and the policy says stop. */
export const REASSIGNED_NO_DATA = 'REASSIGNED_NO_DATA';

export type NumberLook =
  | { readonly kind: 'send'; readonly check?: NumberCheck }
  | { readonly kind: 'stop'; readonly reason: string; readonly check?: NumberCheck };

export async function lookAtNumber(
  deps: NumberCheckDeps | undefined,
  policy: Policy,
  state: AccountState,
  phone: string,
  now: DateTime,
): Promise<NumberLook> {
  const rule = policy.reassignedNumbers;
  const contact = state.contact?.value;
  if (deps === undefined || rule === undefined) return { kind: 'send' };
  if (!checkRequired(rule, contact?.jurisdiction, phone)) return { kind: 'send' };
  const zone = contact?.timeZone ?? 'UTC';
  const consentsAt = state.consents
    .filter(
      (c) => c.value.channel === 'sms' && c.value.address === phone && c.value.status === 'granted',
    )
    .map((c) => c.value.at);
  // The question is always about the customer's own date: the safe-harbour evidence is an
  // answer about when this customer gave the number, never about another account's date.
  const since = customerSince(consentsAt, zone);
  if (since === undefined) return { kind: 'stop', reason: REASSIGNED_CHECK_NO_DATE };
  const previous = await deps.store.latest(phone);
  let check =
    previous !== undefined &&
    answerApplies(previous, since) &&
    !checkIsDue(previous, now, rule.recheckAfterDays, zone)
      ? previous
      : undefined;
  if (check === undefined) {
    const reply = await deps.database.ask({ phone, since });
    if (!reply.ok) return rule.onError === 'send' ? { kind: 'send' } : stopUnavailable();
    check = {
      database: deps.database.name,
      answer: reply.answer,
      since,
      queryId: reply.queryId,
      askedAt: now.toUTC().toISO({ suppressMilliseconds: true }) ?? '',
    };
    await deps.store.record(phone, check);
  }
  if (check.answer === 'yes') return { kind: 'stop', reason: REASSIGNED_NUMBER, check };
  // Only a `no` is the evidence 47 CFR 64.1200(m) protects a sender on; `no-data` is none.
  if (check.answer === 'no-data' && rule.onNoData === 'stop') {
    return { kind: 'stop', reason: REASSIGNED_NO_DATA, check };
  }
  return { kind: 'send', check };
}

function stopUnavailable(): NumberLook {
  return { kind: 'stop', reason: REASSIGNED_CHECK_UNAVAILABLE };
}

/**
 * The number is no longer the customer's, as the database answered: it is someone else's for
 * texts and calls alike (the TCPA covers both), so both are marked. One event per answer and
 * channel (its id from the query id), so that a redelivered message publishes the same ones.
 */
export function reassignedEvents(
  rendered: OutreachRenderedV1,
  phone: string,
  check: NumberCheck,
): ContactUnreachableV1[] {
  return (['sms', 'voice'] as const).map((channel) =>
    createEvent('contact.unreachable', {
      eventId: deterministicId(
        'contact.unreachable',
        'reassigned',
        check.queryId,
        rendered.tenantId,
        rendered.payload.accountId,
        channel,
      ),
      occurredAt: check.askedAt,
      correlationId: rendered.correlationId,
      causationId: rendered.eventId,
      tenantId: rendered.tenantId,
      payload: {
        accountId: rendered.payload.accountId,
        channel,
        address: phone,
        reason: 'reassigned',
        source: 'reassigned-numbers',
        at: check.askedAt,
        evidenceRef: `${check.database}:${check.queryId}`.slice(0, 100),
      },
    }),
  );
}
