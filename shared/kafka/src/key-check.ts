/** Why a well-formed event cannot be handled from where it stands in its topic. */
export type KeyCheckFailureReason = 'KEY_MISSING' | 'KEY_MISMATCH';

export interface KeyCheckFailure {
  readonly reason: KeyCheckFailureReason;
  readonly detail: string;
}

/**
 * Checks that a record is keyed by the account its event is about. Every Kindly topic is keyed by
 * `payload.accountId` (see @kindly/contracts), which is what keeps one account's events in order
 * on one partition; a record keyed otherwise sits on another account's partition, and handling it
 * would silently reorder its own account's events. Events without an `accountId` are not checked.
 * The detail names neither the key nor the account: both are identifiers of a customer.
 *
 * @returns undefined when the key is right (or the event names no account)
 */
export function checkRecordKey(key: Buffer | null, event: unknown): KeyCheckFailure | undefined {
  const account = accountOf(event);
  if (account === undefined) return undefined;
  if (key === null || key.length === 0) {
    return { reason: 'KEY_MISSING', detail: 'the record has no key; it must be payload.accountId' };
  }
  if (!key.equals(Buffer.from(account, 'utf8'))) {
    return { reason: 'KEY_MISMATCH', detail: "the record's key is not its payload.accountId" };
  }
  return undefined;
}

function accountOf(event: unknown): string | undefined {
  if (typeof event !== 'object' || event === null || !('payload' in event)) return undefined;
  const payload = event.payload;
  if (typeof payload !== 'object' || payload === null || !('accountId' in payload))
    return undefined;
  return typeof payload.accountId === 'string' ? payload.accountId : undefined;
}
