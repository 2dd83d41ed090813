import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { OutreachChannel } from '@kindly/contracts';
import { loadStrategy } from './load-strategy.js';
import { nextChannel } from './next-channel.js';
import type { ChannelOutcome, TriedChannel } from './next-channel.js';
import type { StrategyStage } from './strategy-schema.js';

const strategy = loadStrategy(
  readFileSync(new URL('../../strategies/default.yaml', import.meta.url), 'utf8'),
  'default.yaml',
);
function stageNumber(number: number): StrategyStage {
  const stage = strategy.stages.find((s) => s.stage === number);
  if (stage === undefined) throw new Error(`no stage ${number}`);
  return stage;
}
const firmNotice = stageNumber(2); // e-mail, then SMS, then letter
const anyChannel = () => true;
const tried = (channel: OutreachChannel, outcome: ChannelOutcome): TriedChannel => ({
  channel,
  outcome,
});

describe('nextChannel', () => {
  it('starts with the stage’s first choice', () => {
    const next = nextChannel(firmNotice, [], anyChannel);
    expect(next.kind === 'channel' && next.step.templateId).toBe('notice-firm-email');
  });

  it.each<ChannelOutcome>(['undelivered', 'failed', 'suppressed'])(
    'falls back in the stage’s order after %s',
    (outcome) => {
      const second = nextChannel(firmNotice, [tried('email', outcome)], anyChannel);
      expect(second).toEqual({
        kind: 'channel',
        step: firmNotice.channels[1],
        skipped: [{ channel: 'email', why: 'TRIED' }],
      });
      const third = nextChannel(
        firmNotice,
        [tried('email', outcome), tried('sms', outcome)],
        anyChannel,
      );
      expect(third.kind === 'channel' && third.step.channel).toBe('letter');
    },
  );

  it('skips channels that are not eligible, and says so', () => {
    const next = nextChannel(firmNotice, [], (step) => step.channel === 'letter');
    expect(next).toEqual({
      kind: 'channel',
      step: firmNotice.channels[2],
      skipped: [
        { channel: 'email', why: 'INELIGIBLE' },
        { channel: 'sms', why: 'INELIGIBLE' },
      ],
    });
  });

  it('stops once the stage’s message was delivered', () => {
    expect(
      nextChannel(
        firmNotice,
        [tried('email', 'undelivered'), tried('sms', 'delivered')],
        anyChannel,
      ),
    ).toEqual({
      kind: 'none',
      reason: 'DELIVERED',
      skipped: [],
    });
  });

  it('waits while an outcome is pending', () => {
    expect(nextChannel(firmNotice, [tried('email', 'pending')], anyChannel)).toMatchObject({
      kind: 'none',
      reason: 'AWAITING_OUTCOME',
    });
  });

  it('tells exhausted from ineligible', () => {
    const all = firmNotice.channels.map((step) => tried(step.channel, 'undelivered'));
    expect(nextChannel(firmNotice, all, anyChannel)).toMatchObject({
      kind: 'none',
      reason: 'EXHAUSTED',
    });
    expect(nextChannel(firmNotice, all.slice(0, 1), () => false)).toMatchObject({
      kind: 'none',
      reason: 'NO_ELIGIBLE_CHANNEL',
    });
  });

  it('has nothing to send in a stage that only hands off', () => {
    expect(nextChannel(stageNumber(5), [], anyChannel)).toEqual({
      kind: 'none',
      reason: 'EXHAUSTED',
      skipped: [],
    });
  });

  it('never picks a tried or ineligible channel, and picks the first that is neither', () => {
    const channels = firmNotice.channels.map((step) => step.channel);
    const failure = fc.constantFrom<ChannelOutcome>('undelivered', 'failed', 'suppressed');
    fc.assert(
      fc.property(
        fc.subarray(channels),
        fc.subarray(channels),
        failure,
        (triedChannels, ineligible, outcome) => {
          const next = nextChannel(
            firmNotice,
            triedChannels.map((channel) => tried(channel, outcome)),
            (step) => !ineligible.includes(step.channel),
          );
          const expected = channels.find(
            (c) => !triedChannels.includes(c) && !ineligible.includes(c),
          );
          return next.kind === 'channel' ? next.step.channel === expected : expected === undefined;
        },
      ),
    );
  });
});
