import { describe, expect, it } from 'vitest';
import { loadPlanningRules } from '@kindly/rules';
import { aRecord, anAccount, released, utc } from '../testing/escalation-fixtures.js';
import { deliveredAtOf, evidenceOf } from './delivery-evidence.js';
import { decideFallback } from './escalation-decisions.js';

const catalog = loadPlanningRules().strategies;
const RELEASED = '2026-03-04T15:00:00Z';
const CLICKED = '2026-03-04T15:10:00Z';
const BOUNCED = '2026-03-04T15:20:00Z';

describe('a click as evidence of delivery', () => {
  it('is its own kind of evidence on every channel that prints a reference', () => {
    expect(evidenceOf('sms', 'clicked', false)).toBe('clicked');
    expect(evidenceOf('email', 'clicked', false)).toBe('clicked');
    expect(evidenceOf('letter', 'clicked', false)).toBe('clicked');
    expect(evidenceOf('agent-call', 'clicked', false)).toBe('progress');
  });

  it('counts as delivered while no hard failure is recorded', () => {
    expect(deliveredAtOf({ clickedAt: CLICKED })).toBe(CLICKED);
    expect(deliveredAtOf({ clickedAt: CLICKED, deliveredAt: BOUNCED })).toBe(CLICKED);
    expect(deliveredAtOf({ deliveredAt: CLICKED, clickedAt: BOUNCED })).toBe(CLICKED);
    expect(deliveredAtOf({ acceptedAt: RELEASED })).toBeUndefined();
  });

  it('counts for nothing once the message bounced, whichever report came first', () => {
    const failure = { status: 'bounced' as const, errorCode: '5.1.1' };
    expect(deliveredAtOf({ clickedAt: CLICKED, failedAt: BOUNCED, failure })).toBeUndefined();
    expect(deliveredAtOf({ failedAt: RELEASED, clickedAt: CLICKED, failure })).toBeUndefined();
    // A report that proves arrival is not a click: it stands.
    expect(deliveredAtOf({ deliveredAt: CLICKED, failedAt: BOUNCED, failure })).toBe(CLICKED);
  });

  it('does not stop the fallback of a message that failed for good', () => {
    const account = anAccount();
    const sms = released(account, 1, 'sms', RELEASED);
    const message = aRecord(sms, {
      clickedAt: CLICKED,
      failedAt: BOUNCED,
      failure: { status: 'undelivered', errorCode: '30003' },
    });
    const verdict = decideFallback({
      catalog,
      message,
      state: account.stateAfter,
      now: utc('2026-03-04T15:30:00Z'),
    });
    expect(verdict.kind).toBe('escalate');
    const clickedOnly = aRecord(sms, { clickedAt: CLICKED });
    expect(
      decideFallback({
        catalog,
        message: clickedOnly,
        state: account.stateAfter,
        now: utc('2026-03-09T00:00:00Z'),
      }),
    ).toEqual({ kind: 'settle', why: 'DELIVERED' });
  });
});
