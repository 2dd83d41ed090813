import { Counter, type Registry } from 'prom-client';
import type { InboundMailResult } from '../domain/inbound-mail.use-case.js';

/** Counts what became of each mail the tracker read, by kind and result (fixed words only). */
export interface InboundMailMetrics {
  count(outcome: InboundMailResult): void;
}

/**
 * `kindly_tracker_inbound_mail_total{mail,result}`: e.g. `feedback/unidentified` (complaints
 * about mail we cannot tie to a message), `unsubscribe/forbidden` and `unsubscribe/no-token`
 * (mails to the unsubscribe address that changed nothing).
 */
export function createInboundMailMetrics(registry: Registry): InboundMailMetrics {
  const counter = new Counter({
    name: 'kindly_tracker_inbound_mail_total',
    help: 'Mail read by the tracker (bounces, ARF complaints, mailto unsubscribes), by result',
    labelNames: ['mail', 'result'] as const,
    registers: [registry],
  });
  return { count: ({ mail, result }) => counter.inc({ mail, result: result.kind }) };
}

/** For tests and callers that do not count. */
export const uncountedInboundMail: InboundMailMetrics = { count: () => undefined };
