import type { OperatorRole } from '@kindly/contracts';
import type { Db } from '@kindly/mongo';

export const OPERATOR_API_KEYS = 'operator-api-keys';

/** A key as the API knows it: never its secret, only the secret's hash. */
export interface ApiKeyRecord {
  readonly keyId: string;
  /** Whose key it is, as the admin named it (a team, a person's role): shown in the audit. */
  readonly label: string;
  readonly role: OperatorRole;
  readonly secretHash: string;
  /** UTC ISO-8601. */
  readonly createdAt: string;
  /** The key id that created it, or `cli` for one made on the command line. */
  readonly createdBy: string;
  readonly revokedAt?: string;
  readonly revokedBy?: string;
}

interface ApiKeyDocument extends Omit<ApiKeyRecord, 'keyId'> {
  _id: string;
}

const recordOf = ({ _id, ...rest }: ApiKeyDocument): ApiKeyRecord => ({ keyId: _id, ...rest });

/** The API keys (`operator-api-keys`, `_id`: the key id). */
export function createApiKeysRepository(db: Db) {
  const keys = db.collection<ApiKeyDocument>(OPERATOR_API_KEYS);
  return {
    async get(keyId: string): Promise<ApiKeyRecord | undefined> {
      const document = await keys.findOne({ _id: keyId });
      return document === null ? undefined : recordOf(document);
    },
    /** Stores a new key; a key id already taken is an error (ids are random: it never is). */
    async insert(record: ApiKeyRecord): Promise<void> {
      const { keyId, ...rest } = record;
      await keys.insertOne({ _id: keyId, ...rest });
    },
    /** Stores the key unless its id is taken (the demo's fixed keys, at every start). */
    async ensure(record: ApiKeyRecord): Promise<void> {
      const { keyId, ...rest } = record;
      await keys.updateOne({ _id: keyId }, { $setOnInsert: rest }, { upsert: true });
    },
    async list(): Promise<ApiKeyRecord[]> {
      const documents = await keys.find({}).sort({ _id: 1 }).limit(1_000).toArray();
      return documents.map(recordOf);
    },
    /** Revokes a live key; false when there is none by that id, or it was revoked before. */
    async revoke(keyId: string, by: string, at: string): Promise<boolean> {
      const result = await keys.updateOne(
        { _id: keyId, revokedAt: { $exists: false } },
        { $set: { revokedAt: at, revokedBy: by } },
      );
      return result.modifiedCount === 1;
    },
  };
}
export type ApiKeys = ReturnType<typeof createApiKeysRepository>;
