import { z } from 'zod';
import { OperatorRole } from '@kindly/contracts';
import { PERMISSIONS, permissionsOf } from '../access/permissions.js';
import type { OperatorApp } from '../http/operator-api.js';
import { principalOf } from '../http/principal.js';
import { COMMON_PROBLEMS } from '../http/problems.js';

const Me = z.strictObject({
  keyId: z.string(),
  label: z.string(),
  role: OperatorRole,
  permissions: z.array(z.string()).describe('What the role may do: the console shows these pages'),
  rolesByPermission: z
    .record(z.string(), z.array(OperatorRole).readonly())
    .describe(
      'The whole permission table (public in this document too): the settings page shows it',
    ),
});

export function selfRoutes(app: OperatorApp): void {
  app.get(
    '/v1/me',
    {
      config: { permission: 'self:read' },
      schema: {
        summary: 'Who the key belongs to, its role and what it may do',
        tags: ['self'],
        response: { 200: Me, ...COMMON_PROBLEMS },
      },
    },
    (request, reply) => {
      const principal = principalOf(request);
      void reply.send({
        ...principal,
        permissions: permissionsOf(principal.role),
        rolesByPermission: PERMISSIONS,
      });
    },
  );
}
