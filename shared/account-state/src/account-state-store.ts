import type { AccountState } from '@kindly/rules';

/** An account's state with the version it was read at, for a conditional write. */
export interface StoredAccountState {
  readonly state: AccountState;
  /** 0 when the account has no stored state yet. */
  readonly version: number;
}

/**
 * Where a service keeps the account states it folds from the bank's events. `save` writes only if
 * the stored version is still `expectedVersion` and says whether it did: two replicas handling two
 * events of one account at once (a rebalance can cause that) must not lose either update.
 */
export interface AccountStateStore {
  load(tenantId: string, accountId: string): Promise<StoredAccountState>;
  save(state: AccountState, expectedVersion: number): Promise<boolean>;
}

/**
 * Reads many accounts at once, for a service that looks at a batch (the scheduler's release round).
 * Keyed by `tenantId:accountId`; an account never seen is absent.
 */
export interface AccountStateReader {
  loadMany(
    keys: readonly { readonly tenantId: string; readonly accountId: string }[],
  ): Promise<ReadonlyMap<string, AccountState>>;
}
