/**
 * Puts a provider's rate limit and circuit breaker in front of its sender, and tries the next
 * configured provider (a second SMTP relay, a second Twilio account) when one is failing. A
 * message goes to a second provider only after the first failed in a way that is the provider's
 * fault and left nothing sent (an error reply, a refused connection); a recipient's problem
 * (a bad number, a full mailbox) is the answer, not a reason to ask elsewhere.
 */
import { failed, type SendResult } from '../domain/send-result.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import { takeToken, type TokenBucket } from './token-bucket.js';

export interface GuardedProvider<Message> {
  readonly name: string;
  readonly send: (message: Message) => Promise<SendResult>;
  readonly bucket?: TokenBucket;
  readonly breaker: CircuitBreaker;
}

export interface GuardObserver {
  /** A provider's answer (ok, or the failure's code), for metrics. */
  answered(provider: string, outcome: string): void;
  /** A provider was skipped because its breaker is open. */
  skipped(provider: string): void;
}

const noObserver: GuardObserver = { answered: () => {}, skipped: () => {} };

/**
 * @param maxWaitMs the longest a send waits for a rate-limit token (it holds its claim
 *   meanwhile); a longer wait answers RATE_LIMITED with nothing attempted.
 */
export function guardedSender<Message>(
  providers: readonly GuardedProvider<Message>[],
  observer: GuardObserver = noObserver,
  now: () => number = Date.now,
  maxWaitMs = Number.POSITIVE_INFINITY,
): (message: Message) => Promise<SendResult> {
  if (providers.length === 0) throw new RangeError('at least one provider');
  return async (message) => {
    let last: SendResult | undefined;
    for (const provider of providers) {
      if (!provider.breaker.tryAcquire(now())) {
        observer.skipped(provider.name);
        continue;
      }
      if (provider.bucket && !(await takeToken(provider.bucket, now, maxWaitMs))) {
        provider.breaker.release();
        return failed({
          provider: provider.name,
          code: 'RATE_LIMITED',
          retryable: true,
          attempted: false,
          providerFault: false,
          effect: 'none',
          detail: 'the provider’s rate limit would keep the message waiting too long',
        });
      }
      let result: SendResult;
      try {
        result = await provider.send(message);
      } catch (error) {
        // Adapters return failures; a throw is a bug or an unforeseen error: the provider's
        // state is unknown, so it counts against it and the message may be retried.
        provider.breaker.failed(now(), true);
        throw error;
      }
      if (result.ok) {
        provider.breaker.succeeded();
        observer.answered(provider.name, 'ok');
        return result;
      }
      provider.breaker.failed(now(), result.failure.providerFault);
      observer.answered(provider.name, result.failure.code);
      last = result;
      // A provider that may have taken the message is not followed by another: that could
      // send it twice (the next attempt asks the first whether it went).
      if (
        !(result.failure.providerFault && result.failure.retryable) ||
        result.failure.mayHaveBeenSent === true
      )
        return result;
    }
    return (
      last ??
      failed({
        provider: providers[0]?.name ?? 'unknown',
        code: 'CIRCUIT_OPEN',
        retryable: true,
        attempted: false,
        providerFault: true,
        effect: 'none',
        detail: 'every provider of the channel is paused after consecutive failures',
      })
    );
  };
}
