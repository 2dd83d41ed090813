import { accountStateHandlers, bankTopics, type AccountStateStore } from '@kindly/account-state';
import { ack, skip, type CatalogBindings, type HandlersFor } from '@kindly/kafka';
import type { DeliveryStatus } from '@kindly/contracts';
import type { LastContacts } from '../data-access/contacts.repository.js';
import { accountKey } from '../launch/ports.js';
import {
  recordOptOut,
  recordOutcome,
  recordPayment,
  recordPlanned,
  recordRendered,
  type ReachDeps,
} from '../reach/record-reach.use-case.js';

/**
 * What the campaigns service reads: the bank's facts (its own copy of each account, and the
 * payments), the plans and renderings of campaign messages, and every delivery report.
 */
export const campaignsTopics = [
  ...bankTopics,
  'outreach.planned',
  'outreach.rendered',
  'delivery.outcome',
] as const;
export type CampaignsBindings = CatalogBindings<(typeof campaignsTopics)[number]>;

/** The reports that say the customer was reached: a segment counts days since the last one. */
const REACHED: ReadonlySet<DeliveryStatus> = new Set(['delivered', 'opened', 'clicked']);

export interface CampaignsHandlerDeps extends ReachDeps {
  readonly accounts: AccountStateStore;
  readonly lastContacts: LastContacts;
}

export function campaignsHandlers(deps: CampaignsHandlerDeps): HandlersFor<CampaignsBindings> {
  const fold = accountStateHandlers(deps.accounts);
  return {
    ...fold,
    'account.payment': async (event, context) => {
      const outcome = await fold['account.payment'](event, context);
      await recordPayment(deps, event);
      return outcome;
    },
    'contact.consent': async (event, context) => {
      const outcome = await fold['contact.consent'](event, context);
      await recordOptOut(deps, event);
      return outcome;
    },
    'outreach.planned': async (event) =>
      (await recordPlanned(deps, event)) ? ack() : skip('NOT_A_CAMPAIGN_MESSAGE'),
    'outreach.rendered': async (event) =>
      (await recordRendered(deps, event)) ? ack() : skip('NOT_A_CAMPAIGN_SMS'),
    'delivery.outcome': async (event) => {
      const { status, at, accountId } = event.payload;
      if (REACHED.has(status)) {
        // Kept with milliseconds always, so that instants compare as text.
        await deps.lastContacts.record(
          accountKey(event.tenantId, accountId),
          new Date(at).toISOString(),
        );
      }
      const campaign = await recordOutcome(deps, event);
      return campaign || REACHED.has(status) ? ack() : skip('NOT_A_CONTACT');
    },
  };
}
