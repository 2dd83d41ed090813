/**
 * A payment link followed through the tracker: `<click route>/<reference>`, where the reference
 * is what the renderer would have put at the end of the payment page's link (the message's short
 * reference `KD…`, or a campaign message's signed one `<key id>.KD….<MAC>`). Pure: the shape of
 * the reference and where the customer is sent, whatever the tracker knows of the message.
 */

import { MESSAGE_REFERENCE_PATTERN, SIGNED_PAYMENT_REFERENCE_PATTERN } from '@kindly/contracts';

/** Longer than any reference: read no further (the text is never echoed nor logged). */
export const MAX_REFERENCE_LENGTH = 64;

export interface LinkReference {
  /** As it came, to be carried on to the payment page unchanged. */
  readonly reference: string;
  /** The message's short reference in it: what the tracker looks the message up by. */
  readonly shortReference: string;
}

/** The reference of a followed link, or undefined when it is no reference's shape. */
export function parseLinkReference(text: string): LinkReference | undefined {
  if (text.length > MAX_REFERENCE_LENGTH) return undefined;
  // `KD…` as the message prints it, or the campaigns service's signed reference (≤ 45 characters).
  if (MESSAGE_REFERENCE_PATTERN.test(text)) return { reference: text, shortReference: text };
  const signed = SIGNED_PAYMENT_REFERENCE_PATTERN.exec(text);
  return signed?.[2] === undefined ? undefined : { reference: text, shortReference: signed[2] };
}

/**
 * Where the customer goes: the payment page with the reference carried on, as the link would have
 * said without the tracker, so the bank still receives it at payment. The same for a message the
 * tracker knows and one it does not: the answer tells nobody which references exist.
 */
export function paymentPageFor(page: string, link: LinkReference): string {
  return `${page.replace(/\/+$/, '')}/${link.reference}`;
}
