import type { DispatcherSettings } from './dispatcher-settings.js';

/** Partitions the consumer works on at once (its default) and accounts per partition at most. */
const PARTITIONS_AT_ONCE = 6;
const MOST_ACCOUNTS_AT_ONCE = 32;

/**
 * How many accounts' messages the dispatcher works on at once in each partition. A send waits
 * for its provider's token at most `DISPATCHER_RATE_WAIT_MAX_MS`, and one that would wait longer
 * is refused as rate limited and spends a retry round: so no more messages may be in hand than
 * the slowest rate-limited provider serves within that wait. A US long code (1 a second) with
 * the default 10 s wait: one account per partition, six messages in hand, the last served
 * within 6 s; 500 a second: the consumer's 32.
 */
export function accountsAtOnce(
  settings: Pick<
    DispatcherSettings,
    'TWILIO_MPS' | 'SMTP_RATE_PER_SECOND' | 'DISPATCHER_RATE_WAIT_MAX_MS'
  >,
): number {
  const rates = [settings.TWILIO_MPS, settings.SMTP_RATE_PER_SECOND].filter(
    (rate): rate is number => rate !== undefined,
  );
  const slowest = Math.min(...rates);
  const servedInWait = Math.floor((slowest * settings.DISPATCHER_RATE_WAIT_MAX_MS) / 1_000);
  return Math.max(
    1,
    Math.min(MOST_ACCOUNTS_AT_ONCE, Math.floor(servedInWait / PARTITIONS_AT_ONCE)),
  );
}
