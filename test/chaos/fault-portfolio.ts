/**
 * The fault test's accounts: overdue in the US and the UK, in every stage of the default
 * strategy (SMS first, e-mail first, an agent's call, a letter first), all reachable, some on a
 * number the Twilio stand-in reports undeliverable (so that the stage falls back to e-mail). Every
 * fact is known before the run's fixed instant, at which every account's window is open. Pure:
 * the same seed gives the same accounts.
 */
import { seededRandom } from '@kindly/cli';
import { deterministicId, type EventOf } from '@kindly/contracts';

// A tenant the shipped templates/senders.yaml knows (its sender profile signs every message).
export const FAULT_TENANT = 'demo-bank';

/** A Wednesday, 12:00 in New York and 17:00 in London: every account's window is open. */
export const FAULT_NOW = '2026-03-04T17:00:00Z';

export type FaultBankEvent =
  EventOf<'contact.updated'> | EventOf<'contact.consent'> | EventOf<'account.overdue'>;

export interface FaultAccount {
  readonly accountId: string;
  readonly phone: string;
  readonly email: string;
  readonly daysPastDue: number;
  readonly undeliverable: boolean;
}

export interface FaultPortfolio {
  readonly accounts: readonly FaultAccount[];
  /** Contacts and consents first, then the overdue events: the order the bank sends them in. */
  readonly events: readonly FaultBankEvent[];
}

const PLACES = [
  { zone: 'America/New_York', region: 'NY', city: 'New York', jurisdiction: 'US', phone: '+1212' },
  { zone: 'America/Chicago', region: 'IL', city: 'Chicago', jurisdiction: 'US', phone: '+1312' },
  { zone: 'Europe/London', region: undefined, city: 'London', jurisdiction: 'GB', phone: '+44' },
] as const;

/** Days past due by stage of the default strategy: 1–14, 15–44, 45–74, 75+. */
const DPD_BANDS: readonly (readonly [number, number, number])[] = [
  [0.4, 2, 12],
  [0.25, 16, 40],
  [0.1, 46, 70],
  [0.25, 76, 88],
];

export function faultPortfolio(seed: number, count: number): FaultPortfolio {
  const random = seededRandom(seed);
  const accounts: FaultAccount[] = [];
  const contacts: FaultBankEvent[] = [];
  const overdue: FaultBankEvent[] = [];
  for (let i = 0; i < count; i++) {
    const place = PLACES[Math.floor(random() * PLACES.length)] ?? PLACES[0];
    const band = weighted(random);
    const daysPastDue = band[1] + Math.floor(random() * (band[2] - band[1] + 1));
    const accountId = `fault-${seed}-${String(i).padStart(5, '0')}`;
    const phone =
      place.phone === '+44'
        ? `+447700${String(900_000 + i).slice(-6)}`
        : `${place.phone}555${String(i).padStart(4, '0')}`;
    const email = `${accountId}@example.com`;
    const account = { accountId, phone, email, daysPastDue, undeliverable: random() < 0.15 };
    accounts.push(account);
    const dueDate = new Date(Date.parse(FAULT_NOW) - daysPastDue * 86_400_000)
      .toISOString()
      .slice(0, 10);
    const cycleId = `${accountId}-${dueDate}`;
    let n = 0;
    const envelope = (occurredAt: string) => ({
      eventId: deterministicId('fault-event', String(seed), accountId, String(n++)),
      schemaVersion: '1.0.0',
      occurredAt,
      correlationId: deterministicId('fault-cycle', cycleId),
      causationId: null,
      tenantId: FAULT_TENANT,
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
            city: place.city,
            ...(place.region ? { region: place.region } : {}),
            postalCode: place.region ? '10001' : 'SW1A 1AA',
            country: place.jurisdiction,
          },
        ],
        locale: 'en-US',
        timeZone: place.zone,
        candidateTimeZones: [],
        jurisdiction: place.jurisdiction,
        preferredWindows: [],
        appointments: [],
        doNotContactAtWork: false,
      },
    });
    for (const [channel, address] of [
      ['sms', phone],
      ['email', email],
    ] as const) {
      contacts.push({
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
    const amount = (50 + Math.floor(random() * 850)) * 100;
    const currency = place.jurisdiction === 'GB' ? 'GBP' : 'USD';
    const money = (amountMinor: number) => ({ amountMinor, currency }) as const;
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
  return { accounts, events: [...contacts, ...overdue] };
}

function weighted(random: () => number): readonly [number, number, number] {
  let roll = random();
  for (const band of DPD_BANDS) {
    if (roll < band[0]) return band;
    roll -= band[0];
  }
  return DPD_BANDS[0] ?? [1, 2, 12];
}
