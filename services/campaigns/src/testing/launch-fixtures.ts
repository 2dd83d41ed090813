/**
 * Accounts and campaign files for the launch tests: Shanghai customers in early arrears (35 days
 * past due, so in the example segment and in the campaign strategy's first stage), with or
 * without marketing consent for their mobile number, and the spring campaign made to run today.
 */
import { DateTime } from 'luxon';
import { parseDocument } from 'yaml';
import { newEventId, sampleEvents, type EventOf } from '@kindly/contracts';
import type { BankInput } from '@kindly/rules';
import {
  exampleCampaignText,
  INSTALMENT_PLAN_FILE,
} from '../definition/testing/example-campaigns.js';

export const TENANT = 'bank-1';

export interface CampaignAccount {
  readonly accountId: string;
  readonly marketingConsent: boolean;
  readonly events: readonly BankInput[];
}

export function campaignAccount(accountId: string, marketingConsent: boolean): CampaignAccount {
  const base = { tenantId: TENANT, correlationId: `cycle-${accountId}`, causationId: null };
  const overdue: EventOf<'account.overdue'> = {
    ...sampleEvents['account.overdue'],
    ...base,
    eventId: newEventId(),
    occurredAt: '2026-02-01T01:00:00Z',
    payload: {
      ...sampleEvents['account.overdue'].payload,
      accountId,
      cycleId: `${accountId}-2025-12-28`,
      dueDate: '2025-12-28',
      daysPastDue: 35,
    },
  };
  const contact: EventOf<'contact.updated'> = {
    ...sampleEvents['contact.updated'],
    ...base,
    eventId: newEventId(),
    occurredAt: '2026-01-01T00:00:00Z',
    payload: {
      ...sampleEvents['contact.updated'].payload,
      accountId,
      preferredWindows: [],
      appointments: [],
    },
  };
  const consent = (purpose: 'servicing' | 'marketing'): EventOf<'contact.consent'> => ({
    ...sampleEvents['contact.consent'],
    ...base,
    eventId: newEventId(),
    occurredAt: '2026-01-01T00:00:00Z',
    payload: {
      ...sampleEvents['contact.consent'].payload,
      accountId,
      purpose,
      basis: purpose === 'marketing' ? 'express-consent' : 'contract',
    },
  });
  return {
    accountId,
    marketingConsent,
    events: [
      contact,
      consent('servicing'),
      ...(marketingConsent ? [consent('marketing')] : []),
      overdue,
    ],
  };
}

/**
 * The example spring campaign (e-mail, then SMS), renamed, on every day from yesterday to tomorrow
 * (Shanghai), with the throttle and holdout given: a launch started now walks at once.
 */
export function campaignFileText(options: {
  readonly campaignId: string;
  readonly perSecond: number;
  readonly holdoutPercent: number;
  readonly today?: DateTime;
}): string {
  const zone = 'Asia/Shanghai';
  const today = (options.today ?? DateTime.now()).setZone(zone);
  const document = parseDocument(exampleCampaignText(INSTALMENT_PLAN_FILE));
  document.set('campaignId', options.campaignId);
  document.setIn(
    ['segment', 'notExposedTo'],
    [{ campaignIds: [options.campaignId], withinDays: 90 }],
  );
  document.setIn(['holdout', 'percent'], options.holdoutPercent);
  document.setIn(['throttle', 'perSecond'], options.perSecond);
  document.setIn(['schedule', 'start'], today.minus({ days: 1 }).toISODate());
  document.setIn(['schedule', 'end'], today.plus({ days: 1 }).toISODate());
  document.setIn(['schedule', 'daysOfWeek'], [1, 2, 3, 4, 5, 6, 7]);
  document.setIn(['schedule', 'timeZone'], zone);
  return document.toString();
}
