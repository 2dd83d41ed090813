import { describe, expect, it } from 'vitest';
import { expectedTopics, checkTopics } from './topics-check.js';

const consumed = { planner: ['account.overdue'], renderer: ['outreach.released'] } as const;

describe('the topics check', () => {
  it('expects every event topic and its dead-letter topic under the prefix, and a retry topic per consuming service', () => {
    const expected = expectedTopics('t-1.', consumed);
    expect(expected.provisioned).toContain('t-1.account.overdue.v1');
    expect(expected.provisioned).toContain('t-1.account.overdue.v1.dlq');
    expect(expected.provisioned.every((name) => name.startsWith('t-1.'))).toBe(true);
    expect(expected.retry).toEqual([
      't-1.account.overdue.v1.retry.planner',
      't-1.outreach.released.v1.retry.renderer',
    ]);
  });

  it('lists the missing topics, with what to run', () => {
    const expected = expectedTopics('', consumed);
    const existing = expected.provisioned.filter((name) => !name.startsWith('account.overdue'));
    const [finding] = checkTopics(existing, expected, '');
    expect(finding).toMatchObject({
      status: 'error',
      message: `2 of ${expected.provisioned.length} topics missing`,
      items: ['account.overdue.v1', 'account.overdue.v1.dlq'],
      fix: 'npm run provision (with the same KAFKA_BROKERS)',
    });
  });

  it('says how to provision under a prefix, which npm run provision does not take', () => {
    const expected = expectedTopics('tenant-a.', consumed);
    const [finding] = checkTopics([], expected, 'tenant-a.');
    expect(finding?.message).toMatch(/topics missing under the prefix 'tenant-a.'$/);
    expect(finding?.fix).toMatch(/prefix: 'tenant-a.'/);
  });

  it('is green without retry topics: each service creates its own at its start', () => {
    const expected = expectedTopics('', consumed);
    const findings = checkTopics([...expected.provisioned, expected.retry[0]!], expected, '');
    expect(findings).toEqual([
      expect.objectContaining({
        status: 'ok',
        message: expect.stringContaining('retry topics: 1 of 2') as unknown,
      }),
    ]);
  });
});
