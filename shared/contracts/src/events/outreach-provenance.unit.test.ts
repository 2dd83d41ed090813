import { describe, expect, it } from 'vitest';
import { topicCatalog } from '../topic-catalog.js';
import { issuePathsOf } from '../testing-fixtures/issue-paths.js';
import { sampleEvents } from '../testing-fixtures/sample-events.js';
import { OutreachPlannedV1 } from './outreach-planned.v1.js';
import { OutreachReleasedV1 } from './outreach-released.v1.js';
import { OutreachRenderedV1 } from './outreach-rendered.v1.js';
import { OutreachSuppressedV1 } from './outreach-suppressed.v1.js';

const hash = (digit: string) => digit.repeat(64);
const policy = { policyVersion: 7, policyHash: hash('a') };

function withPayload<E extends { payload: object }>(event: E, changes: Record<string, unknown>) {
  return { ...event, payload: { ...event.payload, ...changes } };
}

describe('what a message was made from (1.1)', () => {
  it('is accepted on a plan, a suppression, a release and a rendered message', () => {
    const planned = withPayload(sampleEvents['outreach.planned'], {
      ...policy,
      strategyHash: hash('b'),
    });
    expect(issuePathsOf(OutreachPlannedV1, planned)).toEqual([]);
    const suppressed = withPayload(sampleEvents['outreach.suppressed'], policy);
    expect(issuePathsOf(OutreachSuppressedV1, suppressed)).toEqual([]);
    const released = withPayload(sampleEvents['outreach.released'], {
      ...policy,
      strategyHash: hash('b'),
    });
    expect(issuePathsOf(OutreachReleasedV1, released)).toEqual([]);
    const rendered = withPayload(sampleEvents['outreach.rendered'], {
      ...policy,
      strategyHash: hash('b'),
      templateHash: hash('c'),
    });
    expect(issuePathsOf(OutreachRenderedV1, rendered)).toEqual([]);
  });

  it('is optional: events published before 1.1 still read', () => {
    expect(issuePathsOf(OutreachPlannedV1, sampleEvents['outreach.planned'])).toEqual([]);
    expect(issuePathsOf(OutreachSuppressedV1, sampleEvents['outreach.suppressed'])).toEqual([]);
    expect(issuePathsOf(OutreachReleasedV1, sampleEvents['outreach.released'])).toEqual([]);
    expect(issuePathsOf(OutreachRenderedV1, sampleEvents['outreach.rendered'])).toEqual([]);
  });

  it('refuses a hash that is not a lower-case hex SHA-256, and a policy version below 1', () => {
    const upper = 'AB'.repeat(32);
    const short = 'ab'.repeat(16);
    const planned = sampleEvents['outreach.planned'];
    expect(
      issuePathsOf(
        OutreachPlannedV1,
        withPayload(planned, { policyHash: upper, strategyHash: short }),
      ),
    ).toEqual(['payload.strategyHash', 'payload.policyHash']);
    expect(issuePathsOf(OutreachPlannedV1, withPayload(planned, { policyVersion: 0 }))).toEqual([
      'payload.policyVersion',
    ]);
    const suppressed = sampleEvents['outreach.suppressed'];
    expect(
      issuePathsOf(OutreachSuppressedV1, withPayload(suppressed, { policyHash: 'sha256:abc' })),
    ).toEqual(['payload.policyHash']);
    expect(
      issuePathsOf(OutreachSuppressedV1, withPayload(suppressed, { policyVersion: 1.5 })),
    ).toEqual(['payload.policyVersion']);
    const released = sampleEvents['outreach.released'];
    expect(
      issuePathsOf(OutreachReleasedV1, withPayload(released, { strategyHash: upper })),
    ).toEqual(['payload.strategyHash']);
    const rendered = sampleEvents['outreach.rendered'];
    expect(
      issuePathsOf(OutreachRenderedV1, withPayload(rendered, { templateHash: short })),
    ).toEqual(['payload.templateHash']);
    expect(issuePathsOf(OutreachRenderedV1, withPayload(rendered, { policyHash: upper }))).toEqual([
      'payload.policyHash',
    ]);
  });

  it('is a minor version of each contract', () => {
    for (const type of [
      'outreach.planned',
      'outreach.suppressed',
      'outreach.released',
      'outreach.rendered',
    ] as const) {
      expect(topicCatalog[type].schemaVersion).toMatch(/^1\.[1-9]\d*\.0$/);
    }
  });
});
