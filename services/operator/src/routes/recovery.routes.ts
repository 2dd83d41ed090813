/**
 * Records stuck in a non-final state, and the recoveries' progress, for operations: each pending
 * store (plans claimed and not published, the scheduler's claims, sends in flight, outboxes) with
 * the age of its oldest record and what its recovery carried through or failed. From the
 * services' own recovery figures, as the process hosting them (`kindly run all`) has them; an
 * operator API running alone has none, and says so.
 */
import { z } from 'zod';
import type { PendingStatus } from '@kindly/service';
import type { OperatorApp } from '../http/operator-api.js';
import { COMMON_PROBLEMS } from '../http/problems.js';
import type { RouteDeps } from './route-deps.js';

export function recoveryRoutes(
  app: OperatorApp,
  deps: RouteDeps & { readonly pending: () => Promise<readonly PendingStatus[]> },
): void {
  app.get(
    '/v1/recovery',
    {
      config: { permission: 'dead-letters:manage' },
      schema: {
        summary: 'Records stuck in a non-final state, by store, and what recovery carried through',
        tags: ['recovery'],
        querystring: z.strictObject({
          stuckAfterSeconds: z.coerce.number().int().min(1).max(86_400).default(300),
        }),
        response: {
          200: z.strictObject({
            hosted: z
              .boolean()
              .describe('Whether the services run in this process (else no figures)'),
            stores: z.array(
              z.strictObject({
                store: z.string(),
                oldestAgeSeconds: z.number(),
                stuck: z.boolean().describe('Its oldest record is older than stuckAfterSeconds'),
                recovered: z.number(),
                failures: z.number(),
              }),
            ),
          }),
          ...COMMON_PROBLEMS,
        },
      },
    },
    async (request) => {
      const stores = await deps.pending();
      return {
        hosted: stores.length > 0,
        stores: stores.map((s) => ({
          ...s,
          stuck: s.oldestAgeSeconds > request.query.stuckAfterSeconds,
        })),
      };
    },
  );
}
