import { quietProgress, type Progress } from '@kindly/progress';
import { describe, expect, it } from 'vitest';
import { counted } from './progress-counts.js';

async function* three() {
  yield* ['a', 'b', 'c'];
}

describe('counted', () => {
  it('passes every record on and counts each one exported', async () => {
    let done = 0;
    const progress: Progress = { ...quietProgress, increment: (by = 1) => void (done += by) };
    const seen: string[] = [];
    for await (const record of counted(three(), progress)) {
      seen.push(record);
      // Counted once passed on: a record the writer has not taken is not yet exported.
      expect(done).toBe(seen.length - 1);
    }
    expect(seen).toEqual(['a', 'b', 'c']);
    expect(done).toBe(3);
  });
});
