import { describe, expect, it } from 'vitest';
import { checkFaultRun, type FaultRunFacts } from './fault-check.js';

const sms = (messageId: string, status = 201) => ({
  responseStatus: status,
  form: { StatusCallback: `http://127.0.0.1:9/twilio/status?messageId=${messageId}&attempt=1` },
});
const email = (messageId: string) => ({
  header: (name: string) => (name === 'Message-ID' ? `<${messageId}@bounces.example>` : undefined),
});
const planned = (messageId: string, channel: string, accountId = 'a-1') => ({
  type: 'outreach.planned',
  payload: { messageId, channel, accountId },
});

/** One account, an SMS, an e-mail and a letter each sent once: a clean run. */
function clean(): FaultRunFacts {
  return {
    accounts: ['a-1'],
    events: [planned('m-sms', 'sms'), planned('m-mail', 'email'), planned('m-pdf', 'letter')],
    deadLetters: [],
    twilioRequests: [sms('m-sms')],
    emails: [email('m-mail')],
    letters: { sealed: [{ batch: 'b-1', messageId: 'm-pdf' }], unsealed: [] },
    dispatches: [],
    waiting: [],
    unpublishedPlans: 0,
  };
}

describe('the fault run’s verdict', () => {
  it('passes a run where every plan went out once', () => {
    const findings = checkFaultRun(clean());
    expect(findings.problems).toEqual([]);
    expect(findings.sent).toEqual({ sms: 1, email: 1, letter: 1 });
  });

  it('finds an SMS sent twice, a letter in two batches and an e-mail sent twice', () => {
    const facts = clean();
    const findings = checkFaultRun({
      ...facts,
      twilioRequests: [sms('m-sms'), sms('m-sms')],
      emails: [email('m-mail'), email('m-mail')],
      letters: {
        sealed: [
          { batch: 'b-1', messageId: 'm-pdf' },
          { batch: 'b-2', messageId: 'm-pdf' },
        ],
        unsealed: [],
      },
    });
    expect(findings.problems).toEqual([
      'SMS m-sms went out 2 times',
      'e-mail m-mail went out 2 times',
      'letter m-pdf went out 2 times',
    ]);
  });

  it('does not count a request Twilio refused as a send', () => {
    const findings = checkFaultRun({ ...clean(), twilioRequests: [sms('m-sms', 400)] });
    expect(findings.problems).toEqual([
      'sms m-sms was planned and never sent, with no reason (dispatch: none)',
    ]);
  });

  it('finds a plan lost without a reason, and accepts one withdrawn, suppressed, refused or waiting', () => {
    const facts = clean();
    const lost = checkFaultRun({ ...facts, letters: { sealed: [], unsealed: [] } });
    expect(lost.problems).toEqual([
      'letter m-pdf was planned and never sent, with no reason (dispatch: none)',
    ]);
    const withdrawn = checkFaultRun({
      ...facts,
      events: [
        ...facts.events,
        planned('m-2', 'sms'),
        planned('m-3', 'sms'),
        planned('m-4', 'email'),
        planned('m-5', 'sms'),
        { type: 'outreach.cancelled', payload: { messageId: 'm-2' } },
        { type: 'outreach.suppressed', payload: { messageId: 'm-3', checkpoint: 'send' } },
      ],
      dispatches: [{ _id: 'm-4', state: 'failed' }],
      waiting: [{ _id: 'm-5' }],
    });
    expect(withdrawn.problems).toEqual([]);
    expect(withdrawn.accountedNotSent).toBe(4);
    expect(withdrawn.notSentBecause).toEqual({
      cancelled: 1,
      suppressed: 1,
      'dispatch failed': 1,
      'waiting for its window': 1,
    });
  });

  it('finds a send without a plan, an account without a decision, unpublished plans, dead letters and unsealed batches', () => {
    const findings = checkFaultRun({
      ...clean(),
      accounts: ['a-1', 'a-2'],
      twilioRequests: [sms('m-sms'), sms('m-ghost')],
      deadLetters: ['outreach.rendered.v1.dlq', 'outreach.rendered.v1.dlq'],
      letters: { sealed: [{ batch: 'b-1', messageId: 'm-pdf' }], unsealed: ['b-2.open'] },
      unpublishedPlans: 3,
    });
    expect(findings.problems).toEqual([
      'SMS m-ghost went out without a published plan',
      '1 accounts got no decision (no plan, no suppression), e.g. a-2',
      '3 plans recorded by the planner and never published',
      '2 records dead-lettered on outreach.rendered.v1.dlq',
      'print batches left unsealed: b-2.open',
    ]);
  });

  it('wants an agent call to become a task', () => {
    const facts = clean();
    const findings = checkFaultRun({
      ...facts,
      events: [...facts.events, planned('m-call', 'agent-call')],
    });
    expect(findings.problems).toEqual([
      'agent call m-call was planned and neither became a task nor was withdrawn',
    ]);
    const tasked = checkFaultRun({
      ...facts,
      events: [
        ...facts.events,
        planned('m-call', 'agent-call'),
        { type: 'agent.task', payload: { accountId: 'a-1' } },
      ],
    });
    expect(tasked.problems).toEqual([]);
  });
});
