import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createInboundMailMetrics } from './inbound-mail-metrics.js';
import { smtpReplyOf } from './smtp-bounce-listener.js';
import { answerOf } from './bounce.routes.js';

describe('what the tracker does with mail it cannot act on', () => {
  it('counts complaints it cannot tie to a message, and unsigned unsubscribes, by kind', async () => {
    const registry = new Registry();
    const metrics = createInboundMailMetrics(registry);
    metrics.count({ mail: 'feedback', result: { kind: 'unidentified' } });
    metrics.count({ mail: 'feedback', result: { kind: 'unidentified' } });
    metrics.count({ mail: 'feedback', result: { kind: 'unverified' } });
    metrics.count({
      mail: 'unsubscribe',
      result: { kind: 'no-token', task: 'created', accounts: 1 },
    });
    metrics.count({
      mail: 'unsubscribe',
      result: { kind: 'forbidden', task: 'none', accounts: 0 },
    });
    const text = await registry.metrics();
    expect(text).toContain(
      'kindly_tracker_inbound_mail_total{mail="feedback",result="unidentified"} 2',
    );
    expect(text).toContain(
      'kindly_tracker_inbound_mail_total{mail="feedback",result="unverified"} 1',
    );
    expect(text).toContain(
      'kindly_tracker_inbound_mail_total{mail="unsubscribe",result="no-token"} 1',
    );
    expect(text).toContain(
      'kindly_tracker_inbound_mail_total{mail="unsubscribe",result="forbidden"} 1',
    );
  });

  it('acknowledges them (202, SMTP 250) and refuses a malformed report (422, SMTP 550)', () => {
    const feedback = [
      { kind: 'unidentified' },
      { kind: 'not-a-complaint' },
      { kind: 'unverified' },
    ] as const;
    for (const result of feedback) {
      expect(answerOf({ mail: 'feedback', result }).status).toBe(202);
      expect(smtpReplyOf({ mail: 'feedback', result })).toBeUndefined();
    }
    const unsubscribes = [
      { kind: 'no-token', task: 'created', accounts: 1 },
      { kind: 'forbidden', task: 'none', accounts: 0 },
    ] as const;
    for (const result of unsubscribes) {
      expect(answerOf({ mail: 'unsubscribe', result }).status).toBe(202);
      expect(smtpReplyOf({ mail: 'unsubscribe', result })).toBeUndefined();
    }
    const malformed = {
      mail: 'feedback',
      result: { kind: 'malformed', reason: 'no-feedback-type' },
    } as const;
    expect(answerOf(malformed)).toMatchObject({
      status: 422,
      problem: { type: expect.stringContaining('malformed-feedback-report') as string },
    });
    expect(smtpReplyOf(malformed)).toMatchObject({ responseCode: 550 });
  });
});
