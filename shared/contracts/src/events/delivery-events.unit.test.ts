import { describe, expect, it } from 'vitest';
import { issuePathsOf } from '../testing-fixtures/issue-paths.js';
import { without } from '../testing-fixtures/without.js';
import { sampleEvents } from '../testing-fixtures/sample-events.js';
import { AgentTaskV1 } from './agent-task.v1.js';
import { DeliveryOutcomeV1 } from './delivery-outcome.v1.js';
import { OutreachEscalatedV1 } from './outreach-escalated.v1.js';
import { OutreachRenderedV1 } from './outreach-rendered.v1.js';

describe('outreach.rendered v1', () => {
  const event = sampleEvents['outreach.rendered'];
  const common = without(event.payload, 'content');
  const rendered = (payload: Record<string, unknown>) => ({
    ...event,
    payload: { ...common, ...payload },
  });
  const email = {
    channel: 'email',
    content: {
      subject: 'Your card payment is overdue',
      html: '<p>Dear Jane Smith, …</p>',
      text: 'Dear Jane Smith, …',
      headers: {
        'List-Unsubscribe': '<https://kindly.example/u/abc>',
        'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
      },
    },
  };
  const letter = { channel: 'letter', content: { pages: 2, storageRef: 'gridfs:letters/abc.pdf' } };

  it('accepts an SMS, an e-mail and a letter', () => {
    expect(issuePathsOf(OutreachRenderedV1, event)).toEqual([]);
    expect(issuePathsOf(OutreachRenderedV1, rendered(email))).toEqual([]);
    expect(issuePathsOf(OutreachRenderedV1, rendered(letter))).toEqual([]);
    const inline = { channel: 'letter', content: { pages: 1, pdfBase64: 'JVBERi0xLjcK' } };
    expect(issuePathsOf(OutreachRenderedV1, rendered(inline))).toEqual([]);
  });

  it('checks the content of the channel given', () => {
    const smsAsEmail = rendered({ channel: 'email', content: event.payload.content });
    expect(issuePathsOf(OutreachRenderedV1, smsAsEmail)).toContain('payload.content.subject');
    const longSms = rendered({
      channel: 'sms',
      content: { ...event.payload.content, body: 'x'.repeat(1_601) },
    });
    expect(issuePathsOf(OutreachRenderedV1, longSms)).toEqual(['payload.content.body']);
    const utf8 = rendered({
      channel: 'sms',
      content: { ...event.payload.content, encoding: 'UTF-8' },
    });
    expect(issuePathsOf(OutreachRenderedV1, utf8)).toEqual(['payload.content.encoding']);
  });

  it('refuses a header that could smuggle in another', () => {
    const injected = rendered({
      ...email,
      content: { ...email.content, headers: { 'X-Kindly': 'a\r\nBcc: someone@example.com' } },
    });
    expect(issuePathsOf(OutreachRenderedV1, injected)).toEqual([
      'payload.content.headers.X-Kindly',
    ]);
  });

  it('wants a letter inline or stored, not both or neither', () => {
    const both = { ...letter, content: { ...letter.content, pdfBase64: 'JVBERi0xLjcK' } };
    expect(issuePathsOf(OutreachRenderedV1, rendered(both))).toEqual(['payload.content.pdfBase64']);
    const neither = { ...letter, content: { pages: 2 } };
    expect(issuePathsOf(OutreachRenderedV1, rendered(neither))).toEqual([
      'payload.content.pdfBase64',
    ]);
    const notBase64 = { ...letter, content: { pages: 2, pdfBase64: 'not base64!' } };
    expect(issuePathsOf(OutreachRenderedV1, rendered(notBase64))).toEqual([
      'payload.content.pdfBase64',
    ]);
  });

  it('wants a lower-case SHA-256 as the content hash', () => {
    const upper = { ...event, payload: { ...event.payload, contentHash: 'AB'.repeat(32) } };
    expect(issuePathsOf(OutreachRenderedV1, upper)).toEqual(['payload.contentHash']);
  });
});

