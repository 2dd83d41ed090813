import { describe, expect, it } from 'vitest';
import { reconcile, type ReconciliationInput } from './reconciliation.js';

/**
 * A small run in which every fate occurs once: sent on each channel, stopped by the last look,
 * refused by Twilio after a retry, withdrawn after release, not rendered because the account was
 * paid off, an agent task, a call without a window; and one cancellation that came too late.
 */
function aRun(): ReconciliationInput {
  return {
    topics: {
      released: [
        { messageId: 'm-sms', accountId: 'a1', channel: 'sms' },
        { messageId: 'm-email', accountId: 'a2', channel: 'email' },
        { messageId: 'm-letter', accountId: 'a3', channel: 'letter' },
        { messageId: 'm-call', accountId: 'a4', channel: 'agent-call' },
        { messageId: 'm-stop', accountId: 'a5', channel: 'sms' },
        { messageId: 'm-fail', accountId: 'a6', channel: 'sms' },
        { messageId: 'm-withdrawn', accountId: 'a7', channel: 'email' },
        { messageId: 'm-paid', accountId: 'a8', channel: 'email' },
        { messageId: 'm-no-window', accountId: 'a9', channel: 'agent-call' },
        // Released twice (a republished plan): one message.
        { messageId: 'm-sms', accountId: 'a1', channel: 'sms' },
      ],
      rendered: ['m-sms', 'm-email', 'm-letter', 'm-stop', 'm-fail', 'm-withdrawn'],
      dispatcherOutcomes: [
        { messageId: 'm-sms', channel: 'sms', status: 'accepted', retryable: false },
        { messageId: 'm-email', channel: 'email', status: 'accepted', retryable: false },
        { messageId: 'm-letter', channel: 'letter', status: 'accepted', retryable: false },
        {
          messageId: 'm-stop',
          channel: 'sms',
          status: 'failed',
          retryable: false,
          errorCode: 'LAST_LOOK:PAID',
        },
        {
          messageId: 'm-fail',
          channel: 'sms',
          status: 'failed',
          retryable: true,
          errorCode: '429',
        },
        {
          messageId: 'm-fail',
          channel: 'sms',
          status: 'failed',
          retryable: false,
          errorCode: '21211',
        },
      ],
      suppressedAtSend: [],
      cancelled: [
        { messageId: 'm-withdrawn', reason: 'PAID' },
        { messageId: 'm-sms', reason: 'PAID' },
        { messageId: 'm-before-release', reason: 'OPTED_OUT' },
      ],
      agentTasks: ['m-call', 'm-call'],
      clearedAccounts: ['a8'],
    },
    records: {
      withdrawnByDispatcher: ['m-withdrawn', 'm-before-release'],
      inFlight: [],
      callsWithoutWindow: ['m-no-window'],
      audit: [
        { messageId: 'm-sms', channel: 'sms' },
        { messageId: 'm-email', channel: 'email' },
        { messageId: 'm-letter', channel: 'letter' },
      ],
    },
    received: {
      twilio: ['m-sms'],
      smtp: ['m-email'],
      sealedPdfs: ['m-letter'],
      unsealedPdfs: [],
    },
  };
}

const failing = (input: ReconciliationInput) =>
  reconcile(input)
    .checks.filter((c) => !c.holds)
    .map((c) => c.name);
const problemsOf = (input: ReconciliationInput, name: string) =>
  reconcile(input).checks.find((c) => c.name.startsWith(name))?.problems ?? [];

