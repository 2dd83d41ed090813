import { accountStateHandlers, bankTopics, type AccountStateStore } from '@kindly/account-state';
import { ack, skip, type CatalogBindings, type HandlersFor } from '@kindly/kafka';
import type { DeliveryStatus } from '@kindly/contracts';
import type { LastContacts } from '../data-access/contacts.repository.js';
import { accountKey } from '../launch/ports.js';

/** What the campaigns service reads: the bank's facts (its own copy) and the delivery reports. */
export const campaignsTopics = [...bankTopics, 'delivery.outcome'] as const;
export type CampaignsBindings = CatalogBindings<(typeof campaignsTopics)[number]>;

/** The reports that say the customer was reached: a segment counts days since the last one. */
const REACHED: ReadonlySet<DeliveryStatus> = new Set(['delivered', 'opened', 'clicked']);

export function campaignsHandlers(deps: {
  readonly accounts: AccountStateStore;
  readonly lastContacts: LastContacts;
}): HandlersFor<CampaignsBindings> {
  return {
    ...accountStateHandlers(deps.accounts),
    'delivery.outcome': async (event) => {
      const { status, at, accountId } = event.payload;
      if (!REACHED.has(status)) return skip('NOT_A_CONTACT');
      // Kept with milliseconds always, so that instants compare as text.
      const instant = new Date(at).toISOString();
      await deps.lastContacts.record(accountKey(event.tenantId, accountId), instant);
      return ack();
    },
  };
}
