/**
 * The operator API's app: fastify with zod schemas for every request and response (validated on
 * the way in, checked on the way out), the OpenAPI 3.1 document made from those same schemas,
 * the key check and each route's permission before anything else, a rate limit per key, and RFC
 * 9457 problem bodies for every refusal. Fastify's request logging is off (URLs carry account
 * ids); each route logs what it decided.
 */
import rateLimit from '@fastify/rate-limit';
import swagger from '@fastify/swagger';
import {
  jsonSchemaTransform,
  jsonSchemaTransformObject,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { addJsonBodyParser, createHttpApp, problem, ProblemError } from '@kindly/http';
import type { Logger } from '@kindly/logger';
import { PERMISSIONS } from '../access/permissions.js';
import type { ApiKeys } from '../data-access/api-keys.repository.js';
import { authenticate } from './principal.js';
import { validationProblem } from './problems.js';

export type OperatorApp = Awaited<ReturnType<typeof createOperatorApp>>;

export interface OperatorApiOptions {
  readonly keys: ApiKeys;
  readonly logger: Logger;
  /** Requests a key may make in a minute; the rest get 429. */
  readonly ratePerMinute: number;
  /** The API's version, in the OpenAPI document. */
  readonly version: string;
}

/**
 * The largest body a route takes: a campaign file is the largest thing sent, and its schema keeps
 * even the most escaped valid one under this (see the campaign routes), so a body the document
 * calls valid never meets 413.
 */
export const MAX_BODY_BYTES = 256 * 1024;

export const API_TITLE = 'Kindly operator API';

export async function createOperatorApp(options: OperatorApiOptions) {
  const base = createHttpApp({
    logger: options.logger,
    bodyLimit: MAX_BODY_BYTES,
    problemOf: validationProblem,
  });
  addJsonBodyParser(base);
  base.setValidatorCompiler(validatorCompiler);
  base.setSerializerCompiler(serializerCompiler);
  const app = base.withTypeProvider<ZodTypeProvider>();
  app.addHook('onRequest', authenticate(options.keys, options.logger));
  // Each operation says which roles may call it, from the one table the key check reads.
  app.addHook('onRoute', (route) => {
    const permission = route.config?.permission;
    if (permission === undefined || route.schema === undefined) return;
    const roles = PERMISSIONS[permission].join(', ');
    route.schema = { ...route.schema, description: `Roles: ${roles} (\`${permission}\`).` };
  });
  await app.register(rateLimit, {
    // After the key check: counted per key, so one team's script cannot starve another's.
    hook: 'preHandler',
    max: options.ratePerMinute,
    timeWindow: 60_000,
    keyGenerator: (request) => request.principal?.keyId ?? request.ip,
    // Thrown by the plugin: the shared error handler answers with the problem it carries.
    errorResponseBuilder: (_request, context) =>
      new ProblemError(
        problem(
          429,
          'too-many-requests',
          'Too Many Requests',
          `This key may make ${context.max} requests a minute.`,
        ),
      ),
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: API_TITLE,
        version: options.version,
        description:
          'One API for every team that works in Kindly. Every request but `GET /openapi.json` and `GET /healthz` wants `Authorization: Bearer <API key>`; each key has one role (agent, operator, marketing, auditor, admin) and each operation says which roles may call it. Every write is recorded in the audit. Refusals are RFC 9457 problem bodies.',
      },
      components: {
        securitySchemes: {
          apiKey: { type: 'http', scheme: 'bearer', bearerFormat: 'kindly_<id>_<secret>' },
        },
      },
      security: [{ apiKey: [] }],
    },
    transform: jsonSchemaTransform,
    // The problem body once, in `components`, referred to by every refusal.
    transformObject: jsonSchemaTransformObject,
  });
  app.get(
    '/openapi.json',
    { config: { open: true }, schema: { hide: true } },
    async (_request, reply) => reply.send(app.swagger()),
  );
  app.get('/healthz', { config: { open: true }, schema: { hide: true } }, async (_request, reply) =>
    reply.send({ ok: true }),
  );
  return app;
}
