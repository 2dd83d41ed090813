/**
 * The sends in a history: each `delivery.outcome` with `status: accepted` on a message channel,
 * joined by `messageId` to its rendering and plan for what it was (purpose, template, strategy).
 */
import type { EventOf } from '@kindly/contracts';
import type { CountedContact } from './check-caps.js';
import { ms, refOf } from './history-as-of.js';
import type { Purpose } from './policy-document.js';
import type { AccountHistory, Send, SentChannel } from './recheck-types.js';

const SENT_CHANNELS: readonly string[] = ['sms', 'email', 'letter'];

/** Every send, ordered by its instant (the audit's order on a tie). */
export function findSends(history: AccountHistory): Send[] {
  const rendered = new Map<string, EventOf<'outreach.rendered'>['payload']>();
  const planned = new Map<string, EventOf<'outreach.planned'>['payload']>();
  for (const event of history) {
    if (event.type === 'outreach.rendered') rendered.set(event.payload.messageId, event.payload);
    if (event.type === 'outreach.planned') planned.set(event.payload.messageId, event.payload);
  }
  const sends: Send[] = [];
  for (const event of history) {
    if (event.type !== 'delivery.outcome') continue;
    const p = event.payload;
    if (p.status !== 'accepted' || !SENT_CHANNELS.includes(p.channel)) continue;
    const r = rendered.get(p.messageId);
    const plan = planned.get(p.messageId);
    const purpose = r?.purpose ?? plan?.purpose;
    const templateId = r?.templateId ?? plan?.templateId;
    const templateKind = r?.templateKind ?? plan?.templateKind;
    const strategyId = r?.strategyId ?? plan?.strategyId;
    const cycleId = r?.cycleId ?? plan?.cycleId;
    // delivery.outcome 1.1: the address the provider was given; absent from older events.
    const to = p.to;
    sends.push({
      messageId: p.messageId,
      attempt: p.attempt,
      channel: p.channel as SentChannel,
      at: p.at,
      ...(to !== undefined ? { to } : {}),
      ...(purpose ? { purpose } : {}),
      ...(templateId ? { templateId } : {}),
      ...(templateKind ? { templateKind } : {}),
      ...(strategyId ? { strategyId } : {}),
      ...(cycleId ? { cycleId } : {}),
      outcome: refOf(event),
    });
  }
  // A stable sort: two sends in the same millisecond keep the audit's order.
  return sends.sort((a, b) => ms(a.at) - ms(b.at));
}

/** What an agent's reported call counts as: a conversation, or undelivered (no answer). */
function callKind(status: string): CountedContact['kind'] {
  if (status === 'delivered') return 'conversation';
  return status === 'undelivered' || status === 'failed' ? 'undelivered' : 'attempt';
}

/** The agents' calls the desk reported, for the caps that count calls with messages. */
export function findCalls(history: AccountHistory): CountedContact[] {
  const purposes = new Map<string, Purpose>();
  for (const event of history) {
    if (event.type === 'outreach.planned')
      purposes.set(event.payload.messageId, event.payload.purpose);
  }
  return history.flatMap((event) => {
    if (event.type !== 'delivery.outcome' || event.payload.channel !== 'agent-call') return [];
    const { messageId, at, status } = event.payload;
    const purpose = purposes.get(messageId);
    return [
      {
        messageId,
        channel: 'agent-call',
        at,
        kind: callKind(status),
        ...(purpose ? { purpose } : {}),
      },
    ];
  });
}
