import type { KeyEncryptionKeys } from '@kindly/audit';
import type { Clock } from '@kindly/clock';
import type { Db } from '@kindly/mongo';
import type { Logger } from '@kindly/logger';
import type { ActionLog } from '../actions/action-log.js';
import type { ApiKeys } from '../data-access/api-keys.repository.js';

/** What the routes work with: connected stores and ports, made once by the composition root. */
export interface RouteDeps {
  readonly db: Db;
  readonly keys: ApiKeys;
  readonly actions: ActionLog;
  readonly clock: Clock;
  readonly logger: Logger;
  /** A fresh id for each write, from which its audit event's id is made. */
  readonly newActionId: () => string;
  readonly campaigns: {
    /** The renderer's fallback sender (RENDERER_FALLBACK_SENDER), for previews. */
    readonly fallbackSender?: string;
  };
  readonly audit: {
    readonly periodMinutes: number;
    readonly graceMs: number;
    /**
     * An address's or a customer's name's key in the audit (its keyed hash under
     * AUDIT_ADDRESS_KEY), when that key is set; absent, no search by either. Functions, so that
     * the secret itself goes no further.
     */
    readonly searchKeys?: {
      readonly address: (address: string) => string;
      readonly customer: (fullName: string) => string;
    };
    /**
     * The audit's evidence keys (AUDIT_EVIDENCE_KEYS), when set: with them, a message's sealed
     * content can be opened for those allowed; absent, that route answers 501.
     */
    readonly evidenceKeys?: KeyEncryptionKeys;
  };
}
