import type { OutreachReleasedV1Payload } from '@kindly/contracts';
import type { AccountState, ContactAttempt, StrategyCatalog } from '@kindly/rules';
import type { RenderRequest, SenderDirectory } from '../domain/ports.js';
import { buildRenderRequest } from '../domain/render-model.js';
import { offersFor } from '../domain/render-outreach.use-case.js';
import { loadSenderDirectory, sendersFileIn } from '../rendering/sender-directory.js';
import type { TemplateCatalog } from '../rendering/template-catalog.js';
import { createUnsubscribeLinks } from '../rendering/unsubscribe-links.js';
import {
  sampleAccountState,
  sampleContacts,
  sampleCountryOf,
  sampleDaysPastDue,
  sampleRelease,
} from './sample-facts.js';

export interface SampleRequestOptions {
  readonly strategies: StrategyCatalog;
  readonly senders: SenderDirectory;
  readonly templateId: string;
  readonly locale: string;
  /** Where the customer lives; by default from the locale (zh-CN CN, en-GB GB, else US). */
  readonly country?: 'CN' | 'US' | 'GB';
  /** The account, instead of the sample one (e.g. with other amounts). */
  readonly state?: AccountState;
  /** The earlier attempts in the cycle, instead of the sample ones (`sampleContacts`). */
  readonly contacts?: readonly ContactAttempt[];
  /** A campaign message's signed payment reference, which its link ends with. */
  readonly paymentReference?: string;
}

/** The request the service would build for a sample release of a message template. */
export function sampleRequest(options: SampleRequestOptions): RenderRequest {
  const { strategies, templateId, locale } = options;
  const released = sampleRelease(strategies, templateId, locale);
  const state =
    options.state ??
    sampleAccountState(
      locale,
      sampleDaysPastDue(strategies, templateId),
      options.country ?? sampleCountryOf(locale),
    );
  const sender = options.senders.senderOf(
    released.tenantId,
    state.contact?.value.jurisdiction ?? 'CN',
  );
  return buildRenderRequest({
    state,
    released: {
      ...released.payload,
      ...(options.paymentReference !== undefined
        ? { paymentReference: options.paymentReference }
        : {}),
    },
    sender,
    offers: offersFor(strategies, released.payload),
    issuedAt: released.occurredAt,
    contacts: options.contacts ?? sampleContacts(),
    unsubscribeUrl: createUnsubscribeLinks('kindly-preview-secret')({
      urlBase: sender.unsubscribe.urlBase,
      tenantId: released.tenantId,
      accountId: released.payload.accountId,
      messageId: released.payload.messageId,
      purpose: released.payload.purpose,
    }),
  });
}

/**
 * The render request the service would build for a sample release of a message template (see
 * sample-facts.ts: zh-CN in Shanghai, en-US in New York, en-GB in London): for previews
 * (`kindly render --sample`) and the benchmark.
 */
export function sampleRenderRequest(
  catalog: TemplateCatalog,
  strategies: StrategyCatalog,
  templateId: string,
  locale: string,
): RenderRequest {
  const senders = loadSenderDirectory(sendersFileIn(catalog.dir));
  return sampleRequest({ strategies, senders, templateId, locale });
}

/**
 * The request the service would build for a message planned for a real account, before it is
 * released: for a campaign's preview, which shows sample messages as the customer would get them.
 */
export function previewRenderRequest(options: {
  readonly strategies: StrategyCatalog;
  readonly senders: SenderDirectory;
  readonly state: AccountState;
  readonly tenantId: string;
  readonly released: OutreachReleasedV1Payload;
  readonly issuedAt: string;
}): RenderRequest {
  const { state, released, tenantId } = options;
  const sender = options.senders.senderOf(tenantId, state.contact?.value.jurisdiction ?? 'CN');
  return buildRenderRequest({
    state,
    released,
    sender,
    offers: offersFor(options.strategies, released),
    issuedAt: options.issuedAt,
    contacts: [],
    unsubscribeUrl: createUnsubscribeLinks('kindly-preview-secret')({
      urlBase: sender.unsubscribe.urlBase,
      tenantId,
      accountId: released.accountId,
      messageId: released.messageId,
      purpose: released.purpose,
    }),
  });
}
