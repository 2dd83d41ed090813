/**
 * The audit, for compliance: verify the record (every chain, every anchor) and the independent
 * re-check's violations. Reads only.
 */
import { z } from 'zod';
import { verifyAuditIn, violationsIn } from '@kindly/audit';
import type { OperatorApp } from '../http/operator-api.js';
import { COMMON_PROBLEMS } from '../http/problems.js';
import type { RouteDeps } from './route-deps.js';

export function auditRoutes(app: OperatorApp, deps: RouteDeps): void {
  const tags = ['audit'];
  app.post(
    '/v1/audit/verify',
    {
      config: { permission: 'audit:read' },
      schema: {
        summary: 'Verifies every account’s chain and every anchor; says where the record breaks',
        tags,
        response: {
          200: z
            .looseObject({
              ok: z.boolean(),
              records: z.number().int(),
              accounts: z.number().int(),
              anchorsChecked: z.number().int(),
            })
            .describe('The verdict, with the first broken chains and anchor if any'),
          ...COMMON_PROBLEMS,
        },
      },
    },
    async () => ({
      // On the wall clock, as the audit records and anchors: the business clock (a demo's, a
      // test's) says nothing about which periods have been anchored.
      ...(await verifyAuditIn(deps.db, { ...deps.audit, nowMs: Date.now() })),
    }),
  );

  app.get(
    '/v1/audit/violations',
    {
      config: { permission: 'audit:read' },
      schema: {
        summary: 'Every send re-checked against the policy by the audit’s own rules',
        tags,
        response: {
          200: z
            .looseObject({ violations: z.array(z.looseObject({})).readonly() })
            .describe('The violations found'),
          ...COMMON_PROBLEMS,
        },
      },
    },
    async () => {
      const report = await violationsIn(deps.db);
      return { ...report, violations: report.violations.map((v) => ({ ...v })) };
    },
  );
}
