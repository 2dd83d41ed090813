import type { ContactAttempt, ContactFact } from '@kindly/rules';
import type {
  DeliveryOutcomeV1Payload,
  EmailContent,
  OutreachChannel,
  OutreachRenderedV1,
  Purpose,
  SmsContent,
} from '@kindly/contracts';
import type { PaperSize, SenderProfile } from './sender-profile.js';

export type { Disclosure, Localized, SenderProfile } from './sender-profile.js';

export interface SenderDirectory {
  /**
   * The profile of the tenant for the country of the jurisdiction (`US-MA` → `US`).
   *
   * @throws RenderError `SENDER_UNKNOWN` for a tenant or a country no profile covers
   */
  senderOf(tenantId: string, jurisdiction: string): SenderProfile;
  /** The countries of `jurisdictions` that a tenant has no profile for, by tenant. */
  uncovered(jurisdictions: readonly string[]): readonly { tenantId: string; country: string }[];
}

/** An offer section to include, with the data its template reads. */
export interface OfferSectionRequest {
  readonly templateId: string;
  readonly data: Readonly<Record<string, unknown>>;
}

/** Everything the renderer adapter needs for one message. */
export interface RenderRequest {
  readonly templateId: string;
  readonly locale: string;
  readonly channel: OutreachChannel;
  readonly purpose: Purpose;
  readonly timeZone: string;
  readonly jurisdiction: string;
  readonly data: Readonly<Record<string, unknown>>;
  readonly offers: readonly OfferSectionRequest[];
  /** For the content rules: the SMS signature, the disclosures due, the data not to show. */
  readonly signature: string;
  readonly disclosures: readonly string[];
  readonly forbidden: readonly string[];
  /** E-mail only: the one-click unsubscribe URI and the mailto for List-Unsubscribe. */
  readonly unsubscribe?: { readonly url: string; readonly mailto: string };
  /** Letters only: the window's lines (return address, then the recipient). */
  readonly window?: readonly string[];
  /** Letters only: the paper, and what is printed above the recipient in the window. */
  readonly letter?: { readonly paperSize: PaperSize; readonly marking?: string };
  /** The instant the document is dated (a letter's PDF metadata). */
  readonly issuedAt: string;
}

interface RenderedCommon {
  readonly templateId: string;
  readonly templateVersion: string;
  /** SHA-256 of the template file rendered (not of its partials), for the audit. */
  readonly templateHash: string;
  readonly locale: string;
  readonly contentHash: string;
}

export type RenderedMessage = RenderedCommon &
  (
    | { readonly channel: 'sms'; readonly content: SmsContent }
    | { readonly channel: 'email'; readonly content: EmailContent }
    | {
        readonly channel: 'letter';
        readonly content: { readonly pages: number; readonly pdf: Uint8Array };
      }
    | { readonly channel: 'agent-call'; readonly content: { readonly text: string } }
  );

/** Renders one message from its template: strict, checked, compiled once. */
export interface MessageRenderer {
  /** @throws RenderError naming the template and the field or rule at fault */
  render(request: RenderRequest): Promise<RenderedMessage>;
}

export interface RenderedEvents {
  publish(event: OutreachRenderedV1): Promise<void>;
}

/** Raised for every message that could not be rendered: someone must look at the template. */
export interface RenderAlerts {
  renderFailed(templateId: string, channel: string, code: string): void;
}

/**
 * The renderer's own record of the contacts with each customer (`renderer-contacts`): the
 * messages released to it (for their cycle) and what their providers and the agent desk reported.
 * Kept from `delivery.outcome`, apart from the planner's log, so that the facts a message states
 * are checked against data the planner did not decide on.
 */
export interface ContactHistoryStore {
  /** Keeps a released message's cycle and channel (once; a redelivery changes nothing). */
  recordRelease(release: ReleasedContact): Promise<void>;
  /** Keeps what one delivery report says about an attempt (the same report twice is one). */
  recordOutcome(tenantId: string, outcome: DeliveryOutcomeV1Payload): Promise<void>;
  /** Every message of the account the renderer knows of, with its attempts. */
  ofAccount(tenantId: string, accountId: string): Promise<readonly ContactRecord[]>;
}

/** A released message, as the contact history keys it. */
export interface ReleasedContact {
  readonly tenantId: string;
  readonly accountId: string;
  readonly messageId: string;
  readonly cycleId: string;
  readonly channel: OutreachChannel;
}

/** One message in the contact history: its cycle (once released) and its attempts. */
export interface ContactRecord {
  readonly messageId: string;
  readonly channel: OutreachChannel;
  /** Unknown until the release is seen: such a message counts for no cycle. */
  readonly cycleId?: string | undefined;
  readonly attempts: readonly ContactAttempt[];
}

/** The facts about the contact history that a template's wording states (its front matter). */
export interface TemplateFacts {
  /** @throws RenderError `TEMPLATE_MISSING` */
  assertsOf(templateId: string, locale: string): readonly ContactFact[];
}
