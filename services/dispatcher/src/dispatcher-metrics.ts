import { Counter, type Registry } from 'prom-client';
import type { GuardObserver } from './resilience/guarded-sender.js';

export interface DispatcherMetrics {
  readonly guard: GuardObserver;
  observe(channel: string, outcome: string): void;
}

/**
 * `kindly_dispatcher_messages_total{channel,outcome}` (sent, failed, suppressed, uncertain, …),
 * `kindly_dispatcher_provider_answers_total{provider,outcome}` (ok or the failure's code) and
 * `kindly_dispatcher_breaker_skips_total{provider}` (sends refused by an open breaker).
 */
export function createDispatcherMetrics(registry: Registry): DispatcherMetrics {
  const registers = [registry];
  const messages = new Counter({
    name: 'kindly_dispatcher_messages_total',
    help: 'Rendered messages handled, by channel and outcome',
    labelNames: ['channel', 'outcome'] as const,
    registers,
  });
  const answers = new Counter({
    name: 'kindly_dispatcher_provider_answers_total',
    help: 'Provider answers to send attempts, by provider and outcome (ok or error code)',
    labelNames: ['provider', 'outcome'] as const,
    registers,
  });
  const skips = new Counter({
    name: 'kindly_dispatcher_breaker_skips_total',
    help: 'Sends not tried on a provider because its circuit breaker was open',
    labelNames: ['provider'] as const,
    registers,
  });
  return {
    observe: (channel, outcome) => messages.inc({ channel, outcome }),
    guard: {
      answered: (provider, outcome) => answers.inc({ provider, outcome }),
      skipped: (provider) => skips.inc({ provider }),
    },
  };
}
