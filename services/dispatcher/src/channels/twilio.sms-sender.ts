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
  /**
   * Each tenant's own Messaging Service (tenant id → MG SID), used for its texts instead of
   * `messagingServiceSid`: with Advanced Opt-Out a STOP to any number of a service opts the
   * customer out of the whole service, so one service shared by tenants shares their STOPs.
   */
  readonly tenantServices?: ReadonlyMap<string, string>;
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
      const sender = senderOf(options, message);
      const refused = (facts: Parameters<typeof classifyTwilioError>[0]) => {
        const failure = classifyTwilioError(facts);
        return failed(
          failure.effect === 'revoke-consent' && sharedWithOtherTenants(options, sender)
            ? { ...failure, effect: 'none', detail: SHARED_OPT_OUT }
            : failure,
        );
      };
      try {
        const created = await client.messages.create({
          to: message.to,
          body: message.body,
          ...sender,
          ...(options.statusCallbackUrl
            ? { statusCallback: statusCallbackFor(options.statusCallbackUrl, message) }
            : {}),
        });
        if (created.status === 'failed' || created.status === 'undelivered') {
          // Refused after acceptance, e.g. an unreachable handset reported at once.
          return refused({ provider, status: 200, code: created.errorCode ?? undefined });
        }
        return sent({ provider, providerMessageId: created.sid });
      } catch (error) {
        return refused({ provider, ...errorFacts(error) });
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
 * Twilio's From and MessagingServiceSid for a message. The tenant's number goes with a Messaging
 * Service when there is one (Twilio takes both: the service's settings, this sender, which must
 * be in the service's sender pool): the tenant's own service, else the configured one; without
 * a tenant's number, the service picks.
 */
function senderOf(
  options: TwilioSmsOptions,
  message: SmsMessage,
): { from?: string; messagingServiceSid?: string } {
  const tenantFrom = options.tenantNumbers ? message.from : undefined;
  const service =
    (options.tenantNumbers ? options.tenantServices?.get(message.tenantId) : undefined) ??
    options.messagingServiceSid;
  if (service)
    return {
      messagingServiceSid: service,
      ...(tenantFrom ? { from: tenantFrom } : {}),
    };
  return { from: tenantFrom ?? options.from ?? '' };
}

const SHARED_OPT_OUT =
  'the recipient opted out (STOP) of a Messaging Service other tenants share: perhaps from another tenant';

/**
 * A tenant's own number sent through the Messaging Service configured for all tenants: Twilio's
 * 21610 then says the customer opted out of that service, perhaps by a STOP to another tenant's
 * number in it (Advanced Opt-Out is service-wide), which is that tenant's revocation, not this
 * one's (the tracker gives a STOP to the tenant whose number received it). The text fails, and
 * this tenant's consent is left alone. Without a tenant's number (the configured From, or the
 * service's pick) the number is every tenant's, and a STOP to it is every tenant's too (the
 * tracker revokes at each tenant with the number), so a 21610 there revokes as before.
 */
function sharedWithOtherTenants(
  options: TwilioSmsOptions,
  sender: { from?: string; messagingServiceSid?: string },
): boolean {
  return (
    options.tenantNumbers === true &&
    sender.messagingServiceSid !== undefined &&
    sender.messagingServiceSid === options.messagingServiceSid &&
    sender.from !== undefined
  );
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

/** Socket errors that say the request never reached Twilio (nothing can have been created). */
const NEVER_SENT = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN']);

function errorFacts(error: unknown): { status?: number; code?: number; neverSent?: boolean } {
  if (typeof error !== 'object' || error === null) return {};
  const status = 'status' in error && typeof error.status === 'number' ? error.status : undefined;
  const code = 'code' in error && typeof error.code === 'number' ? error.code : undefined;
  const socketCode = 'code' in error && typeof error.code === 'string' ? error.code : undefined;
  return {
    ...(status !== undefined ? { status } : {}),
    ...(code !== undefined ? { code } : {}),
    ...(socketCode !== undefined && NEVER_SENT.has(socketCode) ? { neverSent: true } : {}),
  };
}

// Clocks differ and Twilio's dates have whole seconds: look a minute before the claim.
function floor(since: Date): Date {
  return new Date(since.getTime() - 60_000);
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