describe('the demo reconciliation', () => {
  it('holds when every released message has one fate and every send was received once', () => {
    const result = reconcile(aRun());
    expect(result.checks.filter((c) => !c.holds)).toEqual([]);
    expect(result.ok).toBe(true);
    expect(result.released).toBe(9);
    expect(result.fates).toEqual({
      sent: 3,
      'stopped at send': 1,
      'failed at send': 1,
      'withdrawn after release': 1,
      'not rendered (nothing overdue)': 1,
      'agent tasks': 1,
      'calls without a window': 1,
      'calls withdrawn': 0,
      'still in flight': 0,
    });
    // Shown, not "none": one withdrawn in time, one too late (it had gone out).
    expect(result.withdrawnAfterRelease).toEqual({ byReason: { PAID: 2 }, inTime: 1, tooLate: 1 });
  });

  it('names each failing check and the numbers that disagree', () => {
    const run = aRun();
    const input: ReconciliationInput = {
      ...run,
      topics: {
        ...run.topics,
        // Released, then nothing at all: lost between the scheduler and the dispatcher.
        released: [
          ...run.topics.released,
          { messageId: 'm-lost', accountId: 'a10', channel: 'sms' },
        ],
      },
      records: { ...run.records, audit: run.records.audit.filter((r) => r.channel !== 'email') },
      received: { ...run.received, twilio: ['m-sms', 'm-other'] },
    };
    const result = reconcile(input);
    expect(result.ok).toBe(false);
    expect(failing(input)).toEqual([
      expect.stringMatching(/^released = sent \+ stopped at send \+ failed at send/),
      'sent sms = audit records = messages at the Twilio stand-in',
      'sent email = audit records = mails at the SMTP catcher',
    ]);
    expect(problemsOf(input, 'released')).toEqual([
      'released 10 ≠ 9, the sum of fates',
      '1 released with no fate: m-lost',
    ]);
    expect(problemsOf(input, 'sent sms')).toEqual([
      'messages at the Twilio stand-in 2 ≠ sent sms 1',
      'in messages at the Twilio stand-in, not sent: m-other',
    ]);
    expect(problemsOf(input, 'sent email')).toEqual([
      'audit records email 0 ≠ sent email 1',
      'missing from audit records email: m-email',
    ]);
  });

  it('fails on a doubled SMS, though the message ids agree', () => {
    const run = aRun();
    const input = { ...run, received: { ...run.received, twilio: ['m-sms', 'm-sms'] } };
    expect(failing(input)).toEqual(['sent sms = audit records = messages at the Twilio stand-in']);
    expect(problemsOf(input, 'sent sms')).toEqual([
      'messages at the Twilio stand-in 2 ≠ sent sms 1',
      'twice in messages at the Twilio stand-in: m-sms',
    ]);
  });

  it('fails on a doubled send the topics show once: two audit records', () => {
    const run = aRun();
    const input = {
      ...run,
      records: {
        ...run.records,
        audit: [...run.records.audit, { messageId: 'm-sms', channel: 'sms' as const }],
      },
      received: { ...run.received, twilio: ['m-sms', 'm-sms'] },
    };
    expect(problemsOf(input, 'sent sms')).toContain('audit records sms 2 ≠ sent sms 1');
  });

  it('fails on a lost letter: its PDF missing, or left in an unsealed batch', () => {
    const run = aRun();
    const missing = { ...run, received: { ...run.received, sealedPdfs: [] } };
    expect(failing(missing)).toEqual([
      'sent letter = audit records = PDFs in sealed print batches',
    ]);
    expect(problemsOf(missing, 'sent letter')).toEqual([
      'PDFs in sealed print batches 0 ≠ sent letter 1',
      'missing from PDFs in sealed print batches: m-letter',
    ]);
    const unsealed = { ...missing, received: { ...missing.received, unsealedPdfs: ['m-letter'] } };
    expect(failing(unsealed)).toEqual([
      'sent letter = audit records = PDFs in sealed print batches',
      'no letter left in an unsealed print batch',
    ]);
  });

  it('fails on a message counted under two fates, and on a fate for a message never released', () => {
    const run = aRun();
    const input: ReconciliationInput = {
      ...run,
      topics: {
        ...run.topics,
        dispatcherOutcomes: [
          ...run.topics.dispatcherOutcomes,
          { messageId: 'm-stop', channel: 'sms', status: 'accepted', retryable: false },
        ],
        agentTasks: [...run.topics.agentTasks, 'task:unknown'],
      },
    };
    expect(problemsOf(input, 'released')).toEqual([
      'released 9 ≠ 11, the sum of fates',
      'm-stop counted as sent and stopped at send',
      '1 with a fate but never released: task:unknown',
    ]);
  });

  it('counts a released message that was not rendered only when a payment or a cancellation explains it', () => {
    const run = aRun();
    const input = { ...run, topics: { ...run.topics, clearedAccounts: [] } };
    expect(problemsOf(input, 'released')).toContain('1 released with no fate: m-paid');
  });

  it('fails while a message is still in flight at the end', () => {
    const run = aRun();
    const input: ReconciliationInput = {
      ...run,
      topics: {
        ...run.topics,
        dispatcherOutcomes: run.topics.dispatcherOutcomes.filter(
          (o) => o.messageId !== 'm-fail' || o.retryable,
        ),
      },
      records: { ...run.records, inFlight: ['m-fail'] },
    };
    expect(failing(input)).toEqual(['nothing still in flight at the end']);
    expect(reconcile(input).fates['still in flight']).toBe(1);
  });
});
