/**
 * Dead letters, for operations: the records a service could not handle, by topic and reason
 * (never their content), and their replay after a fix: each written back to its topic with its
 * original key, bytes and headers, where the service handles it again (its handlers are
 * idempotent: a record replayed twice has one effect). Each replay is recorded in the audit.
 */
import { z } from 'zod';
import { safeErrorText } from '@kindly/errors';
import { problem, ProblemError, type Problem } from '@kindly/http';
import type { OperatorApp } from '../http/operator-api.js';
import { principalOf } from '../http/principal.js';
import { BODY_PROBLEMS, COMMON_PROBLEMS, problemResponse } from '../http/problems.js';
import type { DeadLetters } from '../dead-letters/dead-letters.repository.js';
import {
  ReplayNotRecorded,
  replayDeadLetters,
  type RewriteRecord,
} from '../dead-letters/replay-dead-letters.js';
import type { RouteDeps } from './route-deps.js';

const TopicName = z
  .string()
  .regex(/^[a-z]+\.[a-z.-]+\.v\d+$/, 'expected a topic, e.g. account.overdue.v1');
const FailureReason = z
  .string()
  .regex(/^[A-Z][A-Z_]{1,63}$/, 'expected a reason code, e.g. SCHEMA_INVALID');
const DeadLetterView = z.strictObject({
  id: z.string(),
  topic: z.string(),
  reason: z.string(),
  detail: z.string(),
  service: z.string(),
  at: z.string(),
  eventId: z.string().optional(),
  type: z.string().optional(),
  tenantId: z.string().optional(),
  replayedAt: z.string().optional(),
  replayedBy: z.string().optional(),
});

/** Writes a record back to its topic as it first came (Kindly's retry bookkeeping reset). */
export type Rewrite = RewriteRecord;

export function deadLettersRoutes(
  app: OperatorApp,
  deps: RouteDeps & { readonly deadLetters: DeadLetters; readonly rewrite: Rewrite },
): void {
  const tags = ['dead-letters'];
  app.get(
    '/v1/dead-letters',
    {
      config: { permission: 'dead-letters:manage' },
      schema: {
        summary: 'Dead letters, newest first, by topic and reason (never their content)',
        tags,
        querystring: z.strictObject({
          topic: TopicName.optional(),
          reason: FailureReason.optional(),
          replayed: z.enum(['true', 'false']).optional(),
          limit: z.coerce.number().int().min(1).max(500).default(100),
        }),
        response: {
          200: z.strictObject({ deadLetters: z.array(DeadLetterView) }),
          ...COMMON_PROBLEMS,
        },
      },
    },
    async (request) => {
      const { topic, reason, replayed, limit } = request.query;
      const found = await deps.deadLetters.find({
        limit,
        ...(topic !== undefined ? { topic } : {}),
        ...(reason !== undefined ? { reason } : {}),
        ...(replayed !== undefined ? { replayed: replayed === 'true' } : {}),
      });
      return { deadLetters: found.map((letter) => ({ ...letter })) };
    },
  );

  app.get(
    '/v1/dead-letters/summary',
    {
      config: { permission: 'dead-letters:manage' },
      schema: {
        summary: 'How many dead letters wait and were replayed, by topic and reason',
        tags,
        response: {
          200: z.strictObject({
            counts: z.array(
              z.strictObject({
                topic: z.string(),
                reason: z.string(),
                waiting: z.number().int(),
                replayed: z.number().int(),
              }),
            ),
          }),
          ...COMMON_PROBLEMS,
        },
      },
    },
    async () => ({ counts: await deps.deadLetters.counts() }),
  );

  app.post(
    '/v1/dead-letters/replay',
    {
      config: { permission: 'dead-letters:manage' },
      schema: {
        summary:
          'Replays dead letters not yet replayed: those named, or those of a topic and reason',
        tags,
        body: z
          .strictObject({
            ids: z.array(z.string().min(1).max(300)).min(1).max(500).optional(),
            topic: TopicName.optional(),
            failureReason: FailureReason.optional(),
            limit: z.number().int().min(1).max(500).default(100),
            reason: z.string().trim().min(1).max(400).describe('Why (the fix), for the audit'),
          })
          .refine((b) => b.ids !== undefined || b.topic !== undefined, {
            path: ['topic'],
            message: 'name the dead letters (ids) or their topic',
          }),
        response: {
          200: z.strictObject({ replayed: z.number().int(), ids: z.array(z.string()) }),
          ...COMMON_PROBLEMS,
          500: problemResponse(
            'A failure on our side; `replay-not-recorded`: letters were written back (`ids`) but the audit could not record the replay',
          ),
          ...BODY_PROBLEMS,
        },
      },
    },
    async (request) => {
      const principal = principalOf(request);
      const { ids, topic, failureReason, limit, reason } = request.body;
      const { replayed, ids: replayedIds } = await replayDeadLetters(
        deps,
        {
          limit,
          reason,
          ...(ids !== undefined ? { ids } : {}),
          ...(topic !== undefined ? { topic } : {}),
          ...(failureReason !== undefined ? { failureReason } : {}),
        },
        principal,
        deps.clock.now().toJSDate(),
      ).catch((error: unknown) => {
        if (!(error instanceof ReplayNotRecorded)) throw error;
        deps.logger.error(
          { replayed: error.ids.length, by: principal.keyId, error: safeErrorText(error.cause) },
          'dead letters written back, but their replay is not in the audit',
        );
        throw new ProblemError(replayNotRecorded(error));
      });
      deps.logger.info({ replayed, by: principal.keyId }, 'dead letters replayed');
      return { replayed, ids: replayedIds };
    },
  );
}

/**
 * Letters were written back but the audit could not record it: a plain 500 would leave the
 * operator to think nothing happened, and retry (the letters are marked replayed, so a retry
 * finds none). The answer says what was written back, by id, so that it can be recorded by hand.
 */
export function replayNotRecorded(error: ReplayNotRecorded): Problem {
  return problem(
    500,
    'replay-not-recorded',
    'Replay Not Recorded',
    `${error.ids.length} dead letters were written back (they show as replayed; \`ids\` names them), but the audit could not record their replay: record it by hand.`,
    { ids: [...error.ids] },
  );
}
