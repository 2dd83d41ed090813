import type { EscalationTarget, OutreachChannel } from '@kindly/contracts';
import {
  selectStage,
  selectStrategy,
  type AccountState,
  type StrategyCatalog,
  type Strategy,
  type StrategyStage,
} from '@kindly/rules';

/** Where an escalation sends the account: a stage and a channel, an agent, or legal. */
export interface Destination {
  readonly stage: number;
  readonly channel: EscalationTarget;
}

export function strategyOf(
  catalog: StrategyCatalog,
  strategyId: string,
  version: number,
): Strategy | undefined {
  return catalog.strategies.find((s) => s.strategyId === strategyId && s.version === version);
}

/** The strategy and stage the account is in now, by its latest overdue facts. */
export function currentStageOf(
  catalog: StrategyCatalog,
  state: AccountState | undefined,
): { readonly strategy: Strategy; readonly stage: StrategyStage } | undefined {
  const overdue = state?.overdue?.value;
  if (overdue === undefined) return undefined;
  const strategy = selectStrategy(catalog, { product: overdue.product, segment: overdue.segment });
  if (strategy === undefined) return undefined;
  const stage = selectStage(strategy, {
    daysPastDue: overdue.daysPastDue,
    overdueBalance: overdue.overdueAmount,
  });
  return stage === undefined ? undefined : { strategy, stage };
}

/**
 * The first step of a stage as a destination: its first channel (a call is handed to `agent`),
 * or `legal` for a stage that hands the account to legal and sends nothing.
 */
export function entryOf(stage: StrategyStage): Destination | undefined {
  const first = stage.channels[0];
  if (first !== undefined) return { stage: stage.stage, channel: targetOf(first.channel) };
  if (stage.action?.type === 'legal-handoff') return { stage: stage.stage, channel: 'legal' };
  if (stage.action?.type === 'agent-call') return { stage: stage.stage, channel: 'agent' };
  return undefined;
}

/** A call is work for a person, so the target names the agents rather than the channel. */
export function targetOf(channel: OutreachChannel): EscalationTarget {
  return channel === 'agent-call' ? 'agent' : channel;
}

/**
 * Where a message's failure sends the account: the stage's next channel in its order of
 * preference; after the last one, the next stage's first step (which the planner still enters
 * only when the account reaches it); after the last stage, legal.
 */
export function fallbackDestination(
  strategy: Strategy,
  stageNumber: number,
  channel: OutreachChannel,
): Destination {
  const index = strategy.stages.findIndex((s) => s.stage === stageNumber);
  const stage = strategy.stages[index];
  if (stage !== undefined) {
    const at = stage.channels.findIndex((step) => step.channel === channel);
    const next = at >= 0 ? stage.channels[at + 1] : undefined;
    if (next !== undefined) return { stage: stageNumber, channel: targetOf(next.channel) };
  }
  for (const later of strategy.stages.slice(index + 1)) {
    const entry = entryOf(later);
    if (entry !== undefined) return entry;
  }
  return { stage: stageNumber, channel: 'legal' };
}

/** The stage that hands accounts to legal, if the strategy has one. */
export function legalStageOf(strategy: Strategy): StrategyStage | undefined {
  return strategy.stages.find((s) => s.action?.type === 'legal-handoff');
}

/**
 * The last stage that sends messages before the legal stage (the final notice): its
 * `escalateAfter` after its last message, with no payment, hands the account to legal.
 */
export function finalNoticeStageOf(strategy: Strategy): StrategyStage | undefined {
  const legal = legalStageOf(strategy);
  if (legal === undefined) return undefined;
  return [...strategy.stages]
    .filter((s) => s.stage < legal.stage && s.channels.length > 0)
    .sort((a, b) => b.stage - a.stage)[0];
}
