import type { Db } from '@kindly/mongo';
import type { Exposure, Exposures } from '../launch/ports.js';

interface ExposureDocument extends Exposure {
  /** `campaign:tenant:account`: one assignment per account and campaign. */
  _id: string;
}

export function exposureId(campaignId: string, tenantId: string, accountId: string): string {
  return `${campaignId}:${tenantId}:${accountId}`;
}

/** Every account's assignment to a campaign, holdout included (`campaign-exposures`). */
export function createExposuresRepository(db: Db): Exposures & {
  /** The assignments of these accounts to these campaigns, by `_id`. */
  find(ids: readonly string[]): Promise<readonly Exposure[]>;
  /** Every assignment of a campaign. */
  ofCampaign(campaignId: string): Promise<readonly Exposure[]>;
  /** An account's assignments, to every campaign. */
  ofAccount(tenantId: string, accountId: string): Promise<readonly Exposure[]>;
} {
  const exposures = db.collection<ExposureDocument>('campaign-exposures');
  return {
    async record(list) {
      if (list.length === 0) return;
      // Insert-only upserts: a page walked again after a crash keeps the first assignment time.
      await exposures.bulkWrite(
        list.map((exposure) => ({
          updateOne: {
            filter: {
              _id: exposureId(exposure.campaignId, exposure.tenantId, exposure.accountId),
            },
            update: { $setOnInsert: exposure },
            upsert: true,
          },
        })),
        { ordered: false },
      );
    },
    async ofCampaign(campaignId) {
      const documents = await exposures.find({ campaignId }).toArray();
      return documents.map(({ _id, ...exposure }) => exposure);
    },
    async ofAccount(tenantId, accountId) {
      const documents = await exposures.find({ tenantId, accountId }).toArray();
      return documents.map(({ _id, ...exposure }) => exposure);
    },
    async find(ids) {
      if (ids.length === 0) return [];
      const documents = await exposures.find({ _id: { $in: [...ids] } }).toArray();
      return documents.map(({ _id, ...exposure }) => exposure);
    },
  };
}
