/**
 * The dispatcher's last look, the moment before a provider is called: the same checks as the
 * scheduler's at release (services/scheduler/src/domain/last-look.ts), on the dispatcher's own
 * copy of the account, because a payment, an opt-out or a dispute can arrive between release and
 * send. Consent and the account's state through `checkEligibility`; `now` before the message's
 * `latestSendAt` and inside an allowed window in every zone the customer may be in. Pure.
 *
 * Frequency caps are not counted again here: the scheduler counted this message when it released
 * it, and counting it twice would stop every message at the edge of a cap.
 */
import { DateTime } from 'luxon';
import type {
  ContactUpdatedV1Payload,
  MessageChannel,
  OutreachRenderedV1Payload,
} from '@kindly/contracts';
import {
  addressFor,
  candidateZones,
  checkEligibility,
  findSendSlot,
  jurisdictionPolicy,
  legalTimeZones,
  policyAccountOf,
  policyContactOf,
  type AccountState,
  type PlanningRules,
} from '@kindly/rules';
import type { ConsentBasisRecord } from './audit-record.js';

export type LastLookVerdict =
  | {
      readonly kind: 'send';
      /** The E.164 number, e-mail address, or `postal` (the letter's address is in `contact`). */
      readonly address: string;
      readonly contact: ContactUpdatedV1Payload;
      readonly consentBasis: ConsentBasisRecord | null;
    }
  /** Not to be sent: a suppression reason, or `EXPIRED` / `OUTSIDE_WINDOW`. */
  | { readonly kind: 'stop'; readonly reason: string }
  /** The account's facts have not reached the dispatcher yet (topics are not ordered together). */
  | { readonly kind: 'await' };

export function lastLook(
  rules: PlanningRules,
  message: OutreachRenderedV1Payload,
  state: AccountState | undefined,
  now: DateTime,
): LastLookVerdict {
  if (now > DateTime.fromISO(message.latestSendAt, { zone: 'utc' })) {
    return { kind: 'stop', reason: 'EXPIRED' };
  }
  const contact = state?.contact?.value;
  if (!state?.overdue || !contact) return { kind: 'await' };
  const account = policyAccountOf(state);
  const address = addressFor(message.channel, contact);
  if (!account || address === undefined) return { kind: 'stop', reason: 'NO_ADDRESS' };

  const templateKind = templateKindOf(rules, message.channel, message.templateId);
  const eligibility = checkEligibility({
    account,
    contact: policyContactOf(state, contact),
    message: {
      channel: message.channel,
      purpose: message.purpose,
      address,
      ...(templateKind !== undefined ? { templateKind } : {}),
    },
    policy: jurisdictionPolicy(rules.policy, contact.jurisdiction),
    now,
  });
  if (!eligibility.allowed) {
    return { kind: 'stop', reason: eligibility.reasons[0] ?? 'NO_CONSENT' };
  }

  const zones = candidateZones(contact, { legalTimeZones: legalTimeZones(rules.policy) }).zones.map(
    (z) => z.zone,
  );
  const slot = findSendSlot({
    policy: rules.policy,
    contact,
    zones,
    channel: message.channel,
    purpose: message.purpose,
    history: [],
    now,
    horizon: rules.horizon,
    minimumDuration: rules.minimumDuration,
  });
  if (!slot.found || slot.slot.start > now) return { kind: 'stop', reason: 'OUTSIDE_WINDOW' };

  return { kind: 'send', address, contact, consentBasis: consentBasisOf(state, message, address) };
}

/** The granted consent record for this channel, address and purpose, if the account has one. */
function consentBasisOf(
  state: AccountState,
  message: OutreachRenderedV1Payload,
  address: string,
): ConsentBasisRecord | null {
  const record = state.consents.find(
    ({ value }) =>
      value.channel === message.channel &&
      value.address === address &&
      value.purpose === message.purpose &&
      value.status === 'granted',
  )?.value;
  if (!record) return null;
  return {
    basis: record.basis,
    source: record.source,
    at: record.at,
    ...(record.evidenceRef !== undefined ? { evidenceRef: record.evidenceRef } : {}),
  };
}

/**
 * `outreach.rendered` does not name the strategy step, so the template's kind (a notice a flag
 * still allows) is read from the steps that use the template on that channel, when they agree.
 */
function templateKindOf(
  rules: PlanningRules,
  channel: MessageChannel,
  templateId: string,
): string | undefined {
  const kinds = new Set(
    rules.strategies.strategies.flatMap((strategy) =>
      [
        ...strategy.stages.flatMap((stage) => stage.channels),
        ...(strategy.notices ?? []).flatMap((notice) => notice.channels),
      ]
        .filter((step) => step.channel === channel && step.templateId === templateId)
        .map((step) => step.templateKind),
    ),
  );
  return kinds.size === 1 ? [...kinds][0] : undefined;
}
