import type { DaysPastDue, Money } from '@kindly/contracts';
import type { StageEntry, Strategy, StrategyStage } from './strategy-schema.js';

/** The facts of an account that choose its stage. */
export interface StageFacts {
  readonly daysPastDue: DaysPastDue;
  readonly overdueBalance: Money;
}

/** True when the account meets the stage's entry conditions (its range's start and balance). */
export function meetsEntry(entry: StageEntry, facts: StageFacts): boolean {
  if (facts.daysPastDue < entry.daysPastDue.from) return false;
  if (entry.minOverdueBalance === undefined) return true;
  // A currency the stage sets no minimum for does not meet it (see StageEntry).
  const minimum = entry.minOverdueBalance[facts.overdueBalance.currency];
  return minimum !== undefined && facts.overdueBalance.amountMinor >= minimum;
}

/**
 * The stage for an account: the highest whose conditions hold, or undefined before the first
 * (e.g. day 0, not yet overdue by the strategy's count). Only the start of a stage's range is a
 * condition: an account past a stage's range whose balance is below every later stage's
 * minimum stays in the highest stage it qualifies for, so that a small balance keeps getting
 * the firmer notices rather than an agent's call or a lawyer, and is never dropped.
 */
export function selectStage(strategy: Strategy, facts: StageFacts): StrategyStage | undefined {
  // Stages are validated in ascending order of days past due, so the first match from the end
  // is the highest.
  for (let index = strategy.stages.length - 1; index >= 0; index -= 1) {
    const stage = strategy.stages[index];
    if (stage !== undefined && meetsEntry(stage.entry, facts)) return stage;
  }
  return undefined;
}
