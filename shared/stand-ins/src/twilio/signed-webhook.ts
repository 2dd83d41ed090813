import { randomUUID } from 'node:crypto';
import { encodeFormParams } from './form-params.js';
import { computeTwilioSignature, type FormParams } from './twilio-signature.js';

/** One webhook the stand-in sent (a status callback or an inbound message), and what came back. */
export interface RecordedWebhook {
  readonly kind: 'status-callback' | 'inbound-message';
  readonly at: Date;
  readonly url: string;
  readonly params: FormParams;
  readonly signature: string;
  /** The receiver's HTTP status, or undefined when the request failed (see `error`). */
  readonly responseStatus: number | undefined;
  readonly responseBody: string | undefined;
  readonly error: string | undefined;
}

/**
 * POSTs form parameters the way Twilio sends webhooks: form-encoded, signed with
 * `X-Twilio-Signature`, with an `I-Twilio-Idempotency-Token` the receiver may deduplicate on.
 * A receiver that is down is recorded, not thrown: Twilio does not retry status callbacks either.
 */
export async function postSignedWebhook(
  kind: RecordedWebhook['kind'],
  url: string,
  params: FormParams,
  authToken: string,
): Promise<RecordedWebhook> {
  const signature = computeTwilioSignature(authToken, url, params);
  const at = new Date();
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-www-form-urlencoded; charset=utf-8',
        'user-agent': 'TwilioProxy/1.1',
        'x-twilio-signature': signature,
        'i-twilio-idempotency-token': randomUUID(),
      },
      body: encodeFormParams(params),
      signal: AbortSignal.timeout(15_000),
    });
    const responseBody = await response.text();
    return {
      kind,
      at,
      url,
      params,
      signature,
      responseStatus: response.status,
      responseBody,
      error: undefined,
    };
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    return {
      kind,
      at,
      url,
      params,
      signature,
      responseStatus: undefined,
      responseBody: undefined,
      error: reason,
    };
  }
}
