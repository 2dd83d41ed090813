import type {
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
