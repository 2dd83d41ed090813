/**
 * What the service does when the complaint breaker pauses a campaign: counts it, by campaign and
 * why, on the metric the alert rule (`alerts/campaigns.rules.yml`) watches, and says so in the
 * log. The campaign id and the reason code only: nothing about the customers who complained.
 */
import { Counter, type Registry } from 'prom-client';
import type { Logger } from '@kindly/logger';

/** The alert's metric: kept here so that the rule's test reads the name the service counts. */
export const BREAKER_TRIPS_METRIC = 'kindly_campaign_breaker_trips_total';

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
