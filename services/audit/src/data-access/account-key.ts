/**
 * The `_id` of a per-account document: tenant and account joined by a space, which a tenant id
 * (printable ASCII without spaces) cannot hold, so no two accounts share one.
 */
export function accountDocId(tenantId: string, accountId: string): string {
  return `${tenantId} ${accountId}`;
}
