import type { OutreachChannel } from '@kindly/contracts';
import type { StrategyCatalog } from './strategy-catalog.js';
import type { ChannelStep } from './strategy-schema.js';

/** Which step of which strategy a planned message came from (as `outreach.planned` names it). */
export interface PlannedStep {
  readonly strategyId: string;
  readonly strategyVersion: number;
  readonly stage: number;
  readonly channel: OutreachChannel;
}

/**
 * The channel step a message was planned from, or `undefined` when the catalog no longer has
 * that strategy version or step. A later look at the message (the scheduler's, the
 * dispatcher's) reads the step's `templateKind` from here, so that it lets through exactly the
 * notices the planner let through.
 */
export function channelStepOf(
  catalog: StrategyCatalog,
  planned: PlannedStep,
): ChannelStep | undefined {
  return catalog.strategies
    .find((s) => s.strategyId === planned.strategyId && s.version === planned.strategyVersion)
    ?.stages.find((stage) => stage.stage === planned.stage)
    ?.channels.find((step) => step.channel === planned.channel);
}
