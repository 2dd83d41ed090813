import { AppError } from '@kindly/errors';
import type { AccountState } from '@kindly/rules';
import { evolveAccountState, type BankInput } from '@kindly/rules';
import type { AccountStateStore } from './account-state-store.js';

export type RecordResult =
  | { readonly recorded: true; readonly state: AccountState }
  | {
      readonly recorded: false;
      readonly reason: 'STALE_EVENT' | 'DUPLICATE';
      readonly state: AccountState;
    };

// A conflict means another writer changed this account between our read and our write. Each
// round of conflicts lets at least one writer through, so N concurrent writers need at most N-1
// rereads; more than this points at a hot loop, which should surface (retryably), not spin.
const MAX_CONFLICTS = 10;

/** Folds one of the bank's events into the account's stored state. */
export async function recordBankEvent(
  store: AccountStateStore,
  event: BankInput,
): Promise<RecordResult> {
  for (let attempt = 0; attempt < MAX_CONFLICTS; attempt++) {
    const stored = await store.load(event.tenantId, event.payload.accountId);
    const result = evolveAccountState(stored.state, event);
    if (!result.applied) return { recorded: false, reason: result.reason, state: result.state };
    if (await store.save(result.state, stored.version))
      return { recorded: true, state: result.state };
  }
  throw new AppError('STATE_CONFLICT', `account state kept changing under ${event.type}`, {
    retryable: true,
  });
}
