/**
 * One account's contact history, read from its audit records in chain order: each message with
 * the moments it went through (planned, released, rendered, sent), its outcomes and any stop, and
 * the account's other events (bank facts, consent and contact changes, escalations) as dated
 * facts. Every moment keeps the customer's zone in force then, so the history shows the local time
 * the rules judged, even after the customer moved. Labels are keys: the PDF writes them in two
 * languages; values are codes, dates and amounts, which read the same in both.
 */
import type { FoundRecord } from '../domain/audit-query.js';
import { CustomerZoneTracker } from './customer-zone.js';
import { fieldsOf, payloadFields, reasonsOf, textOf, type PayloadFields } from './export-fields.js';
import { accountEventOf } from './account-event-facts.js';
import type { LabelKey } from './contact-history-labels.js';

/** An instant (UTC ISO) and the customer's zone then (undefined: no contact record yet). */
export interface Stamp {
  readonly at: string;
  readonly zone: string | undefined;
}

export interface Fact {
  readonly label: LabelKey;
  readonly value: string;
}

export interface AccountEvent {
  readonly stamp: Stamp;
  readonly kind: LabelKey;
  readonly facts: readonly Fact[];
}

export interface MessageStop {
  readonly stamp: Stamp;
  readonly kind: 'suppressed' | 'cancelled';
  readonly facts: readonly Fact[];
}

export interface MessageHistory {
  readonly messageId: string;
  /** What the message is (channel, template, strategy…), from whichever record named it. */
  readonly about: Map<LabelKey, string>;
  readonly moments: Map<'planned' | 'released' | 'rendered' | 'sent', Stamp>;
  readonly outcomes: { readonly stamp: Stamp; readonly facts: readonly Fact[] }[];
  readonly stops: MessageStop[];
  evidenceId?: string;
}

export interface ContactHistory {
  readonly tenantId: string;
  readonly accountId: string;
  /** The zone of the latest contact record (undefined: the account has none). */
  readonly zone: string | undefined;
  readonly events: readonly AccountEvent[];
  /** In the order each message first appears in the chain. */
  readonly messages: readonly MessageHistory[];
  readonly recordCount: number;
  /** When the last record was kept: the date the PDF carries, so it is the same on every run. */
  readonly lastRecordedAt: string | undefined;
}

// The provider has the message once one of these is reported: the moment it was sent.
const SENT_STATUSES = new Set(['accepted', 'queued', 'sent', 'delivered']);

const ABOUT_FIELDS: readonly (readonly [LabelKey, string])[] = [
  ['channel', 'channel'],
  ['stage', 'stage'],
  ['purpose', 'purpose'],
  ['template', 'templateId'],
  ['templateVersion', 'templateVersion'],
  ['locale', 'locale'],
  ['strategy', 'strategyId'],
  ['strategyVersion', 'strategyVersion'],
  ['campaign', 'campaignId'],
  ['variant', 'variant'],
];

export async function contactHistoryOf(
  records: AsyncIterable<FoundRecord>,
): Promise<ContactHistory> {
  const zones = new CustomerZoneTracker();
  const messages = new Map<string, MessageHistory>();
  const events: AccountEvent[] = [];
  let first: FoundRecord | undefined;
  let last: FoundRecord | undefined;
  let zone: string | undefined;
  let count = 0;
  for await (const record of records) {
    first ??= record;
    if (record.tenantId !== first.tenantId || record.accountId !== first.accountId) {
      throw new Error('a contact history is of one account: records of another account were given');
    }
    last = record;
    count += 1;
    zone = zones.zoneFor(record);
    const body = record.body;
    if (!body) continue; // removed by retention: its link stays in the chain, nothing to show
    const p = payloadFields(body);
    const stamp = { at: body.occurredAt, zone };
    const messageId = textOf(p['messageId']);
    if (messageId) {
      const message = messageOf(messages, messageId);
      for (const [label, field] of ABOUT_FIELDS) {
        const value = textOf(p[field]);
        if (value && !message.about.has(label)) message.about.set(label, value);
      }
      addToMessage(message, body.type, p, stamp);
      if (body.evidence) message.evidenceId = body.evidence.id;
    } else {
      const event = accountEventOf(body.type, p, stamp);
      if (event) events.push(event);
    }
  }
  for (const message of messages.values()) sortAbout(message.about);
  return {
    tenantId: first?.tenantId ?? '',
    accountId: first?.accountId ?? '',
    zone,
    events,
    messages: [...messages.values()],
    recordCount: count,
    lastRecordedAt: last?.recordedAt,
  };
}

