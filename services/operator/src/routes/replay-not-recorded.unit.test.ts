import { describe, expect, it } from 'vitest';
import { ReplayNotRecorded } from '../dead-letters/replay-dead-letters.js';
import { replayNotRecorded } from './dead-letters.routes.js';

describe('a replay written back but not recorded in the audit', () => {
  it('answers what was written back, by id, instead of a bare 500', () => {
    const failure = new ReplayNotRecorded(['a.dlq:0:1', 'a.dlq:0:2'], new Error('audit down'));
    const body = replayNotRecorded(failure);
    expect(body).toMatchObject({
      status: 500,
      type: 'urn:kindly:problem:replay-not-recorded',
      title: 'Replay Not Recorded',
      ids: ['a.dlq:0:1', 'a.dlq:0:2'],
    });
    expect(body.detail).toContain('2 dead letters were written back');
    // Never the cause's text: it may quote what the audit's store said.
    expect(body.detail).not.toContain('audit down');
  });
});
