/**
 * Contact-level reasons not to send: the address is unknown or unreachable, the customer opted
 * out, the consent the policy requires is missing, or it is a work address they may not be
 * contacted at.
 */
import type { DateTime } from 'luxon';
import {
  TEMPORARY_UNREACHABLE_DAYS,
  TEMPORARY_UNREACHABLE_REASONS,
  type ContactChannel,
  type OutreachChannel,
  type SuppressionReason,
} from '@kindly/contracts';
import { instant } from './local-days.js';
import type {
  ConsentRecord,
  ContactState,
  MessageToCheck,
  UnreachableAddress,
} from './eligibility-types.js';
import type { ContactRule, JurisdictionPolicy } from './policy-types.js';

/** Consent and opt-outs are recorded per contact channel; an agent's call is a voice call. */
export function contactChannelOf(channel: OutreachChannel): ContactChannel {
  return channel === 'agent-call' ? 'voice' : channel;
}

/** E-mail addresses compare without case (the contact record refuses two that differ only so). */
function sameAddress(channel: ContactChannel, a: string, b: string): boolean {
  return channel === 'email' ? a.toLowerCase() === b.toLowerCase() : a === b;
}

function addressType(contact: ContactState, message: MessageToCheck) {
  const channel = contactChannelOf(message.channel);
  if (channel === 'email') {
    return contact.emails.find((e) => sameAddress(channel, e.address, message.address))?.type;
  }
  if (channel === 'letter') {
    return message.address === 'postal' && contact.hasPostalAddress ? 'postal' : undefined;
  }
  return contact.phones.find((p) => p.number === message.address)?.type;
}

/**
 * The consent in force for one channel, address and purpose at `now`: the latest record not
 * dated after `now`.
 */
export function consentInForce(
  contact: ContactState,
  channel: ContactChannel,
  address: string,
  purpose: ConsentRecord['purpose'] | undefined,
  now: DateTime,
): ConsentRecord | undefined {
  return (
    contact.consents
      .filter((c) => c.channel === channel && sameAddress(channel, c.address, address))
      .filter((c) => purpose === undefined || c.purpose === purpose)
      .map((c) => ({ record: c, at: instant(c.at, 'consent.at') }))
      .filter(({ at }) => at <= now)
      // The latest; of two given at the same instant (for two purposes, say), a withdrawal: the
      // customer's no is not outweighed by a yes they gave in the same breath.
      .sort((a, b) => b.at.toMillis() - a.at.toMillis() || revokedFirst(a.record, b.record))[0]
      ?.record
  );
}

function revokedFirst(a: ConsentRecord, b: ConsentRecord): number {
  return (a.status === 'revoked' ? 0 : 1) - (b.status === 'revoked' ? 0 : 1);
}

function consentReasons(
  contact: ContactState,
  message: MessageToCheck,
  rule: ContactRule,
  now: DateTime,
): SuppressionReason[] {
  const channel = contactChannelOf(message.channel);
  const record = consentInForce(contact, channel, message.address, message.purpose, now);
  // A withdrawn consent is an opt-out for that address and purpose (a STOP reply lands here),
  // whether or not the policy needs consent for it.
  const reasons: SuppressionReason[] = record?.status === 'revoked' ? ['OPTED_OUT'] : [];
  const satisfied = record?.status === 'granted' && rule.consent.bases.includes(record.basis);
  if (rule.consent.required && !satisfied) reasons.push('NO_CONSENT');
  return reasons;
}

function optOutReasons(contact: ContactState, message: MessageToCheck): SuppressionReason[] {
  const channel = contactChannelOf(message.channel);
  const matches = contact.optOuts.some(
    (o) =>
      (o.channel === undefined || o.channel === channel) &&
      (o.address === undefined || sameAddress(channel, o.address, message.address)) &&
      (o.purpose === undefined || o.purpose === message.purpose),
  );
  return matches ? ['OPTED_OUT'] : [];
}

function workReasons(
  contact: ContactState,
  message: MessageToCheck,
  policy: JurisdictionPolicy,
  now: DateTime,
): SuppressionReason[] {
  if (addressType(contact, message) !== 'work') return [];
  const rule = policy.workAddresses;
  const reasons: SuppressionReason[] = [];
  if (contact.doNotContactAtWork && rule.blockWhenDoNotContactAtWork) {
    reasons.push('DO_NOT_CONTACT_AT_WORK');
  }
  // An employer-provided e-mail address only with the customer's consent to use it [S18].
  if (message.channel === 'email' && rule.workEmailRequiresConsent) {
    const record = consentInForce(contact, 'email', message.address, undefined, now);
    if (record?.status !== 'granted') reasons.push('NO_CONSENT');
  }
  return reasons;
}

/**
 * Whether a mark bars its address at `now`: once found (one dated later is not yet known), and,
 * for a temporary reason, only until TEMPORARY_UNREACHABLE_DAYS after it was found. Judged here,
 * at the decision's `now` from the mark's `at`, so the stored state never changes with time.
 */
function barsAt(mark: UnreachableAddress, now: DateTime): boolean {
  if (mark.at === undefined) return true;
  const found = instant(mark.at, 'unreachable.at');
  if (found > now) return false;
  const temporary =
    mark.reason !== undefined && TEMPORARY_UNREACHABLE_REASONS.includes(mark.reason);
  return !temporary || now < found.plus({ days: TEMPORARY_UNREACHABLE_DAYS });
}

/** Every contact-level reason that applies to this message. */
export function contactReasons(
  contact: ContactState,
  message: MessageToCheck,
  policy: JurisdictionPolicy,
  now: DateTime,
): SuppressionReason[] {
  const channel = contactChannelOf(message.channel);
  const reasons: SuppressionReason[] = [];
  if (addressType(contact, message) === undefined) reasons.push('NO_ADDRESS');
  const unreachable = contact.unreachable.some(
    (u) =>
      u.channel === channel && sameAddress(channel, u.address, message.address) && barsAt(u, now),
  );
  if (unreachable) reasons.push('INVALID_ADDRESS');
  const rule = policy.rules[message.channel][message.purpose];
  return [
    ...reasons,
    ...optOutReasons(contact, message),
    ...consentReasons(contact, message, rule, now),
    ...workReasons(contact, message, policy, now),
  ];
}
