import { DateTime, Duration } from 'luxon';
import { describe, expect, it } from 'vitest';
import { aNewYorkAccount, plannedEvent } from '../testing/new-york-account.js';
import { acceptPlan } from './accept-plan.use-case.js';
import type { ScheduleStore } from './ports.js';
import type { ScheduledMessage } from './scheduled-message.js';

// Wednesday 2026-03-04, 09:00 in New York: inside the window, so the plan is due at once.
const NOW = DateTime.fromISO('2026-03-04T14:00:00Z', { zone: 'utc' });
const HOLD = Duration.fromMillis(2_000);

/** The waiting room's `accept`, keeping what it was given; nothing else is reached here. */
function storeKeeping(kept: ScheduledMessage[]): ScheduleStore {
  const unused = () => Promise.reject(new Error('not used here'));
  return {
    accept: (message) => {
      kept.push(message);
      return Promise.resolve('accepted');
    },
    waitingBefore: unused,
    cancel: unused,
    claimDue: unused,
    recordVerdicts: unused,
    settle: unused,
    releasedTo: unused,
  };
}

async function dueAt(
  payload: Partial<ReturnType<typeof plannedEvent>['payload']>,
  fallbackHold: Duration | undefined = HOLD,
) {
  const made = plannedEvent(aNewYorkAccount(), NOW.toISO() ?? '');
  const kept: ScheduledMessage[] = [];
  const events = {
    publishReleased: () => Promise.resolve(),
    publishCancelled: () => Promise.resolve(),
  };
  await acceptPlan(
    { store: storeKeeping(kept), events, ...(fallbackHold ? { fallbackHold } : {}) },
    { ...made, payload: { ...made.payload, ...payload } },
    NOW,
  );
  return { planned: made.payload.earliestSendAt, due: kept[0]?.earliestSendAt };
}

describe('the hold of a fallback', () => {
  it('holds a plan that passed a channel over until the hold after it was taken in', async () => {
    const { planned, due } = await dueAt({ channel: 'email', passedOver: ['sms'] });
    expect(planned).toBe('2026-03-04T14:00:00Z');
    expect(due).toBe('2026-03-04T14:00:02Z');
  });

  it('does not hold a plan that passed nothing over: no latency for the usual plan', async () => {
    const { planned, due } = await dueAt({});
    expect(due).toBe(planned);
  });

  it('keeps the plan’s own later start, and holds nothing with the hold off (0)', async () => {
    const later = { channel: 'email' as const, passedOver: ['sms' as const] };
    expect((await dueAt({ ...later, earliestSendAt: '2026-03-04T15:00:00Z' })).due).toBe(
      '2026-03-04T15:00:00Z',
    );
    expect((await dueAt(later, Duration.fromMillis(0))).due).toBe('2026-03-04T14:00:00Z');
  });
});
