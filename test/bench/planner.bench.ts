import { DateTime } from 'luxon';
import { sampleEvents, type EventOf } from '@kindly/contracts';
import {
  decideOutreach,
  emptyAccountState,
  evolveAccountState,
  loadPlanningRules,
  type AccountState,
} from '@kindly/rules';
import type { BenchResult } from './run.js';
import { timed } from './timing.js';

const ACCOUNTS = 2_000;
const ROUNDS = 5;

/** Pure decisions per second on one core: the planner's ceiling without Kafka or MongoDB. */
export async function benchPlannerDecisions(): Promise<BenchResult[]> {
  const rules = loadPlanningRules();
  const zones = ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'Asia/Kolkata'] as const;
  const jurisdictions = {
    'Asia/Shanghai': 'CN',
    'America/New_York': 'US',
    'Europe/London': 'GB',
    'Asia/Kolkata': 'GB',
  } as const;
  const states: AccountState[] = Array.from({ length: ACCOUNTS }, (_, i) => {
    const accountId = `acct-${i}`;
    const zone = zones[i % zones.length] ?? 'Asia/Shanghai';
    const overdue: EventOf<'account.overdue'> = {
      ...sampleEvents['account.overdue'],
      payload: { ...sampleEvents['account.overdue'].payload, accountId, daysPastDue: 1 + (i % 80) },
    };
    const contact: EventOf<'contact.updated'> = {
      ...sampleEvents['contact.updated'],
      payload: {
        ...sampleEvents['contact.updated'].payload,
        accountId,
        timeZone: zone,
        jurisdiction: jurisdictions[zone],
      },
    };
    const consent: EventOf<'contact.consent'> = {
      ...sampleEvents['contact.consent'],
      payload: { ...sampleEvents['contact.consent'].payload, accountId },
    };
    return [overdue, contact, consent].reduce(
      (s, e) => evolveAccountState(s, e).state,
      emptyAccountState('bank-1', accountId),
    );
  });
  const start = DateTime.fromISO('2026-03-04T02:00:00Z', { zone: 'utc' });
  // The instants are built before timing: constructing a luxon DateTime is not the decision.
  const instants = Array.from({ length: ROUNDS }, (_, round) => start.plus({ hours: round }));
  let plans = 0;
  const pass = () => {
    plans = 0;
    for (const now of instants) {
      for (const state of states) {
        if (decideOutreach(rules, { state, history: [], tried: [] }, now).kind === 'plan') plans++;
      }
    }
  };
  // Cold: the first pass pays for holiday years (China's lunar dates), message ids, the JIT.
  const cold = await timed(pass);
  // Warm: a service decides for the same accounts again and again, with its caches filled.
  const warm = await timed(pass);
  const note = `${ACCOUNTS.toLocaleString('en-US')} accounts in 4 zones and 3 jurisdictions, stages 1–4; ${Math.round((100 * plans) / (ACCOUNTS * ROUNDS))}% planned`;
  return [
    {
      name: 'Planner decisions (pure, one core), first pass',
      operations: ACCOUNTS * ROUNDS,
      seconds: cold,
      note: `${note}; includes one-time holiday and id work`,
    },
    {
      name: 'Planner decisions (pure, one core), warm',
      operations: ACCOUNTS * ROUNDS,
      seconds: warm,
      note,
    },
  ];
}
