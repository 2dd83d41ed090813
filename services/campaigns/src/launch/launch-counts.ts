/** A launch's counts, one account's outcome at a time: the launch and the preview count alike. */
import type { LaunchCounts } from './launch.js';
import type { WalkOutcome } from './walk-page.js';

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}

export function countOutcome(counts: LaunchCounts, outcome: WalkOutcome): LaunchCounts {
  const reasons = { ...counts.reasons };
  const add = (list: readonly string[]) => list.forEach((r) => bump(reasons, r));
  const next = { ...counts, scanned: counts.scanned + 1, reasons };
  switch (outcome.kind) {
    case 'no-facts':
      return { ...next, noFacts: counts.noFacts + 1 };
    case 'not-in-segment':
      add(outcome.reasons);
      return { ...next, notInSegment: counts.notInSegment + 1 };
    case 'no-offer':
      add(outcome.reasons);
      return { ...next, noOffer: counts.noOffer + 1 };
    case 'no-wording':
      return { ...next, noWording: counts.noWording + 1 };
    case 'wording-needs-offer':
      bump(reasons, 'WORDING_NEEDS_OFFER');
      return { ...next, noWording: counts.noWording + 1 };
    case 'holdout':
      return { ...next, holdout: counts.holdout + 1 };
    case 'offer':
      return {
        ...next,
        handedOff: {
          ...counts.handedOff,
          [outcome.variant]: (counts.handedOff[outcome.variant] ?? 0) + 1,
        },
      };
  }
}
