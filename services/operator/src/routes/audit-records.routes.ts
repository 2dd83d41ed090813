/**
 * The audit's records, for compliance: a query over the kept records (by tenant, account,
 * channel, type, period, template, campaign, status, rule), and their export as CSV (for a
 * spreadsheet: a byte order mark, formulas escaped) or JSON lines, streamed. Records as the audit
 * keeps them: addresses as keyed hashes, content sealed. An export is recorded in the audit: who
 * took which records out, and why (the filters and the reason in a POST body, not the URL).
 */
import { PassThrough } from 'node:stream';
import { z } from 'zod';
import {
  createAuditSearch,
  writeAuditCsv,
  writeAuditJsonLines,
  type AuditQuery,
} from '@kindly/audit';
import { AccountId, Identifier, OutreachChannel, Slug, UtcDateTime } from '@kindly/contracts';
import type { OperatorApp } from '../http/operator-api.js';
import { principalOf } from '../http/principal.js';
import { BODY_PROBLEMS, COMMON_PROBLEMS } from '../http/problems.js';
import type { RouteDeps } from './route-deps.js';

const Filters = {
  tenantId: Identifier.optional(),
  accountId: AccountId.optional(),
  channel: OutreachChannel.optional(),
  type: z
    .string()
    .regex(/^[a-z]+\.[a-z-]+$/, 'expected an event type')
    .optional(),
  from: UtcDateTime.optional().describe('Occurred at or after'),
  to: UtcDateTime.optional().describe('Occurred before'),
  templateId: Slug.optional(),
  campaignId: Slug.optional(),
  status: z
    .string()
    .regex(/^[a-z-]{1,30}$/)
    .optional(),
  rule: z
    .string()
    .regex(/^[A-Z][A-Z0-9_]{1,63}$/, 'expected a reason code')
    .optional(),
};

/** Records as the audit keeps them, at most as many as asked for: the search by address's too. */
export const RecordsFound = z.strictObject({
  records: z.array(
    z.looseObject({ tenantId: z.string(), accountId: z.string(), seq: z.number().int() }),
  ),
  more: z.boolean().describe('More records match: narrow the query or export'),
});

function queryOf(
  filters: { readonly [K in keyof typeof Filters]?: string | undefined },
  limit: number,
): AuditQuery {
  const defined = Object.fromEntries(Object.entries(filters).filter(([, v]) => v !== undefined));
  return { ...defined, limit };
}

export function auditRecordsRoutes(app: OperatorApp, deps: RouteDeps): void {
  const tags = ['audit'];
  const search = createAuditSearch(deps.db);

  app.get(
    '/v1/audit/records',
    {
      config: { permission: 'audit:read' },
      schema: {
        summary: 'The kept records a query finds, in chain order (at most `limit`)',
        tags,
        querystring: z.strictObject({
          ...Filters,
          limit: z.coerce.number().int().min(1).max(1_000).default(200),
        }),
        response: {
          200: RecordsFound,
          ...COMMON_PROBLEMS,
        },
      },
    },
    async (request) => {
      const { limit, ...filters } = request.query;
      const records = [];
      for await (const record of search.find(queryOf(filters, limit + 1)))
        records.push({ ...record });
      return { records: records.slice(0, limit), more: records.length > limit };
    },
  );

  // A POST: the reason is free text, kept out of URLs (and so out of access logs and proxies).
  app.post(
    '/v1/audit/export',
    {
      config: { permission: 'audit:read' },
      schema: {
        summary:
          'Every kept record a query finds, streamed as CSV or JSON lines; recorded in the audit',
        tags,
        body: z.strictObject({
          ...Filters,
          format: z.enum(['csv', 'jsonl']).default('csv'),
          reason: z
            .string()
            .trim()
            .min(1)
            .max(200)
            .describe('Why the records are taken out, for the audit'),
        }),
        response: {
          200: {
            description: 'The records, as a file',
            content: {
              'text/csv': { schema: z.string() },
              'application/x-ndjson': { schema: z.string() },
            },
          },
          ...COMMON_PROBLEMS,
          ...BODY_PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const { format, reason, ...filters } = request.body;
      const taken = Object.fromEntries(
        Object.entries(filters).filter(
          (entry): entry is [string, string] => entry[1] !== undefined,
        ),
      );
      await deps.actions.record(
        principal,
        {
          action: 'audit.export',
          subject: { kind: 'audit', id: `records.${format}` },
          reason,
          // Which records left: the query, as asked.
          details: taken,
        },
        deps.newActionId(),
        deps.clock.now().toJSDate(),
      );
      const out = new PassThrough();
      const records = search.find(queryOf(filters, 0));
      const writing =
        format === 'csv'
          ? writeAuditCsv(records, out, { byteOrderMark: true, escapeFormulas: true })
          : writeAuditJsonLines(records, out);
      writing.catch((error: unknown) =>
        out.destroy(error instanceof Error ? error : new Error('export failed')),
      );
      deps.logger.info({ format, by: principal.keyId }, 'audit records exported');
      // A stream, not a value the response schema could check: the document names its types.
      void reply
        .type(format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson')
        .header('content-disposition', `attachment; filename="audit-records.${format}"`);
      return reply.send(out as never);
    },
  );
}
