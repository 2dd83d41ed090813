import type { OutreachChannel } from '@kindly/contracts';
import type { ChannelStep, StrategyStage } from './strategy-schema.js';

/**
 * What became of a channel already tried in this stage. `pending` means sent (or handed to an
 * agent) and still inside its fallback wait with no outcome; when the wait has passed without
 * news, the caller reports it as `undelivered`, since nothing is known to have arrived.
 */
export type ChannelOutcome = 'delivered' | 'undelivered' | 'failed' | 'suppressed' | 'pending';

/** One channel tried in this stage and what became of it. */
export interface TriedChannel {
  readonly channel: OutreachChannel;
  readonly outcome: ChannelOutcome;
}

/** The next channel to use, or why there is none. */
export type NextChannel =
  | {
      readonly kind: 'channel';
      readonly step: ChannelStep;
      readonly skipped: readonly SkippedChannel[];
    }
  | {
      readonly kind: 'none';
      readonly reason: NoChannelReason;
      readonly skipped: readonly SkippedChannel[];
    };

/**
 * Why no channel: `DELIVERED`, the stage's message reached the customer (wait for a payment or
 * the next stage); `AWAITING_OUTCOME`, a channel is inside its fallback wait; `EXHAUSTED`, every
 * channel was tried; `NO_ELIGIBLE_CHANNEL`, the untried ones are all ineligible now.
 */
export type NoChannelReason =
  'DELIVERED' | 'AWAITING_OUTCOME' | 'EXHAUSTED' | 'NO_ELIGIBLE_CHANNEL';

/** A channel passed over on the way to the answer, and why, for the decision's reasons. */
export interface SkippedChannel {
  readonly channel: OutreachChannel;
  readonly why: 'TRIED' | 'INELIGIBLE';
}

/**
 * The next channel of a stage, in the stage's order of preference: the first that was not tried
 * and that `isEligible` accepts (consent, a known address, the policy: the caller's to decide).
 * A delivered message ends the stage's fallback, and a pending one holds it, so that the
 * customer never gets the same notice twice on two channels.
 */
export function nextChannel(
  stage: StrategyStage,
  tried: readonly TriedChannel[],
  isEligible: (step: ChannelStep) => boolean,
): NextChannel {
  if (tried.some((attempt) => attempt.outcome === 'delivered')) {
    return { kind: 'none', reason: 'DELIVERED', skipped: [] };
  }
  if (tried.some((attempt) => attempt.outcome === 'pending')) {
    return { kind: 'none', reason: 'AWAITING_OUTCOME', skipped: [] };
  }
  const skipped: SkippedChannel[] = [];
  for (const step of stage.channels) {
    if (tried.some((attempt) => attempt.channel === step.channel)) {
      skipped.push({ channel: step.channel, why: 'TRIED' });
    } else if (!isEligible(step)) {
      skipped.push({ channel: step.channel, why: 'INELIGIBLE' });
    } else {
      return { kind: 'channel', step, skipped };
    }
  }
  const reason = skipped.some((skip) => skip.why === 'INELIGIBLE')
    ? 'NO_ELIGIBLE_CHANNEL'
    : 'EXHAUSTED';
  return { kind: 'none', reason, skipped };
}
