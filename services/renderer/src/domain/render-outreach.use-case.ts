/**
 * Renders a released message: the account's facts from the renderer's own state, the stage's
 * offers from the strategy that planned it, the bank's sender profile, then the template. The
 * rendered event's id derives from the message id, so a redelivered release publishes the same
 * event again and consumers keep one.
 */
import {
  createEvent,
  deterministicId,
  type OutreachReleasedV1,
  type OutreachRenderedV1Payload,
  type Purpose,
} from '@kindly/contracts';
import { isRetryable } from '@kindly/errors';
import type { AccountStateStore } from '@kindly/account-state';
import type { Offer, StrategyCatalog } from '@kindly/rules';
import type { Clock } from '@kindly/clock';
import type {
  MessageRenderer,
  RenderAlerts,
  RenderedEvents,
  RenderedMessage,
  SenderDirectory,
} from './ports.js';
import { checkedContacts, type ContactFactDeps } from './contact-history.js';
import { buildRenderRequest } from './render-model.js';
import { RenderError } from './renderer.errors.js';
import { sendingNumberFor } from './sending-number.js';

/** Kafka's default record limit is 1 MB; base64 grows a PDF by a third. */
export const MAX_INLINE_PDF_BASE64 = 700_000;

export interface UnsubscribeTarget {
  readonly urlBase: string;
  readonly tenantId: string;
  readonly accountId: string;
  readonly messageId: string;
  readonly purpose: Purpose;
}

export interface RenderOutreachDeps extends ContactFactDeps {
  readonly store: AccountStateStore;
  readonly strategies: StrategyCatalog;
  readonly senders: SenderDirectory;
  readonly renderer: MessageRenderer;
  readonly events: RenderedEvents;
  readonly alerts: RenderAlerts;
  readonly clock: Clock;
  readonly unsubscribeUrl: (target: UnsubscribeTarget) => string;
}

export type RenderOutcome = 'RENDERED' | 'AGENT_CALL_GUIDE' | 'NOTHING_OVERDUE';

/**
 * The offers that have a section on this channel: a campaign message's own (the campaign's terms
 * for the account), else the stage's, from the strategy and version named.
 */
export function offersFor(
  strategies: StrategyCatalog,
  released: OutreachReleasedV1['payload'],
): readonly Offer[] {
  const onChannel = (offer: Offer) =>
    released.channel !== 'agent-call' && offer.templates?.[released.channel] !== undefined;
  if (released.offers !== undefined) return released.offers.filter(onChannel);
  const strategy = strategies.strategies.find((s) => s.strategyId === released.strategyId);
  if (!strategy || strategy.version !== released.strategyVersion)
    throw new RenderError(
      'STRATEGY_UNKNOWN',
      `strategy ${released.strategyId} v${released.strategyVersion} is not the one loaded (${strategy ? `v${strategy.version}` : 'none'})`,
      { templateId: released.templateId, strategyId: released.strategyId },
    );
  const stage = strategy.stages.find((s) => s.stage === released.stage);
  return (stage?.offers ?? []).filter(
    (offer) =>
      released.channel !== 'agent-call' && offer.templates?.[released.channel] !== undefined,
  );
}

/**
 * The rendered message as the contract carries it.
 *
 * @param smsFrom the tenant's number an SMS goes out from (sending-number.ts); not on other
 *   channels, and left out when undefined (the dispatcher's configured sender then)
 */
