/**
 * The renderer's view of the contacts with a customer, and its check of the facts a message
 * states about them. The history is the renderer's own (released messages and delivery reports,
 * including the calls agents report at the desk), and the facts' predicates are the one vocabulary
 * of `@kindly/rules`: the planner chose the wording on its own log; this checks it on other data.
 */
import {
  contactFactText,
  factsNotHeld,
  type ContactAttempt,
  type ContactFact,
} from '@kindly/rules';
import type { DeliveryOutcomeV1Payload, OutreachReleasedV1 } from '@kindly/contracts';
import type { Clock } from '@kindly/clock';
import type { ContactHistoryStore, ContactRecord, TemplateFacts } from './ports.js';
import { RenderError } from './renderer.errors.js';

/**
 * How long after its release a message whose stated facts do not hold yet is retried rather
 * than refused: the delivery report that makes them true (an agent's call, reported at the
 * desk moments before) travels on another topic and may arrive after the release.
 */
export const HISTORY_GRACE_MS = 60_000;

/** What one delivery report says about an attempt to reach the customer, or nothing. */
export type AttemptReport =
  | { readonly kind: 'none' }
  | { readonly kind: 'message'; readonly at: string; readonly reached: boolean }
  | {
      readonly kind: 'call';
      readonly attempt: number;
      readonly at: string;
      readonly reached: boolean;
    };

/**
 * A report on a message (SMS, e-mail, letter) is an attempt once a provider took it, whatever
 * came after (a bounce too: we did try); a failure is none (it never left). Reached: delivered,
 * or read. A report from the agent desk is one call made (the desk reports only calls made),
 * reached when the customer answered (`delivered`).
 */
export function attemptReportOf(outcome: DeliveryOutcomeV1Payload): AttemptReport {
  if (outcome.channel === 'agent-call') {
    return {
      kind: 'call',
      attempt: outcome.attempt,
      at: outcome.at,
      reached: outcome.status === 'delivered',
    };
  }
  if (outcome.status === 'failed') return { kind: 'none' };
  const reached = ['delivered', 'opened', 'clicked', 'complained'].includes(outcome.status);
  return { kind: 'message', at: outcome.at, reached };
}

/** The attempts of a cycle before a message: the other messages of the cycle, released here. */
export function contactsBefore(
  records: readonly ContactRecord[],
  message: { readonly cycleId: string; readonly messageId: string },
): ContactAttempt[] {
  return records
    .filter((r) => r.cycleId === message.cycleId && r.messageId !== message.messageId)
    .flatMap((r) => r.attempts);
}

/** Whether a message may state its facts: they hold, not yet (wait for the history), or not. */
export type FactVerdict =
  | { readonly kind: 'holds' }
  | { readonly kind: 'not-yet' | 'not-held'; readonly unheld: readonly ContactFact[] };

/**
 * The verdict on the facts a template states, for a customer with `contacts` (the earlier
 * attempts of the cycle), `ageMs` after the message's release: what does not hold is refused,
 * unless the release is younger than `HISTORY_GRACE_MS`.
 */
export function factVerdict(
  asserted: readonly ContactFact[],
  contacts: readonly ContactAttempt[],
  ageMs: number,
): FactVerdict {
  const unheld = factsNotHeld(asserted, contacts);
  if (unheld.length === 0) return { kind: 'holds' };
  return { kind: ageMs < HISTORY_GRACE_MS ? 'not-yet' : 'not-held', unheld };
}

export interface ContactFactDeps {
  readonly contacts: ContactHistoryStore;
  readonly templates: TemplateFacts;
  readonly clock: Clock;
}

/**
 * Records the release in the contact history, and returns the customer's earlier attempts in the
 * message's cycle, for the render model, once the facts the template states hold for them.
 *
 * @throws RenderError `FACT_NOT_HELD` (permanent) when a stated fact does not hold, or
 *   `HISTORY_NOT_READY` (retryable) while the message is younger than `HISTORY_GRACE_MS`
 */
export async function checkedContacts(
  deps: ContactFactDeps,
  released: OutreachReleasedV1,
): Promise<ContactAttempt[]> {
  const message = released.payload;
  await deps.contacts.recordRelease({
    tenantId: released.tenantId,
    accountId: message.accountId,
    messageId: message.messageId,
    cycleId: message.cycleId,
    channel: message.channel,
  });
  const records = await deps.contacts.ofAccount(released.tenantId, message.accountId);
  const contacts = contactsBefore(records, message);
  if (message.channel === 'agent-call') return contacts;
  const verdict = factVerdict(
    deps.templates.assertsOf(message.templateId, message.locale),
    contacts,
    deps.clock.now().toMillis() - Date.parse(released.occurredAt),
  );
  if (verdict.kind === 'holds') return contacts;
  const facts = verdict.unheld.map(contactFactText).join(', ');
  const details = { templateId: message.templateId, locale: message.locale, facts };
  if (verdict.kind === 'not-yet')
    throw new RenderError(
      'HISTORY_NOT_READY',
      `template ${message.templateId} states ${facts}, which the contact history does not show yet`,
      details,
    );
  throw new RenderError(
    'FACT_NOT_HELD',
    `template ${message.templateId} (${message.locale}) states ${facts}, which does not hold for the account: ${contacts.length} earlier attempt(s) in the cycle`,
    details,
  );
}
