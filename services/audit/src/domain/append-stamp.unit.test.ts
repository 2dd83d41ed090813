/**
 * The time a record is stamped with: the writer's clock, but never before the chain's end nor
 * inside a period already anchored (a writer whose clock is behind would otherwise break the
 * chain's order or an anchor's count). The store here answers only what the rule asks.
 */
import { sampleEvents } from '@kindly/contracts';
import { describe, expect, it } from 'vitest';
import type { AuditBody } from './audit-body.js';
import type { AuditRecord, AuditStore, ChainEnd } from './ports.js';
import { appendToChain } from './record-event.use-case.js';

const body: AuditBody = {
  ...sampleEvents['account.overdue'],
  payload: sampleEvents['account.overdue'].payload,
};

async function stampWith(clockMs: number, end: ChainEnd | undefined, anchoredUntil: number) {
  let written: AuditRecord | undefined;
  const store: AuditStore = {
    has: async () => false,
    chainEnd: async () => end,
    anchoredUntil: async () => anchoredUntil,
    insert: async (_id, record) => {
      written = record;
      return 'inserted';
    },
  };
  await appendToChain(
    { store, recordedNow: () => new Date(clockMs) },
    { tenantId: 'bank', accountId: 'acc-1' },
    'e-1',
    body,
    [],
  );
  return written!.recordedAt;
}

const T = Date.parse('2026-03-04T10:00:00.000Z');
const end = (ms: number): ChainEnd => ({
  seq: 3,
  hash: 'a'.repeat(64),
  recordedAt: new Date(ms).toISOString(),
});

describe('a record’s stamp', () => {
  it('is the writer’s clock when it is ahead of the chain and the anchors', async () => {
    expect(await stampWith(T, end(T - 5_000), T - 60_000)).toBe('2026-03-04T10:00:00.000Z');
  });

  it('is the chain’s end when the writer’s clock is behind it', async () => {
    expect(await stampWith(T - 10_000, end(T), 0)).toBe('2026-03-04T10:00:00.000Z');
  });

  it('is the end of the anchored periods when the writer’s clock falls inside one', async () => {
    expect(await stampWith(T - 180_000, undefined, T)).toBe('2026-03-04T10:00:00.000Z');
  });
});
