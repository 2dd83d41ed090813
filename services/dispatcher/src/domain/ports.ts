/**
 * The dispatcher's ports: one small interface per channel (STYLE P11), the dispatch records that
 * make each send happen once, and the events it publishes. Adapters in
 * `channels/` and `data-access/` implement them; `main.ts` wires them.
 */
import type {
  ContactConsentV1,
  ContactUnreachableV1,
  DeliveryOutcomeV1,
  MessageChannel,
  NumberCheck,
  OutreachRenderedV1,
  PostalAddress,
  PersonName,
} from '@kindly/contracts';
import type { FailureEffect, SendResult, SentReceipt } from './send-result.js';

/** Which message and attempt a send is: the adapters put these where the tracker reads them. */
export interface SendKey {
  readonly tenantId: string;
  readonly accountId: string;
  readonly messageId: string;
  readonly attempt: number;
}

export interface SmsMessage extends SendKey {
  readonly to: string;
  readonly body: string;
  /** The tenant's own number, from the rendered message; absent: the account's configured one. */
  readonly from?: string;
}

export interface EmailMessage extends SendKey {
  readonly to: string;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
  /** From the renderer: List-Unsubscribe and, on marketing, List-Unsubscribe-Post. */
  readonly headers: Readonly<Record<string, string>>;
}

export interface LetterMessage extends SendKey {
  readonly name: PersonName;
  readonly address: PostalAddress;
  readonly pages: number;
  readonly pdf: Buffer;
  readonly contentHash: string;
}

export interface SmsChannel {
  send(message: SmsMessage): Promise<SendResult>;
  /**
   * Finds a message sent to `to` with this body since `since` (wall clock), for a send whose
   * outcome was never recorded: Twilio's answer decides whether it went out.
   */
  lookup(query: {
    readonly to: string;
    readonly body: string;
    readonly since: Date;
  }): Promise<SentReceipt | undefined>;
}

/** E-mail cannot be looked up after the fact: an unrecorded send stays uncertain. */
export interface EmailChannel {
  send(message: EmailMessage): Promise<SendResult>;
}

/** Writing a letter into a print batch is idempotent by message id: redoing it is safe. */
export interface LetterChannel {
  send(message: LetterMessage): Promise<SendResult>;
}

export interface DispatchChannels {
  readonly sms: SmsChannel;
  readonly email: EmailChannel;
  readonly letter: LetterChannel;
}

export type DispatchState =
  /** Claimed by `owner`: the provider may or may not have been called. */
  | 'sending'
  /** The last attempt failed and may be retried; `attempt` is the last one made. */
  | 'ready'
  | 'sent'
  | 'failed'
  /** An e-mail whose send was interrupted before it was recorded: never resent blindly. */
  | 'uncertain'
  /** The last look stopped it. */
  | 'suppressed'
  /** `outreach.cancelled` came first. */
  | 'cancelled';

export const FINAL_STATES: ReadonlySet<DispatchState> = new Set([
  'sent',
  'failed',
  'uncertain',
  'suppressed',
  'cancelled',
]);

export interface DispatchRecord {
  readonly messageId: string;
  readonly tenantId: string;
  readonly accountId: string;
  readonly channel: MessageChannel;
  readonly state: DispatchState;
  /** The attempt claimed or last made; 0 before any. */
  readonly attempt: number;
  readonly owner?: string;
  /** Wall clock, when the claim was taken: reconciliation looks for sends after it. */
  readonly claimedAt?: Date;
  readonly leaseUntil?: Date;
  /** The address sent to, kept for reconciliation (Twilio is asked by number). */
  readonly to?: string;
  readonly provider?: string;
  readonly providerMessageId?: string;
  readonly errorCode?: string;
  readonly retryable?: boolean;
  readonly effect?: FailureEffect;
  /** Business time the attempt ended (UTC ISO). */
  readonly finishedAt?: string;
  /** SMS: the reassigned-numbers answer the text was sent or stopped on (for the outcome). */
  readonly numberCheck?: NumberCheck;
  /** Outcome published (and a consent revocation, if any): nothing left to do. */
  readonly settled?: boolean;
  /**
   * The rendered message, kept from the claim until it is settled: what recovery finishes a
   * claim with when its owner died and the message never comes again from Kafka.
   */
  readonly rendered?: OutreachRenderedV1;
}

