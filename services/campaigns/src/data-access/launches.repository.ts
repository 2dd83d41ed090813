import { isDuplicateKeyError, type Db, type Filter } from '@kindly/mongo';
import type { Launch, LaunchStatus } from '../launch/launch.js';
import type { Launches } from '../launch/ports.js';

interface LaunchDocument extends Launch {
  _id: string;
  updatedAt: Date;
}

/** The launches, one document per campaign id (`campaign-launches`). */
export function createLaunchesRepository(
  db: Db,
  wallClock: () => Date = () => new Date(),
): Launches & {
  /** The newest launches first (by their last change), at most `limit`: the console's list. */
  newest(limit: number): Promise<readonly Launch[]>;
  /** The launches paused, by a person or by their breaker (the alert's gauge). */
  paused(): Promise<readonly Launch[]>;
} {
  const launches = db.collection<LaunchDocument>('campaign-launches');
  const toLaunch = ({ _id, updatedAt, ...launch }: LaunchDocument): Launch => launch;
  return {
    async get(campaignId) {
      const document = await launches.findOne({ _id: campaignId });
      return document === null ? undefined : toLaunch(document);
    },
    async live(nowIso) {
      // ISO-8601 UTC instants of one form (to the second, Z) compare as text.
      const documents = await launches.find({ sendBy: { $gte: nowIso } }).toArray();
      return documents.map(toLaunch);
    },
    async newest(limit) {
      const documents = await launches.find({}).sort({ updatedAt: -1 }).limit(limit).toArray();
      return documents.map(toLaunch);
    },
    async paused() {
      const documents = await launches.find({ status: 'paused' }).toArray();
      return documents.map(toLaunch);
    },
    async running() {
      const documents = await launches.find({ status: 'running' }).toArray();
      return documents.map(toLaunch);
    },
    async create(launch) {
      try {
        await launches.insertOne({ _id: launch.campaignId, ...launch, updatedAt: wallClock() });
        return 'created';
      } catch (error) {
        if (isDuplicateKeyError(error)) return 'exists';
        throw error;
      }
    },
    async advance(from, to) {
      // The cursor read is the guard: a second round that read the same launch moves nothing.
      const filter: Filter<LaunchDocument> = {
        _id: from.campaignId,
        status: 'running',
        cursor: from.cursor === undefined ? { $exists: false } : from.cursor,
      };
      const result = await launches.updateOne(filter, {
        $set: {
          ...(to.cursor !== undefined ? { cursor: to.cursor } : {}),
          counts: to.counts,
          use: to.use,
          updatedAt: wallClock(),
        },
      });
      return result.modifiedCount === 1;
    },
    async addReach(campaignId, field) {
      await launches.updateOne({ _id: campaignId }, { $inc: { [`reach.${field}`]: 1 } });
    },
    async setStatus(campaignId, from, to, action) {
      const result = await launches.updateOne(
        { _id: campaignId, status: { $in: [...from] as LaunchStatus[] } },
        { $set: { status: to, updatedAt: wallClock() }, $push: { actions: action } },
      );
      return result.modifiedCount === 1;
    },
  };
}
