/*
 * The rules every service that decides about a message reads the same way: the account's state
 * folded from the bank's events, the compliance policy (eligibility, caps, windows, holidays),
 * the contact strategy (stages, channels, waits) and the planner's decision over all of them.
 * The planner plans with them, the scheduler and the dispatcher take their last look with them,
 * and the audit report checks sends against them: one implementation, pure, with explicit `now`.
 */
export * from './policy/index.js';
export * from './windows/index.js';
export * from './strategy/index.js';
export * from './facts/index.js';
// Both folders name a `HolidayCalendar`: the calendar itself, and the policy's setting for it.
export type { HolidayCalendar } from './windows/index.js';
export type { HolidayCalendar as HolidayCalendarSetting } from './policy/index.js';
export { decideOutreach } from './decide/decide-outreach.js';
export {
  campaignCycleId,
  campaignMessageIdOf,
  decideCampaignOffer,
} from './decide/decide-campaign-offer.js';
export type { CampaignDecision, CampaignOfferFacts } from './decide/decide-campaign-offer.js';
export type {
  Decision,
  PlanningFacts,
  PlanningRules,
  Withdrawal,
} from './decide/decide-outreach.js';
export { addressFor, policyAccountOf, policyContactOf } from './decide/policy-views.js';
export { findSendSlot } from './decide/send-slot.js';
export type { ClosedPlace, SlotRequest, SlotResult } from './decide/send-slot.js';
export { placesOf } from './decide/zone-places.js';
export type { ZonePlace } from './decide/zone-places.js';
export { closedPlacesAt } from './decide/closed-places.js';
// The deliberately simple reference, for checks that must not share the fast code.
export { slowTwinSendSlot } from './reference/send-slot-reference.js';
export type { TwinAnswer, TwinRequest } from './reference/send-slot-reference.js';
export type { ClosedAt } from './decide/closed-places.js';
export { lastLook, lookAtWindow } from './decide/last-look.js';
export type {
  LastLookAnswer,
  LastLookFacts,
  LastLookMessage,
  LastLookRules,
  PassedOverStep,
  SlotOverrides,
  WindowAnswer,
  WindowRequest,
} from './decide/last-look.js';
export { emptyAccountState } from './state/account-state.js';
// The account as the services know it (the policy's narrower view is `PolicyAccount`).
export type { AccountState, FlagState, Known, UnreachableFact } from './state/account-state.js';
export type { AccountState as PolicyAccount } from './policy/index.js';
export { evolveAccountState } from './state/evolve-account-state.js';
export type { BankInput, EvolveResult } from './state/evolve-account-state.js';
export {
  defaultHolidayDir,
  defaultPolicyFile,
  defaultStrategyDir,
  loadOfficialHolidays,
  loadPlanningRules,
} from './load-planning-rules.js';
export type { ApprovedRuleTexts, RuleFiles } from './load-planning-rules.js';
