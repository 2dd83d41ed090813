import { rfc2822 } from './twilio-ids.js';
import { twilioErrorMessage } from './twilio-errors.js';

export type MessageStatus =
  'accepted' | 'queued' | 'sending' | 'sent' | 'delivered' | 'undelivered' | 'failed' | 'received';

/** A Message resource as the stand-in keeps it; `toJson` gives Twilio's wire shape. */
export interface StoredMessage {
  readonly sid: string;
  readonly accountSid: string;
  readonly direction: 'outbound-api' | 'inbound';
  readonly to: string;
  readonly from: string | null;
  readonly messagingServiceSid: string | null;
  readonly body: string;
  readonly numSegments: number;
  readonly numMedia: number;
  readonly statusCallback: string | null;
  readonly dateCreated: Date;
  status: MessageStatus;
  dateUpdated: Date;
  dateSent: Date | null;
  errorCode: number | null;
}

export function messageUri(accountSid: string, sid: string): string {
  return `/2010-04-01/Accounts/${accountSid}/Messages/${sid}.json`;
}

/** The JSON Twilio returns for a Message (the `api.v2010.account.message` schema). */
export function toJson(message: StoredMessage): Record<string, unknown> {
  const uri = messageUri(message.accountSid, message.sid);
  return {
    account_sid: message.accountSid,
    api_version: '2010-04-01',
    body: message.body,
    date_created: rfc2822(message.dateCreated),
    date_sent: message.dateSent && rfc2822(message.dateSent),
    date_updated: rfc2822(message.dateUpdated),
    direction: message.direction,
    error_code: message.errorCode,
    error_message: message.errorCode === null ? null : twilioErrorMessage(message.errorCode),
    from: message.from,
    messaging_service_sid: message.messagingServiceSid,
    num_media: String(message.numMedia),
    num_segments: String(message.numSegments),
    price: null,
    price_unit: 'USD',
    sid: message.sid,
    status: message.status,
    subresource_uris: { media: uri.replace(/\.json$/, '/Media.json') },
    tags: null,
    to: message.to,
    uri,
  };
}
