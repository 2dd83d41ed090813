import { describe, expect, it } from 'vitest';
import { kindlyInProcess } from '../testing/kindly-in-process.js';

// Loading the program's code: seconds on a busy machine.
const LOADING = 60_000;

describe('kindly help', () => {
  it(
    'answers `kindly help` and `kindly help <command>` with their help and exit code 0',
    async () => {
      const all = await kindlyInProcess(['help']);
      expect(all.code, all.err).toBe(0);
      expect(all.out).toMatch(/^\s+campaign /m);
      const one = await kindlyInProcess(['help', 'demo']);
      expect(one.code, one.err).toBe(0);
      expect(one.out).toContain('--accounts');
    },
    LOADING,
  );

  it(
    'still answers an unknown command with exit code 2',
    async () => {
      const typo = await kindlyInProcess(['plna']);
      expect(typo.code).toBe(2);
    },
    LOADING,
  );
});
