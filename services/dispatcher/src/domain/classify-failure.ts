/**
 * Provider errors sorted into classes, once, so that every adapter and test agrees
 * (compliance notes §4.3 for Twilio, RFC 5321 / 3463 for SMTP). Pure.
 */
import type { DeliveryFailure } from './send-result.js';

/** What a Twilio REST call failed with: the HTTP status and Twilio's own code, when any. */
export interface TwilioErrorFacts {
  readonly provider: string;
  /** HTTP status; undefined when the request never got an answer (connection refused, timeout). */
  readonly status?: number | undefined;
  readonly code?: number | undefined;
  /** The request never left (connection refused, no such host): Twilio cannot have taken it. */
  readonly neverSent?: boolean;
}

/** Twilio codes that say the number can never take an SMS: suppress, do not retry. */
const INVALID_NUMBER_CODES = new Set([21211, 21614, 21612, 21635, 30005, 30006]);
/** Twilio codes worth another try later: the handset was off, or an unknown carrier hiccup. */
const RETRYABLE_CODES = new Set([30003, 30008]);

/**
 * The failure code of a Twilio request that got no answer (a timeout, a dropped connection):
 * Twilio may have created the message all the same, so the next attempt looks for it first.
 */
export const TWILIO_NO_ANSWER = 'NETWORK';

export function classifyTwilioError(facts: TwilioErrorFacts): DeliveryFailure {
  const { provider, status, code } = facts;
  const base = { provider, attempted: true };
  if (status === undefined) {
    return {
      ...base,
      code: TWILIO_NO_ANSWER,
      retryable: true,
      providerFault: true,
      mayHaveBeenSent: facts.neverSent !== true,
      effect: 'none',
      detail: 'no answer from Twilio',
    };
  }
  if (code === 21610) {
    return {
      ...base,
      code: '21610',
      retryable: false,
      providerFault: false,
      effect: 'revoke-consent',
      detail: 'the recipient opted out (STOP) at Twilio',
    };
  }
  if (code !== undefined && INVALID_NUMBER_CODES.has(code)) {
    return {
      ...base,
      code: String(code),
      retryable: false,
      providerFault: false,
      effect: 'invalid-address',
      detail: 'the number cannot receive SMS',
    };
  }
  if (status === 429 || status >= 500) {
    return {
      ...base,
      code: String(status === 429 ? 429 : (code ?? status)),
      retryable: true,
      providerFault: true,
      effect: 'none',
      detail: status === 429 ? 'throttled by Twilio' : `Twilio answered ${status}`,
    };
  }
  if (code !== undefined && RETRYABLE_CODES.has(code)) {
    return {
      ...base,
      code: String(code),
      retryable: true,
      providerFault: false,
      effect: 'none',
      detail: 'the handset was unreachable',
    };
  }
  // Any other 4xx: our request or our account is wrong; the same request would fail again.
  return {
    ...base,
    code: String(code ?? status),
    retryable: false,
    providerFault: status === 401 || status === 403,
    effect: 'none',
    detail: `Twilio refused the request (${status})`,
  };
}

/** What an SMTP exchange failed with, as nodemailer reports it. */
export interface SmtpErrorFacts {
  readonly provider: string;
  /** The server's reply code (4xx, 5xx); undefined when no reply came (connection, timeout). */
  readonly responseCode?: number | undefined;
  /** The enhanced status code in the reply text (`5.1.1`), when given. */
  readonly enhancedStatus?: string | undefined;
  /** nodemailer's error code: `ECONNECTION`, `ETIMEDOUT`, `ESOCKET`, `EENVELOPE`, `EMESSAGE`, … */
  readonly errorCode?: string | undefined;
  /** Whether the server refused the recipient (RCPT TO) rather than the message (DATA). */
  readonly atRecipient?: boolean;
}

/**
 * Enhanced codes (RFC 3463) that say the address itself is bad: bad mailbox (5.1.1), bad
 * system (5.1.2), bad syntax (5.1.3), moved (5.1.6), null MX (5.1.10, RFC 7505): the tracker's
 * DSN rule reads the same ones. Not 5.1.0 (other, unclear), 5.1.7/5.1.8 (our sender's address),
 * nor any 5.2.x–5.7.x (a full or disabled mailbox, the system, policy, spam, DMARC, a blocklist:
 * the message fails, the address stays).
 */
const BAD_ADDRESS = new Set(['5.1.1', '5.1.2', '5.1.3', '5.1.6', '5.1.10']);
/**
 * Bare reply codes at RCPT TO, from a server that gives no enhanced code, that name the address:
 * 551 user not local (moved), 553 mailbox name not allowed (syntax). Not a bare 550: RFC 5321
 * §4.2.2 gives it for "mailbox not found, no access, or command rejected for policy reasons",
 * and a policy rejection (a blocklist, our reputation) must not bar the address everywhere; a
 * server that means "no such user" says 5.1.1 (every large receiver sends enhanced codes).
 */
const BAD_ADDRESS_REPLY_AT_RCPT = new Set([551, 553]);

/** Whether a permanent SMTP failure says the address does not exist (see BAD_ADDRESS). */
function isBadAddress(facts: SmtpErrorFacts, responseCode: number): boolean {
  const { enhancedStatus } = facts;
  if (enhancedStatus !== undefined) return BAD_ADDRESS.has(enhancedStatus);
  return facts.atRecipient === true && BAD_ADDRESS_REPLY_AT_RCPT.has(responseCode);
}

export function classifySmtpError(facts: SmtpErrorFacts): DeliveryFailure {
  const { provider, responseCode, enhancedStatus } = facts;
  const base = { provider, attempted: true };
  if (responseCode === undefined) {
    return {
      ...base,
      code: facts.errorCode ?? 'NETWORK',
      retryable: true,
      providerFault: true,
      effect: 'none',
      detail: 'no reply from the SMTP server',
    };
  }
  const code = `SMTP:${responseCode}${enhancedStatus ? `:${enhancedStatus}` : ''}`;
  // 503 (bad sequence) is the session's state, not a verdict on the message (RFC 5321).
  if ((responseCode >= 400 && responseCode < 500) || responseCode === 503) {
    // 421 (closing), 451 (local error) and 454 are the relay's trouble; 450/452 the mailbox's.
    const providerFault = responseCode === 421 || responseCode === 451 || responseCode === 454;
    return {
      ...base,
      code,
      retryable: true,
      providerFault,
      effect: 'none',
      detail: `temporary SMTP failure ${responseCode}`,
    };
  }
  return {
    ...base,
    code,
    retryable: false,
    providerFault: false,
    effect: isBadAddress(facts, responseCode) ? 'invalid-address' : 'none',
    detail: `permanent SMTP failure ${responseCode}`,
  };
}

/** The enhanced status code (RFC 3463) at the start of an SMTP reply text, if any. */
export function enhancedStatusOf(replyText: string | undefined): string | undefined {
  const match = /(?:^|\s)([245]\.\d{1,3}\.\d{1,3})(?:\s|$)/.exec(replyText ?? '');
  return match?.[1];
}
