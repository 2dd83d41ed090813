/** A launch as an operator reads it on a terminal. */
import { handedOffTotal, type Launch } from './launch.js';

const n = (value: number) => value.toLocaleString('en-US');

export function launchStatusText(launch: Launch): string {
  const { campaign, counts, use } = launch;
  const started = launch.actions[0];
  const last = launch.actions[launch.actions.length - 1];
  const byVariant = Object.entries(counts.handedOff)
    .map(([variant, count]) => `${variant} ${n(count)}`)
    .join(', ');
  const reasons = Object.entries(counts.reasons)
    .sort(([, a], [, b]) => b - a)
    .map(([code, count]) => `${code} ${n(count)}`)
    .join(', ');
  return [
    `${campaign.campaignId} v${campaign.version}: ${launch.status}` +
      (started ? `, launched ${started.at} by ${started.by}` : ''),
    ...(last && last !== started
      ? [
          `last: ${last.action} at ${last.at} by ${last.by}${last.reason ? ` (${last.reason})` : ''}`,
        ]
      : []),
    `walked ${n(counts.scanned)} accounts: ${n(counts.notInSegment)} outside the segment, ` +
      `${n(counts.noOffer)} with no offer open, ${n(counts.noWording)} without wording in their language, ` +
      `${n(counts.noFacts)} not yet known`,
    `holdout ${n(counts.holdout)} (never contacted); handed to the planner ${n(handedOffTotal(counts))}` +
      (byVariant ? ` (${byVariant})` : ''),
    `throttle: ${n(use.onDay)} of ${n(campaign.throttle.perDay)} on ${use.day || 'no day yet'}, ` +
      `at most ${n(campaign.throttle.perSecond)} a second`,
    ...(reasons ? [`left out by reason: ${reasons}`] : []),
  ].join('\n');
}
