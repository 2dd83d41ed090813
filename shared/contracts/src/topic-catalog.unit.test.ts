import { describe, expect, it } from 'vitest';
import { eventTypes, topicCatalog, topicSpecs } from './topic-catalog.js';

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

  it('prefixes names and overrides partitions for tests', () => {
    const specs = topicSpecs({ prefix: 't-abc.', only: ['agent.task'], partitions: 2 });
    expect(specs.map((s) => s.name)).toEqual(['t-abc.agent.task.v1', 't-abc.agent.task.v1.dlq']);
    expect(specs[0]!.partitions).toBe(2);
    expect(specs[1]!.partitions).toBe(1);
  });
});
