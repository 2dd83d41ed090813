import { sampleEvents } from '@kindly/contracts';
import { describe, expect, it } from 'vitest';
import { AccountChainRules } from './account-chain-rules.js';
import { chainNext } from './audit-chain.js';
import type { AuditBody, AuditOwnPayload } from './audit-body.js';
import type { AuditRecord } from './ports.js';

const YEAR_MS = 365.25 * 24 * 3_600_000;
const T0 = Date.parse('2026-01-01T00:00:00Z');
const key = { tenantId: 'bank', accountId: 'acc-1' };

const event = (type: AuditBody['type'], payload: AuditBody['payload'], n: number): AuditBody => ({
  eventId: `e-${n}`,
  type,
  schemaVersion: '1.0.0',
  occurredAt: new Date(T0).toISOString(),
  correlationId: 'c',
  causationId: null,
  payload,
});
const own = (
  payload:
    | { matter: string; by: string }
    | { throughSeq: number; retentionClass: string; years: number; lastActivityAt: string },
): AuditOwnPayload => ({ accountId: 'acc-1', ...payload });

/** A chain of bodies kept at the given instants; `strip` seqs lose their bodies as retention does. */
function chain(
  entries: readonly [AuditBody, number][],
  strip: readonly number[] = [],
): AuditRecord[] {
  let end: AuditRecord | undefined;
  return entries.map(([body, at]) => {
    const next = chainNext(key, body, new Date(at).toISOString(), end);
    end = { ...next, addressKeys: [] };
    if (!strip.includes(next.seq)) return end;
    const { body: _gone, ...link } = end;
    return link;
  });
}

function judge(records: readonly AuditRecord[], nowMs: number) {
  const rules = new AccountChainRules(key, {
    nowMs,
    graceMs: 60_000,
    minRetentionYears: 3,
    evidenceExists: () => true,
  });
  for (const r of records) rules.next(r);
  rules.finish();
  return rules.broken?.reason;
}

const overdue = sampleEvents['account.overdue'].payload;
const expiry = (through: number, years = 3) =>
  event(
    'audit.expired',
    own({
      throughSeq: through,
      retentionClass: 'us-reg-f',
      years,
      lastActivityAt: new Date(T0).toISOString(),
    }),
    99,
  );

describe('the chain rules verify enforces', () => {
  it('accept an expiry that came its class’s years after the last activity', () => {
    const records = chain(
      [
        [event('account.overdue', overdue, 1), T0],
        [expiry(1), T0 + 3.1 * YEAR_MS],
      ],
      [1],
    );
    expect(judge(records, T0 + 4 * YEAR_MS)).toBeUndefined();
  });

  it('refuse an expiry that came too soon, or claims fewer years than any class', () => {
    const soon = chain(
      [
        [event('account.overdue', overdue, 1), T0],
        [expiry(1), T0 + 2 * YEAR_MS],
      ],
      [1],
    );
    expect(judge(soon, T0 + 4 * YEAR_MS)).toBe('EXPIRY_NOT_DUE');
    const short = chain(
      [
        [event('account.overdue', overdue, 1), T0],
        [expiry(1, 1), T0 + 3.1 * YEAR_MS],
      ],
      [1],
    );
    expect(judge(short, T0 + 4 * YEAR_MS)).toBe('EXPIRY_NOT_DUE');
  });

  it('refuse an expiry while a matter holds the account, and accept it once every matter lifted', () => {
    const place = (matter: string, n: number) =>
      event('audit.hold-placed', own({ matter, by: 'op-1' }), n);
    const lift = (matter: string, n: number) =>
      event('audit.hold-lifted', own({ matter, by: 'op-1' }), n);
    const base: [AuditBody, number][] = [
      [event('account.overdue', overdue, 1), T0],
      [place('m-1', 2), T0],
      [place('m-2', 3), T0],
      [lift('m-1', 4), T0],
    ];
    const held = chain([...base, [expiry(4), T0 + 3.1 * YEAR_MS]], [1]);
    expect(judge(held, T0 + 4 * YEAR_MS)).toBe('EXPIRY_UNDER_HOLD');
    const lifted = chain([...base, [lift('m-2', 5), T0], [expiry(5), T0 + 3.1 * YEAR_MS]], [1]);
    expect(judge(lifted, T0 + 4 * YEAR_MS)).toBeUndefined();
  });

  it('count a contact sync as no activity: it does not move the expiry date', () => {
    const contact = sampleEvents['contact.updated'].payload;
    const records = chain(
      [
        [event('account.overdue', overdue, 1), T0],
        [event('contact.updated', contact, 2), T0 + 2 * YEAR_MS],
        [expiry(2), T0 + 3.1 * YEAR_MS],
      ],
      [1, 2],
    );
    expect(judge(records, T0 + 4 * YEAR_MS)).toBeUndefined();
  });

  it('refuse time running backwards along a chain, and records kept in the future', () => {
    const backwards = chain([
      [event('account.overdue', overdue, 1), T0 + 1_000],
      [event('account.overdue', overdue, 2), T0],
    ]);
    expect(judge(backwards, T0 + YEAR_MS)).toBe('RECORDED_BEFORE_PREVIOUS');
    const future = chain([[event('account.overdue', overdue, 1), T0 + YEAR_MS]]);
    expect(judge(future, T0)).toBe('RECORDED_IN_FUTURE');
  });

  it('refuse a removed body that no expiry covers', () => {
    const records = chain(
      [
        [event('account.overdue', overdue, 1), T0],
        [event('account.overdue', overdue, 2), T0],
      ],
      [2],
    );
    expect(judge(records, T0 + YEAR_MS)).toBe('BODY_MISSING');
  });
});
