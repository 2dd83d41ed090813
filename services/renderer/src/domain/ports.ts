import type {
  EmailContent,
  OutreachChannel,
  OutreachRenderedV1,
  Purpose,
  SmsContent,
} from '@kindly/contracts';

/** Words that differ per locale: `{ zh-CN: …, en-US: … }`. */
export type Localized = Readonly<Record<string, string>>;

/** A disclosure some jurisdictions require, on some channels and purposes. */
export interface Disclosure {
  readonly jurisdictions: readonly string[];
  readonly channels: readonly OutreachChannel[];
  readonly purposes: readonly Purpose[];
  readonly text: Localized;
}

/**
 * Who the messages come from: one bank (tenant). Names and the signature are per locale; the
 * return address is what a letter's window shows above the customer's address, so it must not
 * hint at collections.
 */
export interface SenderProfile {
  readonly name: Localized;
  /** The registered SMS signature, without 【】. */
  readonly signature: Localized;
  readonly phone: string;
  readonly email: string;
  readonly website: string;
  readonly hours: Localized;
  readonly returnAddress: Readonly<Record<string, readonly string[]>>;
  readonly payment: {
    /** The payment page; the message reference is appended as a path segment. */
    readonly linkBase: string;
    readonly bankTransfer: {
      readonly bankName: Localized;
      readonly accountName: Localized;
      readonly accountNumber: string;
    };
    readonly alipay: Localized;
    readonly wechatPay: Localized;
  };
  /** One-click unsubscribe endpoint (https), and the mailbox for mailto unsubscribes. */
  readonly unsubscribe: { readonly urlBase: string; readonly mailto: string };
  readonly disclosures: readonly Disclosure[];
}

export interface SenderDirectory {
  /** @throws RenderError `SENDER_UNKNOWN` */
  senderOf(tenantId: string): SenderProfile;
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