export function renderedPayload(
  released: OutreachReleasedV1['payload'],
  rendered: RenderedMessage,
  smsFrom?: string,
): OutreachRenderedV1Payload {
  const key = {
    accountId: released.accountId,
    messageId: released.messageId,
    cycleId: released.cycleId,
    stage: released.stage,
    templateId: rendered.templateId,
    templateVersion: rendered.templateVersion,
    templateHash: rendered.templateHash,
    locale: rendered.locale,
    purpose: released.purpose,
    latestSendAt: released.latestSendAt,
    reasons: released.reasons,
    ...(released.campaignId !== undefined ? { campaignId: released.campaignId } : {}),
    // The campaign arm whose wording this is: the audit and the campaign report read it.
    ...(released.variant !== undefined ? { variant: released.variant } : {}),
    contentHash: rendered.contentHash,
    // The plan's step and window zones, carried on for the dispatcher's last look.
    strategyId: released.strategyId,
    strategyVersion: released.strategyVersion,
    // What the plan was made from, as the release said: the audit keeps it with the content.
    ...(released.strategyHash !== undefined ? { strategyHash: released.strategyHash } : {}),
    ...(released.policyVersion !== undefined ? { policyVersion: released.policyVersion } : {}),
    ...(released.policyHash !== undefined ? { policyHash: released.policyHash } : {}),
    ...(released.templateKind !== undefined ? { templateKind: released.templateKind } : {}),
    ...(released.notice !== undefined ? { notice: released.notice } : {}),
    ...(released.windowZones !== undefined ? { windowZones: released.windowZones } : {}),
  };
  switch (rendered.channel) {
    case 'sms':
      return {
        ...key,
        channel: 'sms',
        content: rendered.content,
        ...(smsFrom !== undefined ? { from: smsFrom } : {}),
      };
    case 'email':
      return { ...key, channel: 'email', content: rendered.content };
    case 'letter': {
      const pdfBase64 = Buffer.from(rendered.content.pdf).toString('base64');
      if (pdfBase64.length > MAX_INLINE_PDF_BASE64)
        throw new RenderError(
          'LETTER_TOO_LARGE',
          `letter ${rendered.templateId} is ${pdfBase64.length} base64 characters; storage for larger letters is not built yet`,
          { templateId: rendered.templateId },
        );
      return { ...key, channel: 'letter', content: { pages: rendered.content.pages, pdfBase64 } };
    }
    case 'agent-call':
      throw new RenderError('TEMPLATE_INVALID', 'a call guide is not a rendered message', {
        templateId: rendered.templateId,
      });
  }
}

export async function renderOutreach(
  deps: RenderOutreachDeps,
  released: OutreachReleasedV1,
): Promise<RenderOutcome> {
  const message = released.payload;
  // Agents read the call guide in their own tool, from agent.task: there is nothing to send.
  // The release is kept in the contact history all the same: the calls made on it count.
  if (message.channel === 'agent-call') {
    await checkedContacts(deps, released);
    return 'AGENT_CALL_GUIDE';
  }
  try {
    // The earlier attempts in the cycle, once the facts the template states hold for them.
    const contacts = await checkedContacts(deps, released);
    const { state } = await deps.store.load(released.tenantId, message.accountId);
    const offers = offersFor(deps.strategies, message);
    const jurisdiction = state.contact?.value.jurisdiction;
    if (jurisdiction === undefined)
      throw new RenderError('ACCOUNT_NOT_READY', 'the renderer has no contact record yet', {
        templateId: message.templateId,
      });
    // The profile of the customer's country: its phone, payment methods and return address.
    const sender = deps.senders.senderOf(released.tenantId, jurisdiction);
    const request = buildRenderRequest({
      state,
      released: message,
      sender,
      offers,
      issuedAt: released.occurredAt,
      contacts,
      unsubscribeUrl: deps.unsubscribeUrl({
        urlBase: sender.unsubscribe.urlBase,
        tenantId: released.tenantId,
        accountId: message.accountId,
        messageId: message.messageId,
        purpose: message.purpose,
      }),
    });
    const amount = request.data['overdue'] as { amount: { amountMinor: number } };
    if (message.purpose === 'servicing' && amount.amount.amountMinor <= 0) return 'NOTHING_OVERDUE';
    const rendered = await deps.renderer.render(request);
    const event = createEvent('outreach.rendered', {
      eventId: deterministicId('outreach.rendered', message.messageId),
      occurredAt:
        deps.clock.now().toUTC().toISO({ suppressMilliseconds: true }) ?? released.occurredAt,
      correlationId: released.correlationId,
      causationId: released.eventId,
      tenantId: released.tenantId,
      // The profile chosen above also says which of the tenant's numbers the text comes from.
      payload: renderedPayload(
        message,
        rendered,
        sendingNumberFor(sender, released.tenantId, message.accountId),
      ),
    });
    await deps.events.publish(event);
    return 'RENDERED';
  } catch (error) {
    if (!isRetryable(error)) {
      const code = error instanceof RenderError ? error.code : 'UNKNOWN';
      deps.alerts.renderFailed(message.templateId, message.channel, code);
    }
    throw error;
  }
}
