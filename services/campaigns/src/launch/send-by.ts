import { DateTime } from 'luxon';
import type { Campaign } from '../definition/index.js';

/** The instant after which the campaign sends nothing: the end of its last day, in its zone. */
export function sendByOf(campaign: Campaign): string {
  const { end, timeZone } = campaign.schedule;
  const last = DateTime.fromISO(end, { zone: timeZone }).plus({ days: 1 }).startOf('day');
  return last.minus({ seconds: 1 }).toUTC().toISO({ suppressMilliseconds: true }) ?? '';
}
