/**
 * When each notice of a strategy's `notices` is due: the event that sends it, and the days it may
 * go. Pure; `now` is passed in.
 *
 * - `dispute-verification`: the dispute flag is set and the bank said, on `account.status`, that it
 *   verified the disputed debt (`disputeVerified`). FDCPA 1692g(b) and Reg F 1006.38 pause
 *   collection until the verification is mailed; the flag stays set until the bank clears it.
 * - `cease-efforts-terminated`: the cease-communication flag is set (a written request, Reg F
 *   1006.6(c)); the notice says further efforts are being terminated. The two remedy notices
 *   the rule also allows need a remedy the bank names, which no event carries: none is automatic.
 * - `promise-reminder`: the newest promise to pay is `made`; it may go from the start of the
 *   local day {@link PROMISE_REMINDER.earliestDaysBefore} days before the promised date until
 *   the start of the day before it ends (one to two days before).
 */
import type { DateTime } from 'luxon';
import type { AccountState } from '../state/account-state.js';
import type { NoticeKind } from '../strategy/index.js';
import { dayNumberOfDate, startOfLocalDay } from '../policy/local-days.js';

export const PROMISE_REMINDER = { earliestDaysBefore: 2, latestDaysBefore: 1 } as const;

export interface NoticeTrigger {
  /** What the notice is about (the verifying event, the cease request, the promise): one each. */
  readonly key: string;
  readonly due: boolean;
  /** The notice may go from here (UTC)… */
  readonly notBefore?: DateTime;
  /** …and must have started before here (UTC). */
  readonly notAfter?: DateTime;
}

/** The trigger of a notice kind for this account, or `undefined` when nothing ever set it off. */
export function noticeTrigger(
  kind: NoticeKind,
  state: AccountState,
  zone: string,
  now: DateTime,
): NoticeTrigger | undefined {
  switch (kind) {
    case 'dispute-verification': {
      const flag = state.flags.dispute;
      if (!flag) return undefined;
      return { key: flag.eventId, due: flag.active && flag.verified === true };
    }
    case 'cease-efforts-terminated': {
      const flag = state.flags['cease-communication'];
      if (!flag) return undefined;
      return { key: flag.eventId, due: flag.active };
    }
    case 'promise-reminder': {
      const promise = [...state.arrangements]
        .filter((a) => a.value.kind === 'promise-to-pay')
        .sort((a, b) => Date.parse(b.asOf) - Date.parse(a.asOf))[0]?.value;
      if (promise?.kind !== 'promise-to-pay') return undefined;
      const day = dayNumberOfDate(promise.promisedDate);
      const notBefore = startOfLocalDay(day - PROMISE_REMINDER.earliestDaysBefore, zone).toUTC();
      const notAfter = startOfLocalDay(day - PROMISE_REMINDER.latestDaysBefore + 1, zone).toUTC();
      return {
        key: promise.arrangementId,
        due: promise.status === 'made' && now < notAfter,
        notBefore,
        notAfter,
      };
    }
  }
}
