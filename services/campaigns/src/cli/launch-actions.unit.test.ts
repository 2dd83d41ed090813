import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { noCounts, type Launch, type LaunchStatus } from '../launch/launch.js';
import type { Launches } from '../launch/ports.js';
import { launchActions } from './launch-actions.js';

/** A stream that keeps what is written, a terminal or not. */
function stream(isTTY: boolean) {
  let written = '';
  const out = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString();
      done();
    },
  });
  return Object.assign(out, { isTTY, columns: 120, text: () => written });
}

function launch(scanned: number, status: LaunchStatus): Launch {
  return {
    campaignId: 'spring',
    status,
    counts: { ...noCounts, scanned },
    use: { second: 0, inSecond: 0, day: '', onDay: 0 },
    actions: [],
    campaign: { campaignId: 'spring', version: 1, throttle: { perDay: 100, perSecond: 10 } },
  } as unknown as Launch;
}

/** A launch that walks 40 accounts, then 80, and then is done (status reads it once first). */
function walking(): Launches {
  const seen = [
    launch(0, 'running'),
    launch(0, 'running'),
    launch(40, 'running'),
    launch(80, 'completed'),
  ];
  let i = 0;
  return { get: async () => seen[Math.min(i++, seen.length - 1)] } as unknown as Launches;
}

const follow = async (isTTY: boolean) => {
  const io = { stdout: stream(isTTY), stderr: stream(isTTY) };
  const actions = launchActions({
    launches: walking(),
    io,
    now: () => new Date(),
    followEveryMs: 1,
    accountCount: async () => 80,
  });
  expect(await actions.status('spring', { follow: true })).toBe(0);
  return { out: io.stdout.text(), err: io.stderr.text() };
};

describe('campaign status --follow', () => {
  it('prints a status each time the walk moves when not on a terminal (scripts read them)', async () => {
    const { out, err } = await follow(false);
    expect(out.match(/walked \d+ accounts/g)).toEqual([
      'walked 0 accounts',
      'walked 40 accounts',
      'walked 80 accounts',
    ]);
    expect(err).toBe('');
  });

  it('draws a bar of accounts scanned on a terminal, then prints the final status once', async () => {
    const { out, err } = await follow(true);
    expect(out.match(/walked \d+ accounts/g)).toEqual(['walked 80 accounts']);
    expect(out).toContain('spring v1: completed');
    expect(err).toContain('80/80 accounts scanned');
  });
});
