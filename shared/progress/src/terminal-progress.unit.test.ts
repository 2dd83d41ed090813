import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { quietProgress } from './progress.js';
import { progressFor, terminalProgress } from './terminal-progress.js';

/** A stream that keeps what is written, and says it is a terminal when asked to. */
function fakeStream(isTTY: boolean) {
  let written = '';
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      written += chunk.toString();
      done();
    },
  });
  return Object.assign(stream, { isTTY, columns: 100, text: () => written });
}

// Cursor movements and colours left out: what the reader sees.
// eslint-disable-next-line no-control-regex
const plain = (text: string) => text.replace(/\x1B(\[[0-9;?]*[A-Za-z]|[78])/g, '');

describe('terminalProgress', () => {
  it('writes nothing to a stream that is not a terminal', () => {
    const stream = fakeStream(false);
    const progress = terminalProgress(stream, { label: 'records exported' });
    progress.start(10);
    progress.update(5);
    progress.increment();
    progress.stop();
    expect(stream.text()).toBe('');
  });

  it('draws a bar with how many of the total on a terminal, and ends its line on stop', () => {
    const stream = fakeStream(true);
    const progress = terminalProgress(stream, { label: 'chains verified' });
    progress.start(4);
    progress.update(3);
    progress.stop();
    const text = plain(stream.text());
    expect(text).toContain('3/4 chains verified');
    expect(text).toMatch(/[█░]+/);
    expect(text.endsWith('\n')).toBe(true);
  });

  it('counts without a bar when the total is not known', () => {
    const stream = fakeStream(true);
    const progress = terminalProgress(stream, { label: 'records exported' });
    progress.start(undefined);
    progress.increment();
    progress.increment(2);
    progress.stop();
    expect(plain(stream.text())).toContain('3 records exported');
  });

  it('grows the total rather than overflow when more is found than was counted', () => {
    const stream = fakeStream(true);
    const progress = terminalProgress(stream, { label: 'chains verified' });
    progress.start(2);
    progress.update(3);
    progress.stop();
    expect(plain(stream.text())).toContain('3/3 chains verified');
  });

  it('fills the payload into a format of its own', () => {
    const stream = fakeStream(true);
    const progress = terminalProgress(stream, {
      label: 'days',
      format: 'day {value}/{total} sent {sent}',
    });
    progress.start(7, { sent: 0 });
    progress.update(2, { sent: 12 });
    progress.stop();
    expect(plain(stream.text())).toContain('day 2/7 sent 12');
  });
});

describe('progressFor', () => {
  it('is quiet on a stream that is not a terminal', () => {
    expect(progressFor(fakeStream(false), 'records')).toBe(quietProgress);
  });

  it('draws on a terminal', () => {
    const stream = fakeStream(true);
    const progress = progressFor(stream, 'collections');
    progress.start(1);
    progress.increment();
    progress.stop();
    expect(plain(stream.text())).toContain('1/1 collections');
  });
});
