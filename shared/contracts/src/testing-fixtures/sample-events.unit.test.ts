import { describe, expect, it } from 'vitest';
import { eventTypes, topicCatalog } from '../topic-catalog.js';
import { issuePathsOf } from './issue-paths.js';
import { sampleEvents } from './sample-events.js';

describe('sampleEvents', () => {
  it('has a valid event of every type, under its own type', () => {
    expect(Object.keys(sampleEvents).sort()).toEqual([...eventTypes].sort());
    for (const type of eventTypes) {
      expect(sampleEvents[type].type).toBe(type);
      expect(issuePathsOf(topicCatalog[type].schema, sampleEvents[type]), type).toEqual([]);
    }
  });

  it('survives the trip through Kafka as JSON unchanged', () => {
    for (const type of eventTypes) {
      const bytes = Buffer.from(JSON.stringify(sampleEvents[type]));
      const parsed = topicCatalog[type].schema.parse(JSON.parse(bytes.toString('utf8')));
      expect(parsed).toEqual(sampleEvents[type]);
    }
  });

  it('gives every event its own id', () => {
    const ids = eventTypes.map((type) => sampleEvents[type].eventId);
    expect(new Set(ids).size).toBe(ids.length);
  });
});
