import type { Duration } from 'luxon';
import type { AccountState, PlanningRules } from '@kindly/rules';
import type { EventOutbox, MessageStore, TaskStore } from './ports.js';

/** Reads the service's own copy of an account (folded from the bank's events). */
export interface AccountReader {
  load(tenantId: string, accountId: string): Promise<{ readonly state: AccountState }>;
}

/** What the escalation use cases work with: the rules and the ports, nothing connected. */
export interface EscalationDeps {
  readonly rules: PlanningRules;
  readonly messages: MessageStore;
  readonly accounts: AccountReader;
  readonly tasks: TaskStore;
  readonly outbox: EventOutbox;
  /** How far ahead an agent task lists its calling windows (at most the step's fallback wait). */
  readonly taskHorizon: Duration;
}

/** A state with no facts is as good as none for the decisions. */
export function knownState(state: AccountState): AccountState | undefined {
  return state.overdue === undefined && state.contact === undefined ? undefined : state;
}
