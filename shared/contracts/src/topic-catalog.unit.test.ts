import { describe, expect, expectTypeOf, it } from 'vitest';
import {
  deadLetterTopicOf,
  eventTypes,
  retryTopicOf,
  topicCatalog,
  topicSpecs,
  type AnyEvent,
  type EventOf,
  type EventType,
} from './topic-catalog.js';
import type { AccountOverdueV1 } from './events/account-overdue.v1.js';
import { sampleEvents } from './testing-fixtures/sample-events.js';

describe('topic catalog', () => {
  it('names every topic <entity>.<fact>.v<major> after its event type', () => {
    for (const type of eventTypes) {
      expect(topicCatalog[type].name).toMatch(new RegExp(`^${type.replace('.', '\\.')}\\.v\\d+$`));
    }
  });

  it('gives every topic a dead-letter topic', () => {
    const names = topicSpecs().map((spec) => spec.name);
    for (const type of eventTypes) {
      expect(names).toContain(`${topicCatalog[type].name}.dlq`);
    }
    expect(names).toHaveLength(eventTypes.length * 2);
  });

  it('keeps dead letters longer than the events', () => {
    const specs = topicSpecs({ only: ['account.overdue'] });
    const [main, dlq] = specs;
    expect(dlq!.retentionMs).toBeGreaterThan(main!.retentionMs);
  });

  it('creates a topic named twice once, with its dead letters', () => {
    const specs = topicSpecs({
      only: ['outreach.cancelled', 'account.overdue', 'outreach.cancelled'],
    });
    expect(specs.map((s) => s.name)).toEqual([
      'outreach.cancelled.v1',
      'outreach.cancelled.v1.dlq',
      'account.overdue.v1',
      'account.overdue.v1.dlq',
    ]);
  });

  it('prefixes names and overrides partitions for tests', () => {
    const specs = topicSpecs({ prefix: 't-abc.', only: ['agent.task'], partitions: 2 });
    expect(specs.map((s) => s.name)).toEqual(['t-abc.agent.task.v1', 't-abc.agent.task.v1.dlq']);
    expect(specs[0]!.partitions).toBe(2);
    expect(specs[1]!.partitions).toBe(1);
  });

  it("names each topic with its schema's major, and writes a version of that major", () => {
    for (const type of eventTypes) {
      const entry = topicCatalog[type];
      expect(entry.name).toBe(`${type}.v${entry.major}`);
      expect(entry.schemaVersion).toMatch(new RegExp(`^${entry.major}\\.\\d+\\.\\d+$`));
    }
  });

  it("accepts an event of the entry's own type and major, and no other", () => {
    for (const type of eventTypes) {
      const { schema, major } = topicCatalog[type];
      const sample = sampleEvents[type];
      expect(schema.safeParse(sample).success).toBe(true);
      expect(schema.safeParse({ ...sample, schemaVersion: `${major}.4.2` }).success).toBe(true);
      expect(schema.safeParse({ ...sample, schemaVersion: `${major + 1}.0.0` }).success).toBe(
        false,
      );
      const other = eventTypes.find((t) => t !== type)!;
      expect(schema.safeParse({ ...sample, type: other }).success).toBe(false);
    }
  });

  it('marks the seven inputs the bank may write as such', () => {
    const inputs = eventTypes.filter((type) => topicCatalog[type].origin === 'bank');
    expect(inputs).toEqual([
      'account.overdue',
      'account.payment',
      'account.arrangement',
      'account.status',
      'contact.updated',
      'contact.consent',
      'contact.unreachable',
    ]);
  });

  it('types each entry by its key', () => {
    expectTypeOf<EventOf<'account.overdue'>>().toEqualTypeOf<AccountOverdueV1>();
    expectTypeOf<{ [K in EventType]: EventOf<K>['type'] }>().toEqualTypeOf<{
      [K in EventType]: K;
    }>();
    expectTypeOf<AnyEvent['type']>().toEqualTypeOf<EventType>();
  });
});

describe('dead-letter and retry topics', () => {
  it('puts dead letters in <topic>.dlq', () => {
    expect(deadLetterTopicOf('account.overdue.v1')).toBe('account.overdue.v1.dlq');
  });

  it('gives each consuming service its own retry topic', () => {
    expect(retryTopicOf('account.overdue.v1', 'planner')).toBe('account.overdue.v1.retry.planner');
    expect(retryTopicOf('t-x.account.overdue.v1', 'kindly-scheduler')).toBe(
      't-x.account.overdue.v1.retry.kindly-scheduler',
    );
  });

  it('refuses a group name Kafka could not put in a topic name', () => {
    expect(() => retryTopicOf('account.overdue.v1', 'planner/eu')).toThrow(RangeError);
    expect(() => retryTopicOf('account.overdue.v1', '')).toThrow(RangeError);
    expect(() => retryTopicOf('account.overdue.v1', 'g'.repeat(240))).toThrow(RangeError);
  });
});
