import { describe, expect, it } from 'vitest';
import { judgeClockSkew } from './clock-check.js';

const server = 'the clock of the MongoDB server at db:27017';
const at = Date.parse('2026-03-02T09:00:00.000Z');

describe('the clock check', () => {
  it('is green within a few seconds', () => {
    const finding = judgeClockSkew(
      { sentAt: at, receivedAt: at + 20, serverTime: at + 1_500 },
      server,
    );
    expect(finding).toMatchObject({
      status: 'ok',
      message: expect.stringMatching(/within 1\.5 s$/) as unknown,
    });
  });

  it('warns when this machine is behind the server by more than a few seconds', () => {
    const finding = judgeClockSkew(
      { sentAt: at, receivedAt: at + 20, serverTime: at + 90_010 },
      server,
    );
    expect(finding).toMatchObject({
      status: 'warn',
      message: expect.stringMatching(
        /^this machine's clock is 90\.0 s behind the clock of the MongoDB server/,
      ) as unknown,
      fix: expect.stringContaining('NTP') as unknown,
    });
  });

  it('warns when this machine is ahead', () => {
    const finding = judgeClockSkew(
      { sentAt: at, receivedAt: at, serverTime: at - 3_600_000 },
      server,
    );
    expect(finding.message).toMatch(/3600\.0 s ahead of/);
  });

  it('does not blame the clock for a slow answer: only skew beyond the round trip counts', () => {
    // The server answered 12 s after the question: its time could be from any moment in between.
    const finding = judgeClockSkew(
      { sentAt: at, receivedAt: at + 12_000, serverTime: at + 11_000 },
      server,
    );
    expect(finding.status).toBe('ok');
  });
});
