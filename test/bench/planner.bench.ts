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
  const now = DateTime.fromISO('2026-03-04T02:00:00Z', { zone: 'utc' });
  let plans = 0;
  const seconds = await timed(() => {
    for (let round = 0; round < ROUNDS; round++) {
      for (const state of states) {
        if (
          decideOutreach(rules, { state, history: [], tried: [] }, now.plus({ hours: round }))
            .kind === 'plan'
        )
          plans++;
      }
    }
  });
  return [
    {
      name: 'Planner decisions (pure, one core)',
      operations: ACCOUNTS * ROUNDS,
      seconds,
      note: `${ACCOUNTS.toLocaleString('en-US')} accounts in 4 zones and 3 jurisdictions, stages 1–4; ${Math.round((100 * plans) / (ACCOUNTS * ROUNDS))}% planned`,
    },
  ];
}
