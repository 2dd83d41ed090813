/** The little an outage log writes through; a pino logger fits. */
export interface OutageLogger {
  error(details: object, message: string): void;
  info(details: object, message: string): void;
}

/** What an outage log says when something goes away, stays away, and comes back. */
export interface OutageMessages {
  readonly down: string;
  readonly stillDown: string;
  readonly up: string;
}

export interface OutageLogOptions {
  readonly logger: OutageLogger;
  readonly messages: OutageMessages;
  /** Wall-clock milliseconds (not a service's business clock, which may be simulated). */
  readonly now: () => number;
  /** How often, at most, a continuing outage is logged again (30 s). */
  readonly remindEveryMs?: number;
  /**
   * How long successes must go on without a failure before the outage is over (0: at the first).
   * Several clients fail and recover at their own pace, and one of them answering while another
   * still fails is not the end of an outage.
   */
  readonly settleMs?: number;
}

export type OutageState = 'up' | 'down' | 'recovering';

/** A failure's fields for the log: kinds and counts, never an error's text. */
export type OutageDetails = Readonly<Record<string, string | number>>;

export interface OutageLog {
  /** Something failed: logged if it starts an outage, or if the last line is `remindEveryMs` old. */
  failed(details?: OutageDetails): void;
  /** Something succeeded: ends an outage once successes have held for `settleMs`. */
  succeeded(): void;
  state(): OutageState;
}

/**
 * Turns a stream of failures and successes into the lines an operator needs: one when an outage
 * begins, one every `remindEveryMs` while it lasts (with how long and how many failures), and one
 * when it is over. A client that retries every few hundred milliseconds would otherwise write a
 * line per retry (a 30-second broker outage wrote ~350). Reminders are written as failures come
 * in, so an outage nobody retries against stays quiet after its first line.
 */
export function createOutageLog(options: OutageLogOptions): OutageLog {
  const remindEveryMs = options.remindEveryMs ?? 30_000;
  const settleMs = options.settleMs ?? 0;
  const { logger, messages, now } = options;
  let state: OutageState = 'up';
  let since = 0; // when the outage began
  let lastLine = 0; // when it was last logged
  let recoveringSince = 0;
  let failures = 0;

  const downFor = (at: number) => ({ downForSeconds: Math.round((at - since) / 1_000), failures });
  const recover = (at: number) => {
    state = 'up';
    logger.info(downFor(at), messages.up);
  };

  return {
    failed(details = {}) {
      const at = now();
      if (state === 'up') {
        state = 'down';
        since = at;
        lastLine = at;
        failures = 1;
        logger.error({ ...details }, messages.down);
        return;
      }
      state = 'down';
      failures++;
      if (at - lastLine >= remindEveryMs) {
        lastLine = at;
        logger.error({ ...details, ...downFor(at) }, messages.stillDown);
      }
    },
    succeeded() {
      if (state === 'up') return;
      const at = now();
      if (state === 'down') {
        if (settleMs <= 0) return recover(at);
        state = 'recovering';
        recoveringSince = at;
        return;
      }
      if (at - recoveringSince >= settleMs) recover(at);
    },
    state: () => state,
  };
}
