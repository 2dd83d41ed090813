import { z } from 'zod';
import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  eventSchema,
  eventSchemaRegistry,
  schemaVersionOf,
  type EventEnvelope,
} from './envelope.js';
import { AccountOverdueV1, type AccountOverdueV1Payload } from './events/account-overdue.v1.js';
import { issuePathsOf } from './testing-fixtures/issue-paths.js';
import { without } from './testing-fixtures/without.js';
import { sampleEvents } from './testing-fixtures/sample-events.js';

const sample = sampleEvents['account.overdue'];

describe('eventSchema', () => {
  it('accepts a whole event', () => {
    expect(issuePathsOf(AccountOverdueV1, sample)).toEqual([]);
  });

  it('records type and major for the catalog', () => {
    expect(eventSchemaRegistry.get(AccountOverdueV1)).toEqual({
      type: 'account.overdue',
      major: 1,
    });
  });

  it('refuses unknown fields in the envelope and in the payload, naming them', () => {
    expect(issuePathsOf(AccountOverdueV1, { ...sample, partition: 3 })).toEqual(['partition']);
    expect(
      issuePathsOf(AccountOverdueV1, { ...sample, payload: { ...sample.payload, email: 'x' } }),
    ).toEqual(['payload.email']);
  });

  it('names each missing envelope field', () => {
    const rest = without(sample, 'eventId', 'tenantId');
    expect(issuePathsOf(AccountOverdueV1, rest)).toEqual(['eventId', 'tenantId']);
  });

  it('wants occurredAt in UTC with Z and seconds', () => {
    for (const occurredAt of ['2025-03-04T09:00:00+08:00', '2025-03-04T01:00Z', '2025-03-04']) {
      expect(issuePathsOf(AccountOverdueV1, { ...sample, occurredAt })).toEqual(['occurredAt']);
    }
    const precise = { ...sample, occurredAt: '2025-03-04T01:00:00.123Z' };
    expect(issuePathsOf(AccountOverdueV1, precise)).toEqual([]);
  });

  it('wants a semantic version of the topic’s major', () => {
    for (const schemaVersion of ['1', '1.0', 'v1.0.0', '2.0.0', '1.01.0', '11.0.0']) {
      expect(issuePathsOf(AccountOverdueV1, { ...sample, schemaVersion })).toEqual([
        'schemaVersion',
      ]);
    }
    expect(issuePathsOf(AccountOverdueV1, { ...sample, schemaVersion: '1.12.3' })).toEqual([]);
  });

  it('bounds the ids and takes null as the causation of a first cause', () => {
    expect(issuePathsOf(AccountOverdueV1, { ...sample, eventId: '' })).toEqual(['eventId']);
    expect(issuePathsOf(AccountOverdueV1, { ...sample, eventId: 'e'.repeat(101) })).toEqual([
      'eventId',
    ]);
    expect(issuePathsOf(AccountOverdueV1, { ...sample, correlationId: 'has space' })).toEqual([
      'correlationId',
    ]);
    expect(issuePathsOf(AccountOverdueV1, { ...sample, causationId: null })).toEqual([]);
    expect(issuePathsOf(AccountOverdueV1, { ...sample, causationId: undefined })).toEqual([
      'causationId',
    ]);
  });

  it('refuses an event of another type', () => {
    expect(issuePathsOf(AccountOverdueV1, { ...sample, type: 'account.payment' })).toEqual([
      'type',
    ]);
  });

  it('rejects a bad major', () => {
    expect(() => schemaVersionOf(0)).toThrow(RangeError);
    expect(() => eventSchema('x.y', 1.5, z.strictObject({ accountId: z.string() }))).toThrow(
      RangeError,
    );
  });

  it('gives events that fit the general envelope type', () => {
    expectTypeOf<AccountOverdueV1>().toExtend<
      EventEnvelope<'account.overdue', AccountOverdueV1Payload>
    >();
  });
});
