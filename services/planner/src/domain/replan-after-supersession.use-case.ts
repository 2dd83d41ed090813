import type { DateTime } from 'luxon';
import type { OutreachCancelledV1 } from '@kindly/contracts';
import type { AccountStateStore } from '@kindly/account-state';
import { planAccount, type PlanAccountDeps } from './plan-account.use-case.js';

export interface ReplanAfterSupersessionDeps extends PlanAccountDeps {
  readonly store: AccountStateStore;
}

export type SupersessionOutcome =
  'replanned' | 'duplicate' | 'not-a-supersession' | 'unknown-message' | 'already-sent';

/**
 * The scheduler withdrew a fallback at release because a channel the plan passed over (a text
 * without consent when it was planned) has become eligible (`PREFERRED_CHANNEL`, matched by the
 * reason alone). The planner marks the message cancelled in its log and looks at
 * the account again, from its own copy of the account, caused by the cancellation: the stage's
 * fallback no longer sees the withdrawn e-mail, and `decideOutreach` picks the text.
 *
 * Every other cancellation is not the planner's to act on: its own (it publishes to the same
 * topic), the scheduler's for a newer cycle or stage, a campaign's, an expiry.
 *
 * How it ends: the scheduler supersedes only when the preferred channel is eligible on its copy
 * of the account. If the planner has folded that fact too, it plans the text. If not yet (both
 * read the same bank topics, at their own pace), it plans the e-mail again under a new id
 * (`replanId`), held at the scheduler as any fallback and superseded again at release; the look
 * the planner's fold of the fact triggers finds that e-mail pending and plans nothing, so it is
 * the next supersession that plans the text. Each round costs at least the scheduler's hold.
 * `planAccount` stops naming the passed-over channels after `MAX_SUPERSESSIONS` of the same
 * fallback, so the e-mail then goes as the planner decided: a lasting disagreement (a fact one
 * side dead-lettered, different policy files) cannot go round forever, and a planner lagging the
 * scheduler on the fact by more than about `MAX_SUPERSESSIONS` holds sends the e-mail.
 *
 * A message the planner knows was sent (a send time or an outcome) is not marked and nothing is
 * planned: a supersession never turns one message into two.
 *
 * Idempotent: a redelivered cancellation finds the message cancelled already and changes
 * nothing; the account is still looked at (as a bank event's redelivery is), which plans nothing
 * new, and finishes a plan an earlier delivery claimed but crashed before publishing.
 */
export async function replanAfterSupersession(
  deps: ReplanAfterSupersessionDeps,
  event: OutreachCancelledV1,
  now: DateTime,
): Promise<SupersessionOutcome> {
  const { reason, messageId, accountId } = event.payload;
  if (reason !== 'PREFERRED_CHANNEL') return 'not-a-supersession';
  const marked = await deps.log.markSuperseded(messageId);
  if (!marked) return 'unknown-message';
  // The scheduler never supersedes what it released; this guards against that ever happening
  // anyway (a release and a cancellation both out for one message): the text is not planned.
  if (marked.result === 'already-sent') return 'already-sent';
  const { state } = await deps.store.load(event.tenantId, accountId);
  await planAccount(deps, state, event, now);
  return marked.result === 'superseded' ? 'replanned' : 'duplicate';
}
