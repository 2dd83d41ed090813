import type { ContactUpdatedV1Payload } from '@kindly/contracts';
import type { Db, Filter } from '@kindly/mongo';
import type { ContactDirectory, KnownContact } from '../domain/ports.js';

/**
 * The tracker's copy of each account (`@kindly/account-state`, folded from `contact.updated` and
 * `contact.consent`), read by address. The collection is written by the account-state fold only.
 */
export const TRACKER_ACCOUNTS = 'tracker-accounts';

interface AccountDocument {
  _id: string;
  tenantId: string;
  accountId: string;
  contact?: { value: ContactUpdatedV1Payload };
}

/** More accounts than this on one address is a data problem, not a family; the rest wait. */
const MAX_ACCOUNTS_PER_ADDRESS = 500;

export function createContactDirectory(db: Db): ContactDirectory {
  const accounts = db.collection<AccountDocument>(TRACKER_ACCOUNTS);
  const projection = { tenantId: 1, accountId: 1, contact: 1 } as const;

  async function find(filter: Filter<AccountDocument>): Promise<KnownContact[]> {
    const found: KnownContact[] = [];
    const cursor = accounts.find(filter, { projection, limit: MAX_ACCOUNTS_PER_ADDRESS });
    for await (const document of cursor) {
      if (document.contact) {
        found.push({
          tenantId: document.tenantId,
          accountId: document.accountId,
          contact: document.contact.value,
        });
      }
    }
    return found;
  }

  return {
    async contactOf(tenantId, accountId) {
      const [known] = await find({ _id: `${tenantId}:${accountId}` });
      return known;
    },
    withPhone: (number, tenantId) =>
      find({
        'contact.value.phones.number': number,
        ...(tenantId === undefined ? {} : { tenantId }),
      }),
    withEmail: (address, tenantId) => {
      // Addresses are kept as the bank wrote them; the bank's own records rarely differ in case
      // from what it sent us, so the exact and the lower-case forms are what an index can find.
      const forms = [...new Set([address, address.toLowerCase()])];
      return find({
        'contact.value.emails.address': { $in: forms },
        ...(tenantId === undefined ? {} : { tenantId }),
      });
    },
  };
}
