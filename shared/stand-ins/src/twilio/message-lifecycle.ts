import type { MessageStatus, StoredMessage } from './message-resource.js';
import type { TwilioScenario } from './twilio-scenarios.js';

export interface LifecycleStep {
  readonly status: MessageStatus;
  readonly errorCode: number | null;
}

/**
 * The status changes after creation, each of which Twilio reports by status callback (the
 * initial status gets none): `accepted` (with a Messaging Service) → `queued` → `sent` →
 * `delivered`; an undeliverable message ends `undelivered` after `sent`, or `failed` without it.
 */
export function lifecycleSteps(
  message: StoredMessage,
  scenario: TwilioScenario | undefined,
): LifecycleStep[] {
  const steps: LifecycleStep[] = [];
  if (message.status === 'accepted') steps.push({ status: 'queued', errorCode: null });
  if (scenario?.kind === 'undeliverable') {
    const finalStatus = scenario.finalStatus ?? 'undelivered';
    if (finalStatus === 'undelivered') steps.push({ status: 'sent', errorCode: null });
    steps.push({ status: finalStatus, errorCode: scenario.errorCode });
  } else {
    steps.push({ status: 'sent', errorCode: null }, { status: 'delivered', errorCode: null });
  }
  return steps;
}

/**
 * Runs one message's remaining steps, one at a time: on timers when automatic, or all at once
 * when a test calls `fireNow`. Steps are taken from the list when they run, not when scheduled,
 * so a timer and `fireNow` racing never apply a step twice.
 */
export class MessageLifecycle {
  private timer: NodeJS.Timeout | undefined;
  private stopped = false;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    private readonly remaining: LifecycleStep[],
    private readonly apply: (step: LifecycleStep) => Promise<void>,
    private readonly delayMs: number | undefined,
  ) {
    this.scheduleNext();
  }

  get pending(): number {
    return this.remaining.length;
  }

  /** Applies every remaining step now, in order, and resolves when their callbacks are answered. */
  fireNow(): Promise<void> {
    clearTimeout(this.timer);
    this.timer = undefined;
    for (let i = this.remaining.length; i > 0; i -= 1) this.enqueue();
    return this.chain;
  }

  /** Resolves when the step running now (if any) is done. */
  settled(): Promise<void> {
    return this.chain;
  }

  stop(): void {
    this.stopped = true;
    clearTimeout(this.timer);
    this.timer = undefined;
  }

  private scheduleNext(): void {
    if (this.stopped || this.delayMs === undefined || this.remaining.length === 0) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      this.enqueue();
      void this.chain.then(() => this.scheduleNext());
    }, this.delayMs);
  }

  private enqueue(): void {
    this.chain = this.chain.then(async () => {
      const step = this.remaining.shift();
      if (step) await this.apply(step);
    });
  }
}
