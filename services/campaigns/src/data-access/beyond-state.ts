import {
  selectStage,
  selectStrategy,
  type AccountState,
  type StrategyCatalog,
} from '@kindly/rules';
import type { CampaignExposure, FactsBeyondState } from '../definition/index.js';
import { accountKey, type BeyondStateFacts } from '../launch/ports.js';
import type { LastContacts } from './contacts.repository.js';
import { exposureId, type createExposuresRepository } from './exposures.repository.js';

/**
 * What the segment reads beyond the account state, for a page of accounts at once: the
 * collections stage the strategies put the account in (the planner's own rule, from the same
 * state), the last contact (the delivery reports' fold) and the assignments to the campaigns the
 * segment names (one `_id` look-up for the page).
 */
export function beyondStateFacts(
  strategies: StrategyCatalog,
  exposures: Pick<ReturnType<typeof createExposuresRepository>, 'find'>,
  contacts: LastContacts,
): BeyondStateFacts {
  return {
    async lookup(campaignIds, accounts) {
      const keys = accounts.map((a) => accountKey(a.tenantId, a.accountId));
      const ids = accounts.flatMap((a) =>
        campaignIds.map((c) => exposureId(c, a.tenantId, a.accountId)),
      );
      const [found, lastContacts] = await Promise.all([exposures.find(ids), contacts.find(keys)]);
      const byAccount = new Map<string, CampaignExposure[]>();
      for (const e of found) {
        const key = accountKey(e.tenantId, e.accountId);
        byAccount.set(key, [
          ...(byAccount.get(key) ?? []),
          { campaignId: e.campaignId, assignedAt: e.assignedAt },
        ]);
      }
      return new Map(
        accounts.map((state, index): [string, FactsBeyondState] => {
          const key = keys[index] ?? '';
          const stage = collectionsStageOf(strategies, state);
          const lastContactAt = lastContacts.get(key);
          return [
            key,
            {
              exposures: byAccount.get(key) ?? [],
              ...(stage !== undefined ? { stage } : {}),
              ...(lastContactAt !== undefined ? { lastContactAt } : {}),
            },
          ];
        }),
      );
    },
  };
}

/** The collections stage the account's strategy puts it in today, as the planner selects it. */
function collectionsStageOf(strategies: StrategyCatalog, state: AccountState): number | undefined {
  const overdue = state.overdue?.value;
  if (overdue === undefined) return undefined;
  const strategy = selectStrategy(strategies, {
    product: overdue.product,
    segment: overdue.segment,
  });
  if (strategy === undefined) return undefined;
  return selectStage(strategy, {
    daysPastDue: overdue.daysPastDue,
    overdueBalance: overdue.overdueAmount,
  })?.stage;
}
