/**
 * One round of anchoring: every period that ended at least the grace ago and has no anchor yet
 * gets one, in order. Several replicas may run it; the anchor's sequence number is unique, so of
 * two writers of one anchor one wins and the other starts again from the new last anchor.
 */
import { nextAnchor, periodsDue } from './anchors.js';
import type { AnchorStore } from './ports.js';

export interface AnchorSettings {
  readonly periodMinutes: number;
  readonly graceMs: number;
  /** Periods anchored per round at most (a long outage catches up over several rounds). */
  readonly perRound: number;
}

export async function anchorPeriods(
  store: AnchorStore,
  settings: AnchorSettings,
  nowMs: number,
): Promise<{ anchored: number; full: boolean }> {
  let last = await store.last();
  const due = periodsDue({
    lastAnchor: last,
    firstRecordAtMs: last ? undefined : await store.firstRecordAt(),
    nowMs,
    periodMinutes: settings.periodMinutes,
    graceMs: settings.graceMs,
    limit: settings.perRound,
  });
  let anchored = 0;
  for (const period of due) {
    const anchor = await nextAnchor(last, period, store.recordHashesIn(period));
    if (!(await store.insert(anchor))) return { anchored, full: true }; // another replica: again
    last = anchor;
    anchored += 1;
  }
  return { anchored, full: due.length >= settings.perRound };
}
