import type { OutreachChannel } from '@kindly/contracts';
import type { StrategyCatalog } from './strategy-catalog.js';
import type { ChannelStep } from './strategy-schema.js';

/** Which step of which strategy a planned message came from (as `outreach.planned` names it). */
export interface PlannedStep {
  readonly strategyId: string;
  readonly strategyVersion: number;
  readonly stage: number;
  readonly channel: OutreachChannel;
  /** Names a notice's step (`notices` in the strategy), which no stage holds. */
  readonly templateId?: string;
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
  const strategy = catalog.strategies.find(
    (s) => s.strategyId === planned.strategyId && s.version === planned.strategyVersion,
  );
  const notice = (strategy?.notices ?? [])
    .flatMap((n) => n.channels)
    .find((step) => step.channel === planned.channel && step.templateId === planned.templateId);
  return (
    notice ??
    strategy?.stages
      .find((stage) => stage.stage === planned.stage)
      ?.channels.find((step) => step.channel === planned.channel)
  );
}
