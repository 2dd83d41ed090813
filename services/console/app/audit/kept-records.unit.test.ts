import dayjs from 'dayjs';
import { describe, expect, it } from 'vitest';
import { filtersQuery, payloadText, type KeptRecord } from './kept-records';

describe('the audit records’ filters as the API’s query', () => {
  it('leaves blanks out, trims, and gives the period as UTC instants', () => {
    const query = filtersQuery({
      tenantId: ' bank-1 ',
      accountId: '',
      channel: 'sms',
      type: '   ',
      period: [dayjs('2026-03-02T10:00:00+08:00'), null],
      rule: 'DISPUTE',
    });
    expect(Object.fromEntries(query)).toEqual({
      tenantId: 'bank-1',
      channel: 'sms',
      rule: 'DISPUTE',
      from: '2026-03-02T02:00:00.000Z',
    });
  });

  it('asks for everything when nothing is filled in', () => {
    expect(filtersQuery({}).toString()).toBe('');
    expect(filtersQuery({ period: null }).toString()).toBe('');
  });
});

describe('a kept record’s payload field as text', () => {
  const record: KeptRecord = {
    tenantId: 'bank-1',
    accountId: 'ACC-1',
    seq: 1,
    body: {
      type: 'delivery.outcome',
      occurredAt: '2026-03-02T02:00:00Z',
      payload: { status: 'delivered', attempt: 2, to: { nested: true } },
    },
  };

  it('reads strings and numbers, and nothing else or from an expired body', () => {
    expect(payloadText(record, 'status')).toBe('delivered');
    expect(payloadText(record, 'attempt')).toBe('2');
    expect(payloadText(record, 'to')).toBeUndefined();
    expect(payloadText({ ...record, body: undefined }, 'status')).toBeUndefined();
  });
});
