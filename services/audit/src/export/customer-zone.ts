/**
 * Which zone the customer was in at each record: the `timeZone` of the account's latest contact
 * record seen so far in chain order (latest by its `occurredAt`, as the contract says a contact
 * record replaces the one before). Only the current account's zone is held, so an export of a
 * million records keeps one value, not one per account; records arrive grouped by account.
 */
import type { FoundRecord } from '../domain/audit-query.js';
import { payloadFields, textOf } from './export-fields.js';

export class CustomerZoneTracker {
  private account: string | undefined;
  private zone: string | undefined;
  private zoneSetAtMs = Number.NEGATIVE_INFINITY;

  /** Feeds the next record and gives the zone in force for it (its own, for a contact record). */
  zoneFor(record: FoundRecord): string | undefined {
    const account = `${record.tenantId}\u0000${record.accountId}`;
    if (account !== this.account) {
      this.account = account;
      this.zone = undefined;
      this.zoneSetAtMs = Number.NEGATIVE_INFINITY;
    }
    const body = record.body;
    if (body?.type === 'contact.updated') {
      const zone = textOf(payloadFields(body)['timeZone']);
      const atMs = Date.parse(body.occurredAt);
      // A contact record delivered late does not replace a newer one already seen.
      if (zone && !(atMs < this.zoneSetAtMs)) {
        this.zone = zone;
        this.zoneSetAtMs = atMs;
      }
    }
    return this.zone;
  }
}
