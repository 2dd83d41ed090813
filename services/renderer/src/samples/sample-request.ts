import type { StrategyCatalog } from '@kindly/rules';
import type { RenderRequest } from '../domain/ports.js';
import { buildRenderRequest } from '../domain/render-model.js';
import { offersFor } from '../domain/render-outreach.use-case.js';
import { loadSenderDirectory, sendersFileIn } from '../rendering/sender-directory.js';
import type { TemplateCatalog } from '../rendering/template-catalog.js';
import { createUnsubscribeLinks } from '../rendering/unsubscribe-links.js';
import { sampleAccountState, sampleDaysPastDue, sampleRelease } from './sample-facts.js';

/**
 * The render request the service would build for a sample release of a message template (see
 * sample-facts.ts): for previews (`kindly render --sample`) and the benchmark.
 */
export function sampleRenderRequest(
  catalog: TemplateCatalog,
  strategies: StrategyCatalog,
  templateId: string,
  locale: string,
): RenderRequest {
  const released = sampleRelease(strategies, templateId, locale);
  const sender = loadSenderDirectory(sendersFileIn(catalog.dir)).senderOf(released.tenantId);
  return buildRenderRequest({
    state: sampleAccountState(locale, sampleDaysPastDue(strategies, templateId)),
    released: released.payload,
    sender,
    offers: offersFor(strategies, released.payload),
    issuedAt: released.occurredAt,
    unsubscribeUrl: createUnsubscribeLinks('kindly-preview-secret')({
      urlBase: sender.unsubscribe.urlBase,
      tenantId: released.tenantId,
      accountId: released.payload.accountId,
      messageId: released.payload.messageId,
      purpose: released.payload.purpose,
    }),
  });
}
