/**
 * What a channel adapter answers: a `Result` at the channel boundary only (STYLE P6, P11). A
 * failure says whether another attempt may succeed, whether the provider was reached at all, and
 * whether the fault lies with the provider (for the circuit breaker and failover) or with this
 * one recipient.
 */

/** The provider took the message. */
export interface SentReceipt {
  /** Which provider (and account) took it: `twilio`, `twilio-secondary`, `smtp`, `print`. */
  readonly provider: string;
  /** Twilio's SID, the SMTP Message-ID, or the print batch id. */
  readonly providerMessageId: string;
}

/** What the dispatcher does about a failure beyond reporting it. */
export type FailureEffect =
  /** The recipient opted out at the provider (Twilio 21610): revoke consent. */
  | 'revoke-consent'
  /** The address can never be reached on this channel (21211, 21614, SMTP 5.1.1). */
  | 'invalid-address'
  | 'none';

export interface DeliveryFailure {
  readonly provider: string;
  /** The provider's code (`21211`, `429`, `SMTP:550`) or one of ours (`CIRCUIT_OPEN`). */
  readonly code: string;
  readonly retryable: boolean;
  /**
   * False when nothing reached the provider (the breaker was open, every account was throttled):
   * the attempt did not happen and is not counted.
   */
  readonly attempted: boolean;
  /** The provider is failing (5xx, 429, connection refused), not this recipient: counts for the breaker. */
  readonly providerFault: boolean;
  /**
   * True when the provider may have taken the message although it did not say so (a request
   * that got no answer): another provider must not be asked in the same attempt, and the next
   * attempt first asks whether it went (Twilio can be asked; an SMTP relay cannot).
   */
  readonly mayHaveBeenSent?: boolean;
  readonly effect: FailureEffect;
  /** For logs: never personal data. */
  readonly detail: string;
}

export type SendResult =
  | { readonly ok: true; readonly receipt: SentReceipt }
  | { readonly ok: false; readonly failure: DeliveryFailure };

export const sent = (receipt: SentReceipt): SendResult => ({ ok: true, receipt });
export const failed = (failure: DeliveryFailure): SendResult => ({ ok: false, failure });
