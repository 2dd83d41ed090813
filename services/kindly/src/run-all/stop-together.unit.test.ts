import { describe, expect, it, vi } from 'vitest';
import type { StartedService } from '@kindly/service';
import { stopTogether, stopTogetherWithin } from './stop-together.js';

/** Services whose stops finish only once every one of them has been asked to stop. */
function servicesThatStopTogether(count: number, failing: readonly number[] = []) {
  const asked: number[] = [];
  let release = () => {};
  const everyoneAsked = new Promise<void>((resolve) => (release = resolve));
  const services = Array.from({ length: count }, (_, index): [string, StartedService] => [
    `service-${index}`,
    {
      isReady: () => true,
      stop: async () => {
        asked.push(index);
        if (asked.length === count) release();
        await everyoneAsked;
        if (failing.includes(index)) throw new Error(`service ${index} failed to stop`);
      },
    },
  ]);
  return { services, asked };
}

describe('stopTogether', () => {
  it('asks every service to stop without waiting for the others', async () => {
    // One after the other, the first stop would wait forever for the rest to be asked.
    const { services, asked } = servicesThatStopTogether(6);
    await stopTogether(services);
    expect(asked.sort()).toEqual([0, 1, 2, 3, 4, 5]);
  });

  it('stops the others when one fails, then reports the failure', async () => {
    const { services, asked } = servicesThatStopTogether(3, [1]);
    await expect(stopTogether(services)).rejects.toThrow('service 1 failed to stop');
    expect(asked).toHaveLength(3);
    const two = servicesThatStopTogether(3, [0, 2]);
    await expect(stopTogether(two.services)).rejects.toThrow('2 services failed to stop');
  });

  it('names the services still stopping, while they are', async () => {
    let finishSlow = () => {};
    const slow = new Promise<void>((resolve) => (finishSlow = resolve));
    const reports: string[][] = [];
    const stopped = stopTogether(
      [
        ['quick', { isReady: () => true, stop: async () => {} }],
        ['hanging', { isReady: () => true, stop: () => slow }],
      ],
      {
        slowAfterMs: 5,
        onSlow: (names) => {
          reports.push([...names]);
          finishSlow();
        },
      },
    );
    await stopped;
    expect(reports[0]).toEqual(['hanging']);
  });
});

describe('stopTogetherWithin', () => {
  it('names the services still stopping at the deadline, and exits 1', async () => {
    class Exited extends Error {}
    const exit = vi.spyOn(process, 'exit').mockImplementation((code) => {
      throw new Exited(`exit ${String(code)}`);
    });
    const errors: unknown[] = [];
    const services: [string, StartedService][] = [
      ['planner', { isReady: () => true, stop: () => Promise.resolve() }],
      // Still joining its group: its stop does not end.
      ['tracker', { isReady: () => false, stop: () => new Promise<void>(() => {}) }],
    ];
    try {
      await expect(
        stopTogetherWithin(services, 200, { error: (fields: unknown) => errors.push(fields) }),
      ).rejects.toBeInstanceOf(Exited);
      expect(exit).toHaveBeenCalledWith(1);
      expect(errors).toEqual([{ waitingFor: 'tracker', timeoutMs: 200 }]);
    } finally {
      exit.mockRestore();
    }
  });
});
