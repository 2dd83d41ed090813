import { randomUUID } from 'node:crypto';
import { z } from 'zod';

/**
 * A minimal event for the runtime's own tests, so that they do not depend on any real contract:
 * `behaviour` tells the test handler how to fail.
 */
export const ProbeEvent = z
  .object({
    eventId: z.string(),
    type: z.literal('probe.happened'),
    schemaVersion: z.string(),
    occurredAt: z.string(),
    correlationId: z.string(),
    causationId: z.string().nullable(),
    tenantId: z.string(),
    payload: z
      .object({
        accountId: z.string(),
        behaviour: z.enum([
          'succeed',
          'fail-transiently-then-succeed',
          'fail-permanently',
          'fail-always',
        ]),
        note: z.string().optional(),
      })
      .strict(),
  })
  .strict();
export type ProbeEvent = z.infer<typeof ProbeEvent>;

export function aProbeEvent(
  behaviour: ProbeEvent['payload']['behaviour'],
  accountId = 'acct-1',
): ProbeEvent {
  return {
    eventId: randomUUID(),
    type: 'probe.happened',
    schemaVersion: '1.0.0',
    occurredAt: new Date().toISOString(),
    correlationId: 'corr-1',
    causationId: null,
    tenantId: 'bank-1',
    payload: { accountId, behaviour },
  };
}