/** The state a claim expects to find, so that of two claimers only one wins. */
export type ClaimExpectation =
  | { readonly state: 'new' }
  | { readonly state: 'ready'; readonly attempt: number }
  | { readonly state: 'sending'; readonly owner: string; readonly attempt: number };

export interface ClaimFields {
  readonly tenantId: string;
  readonly accountId: string;
  readonly channel: MessageChannel;
  readonly attempt: number;
  readonly to?: string;
  /**
   * SMS: the reassigned-numbers answer the attempt goes on, kept from the claim so that the
   * replica that finishes a dead one's claim (or the next attempt's) reports the same evidence.
   */
  readonly numberCheck?: NumberCheck;
  readonly rendered: OutreachRenderedV1;
}

export type Completion =
  | {
      readonly state: 'sent';
      readonly provider: string;
      readonly providerMessageId: string;
      readonly finishedAt: string;
      readonly numberCheck?: NumberCheck;
    }
  | {
      readonly state: 'failed' | 'uncertain' | 'suppressed' | 'ready';
      readonly provider: string;
      readonly errorCode: string;
      readonly retryable: boolean;
      readonly effect: FailureEffect;
      readonly finishedAt: string;
      readonly numberCheck?: NumberCheck;
    };

/**
 * One document per message (`_id` = messageId). Every write is conditional on the state the
 * writer expects, so that a replica that lost its claim cannot overwrite a newer outcome.
 */
export interface DispatchStore {
  get(messageId: string): Promise<DispatchRecord | undefined>;
  /** Claims the message for this replica; undefined when another got there first. */
  claim(
    messageId: string,
    expected: ClaimExpectation,
    fields: ClaimFields,
  ): Promise<DispatchRecord | undefined>;
  /** Records how the claimed attempt ended; false when the claim was no longer this replica's. */
  complete(messageId: string, attempt: number, completion: Completion): Promise<boolean>;
  /** Gives a claim back untouched (nothing reached a provider): back to `ready` at `attempt - 1`. */
  release(messageId: string, attempt: number): Promise<void>;
  markSettled(messageId: string): Promise<void>;
  /** Stops a message not yet claimed; `too-late` when it is being sent or was. */
  cancel(
    messageId: string,
    fields: Omit<ClaimFields, 'attempt' | 'rendered'>,
  ): Promise<'cancelled' | 'too-late'>;
  /**
   * Claimed and not settled since before `before` (wall clock), oldest first: claims whose owner
   * may have died, and final records whose outcome a crash interrupted. A message
   * waiting for its next attempt (`ready`) is not pending: the retry topic brings it back.
   */
  pendingBefore(before: Date, limit: number): Promise<readonly DispatchRecord[]>;
  /** When the oldest pending record was claimed (wall clock). */
  oldestPending(): Promise<Date | undefined>;
}

export interface DispatcherEvents {
  publishOutcomes(events: readonly DeliveryOutcomeV1[]): Promise<void>;
  publishConsents(events: readonly ContactConsentV1[]): Promise<void>;
  /** An address a provider refused as one that cannot be reached (unreachable-events.ts). */
  publishUnreachable(events: readonly ContactUnreachableV1[]): Promise<void>;
}

/**
 * A reassigned-numbers database (the FCC's RND): was this number permanently disconnected since
 * `since`, the date the customer was last known to have it? `yes` means it may now be someone
 * else's. Every answer has the database's query id, the evidence an auditor asks for.
 */
export interface ReassignedNumbersDatabase {
  /** Names the database in the evidence, e.g. `fcc-rnd`. */
  readonly name: string;
  ask(query: { readonly phone: string; readonly since: string }): Promise<ReassignedNumberReply>;
}

export type ReassignedNumberReply =
  | { readonly ok: true; readonly answer: NumberCheck['answer']; readonly queryId: string }
  /** Not answered (down, refused, malformed): `code` is ours or the database's, never its text. */
  | { readonly ok: false; readonly code: string };

/** The latest answer per number, so that a number is asked once per period, not per message. */
export interface NumberCheckStore {
  latest(phone: string): Promise<NumberCheck | undefined>;
  record(phone: string, check: NumberCheck): Promise<void>;
}

/** What the reassigned-numbers look needs: the database and its answers. */
export interface NumberCheckDeps {
  readonly database: ReassignedNumbersDatabase;
  readonly store: NumberCheckStore;
}
