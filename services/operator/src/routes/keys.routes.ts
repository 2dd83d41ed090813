/**
 * API keys, for admins: create (the key is shown once, only its hash is kept), list, revoke.
 * Each create and revoke is recorded in the audit.
 */
import { z } from 'zod';
import { OperatorRole } from '@kindly/contracts';
import { problem, sendProblem } from '@kindly/http';
import { issueKey } from '../access/api-key.js';
import type { OperatorApp } from '../http/operator-api.js';
import { principalOf } from '../http/principal.js';
import { BODY_PROBLEMS, COMMON_PROBLEMS, NOT_FOUND } from '../http/problems.js';
import type { RouteDeps } from './route-deps.js';

const Label = z
  .string()
  .trim()
  .min(1)
  .max(100)
  .describe('Whose key it is (a team, a role, a person), shown in the audit');
const Reason = z.string().trim().min(1).max(500).describe('Why, for the audit');
const KeyId = z.string().regex(/^[a-z0-9]{12}$/, 'expected a key id (12 of a-z 0-9)');

const KeyView = z.strictObject({
  keyId: z.string(),
  label: z.string(),
  role: OperatorRole,
  createdAt: z.string(),
  createdBy: z.string(),
  revokedAt: z.string().optional(),
  revokedBy: z.string().optional(),
});

const instant = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function keysRoutes(app: OperatorApp, deps: RouteDeps): void {
  app.get(
    '/v1/keys',
    {
      config: { permission: 'keys:manage' },
      schema: {
        summary: 'Every API key, live and revoked (never a secret)',
        tags: ['keys'],
        response: { 200: z.strictObject({ keys: z.array(KeyView) }), ...COMMON_PROBLEMS },
      },
    },
    async () => {
      const keys = await deps.keys.list();
      return { keys: keys.map(({ secretHash: _hash, ...view }) => view) };
    },
  );

  app.post(
    '/v1/keys',
    {
      config: { permission: 'keys:manage' },
      schema: {
        summary: 'Creates a key with a role; the key is in this answer only',
        tags: ['keys'],
        body: z.strictObject({ label: Label, role: OperatorRole, reason: Reason }),
        response: {
          201: KeyView.extend({ key: z.string().describe('Shown once: keep it safe') }),
          ...COMMON_PROBLEMS,
          ...BODY_PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const issued = issueKey();
      const at = deps.clock.now().toJSDate();
      const record = {
        keyId: issued.keyId,
        label: request.body.label,
        role: request.body.role,
        secretHash: issued.secretHash,
        createdAt: instant(at),
        createdBy: principal.keyId,
      };
      await deps.keys.insert(record);
      await deps.actions.record(
        principal,
        {
          action: 'key.create',
          subject: { kind: 'key', id: issued.keyId },
          reason: request.body.reason,
        },
        deps.newActionId(),
        at,
      );
      deps.logger.info(
        { keyId: issued.keyId, role: record.role, by: principal.keyId },
        'key created',
      );
      const { secretHash: _hash, ...view } = record;
      return reply.code(201).send({ ...view, key: issued.key });
    },
  );

  app.post(
    '/v1/keys/:keyId/revoke',
    {
      config: { permission: 'keys:manage' },
      schema: {
        summary: 'Revokes a key: its next request is refused',
        tags: ['keys'],
        params: z.strictObject({ keyId: KeyId }),
        body: z.strictObject({ reason: Reason }),
        response: { 200: KeyView, 404: NOT_FOUND, ...COMMON_PROBLEMS, ...BODY_PROBLEMS },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const at = deps.clock.now().toJSDate();
      const { keyId } = request.params;
      if (!(await deps.keys.revoke(keyId, principal.keyId, instant(at)))) {
        return sendProblem(
          reply,
          problem(404, 'key-not-found', 'Not Found', 'There is no live key with this id.'),
        );
      }
      await deps.actions.record(
        principal,
        { action: 'key.revoke', subject: { kind: 'key', id: keyId }, reason: request.body.reason },
        deps.newActionId(),
        at,
      );
      deps.logger.info({ keyId, by: principal.keyId }, 'key revoked');
      const record = await deps.keys.get(keyId);
      if (record === undefined) throw new Error('a revoked key vanished');
      const { secretHash: _hash, ...view } = record;
      return view;
    },
  );
}
