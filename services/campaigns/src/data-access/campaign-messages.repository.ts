import { createBatchedFinds, type Db } from '@kindly/mongo';
import type { OutreachChannel } from '@kindly/contracts';

/** What the campaigns service knows of one campaign message (`campaign-messages`). */
export interface CampaignMessage {
  readonly messageId: string;
  readonly campaignId: string;
  readonly tenantId: string;
  readonly accountId: string;
  readonly variant?: string;
  readonly channel: OutreachChannel;
  /** The plan's cycle (`campaign:<id>`) and stage, for a withdrawal. */
  readonly cycleId: string;
  readonly stage: number;
  /** UTC ISO-8601 (with milliseconds): when a provider first took it. */
  readonly sentAt?: string;
  readonly delivered?: boolean;
  readonly clicked?: boolean;
  readonly complained?: boolean;
  readonly optedOut?: boolean;
  /** Billable SMS segments, from the rendered message. */
  readonly smsSegments?: number;
}

/** The report's and the complaint breaker's facts that flip once per message. */
export type MessageMark = 'delivered' | 'clicked' | 'complained' | 'optedOut';

interface MessageDocument extends CampaignMessage {
  _id: string;
  /** Set while no provider has taken it and it was not withdrawn: what a pause withdraws. */
  waiting?: true;
  withdrawn?: true;
}

export function createCampaignMessagesRepository(db: Db) {
  const messages = db.collection<MessageDocument>('campaign-messages');
  const reads = createBatchedFinds(messages);
  return {
    async recordPlanned(message: CampaignMessage): Promise<void> {
      await messages.updateOne(
        { _id: message.messageId },
        { $setOnInsert: { ...message, waiting: true } },
        { upsert: true },
      );
    },
    async get(messageId: string): Promise<CampaignMessage | undefined> {
      // Gathered: every delivery report is looked up here, nearly all of them of a collection
      // message that is not a campaign's (three a text), so one `find` serves a batch of them.
      const document = await reads.findById(messageId);
      if (document === null) return undefined;
      const { _id, waiting: _w, withdrawn: _x, ...message } = document;
      return message;
    },
    /** Sets a mark once; true only for the call that set it (a redelivery sets nothing). */
    async markOnce(messageId: string, mark: MessageMark): Promise<boolean> {
      const result = await messages.updateOne(
        { _id: messageId, [mark]: { $ne: true } },
        { $set: { [mark]: true } },
      );
      return result.modifiedCount === 1;
    },
    async recordSent(messageId: string, at: string): Promise<void> {
      await messages.updateOne(
        { _id: messageId },
        { $min: { sentAt: at }, $unset: { waiting: '' } },
      );
    },
    /** A campaign's messages still waiting (planned, not taken by a provider, not withdrawn). */
    async waitingOf(campaignId: string, limit: number): Promise<CampaignMessage[]> {
      const documents = await messages.find({ campaignId, waiting: true }).limit(limit).toArray();
      return documents.map(({ _id, waiting: _w, withdrawn: _x, ...message }) => message);
    },
    async markWithdrawn(messageIds: readonly string[]): Promise<void> {
      if (messageIds.length === 0) return;
      await messages.updateMany(
        { _id: { $in: [...messageIds] } },
        { $unset: { waiting: '' }, $set: { withdrawn: true } },
      );
    },
    async recordSegments(messageId: string, segments: number): Promise<void> {
      await messages.updateOne({ _id: messageId }, { $set: { smsSegments: segments } });
    },
    /** The account's campaign SMS sent in [since, until], newest first. */
    async smsSentBetween(tenantId: string, accountId: string, since: string, until: string) {
      const documents = await messages
        .find({ tenantId, accountId, channel: 'sms', sentAt: { $gte: since, $lte: until } })
        .toArray();
      return documents
        .map(({ _id, waiting: _w, withdrawn: _x, ...message }) => message)
        .sort((a, b) => ((a.sentAt ?? '') < (b.sentAt ?? '') ? 1 : -1));
    },
    /** Every message of a campaign, a page at a time in id order (the report). */
    async *ofCampaign(campaignId: string): AsyncGenerator<CampaignMessage> {
      for await (const { _id, waiting: _w, withdrawn: _x, ...message } of messages.find({
        campaignId,
      })) {
        yield message;
      }
    },
  };
}
export type CampaignMessages = ReturnType<typeof createCampaignMessagesRepository>;
