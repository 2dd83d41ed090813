/**
 * What the stand-in does with a create request instead of accepting it normally:
 * - `reject`: answer with a Twilio REST error (21211 invalid number, 21614 not mobile, 21610
 *   unsubscribed, 20429 rate limit as HTTP 429, 20500 as HTTP 500, …);
 * - `undeliverable`: accept (201), then report `undelivered` (after `sent`) or `failed` (without
 *   `sent`) with the error code in the status callback, as the carrier leg of 30003 does.
 */
export type TwilioScenario =
  | { readonly kind: 'reject'; readonly errorCode: number }
  /**
   * Twilio creates the message (it is sent), but its answer never reaches the client: the
   * connection drops after the request was taken, as on a timeout under load. The client cannot
   * tell this from a request that never arrived.
   */
  | { readonly kind: 'answer-lost' }
  | {
      readonly kind: 'undeliverable';
      readonly errorCode: number;
      readonly finalStatus?: 'undelivered' | 'failed';
    };

/** The scenarios issue #7 names, ready to use. */
export const twilioScenarios = {
  invalidNumber: { kind: 'reject', errorCode: 21211 },
  notMobile: { kind: 'reject', errorCode: 21614 },
  unsubscribed: { kind: 'reject', errorCode: 21610 },
  rateLimited: { kind: 'reject', errorCode: 20429 },
  serverError: { kind: 'reject', errorCode: 20500 },
  answerLost: { kind: 'answer-lost' },
  unreachableHandset: { kind: 'undeliverable', errorCode: 30003, finalStatus: 'undelivered' },
} as const satisfies Record<string, TwilioScenario>;

interface Armed {
  readonly scenario: TwilioScenario;
  remaining: number;
}

/** Scenarios armed by destination number, and for the next N requests whatever their destination. */
export class ScenarioBook {
  private readonly byDestination = new Map<string, Armed>();
  private readonly upcoming: Armed[] = [];

  forDestination(to: string, scenario: TwilioScenario, times = Infinity): void {
    this.byDestination.set(to, { scenario, remaining: times });
  }

  forNext(count: number, scenario: TwilioScenario): void {
    this.upcoming.push({ scenario, remaining: count });
  }

  clear(): void {
    this.byDestination.clear();
    this.upcoming.length = 0;
  }

  /** The scenario for this request, if any; using it counts against its `times`. */
  take(to: string): TwilioScenario | undefined {
    const next = this.upcoming[0];
    if (next) return consume(next, () => this.upcoming.shift());
    const armed = this.byDestination.get(to);
    return armed && consume(armed, () => this.byDestination.delete(to));
  }
}

function consume(armed: Armed, onExhausted: () => void): TwilioScenario {
  armed.remaining -= 1;
  if (armed.remaining <= 0) onExhausted();
  return armed.scenario;
}
