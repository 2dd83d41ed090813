/**
 * An account's timeline, for operations and compliance: from the audit's chain of the account,
 * its bank events, the decisions with their reasons, the messages (their content stays sealed),
 * their outcomes, the calls, and what people did. Account ids are the bank's opaque keys, not
 * account numbers (the README says why they may stand in a path).
 */
import { z } from 'zod';
import { accountTimelineIn } from '@kindly/audit';
import { AccountId, Identifier } from '@kindly/contracts';
import type { OperatorApp } from '../http/operator-api.js';
import { COMMON_PROBLEMS } from '../http/problems.js';
import type { RouteDeps } from './route-deps.js';

const Entry = z.strictObject({
  seq: z.number().int(),
  type: z.string(),
  occurredAt: z.string(),
  recordedAt: z.string(),
  payload: z.unknown().optional(),
  sealed: z.boolean().describe('A message whose content the audit keeps sealed'),
});

export function accountsRoutes(app: OperatorApp, deps: RouteDeps): void {
  app.get(
    '/v1/accounts/:tenantId/:accountId/timeline',
    {
      config: { permission: 'accounts:read' },
      schema: {
        summary: 'The account’s timeline, oldest first, a page at a time',
        tags: ['accounts'],
        params: z.strictObject({ tenantId: Identifier, accountId: AccountId }),
        querystring: z.strictObject({
          afterSeq: z.coerce.number().int().min(-1).optional().describe('The last entry seen'),
          limit: z.coerce.number().int().min(1).max(500).default(200),
        }),
        response: {
          200: z.strictObject({ entries: z.array(Entry), more: z.boolean() }),
          ...COMMON_PROBLEMS,
        },
      },
    },
    async (request) => {
      const { tenantId, accountId } = request.params;
      const { limit, afterSeq } = request.query;
      const entries = await accountTimelineIn(deps.db, tenantId, accountId, {
        limit: limit + 1,
        ...(afterSeq !== undefined ? { afterSeq } : {}),
      });
      return { entries: entries.slice(0, limit), more: entries.length > limit };
    },
  );
}
