/**
 * The end-to-end benchmark's accounts: every one in New York, 3 days past due (stage 1 of the
 * default strategy: an SMS first), with a mobile phone and SMS and e-mail consent known before
 * the run's instant, at which New York's window is open. Built like the fault test's portfolio
 * (test/chaos/fault-portfolio.ts) so that every account is eligible for an immediate SMS.
 */
import { deterministicId, type EventOf } from '@kindly/contracts';

// A tenant the shipped templates/senders.yaml knows (its sender profile signs every message).
export const BENCH_TENANT = 'demo-bank';

/** A Wednesday, 12:00 in New York: inside the window, no holiday, no quiet period. */
export const BENCH_NOW = '2026-03-04T17:00:00Z';

export type BenchBankEvent =
  EventOf<'contact.updated'> | EventOf<'contact.consent'> | EventOf<'account.overdue'>;

export interface BenchPortfolio {
  /** Phone number → account index: the stand-in's requests are matched back by `To`. */
  readonly phones: ReadonlyMap<string, number>;
  readonly contacts: readonly BenchBankEvent[];
  readonly consents: readonly BenchBankEvent[];
  /** One per account, in account order: the trigger whose publish starts the latency clock. */
  readonly overdue: readonly BenchBankEvent[];
}

export function benchPortfolio(count: number, runTag: string): BenchPortfolio {
  const phones = new Map<string, number>();
  const contacts: BenchBankEvent[] = [];
  const consents: BenchBankEvent[] = [];
  const overdue: BenchBankEvent[] = [];
  const daysPastDue = 3;
  const dueDate = new Date(Date.parse(BENCH_NOW) - daysPastDue * 86_400_000)
    .toISOString()
    .slice(0, 10);
  for (let i = 0; i < count; i++) {
    const accountId = `bench-${runTag}-${String(i).padStart(6, '0')}`;
    // +1 212 2xx xxxx: distinct valid-looking New York mobiles, up to 1,000,000 accounts.
    const phone = `+12122${String(i).padStart(6, '0')}`;
    phones.set(phone, i);
    const email = `${accountId}@example.com`;
    const cycleId = `${accountId}-${dueDate}`;
    let n = 0;
    const envelope = (occurredAt: string) => ({
      eventId: deterministicId('bench-event', runTag, accountId, String(n++)),
      schemaVersion: '1.0.0',
      occurredAt,
      correlationId: deterministicId('bench-cycle', cycleId),
      causationId: null,
      tenantId: BENCH_TENANT,
    });
    const known = '2026-03-01T00:00:00Z';
    contacts.push({
      ...envelope(known),
      type: 'contact.updated',
      payload: {
        accountId,
        name: { family: 'Smith', given: 'Alex' },
        phones: [{ number: phone, type: 'mobile', primary: true }],
        emails: [{ address: email, type: 'personal' }],
        postalAddresses: [
          {
            lines: [`${10 + i} Main Street`],
            city: 'New York',
            region: 'NY',
            postalCode: '10001',
            country: 'US',
          },
        ],
        locale: 'en-US',
        timeZone: 'America/New_York',
        candidateTimeZones: [],
        jurisdiction: 'US',
        preferredWindows: [],
        appointments: [],
        doNotContactAtWork: false,
      },
    });
    for (const [channel, address] of [
      ['sms', phone],
      ['email', email],
    ] as const) {
      consents.push({
        ...envelope(known),
        type: 'contact.consent',
        payload: {
          accountId,
          channel,
          address,
          purpose: 'servicing',
          status: 'granted',
          basis: 'contract',
          source: 'branch',
          at: '2025-03-01T00:00:00Z',
        },
      });
    }
    const amount = (50 + (i % 850)) * 100;
    const money = (amountMinor: number) => ({ amountMinor, currency: 'USD' }) as const;
    overdue.push({
      ...envelope('2026-03-04T00:30:00Z'),
      type: 'account.overdue',
      payload: {
        accountId,
        cycleId,
        product: 'credit-card',
        segment: 'retail-standard',
        accountLast4: String(1000 + (i % 9000)),
        dueDate,
        daysPastDue,
        overdueAmount: money(amount),
        totalBalance: money(amount * 8),
        minimumPayment: money(Math.round(amount / 4)),
      },
    });
  }
  return { phones, contacts, consents, overdue };
}
