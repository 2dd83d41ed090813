/**
 * SMS through Twilio's Messages API with the official client. Each send carries a status
 * callback URL that names the message, account, tenant and attempt (Twilio signs the whole URL,
 * query included, so the tracker can trust them), and goes from a number or a Messaging Service.
 */
import { createHash } from 'node:crypto';
import type twilio from 'twilio';
import { classifyTwilioError } from '../domain/classify-failure.js';
import type { SmsChannel, SmsMessage } from '../domain/ports.js';
import { failed, sent, type SendResult, type SentReceipt } from '../domain/send-result.js';

export interface TwilioSmsOptions {
  readonly client: twilio.Twilio;
  /** The name outcomes carry: `twilio`, or e.g. `twilio-secondary` for a failover account. */
  readonly provider: string;
  /** A sender number (E.164) or a Messaging Service; one of them. */
  readonly from?: string;
  readonly messagingServiceSid?: string;
  /**
   * The tenants' own numbers (a message's `from`, from senders.yaml) are in this account, so a
   * message with one goes out from it. Not for a failover account: a number belongs to one
   * Twilio account, so there the configured `from` is used (a reply to it is no tenant's).
   */
  readonly tenantNumbers?: boolean;
  /** The tracker's status callback endpoint; the message's ids are added to its query. */
  readonly statusCallbackUrl?: string;
}

/** One Twilio account as an SMS sender (`send`) and a place to look for a lost send (`lookup`). */
export function createTwilioSmsSender(options: TwilioSmsOptions): SmsChannel {
  const { client, provider } = options;
  if (!options.from && !options.messagingServiceSid) {
    throw new Error('a Twilio sender needs a From number or a Messaging Service SID');
  }
  return {
    async send(message: SmsMessage): Promise<SendResult> {
      try {
        const created = await client.messages.create({
          to: message.to,
          body: message.body,
          ...senderOf(options, message),
          ...(options.statusCallbackUrl
            ? { statusCallback: statusCallbackFor(options.statusCallbackUrl, message) }
            : {}),
        });
        if (created.status === 'failed' || created.status === 'undelivered') {
          // Refused after acceptance, e.g. an unreachable handset reported at once.
          return failed(
            classifyTwilioError({ provider, status: 200, code: created.errorCode ?? undefined }),
          );
        }
        return sent({ provider, providerMessageId: created.sid });
      } catch (error) {
        return failed(classifyTwilioError({ provider, ...errorFacts(error) }));
      }
    },

    async lookup({ to, body, since }): Promise<SentReceipt | undefined> {
      const wanted = sha256(body);
      const matches = (m: { body: string; dateCreated: Date | null }) =>
        sha256(m.body) === wanted && (m.dateCreated === null || m.dateCreated >= floor(since));
      // Sent ones by their send date (Twilio filters by day); one still queued has no send date
      // yet, so the newest messages to the number are read too.
      const sentSince = await client.messages.list({ to, dateSentAfter: floor(since), limit: 100 });
      const found =
        sentSince.find(matches) ?? (await client.messages.list({ to, limit: 50 })).find(matches);
      return found ? { provider, providerMessageId: found.sid } : undefined;
    },
  };
}

/**
 * Twilio's From and MessagingServiceSid for a message. The tenant's number goes with the
 * Messaging Service when there is one (Twilio takes both: the service's settings, this sender,
 * which must be in the service's sender pool); without a tenant's number, the service picks.
 */
function senderOf(
  options: TwilioSmsOptions,
  message: SmsMessage,
): { from?: string; messagingServiceSid?: string } {
  const tenantFrom = options.tenantNumbers ? message.from : undefined;
  if (options.messagingServiceSid)
    return {
      messagingServiceSid: options.messagingServiceSid,
      ...(tenantFrom ? { from: tenantFrom } : {}),
    };
  return { from: tenantFrom ?? options.from ?? '' };
}

/** `<base>?messageId=…&accountId=…&tenantId=…&attempt=…`, the convention the tracker reads. */
export function statusCallbackFor(base: string, message: SmsMessage): string {
  const url = new URL(base);
  url.searchParams.set('messageId', message.messageId);
  url.searchParams.set('accountId', message.accountId);
  url.searchParams.set('tenantId', message.tenantId);
  url.searchParams.set('attempt', String(message.attempt));
  return url.href;
}

function errorFacts(error: unknown): { status?: number; code?: number } {
  if (typeof error !== 'object' || error === null) return {};
  const status = 'status' in error && typeof error.status === 'number' ? error.status : undefined;
  const code = 'code' in error && typeof error.code === 'number' ? error.code : undefined;
  return { ...(status !== undefined ? { status } : {}), ...(code !== undefined ? { code } : {}) };
}

// Clocks differ and Twilio's dates have whole seconds: look a minute before the claim.
function floor(since: Date): Date {
  return new Date(since.getTime() - 60_000);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