describe('delivery.outcome v1', () => {
  const event = sampleEvents['delivery.outcome'];
  const withPayload = (changes: Record<string, unknown>) => ({
    ...event,
    payload: { ...event.payload, ...changes },
  });

  it('accepts outcomes with and without provider details', () => {
    expect(issuePathsOf(DeliveryOutcomeV1, event)).toEqual([]);
    const failed = withPayload({ status: 'failed', retryable: true, errorCode: '30003' });
    expect(issuePathsOf(DeliveryOutcomeV1, failed)).toEqual([]);
    const bounce = withPayload({
      channel: 'email',
      provider: 'smtp',
      status: 'bounced',
      errorCode: '5.1.1',
    });
    expect(issuePathsOf(DeliveryOutcomeV1, bounce)).toEqual([]);
  });

  it('refuses unknown statuses, attempt 0 and an unknown channel; takes a reported call', () => {
    expect(issuePathsOf(DeliveryOutcomeV1, withPayload({ status: 'read' }))).toEqual([
      'payload.status',
    ]);
    expect(issuePathsOf(DeliveryOutcomeV1, withPayload({ attempt: 0 }))).toEqual([
      'payload.attempt',
    ]);
    expect(issuePathsOf(DeliveryOutcomeV1, withPayload({ channel: 'push' }))).toEqual([
      'payload.channel',
    ]);
    // A call an agent reported from the agent desk: it counts toward the call caps.
    expect(issuePathsOf(DeliveryOutcomeV1, withPayload({ channel: 'agent-call' }))).toEqual([]);
    expect(
      issuePathsOf(DeliveryOutcomeV1, withPayload({ errorCode: 'no such user here' })),
    ).toEqual(['payload.errorCode']);
  });
});

describe('outreach.escalated v1', () => {
  const event = sampleEvents['outreach.escalated'];
  const withPayload = (changes: Record<string, unknown>) => ({
    ...event,
    payload: { ...event.payload, ...changes },
  });

  it('hands on to a channel, an agent or legal', () => {
    for (const channel of ['email', 'letter', 'agent', 'legal']) {
      const to = withPayload({ to: { stage: 3, channel } });
      expect(issuePathsOf(OutreachEscalatedV1, to), channel).toEqual([]);
    }
  });

  it('comes only from a channel, with a known reason', () => {
    expect(
      issuePathsOf(OutreachEscalatedV1, withPayload({ from: { stage: 1, channel: 'legal' } })),
    ).toEqual(['payload.from.channel']);
    expect(issuePathsOf(OutreachEscalatedV1, withPayload({ reason: 'TIRED' }))).toEqual([
      'payload.reason',
    ]);
  });
});

describe('agent.task v1', () => {
  const event = sampleEvents['agent.task'];
  const withPayload = (changes: Record<string, unknown>) => ({
    ...event,
    payload: { ...event.payload, ...changes },
  });
  const window = event.payload.windows[0]!;

  it('accepts a task, with or without an offer', () => {
    expect(issuePathsOf(AgentTaskV1, event)).toEqual([]);
    const withoutOffer = without(event.payload, 'suggestedOffer');
    expect(issuePathsOf(AgentTaskV1, { ...event, payload: withoutOffer })).toEqual([]);
  });

  it('wants windows that end after they start, in a real zone', () => {
    const reversed = withPayload({ windows: [{ ...window, end: window.start }] });
    expect(issuePathsOf(AgentTaskV1, reversed)).toEqual(['payload.windows[0].end']);
    const mars = withPayload({ windows: [{ ...window, zone: 'Mars/Base' }] });
    expect(issuePathsOf(AgentTaskV1, mars)).toEqual(['payload.windows[0].zone']);
    expect(issuePathsOf(AgentTaskV1, withPayload({ windows: [] }))).toEqual(['payload.windows']);
  });

  it('checks the facts and the offer', () => {
    const float = withPayload({
      facts: { ...event.payload.facts, overdueAmount: { amountMinor: 520.5, currency: 'CNY' } },
    });
    expect(issuePathsOf(AgentTaskV1, float)).toEqual(['payload.facts.overdueAmount.amountMinor']);
    expect(issuePathsOf(AgentTaskV1, withPayload({ callAttemptsLeft: -1 }))).toEqual([
      'payload.callAttemptsLeft',
    ]);
    expect(
      issuePathsOf(AgentTaskV1, withPayload({ suggestedOffer: { kind: 'free-money' } })),
    ).toEqual(['payload.suggestedOffer.kind']);
  });
});
