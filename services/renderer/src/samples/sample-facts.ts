/**
 * Made-up but complete facts for one message of any template: a customer in Shanghai for zh-CN,
 * one in New York for en-US and one in London for en-GB, built from the contracts' sample events
 * through the same fold the service uses. For the all-templates test, `kindly render --sample`
 * and the benchmark.
 */
import {
  deterministicId,
  type CreditProduct,
  sampleEvents,
  type EventOf,
  type OutreachReleasedV1,
} from '@kindly/contracts';
import {
  emptyAccountState,
  evolveAccountState,
  type AccountState,
  type ContactAttempt,
  type StrategyCatalog,
} from '@kindly/rules';

const ISSUED_AT = '2025-03-20T02:00:00Z';

type ContactPayload = EventOf<'contact.updated'>['payload'];

/** A customer in New York (US) and one in London (GB); the contracts' sample is in Shanghai. */
const CUSTOMERS: Readonly<Record<'US' | 'GB', Partial<ContactPayload> & { currency: string }>> = {
  US: {
    currency: 'USD',
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
    timeZone: 'America/New_York',
    jurisdiction: 'US',
  },
  GB: {
    currency: 'GBP',
    name: { family: 'Evans', given: 'Olivia' },
    phones: [{ number: '+447700900123', type: 'mobile', primary: true }],
    emails: [{ address: 'olivia.evans@example.co.uk', type: 'personal' }],
    postalAddresses: [
      { lines: ['Flat 4', '27 Kingsway'], city: 'London', postalCode: 'WC2B 6UN', country: 'GB' },
    ],
    timeZone: 'Europe/London',
    jurisdiction: 'GB',
  },
};

export interface SampleAmounts {
  readonly overdue?: number;
  readonly minimum?: number;
  readonly balance?: number;
  /** Another product than the sample's credit card. */
  readonly product?: CreditProduct;
  /** Another zone for the customer than the sample's. */
  readonly timeZone?: string;
}

/** Where a sample customer writing in `locale` lives: en-GB in London, en-US in New York. */
export function sampleCountryOf(locale: string): 'CN' | 'US' | 'GB' {
  return locale.startsWith('zh') ? 'CN' : locale === 'en-GB' ? 'GB' : 'US';
}

/** The account's state as the renderer would hold it, for a customer writing in `locale`. */
export function sampleAccountState(
  locale: string,
  daysPastDue = 20,
  country: 'CN' | 'US' | 'GB' = sampleCountryOf(locale),
  /** Other amounts than the sample's, in minor units of the customer's currency. */
  amounts: SampleAmounts = {},
): AccountState {
  const customer = country === 'CN' ? undefined : CUSTOMERS[country];
  const money = (amountMinor: number) => ({ amountMinor, currency: customer?.currency ?? 'CNY' });
  const sample = sampleEvents['account.overdue'].payload;
  const overdue: EventOf<'account.overdue'> = {
    ...sampleEvents['account.overdue'],
    payload: {
      ...sample,
      daysPastDue,
      ...(amounts.product ? { product: amounts.product } : {}),
      overdueAmount: money(
        amounts.overdue ?? (customer ? 32_075 : sample.overdueAmount.amountMinor),
      ),
      totalBalance: money(
        amounts.balance ?? (customer ? 410_000 : sample.totalBalance.amountMinor),
      ),
      minimumPayment: money(
        amounts.minimum ?? (customer ? 3_500 : sample.minimumPayment.amountMinor),
      ),
    },
  };
  const base = sampleEvents['contact.updated'];
  const { currency: _, ...details } = customer ?? { currency: '' };
  const contact: EventOf<'contact.updated'> = {
    ...base,
    payload: {
      ...base.payload,
      ...details,
      locale,
      ...(amounts.timeZone ? { timeZone: amounts.timeZone } : {}),
    },
  };
  // A promise to pay that stands, in the customer's currency (what a promise reminder states).
  const promised = sampleEvents['account.arrangement'];
  const promise: EventOf<'account.arrangement'> = {
    ...promised,
    payload:
      promised.payload.kind === 'promise-to-pay'
        ? {
            ...promised.payload,
            amount: money(
              amounts.overdue ?? (customer ? 32_075 : sample.overdueAmount.amountMinor),
            ),
          }
        : promised.payload,
  };
  return [overdue, contact, sampleEvents['contact.consent'], promise].reduce<AccountState>(
    (state, event) => evolveAccountState(state, event).state,
    emptyAccountState(sampleEvents['account.overdue'].tenantId, overdue.payload.accountId),
  );
}

/**
 * Where a message template is used: the first strategy stage and channel that names it (as its
 * template or one of its wordings).
 */
export function usageOf(strategies: StrategyCatalog, templateId: string) {
  for (const strategy of strategies.strategies) {
    for (const stage of strategy.stages) {
      const step = stage.channels.find(
        (c) => c.templateId === templateId || c.wordings?.some((w) => w.templateId === templateId),
      );
      if (step) return { strategy, stage, step };
    }
    // A notice is sent whatever the stage: its sample is planned in the first.
    const notice = strategy.notices
      ?.flatMap((n) => n.channels)
      .find((c) => c.templateId === templateId);
    const first = strategy.stages[0];
    if (notice && first) return { strategy, stage: first, step: notice };
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

/**
 * Earlier attempts in the cycle, enough for every wording's facts to hold: a delivered SMS, an
 * e-mail and an unanswered call, the days before the sample release.
 */
export function sampleContacts(): ContactAttempt[] {
  return [
    { channel: 'sms', at: '2025-03-10T02:00:00Z', reached: true },
    { channel: 'email', at: '2025-03-13T02:00:00Z', reached: false },
    { channel: 'agent-call', at: '2025-03-17T02:00:00Z', reached: false },
  ];
}

/**
 * The longest facts an SMS of the template realistically carries, for the segment budgets: the
 * most days past due of any stage that sends it (three digits when a stage is open-ended), the
 * product with the longest name, amounts in the hundred-thousands (CNY) or tens of thousands
 * (USD, GBP), and in the US a customer in Alaska (the longest zone name among the states').
 */
export function longestSampleState(
  strategies: StrategyCatalog,
  templateId: string,
  locale: string,
  country: 'CN' | 'US' | 'GB' = sampleCountryOf(locale),
): AccountState {
  const days = strategies.strategies.flatMap((strategy) => [
    // A notice goes in any stage: the longest days past due there are.
    ...(strategy.notices?.some((n) => n.channels.some((c) => c.templateId === templateId))
      ? [999]
      : []),
    ...strategy.stages
      .filter((stage) =>
        stage.channels.some(
          (c) =>
            c.templateId === templateId || c.wordings?.some((w) => w.templateId === templateId),
        ),
      )
      .map((stage) => stage.entry.daysPastDue.to ?? 999),
  ]);
  const big = country === 'CN' ? 99_999_999 : 9_999_999;
  return sampleAccountState(locale, Math.max(1, ...days), country, {
    overdue: big,
    minimum: Math.floor(big / 10),
    balance: big * 2,
    product: 'instalment-loan',
    ...(country === 'US' ? { timeZone: 'America/Anchorage' } : {}),
  });
}

/** Days past due that put an account in the stage (the stage's first day). */
export function sampleDaysPastDue(strategies: StrategyCatalog, templateId: string): number {
  return usageOf(strategies, templateId)?.stage.entry.daysPastDue.from ?? 20;
}
