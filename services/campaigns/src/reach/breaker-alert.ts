/**
 * What the service does when the complaint breaker pauses a campaign: counts it, by campaign and
 * why, on the metric the alert rule (`alerts/campaigns.rules.yml`) watches, and says so in the
 * log. The campaign id and the reason code only: nothing about the customers who complained.
 */
import { Counter, Gauge, type Registry } from 'prom-client';
import type { Logger } from '@kindly/logger';

/** The alert's metric: kept here so that the rule's test reads the name the service counts. */
export const BREAKER_TRIPS_METRIC = 'kindly_campaign_breaker_trips_total';
/** The second alert's: campaigns still paused by their breaker, read from the launches. */
export const PAUSED_BY_BREAKER_METRIC = 'kindly_campaigns_paused_by_breaker';

export function breakerAlert(
  registry: Registry,
  logger: Pick<Logger, 'warn'>,
): (campaignId: string, why: string) => void {
  const trips = new Counter({
    name: BREAKER_TRIPS_METRIC,
    help: 'Campaigns the complaint breaker paused, by campaign and why (an alert)',
    labelNames: ['campaign', 'why'],
    registers: [registry],
  });
  return (campaign, why) => {
    trips.inc({ campaign, why });
    logger.warn({ campaign, why }, 'complaint breaker paused a campaign');
  };
}

/**
 * How many campaigns wait paused by their breaker for a person, counted from the launches at each
 * scrape: the trip's alert ends 15 minutes after the trip, the pause does not, and the second
 * alert rule keeps saying so until someone resumes or cancels it.
 */
export function pausedByBreakerGauge(registry: Registry, count: () => Promise<number>): void {
  new Gauge({
    name: PAUSED_BY_BREAKER_METRIC,
    help: 'Campaigns paused by their complaint breaker and not resumed or cancelled since',
    registers: [registry],
    async collect() {
      this.set(await count());
    },
  });
}
