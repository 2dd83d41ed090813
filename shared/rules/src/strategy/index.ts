/**
 * Contact strategies as versioned data: the schema, loading with clear errors, and the pure
 * choices made from a strategy (which strategy, which stage, which channel next, which arm).
 */
export { WaitText, WaitUnit, fixedWaitMillis, waitText } from './wait.js';
export type { Wait } from './wait.js';
export { Offer, OfferTemplates } from './offer-schema.js';
export {
  AppliesTo,
  ChannelStep,
  Notice,
  NoticeKind,
  StageAction,
  StageEntry,
  Strategy,
  StrategyKind,
  StrategyStage,
  Variant,
  Wording,
} from './strategy-schema.js';
export { StrategyError, pathText, problemText } from './strategy-problem.js';
export type { StrategyProblem } from './strategy-problem.js';
export { checkStrategy } from './check-strategy.js';
export { loadStrategy, parseStrategy } from './load-strategy.js';
export type { StrategyParseResult } from './load-strategy.js';
export {
  createStrategyCatalog,
  specificityOf,
  strategyHashOf,
  strategyMatches,
} from './strategy-catalog.js';
export type { StrategyCatalog, StrategySource } from './strategy-catalog.js';
export { selectStrategy } from './select-strategy.js';
export type { StrategySelector } from './select-strategy.js';
export { meetsEntry, selectStage } from './select-stage.js';
export type { StageFacts } from './select-stage.js';
export { nextChannel } from './next-channel.js';
export type {
  ChannelOutcome,
  NextChannel,
  NoChannelReason,
  SkippedChannel,
  TriedChannel,
} from './next-channel.js';
export { assignVariant, variantPoint } from './assign-variant.js';
export { templateIdsOf } from './template-ids.js';
export { channelStepOf } from './channel-step-of.js';
export type { PlannedStep } from './channel-step-of.js';
