import { describe, expect, it } from 'vitest';
import { createOutageLog, type OutageLogOptions } from './outage-log.js';

function setUp(options: Partial<OutageLogOptions> = {}) {
  let now = 1_000_000;
  const lines: { level: string; message: string; details: Record<string, unknown> }[] = [];
  const logger = {
    error: (details: object, message: string) =>
      lines.push({ level: 'error', message, details: { ...details } }),
    info: (details: object, message: string) =>
      lines.push({ level: 'info', message, details: { ...details } }),
  };
  const outage = createOutageLog({
    logger,
    messages: { down: 'down', stillDown: 'still down', up: 'back' },
    now: () => now,
    remindEveryMs: 30_000,
    ...options,
  });
  const advance = (ms: number) => (now += ms);
  return { outage, lines, advance };
}

describe('createOutageLog', () => {
  it('logs an outage once when it begins, every 30 s while it lasts, and once when it ends', () => {
    const { outage, lines, advance } = setUp();
    outage.succeeded(); // all is well: nothing to say
    outage.failed({ kind: 'connection refused' });
    for (let second = 1; second <= 75; second++) {
      advance(1_000);
      outage.failed({ kind: 'connection refused' });
    }
    advance(500);
    outage.succeeded();
    outage.succeeded();
    expect(lines).toEqual([
      { level: 'error', message: 'down', details: { kind: 'connection refused' } },
      {
        level: 'error',
        message: 'still down',
        details: { kind: 'connection refused', downForSeconds: 30, failures: 31 },
      },
      {
        level: 'error',
        message: 'still down',
        details: { kind: 'connection refused', downForSeconds: 60, failures: 61 },
      },
      { level: 'info', message: 'back', details: { downForSeconds: 76, failures: 76 } },
    ]);
    expect(outage.state()).toBe('up');
  });

  it('turns a flood of 400 retry errors into a handful of lines', () => {
    const { outage, lines, advance } = setUp();
    for (let retry = 0; retry < 400; retry++) {
      outage.failed({ kind: 'connection refused' });
      advance(75); // 400 retries in 30 s
    }
    outage.succeeded();
    expect(lines.map((line) => line.message)).toEqual(['down', 'back']);
    expect(lines[1]?.details).toEqual({ downForSeconds: 30, failures: 400 });
  });

  it('waits for successes to hold before saying the outage is over', () => {
    const { outage, lines, advance } = setUp({ settleMs: 2_000 });
    outage.failed({ kind: 'timeout' });
    advance(1_000);
    outage.succeeded(); // one client answered…
    expect(outage.state()).toBe('recovering');
    advance(500);
    outage.failed({ kind: 'timeout' }); // …while another still fails: not over, and no new line
    advance(500);
    outage.succeeded();
    advance(1_999);
    outage.succeeded();
    expect(lines.map((line) => line.message)).toEqual(['down']);
    advance(1);
    outage.succeeded();
    expect(lines.map((line) => line.message)).toEqual(['down', 'back']);
    expect(lines[1]?.details).toEqual({ downForSeconds: 4, failures: 2 });
  });

  it('logs the next outage as a new one', () => {
    const { outage, lines, advance } = setUp();
    outage.failed();
    advance(5_000);
    outage.succeeded();
    advance(60_000);
    outage.failed({ kind: 'host not found' });
    advance(5_000);
    outage.succeeded();
    expect(lines.map((line) => [line.message, line.details])).toEqual([
      ['down', {}],
      ['back', { downForSeconds: 5, failures: 1 }],
      ['down', { kind: 'host not found' }],
      ['back', { downForSeconds: 5, failures: 1 }],
    ]);
  });
});
