/**
 * Made-up but complete facts for one message of any template: a customer in Shanghai for zh-CN
 * and one in New York for en-US, built from the contracts' sample events through the same fold
 * the service uses. For the all-templates test, `kindly render --sample` and the benchmark.
 */
import {
  deterministicId,
  sampleEvents,
  type EventOf,
  type OutreachReleasedV1,
} from '@kindly/contracts';
import {
  emptyAccountState,
  evolveAccountState,
  type AccountState,
  type StrategyCatalog,
} from '@kindly/rules';

const ISSUED_AT = '2025-03-20T02:00:00Z';

/** The account's state as the renderer would hold it, for a customer writing in `locale`. */
export function sampleAccountState(locale: string, daysPastDue = 20): AccountState {
  const english = !locale.startsWith('zh');
  const overdue: EventOf<'account.overdue'> = {
    ...sampleEvents['account.overdue'],
    payload: {
      ...sampleEvents['account.overdue'].payload,
      daysPastDue,
      ...(english
        ? {
            overdueAmount: { amountMinor: 32_075, currency: 'USD' },
            totalBalance: { amountMinor: 410_000, currency: 'USD' },
            minimumPayment: { amountMinor: 3_500, currency: 'USD' },
          }
        : {}),
    },
  };
  const base = sampleEvents['contact.updated'];
  const contact: EventOf<'contact.updated'> = {
    ...base,
    payload: english
      ? {
          ...base.payload,
          name: { family: 'Lee', given: 'Wendy' },
          phones: [{ number: '+12125550143', type: 'mobile', primary: true }],
          emails: [{ address: 'wendy.lee@example.com', type: 'personal' }],
          postalAddresses: [
            {
              lines: ['350 Fifth Avenue', 'Apt 21B'],
              city: 'New York',
              region: 'NY',
              postalCode: '10118',
              country: 'US',
            },
          ],
          locale,
          timeZone: 'America/New_York',
          jurisdiction: 'US',
        }
      : { ...base.payload, locale },
  };
  return [overdue, contact, sampleEvents['contact.consent']].reduce<AccountState>(
    (state, event) => evolveAccountState(state, event).state,
    emptyAccountState(sampleEvents['account.overdue'].tenantId, overdue.payload.accountId),
  );
}

/** Where a message template is used: the first strategy stage and channel that names it. */
export function usageOf(strategies: StrategyCatalog, templateId: string) {
  for (const strategy of strategies.strategies) {
    for (const stage of strategy.stages) {
      const step = stage.channels.find((c) => c.templateId === templateId);
      if (step) return { strategy, stage, step };
    }
  }
  return undefined;
}

/** A release of the template, as the scheduler would send it. */
export function sampleRelease(
  strategies: StrategyCatalog,
  templateId: string,
  locale: string,
): OutreachReleasedV1 {
  const usage = usageOf(strategies, templateId);
  if (!usage) throw new Error(`no strategy stage uses ${templateId}`);
  const base = sampleEvents['outreach.released'];
  const { accountId, cycleId } = base.payload;
  const { stage, step, strategy } = usage;
  return {
    ...base,
    eventId: deterministicId('sample-release', templateId, locale),
    occurredAt: ISSUED_AT,
    payload: {
      ...base.payload,
      messageId: deterministicId('message', accountId, cycleId, String(stage.stage), step.channel),
      stage: stage.stage,
      channel: step.channel,
      templateId,
      locale,
      purpose: step.purpose,
      strategyId: strategy.strategyId,
      strategyVersion: strategy.version,
    },
  };
}

/** Days past due that put an account in the stage (the stage's first day). */
export function sampleDaysPastDue(strategies: StrategyCatalog, templateId: string): number {
  return usageOf(strategies, templateId)?.stage.entry.daysPastDue.from ?? 20;
}