function messageOf(messages: Map<string, MessageHistory>, messageId: string): MessageHistory {
  let message = messages.get(messageId);
  if (!message) {
    message = { messageId, about: new Map(), moments: new Map(), outcomes: [], stops: [] };
    messages.set(messageId, message);
  }
  return message;
}

function addToMessage(message: MessageHistory, type: string, p: PayloadFields, stamp: Stamp) {
  const reasons = reasonsOf(p).join(', ');
  const detail = textOf(p['detail']);
  const withDetail = (facts: Fact[]): Fact[] =>
    detail ? [...facts, { label: 'detail', value: detail }] : facts;
  switch (type) {
    case 'outreach.planned':
      message.moments.set('planned', stamp);
      message.about.set('planReasons', reasons);
      message.about.set('sendWindow', windowText(p));
      break;
    case 'outreach.released':
      message.moments.set('released', stamp);
      break;
    case 'outreach.rendered':
      message.moments.set('rendered', stamp);
      break;
    case 'delivery.outcome': {
      const status = textOf(p['status']);
      // The provider's own time of the report, with the zone in force when it was kept.
      const at = { at: textOf(p['at']) || stamp.at, zone: stamp.zone };
      if (SENT_STATUSES.has(status) && !message.moments.has('sent'))
        message.moments.set('sent', at);
      const facts: Fact[] = [
        { label: 'status', value: status },
        { label: 'attempt', value: textOf(p['attempt']) },
      ];
      const errorCode = textOf(p['errorCode']);
      if (errorCode) facts.push({ label: 'errorCode', value: errorCode });
      // A text's reassigned-numbers answer: the safe-harbour evidence it was sent or stopped on.
      const check = fieldsOf(p['numberCheck']);
      if (textOf(check['queryId'])) {
        facts.push({
          label: 'numberCheck',
          value: `${textOf(check['database'])} ${textOf(check['answer'])} since ${textOf(check['since'])}, query ${textOf(check['queryId'])}, ${textOf(check['askedAt'])}`,
        });
      }
      message.outcomes.push({ stamp: at, facts });
      break;
    }
    case 'outreach.suppressed':
      message.stops.push({
        stamp,
        kind: 'suppressed',
        facts: withDetail([
          { label: 'checkpoint', value: textOf(p['checkpoint']) },
          { label: 'reasons', value: reasons },
        ]),
      });
      break;
    case 'outreach.cancelled':
      message.stops.push({
        stamp,
        kind: 'cancelled',
        facts: withDetail([{ label: 'reasons', value: reasons }]),
      });
      break;
    default:
      break;
  }
}

// What a message is reads best in one order, whichever of its records named each field first.
const ABOUT_ORDER: readonly LabelKey[] = [
  ...ABOUT_FIELDS.map(([label]) => label),
  'planReasons',
  'sendWindow',
];

function sortAbout(about: Map<LabelKey, string>) {
  const sorted = [...about].sort(([a], [b]) => ABOUT_ORDER.indexOf(a) - ABOUT_ORDER.indexOf(b));
  about.clear();
  for (const [label, value] of sorted) about.set(label, value);
}

/** A plan's send window: between which instants, and the local hours in which zones. */
function windowText(p: PayloadFields): string {
  const window = fieldsOf(p['window']);
  const zones = Array.isArray(window['zones']) ? window['zones'].map(textOf).join(', ') : '';
  const hours = `${textOf(window['start'])}–${textOf(window['end'])} ${zones}`.trim();
  return `${textOf(p['earliestSendAt'])} – ${textOf(p['latestSendAt'])} (${hours})`;
}
