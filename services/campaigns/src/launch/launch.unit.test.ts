import { describe, expect, it } from 'vitest';
import { pausedByItsBreaker, type Launch, type LaunchAction } from './launch.js';

const launched: LaunchAction = { action: 'launch', at: '2026-12-01T09:00:00Z', by: 'ops-1' };
const tripped: LaunchAction = {
  action: 'pause',
  at: '2026-12-01T10:00:00Z',
  by: 'kindly',
  reason: 'complaint breaker: SMS_OPT_OUTS at 2.00 % (limit 1.00 %)',
};
const launchWith = (status: Launch['status'], actions: LaunchAction[]) =>
  ({ status, actions }) as unknown as Launch;

describe('a launch paused by its breaker', () => {
  it('is one whose last action is its own pause, until a person acts', () => {
    expect(pausedByItsBreaker(launchWith('paused', [launched, tripped]))).toBe(true);
    // An operator's pause names the operator.
    const byOps = { ...tripped, by: 'ops-2', reason: 'legal review' };
    expect(pausedByItsBreaker(launchWith('paused', [launched, byOps]))).toBe(false);
    // Resumed, then paused by a person: the breaker's pause is history.
    const resumed: LaunchAction = { action: 'resume', at: '2026-12-01T11:00:00Z', by: 'ops-2' };
    expect(pausedByItsBreaker(launchWith('paused', [launched, tripped, resumed, byOps]))).toBe(
      false,
    );
    expect(pausedByItsBreaker(launchWith('cancelled', [launched, tripped]))).toBe(false);
  });
});
