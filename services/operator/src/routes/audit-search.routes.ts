/**
 * The audit's records of one address (a phone number or an e-mail address) or of one customer
 * (the holder's full name as the bank gave it), for compliance, as `kindly audit query --address`
 * and `--customer` find them: the audit keeps every address and name only as its keyed hash, so
 * the API makes the same hash with the audit's address key and looks that up. The address or name
 * comes in the body, never in a URL (proxies and browsers log URLs), and goes nowhere else: not
 * into a log, not into the audit. The search is recorded in the audit by that keyed hash, which an
 * examiner who holds the key can match to the customer it stands for.
 */
import { z } from 'zod';
import { createAuditSearch, type FoundRecord } from '@kindly/audit';
import { EmailAddress, PhoneNumber, UtcDateTime } from '@kindly/contracts';
import { problem, sendProblem } from '@kindly/http';
import type { OperatorApp } from '../http/operator-api.js';
import { principalOf } from '../http/principal.js';
import { BODY_PROBLEMS, COMMON_PROBLEMS, problemResponse } from '../http/problems.js';
import { RecordsFound } from './audit-records.routes.js';
import type { RouteDeps } from './route-deps.js';

/**
 * An e-mail address as the document's `format: email` takes it: at most 64 characters before the
 * `@` (RFC 5321), which zod's check leaves to us.
 */
const Email = EmailAddress.refine((address) => address.lastIndexOf('@') <= 64);

const Search = z
  .strictObject({
    address: z
      .union([PhoneNumber, Email], {
        error: 'expected a phone number in E.164 or an e-mail address',
      })
      .optional()
      .describe('A phone number in E.164 (`+8613800138000`) or an e-mail address'),
    customer: z
      .string()
      .trim()
      .min(1)
      .max(300)
      .optional()
      .describe('Or: the holder’s full name as the bank gave it (given, middle, family)'),
    from: UtcDateTime.optional().describe('Occurred at or after'),
    to: UtcDateTime.optional().describe('Occurred before'),
    limit: z.number().int().min(1).max(1_000).default(200),
  })
  .refine((search) => (search.address === undefined) !== (search.customer === undefined), {
    message: 'give an address or a customer, one of them',
    path: ['address'],
  });

/**
 * 501, not 503: nothing is away that will come back by itself. This deployment was not given the
 * key the search needs, and no retry finds it there; a 503 invites clients and proxies to retry
 * (ours say when, with `retry-after`), a 501 says the server does not do this.
 */
const NOT_CONFIGURED = problem(
  501,
  'audit-search-not-configured',
  'Search by Address Not Configured',
  'This deployment has no address key (AUDIT_ADDRESS_KEY), so it cannot search the audit by address or customer.',
);

/** When a record's event occurred; once its body has expired, when the audit kept it. */
const instantOf = (record: FoundRecord) => Date.parse(record.body?.occurredAt ?? record.recordedAt);
const newerFirst = (a: FoundRecord, b: FoundRecord) => instantOf(b) - instantOf(a) || b.seq - a.seq;

/**
 * The newest `limit` records of those found (which come in chain order, account by account), and
 * whether there were more. Sorted and cut as they come, so memory stays within a few times
 * `limit` however many records an address has.
 */
async function newestOf(
  records: AsyncIterable<FoundRecord>,
  limit: number,
): Promise<{ newest: FoundRecord[]; more: boolean }> {
  let kept: FoundRecord[] = [];
  let found = 0;
  for await (const record of records) {
    found += 1;
    kept.push(record);
    if (kept.length >= 2 * limit) kept = kept.sort(newerFirst).slice(0, limit);
  }
  return { newest: kept.sort(newerFirst).slice(0, limit), more: found > limit };
}

export function auditSearchRoutes(app: OperatorApp, deps: RouteDeps): void {
  const search = createAuditSearch(deps.db);

  app.post(
    '/v1/audit/search',
    {
      config: { permission: 'audit:read' },
      schema: {
        summary:
          'The kept records of a phone number, an e-mail address or a customer’s name, newest first (at most `limit`); recorded in the audit',
        tags: ['audit'],
        body: Search,
        response: {
          200: RecordsFound,
          501: problemResponse(
            'This deployment has no address key (`AUDIT_ADDRESS_KEY`): no search by address or customer',
          ),
          ...COMMON_PROBLEMS,
          ...BODY_PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const keys = deps.audit.searchKeys;
      if (keys === undefined) return sendProblem(reply, NOT_CONFIGURED);
      const principal = principalOf(request);
      const { address, customer, limit, from, to } = request.body;
      const addressKey =
        address !== undefined ? keys.address(address) : keys.customer(customer ?? '');
      const period = {
        ...(from !== undefined ? { from } : {}),
        ...(to !== undefined ? { to } : {}),
      };
      const { newest, more } = await newestOf(
        search.find({ addressKey, ...period, limit: 0 }),
        limit,
      );
      await deps.actions.record(
        principal,
        {
          action: 'audit.search',
          subject: { kind: 'audit', id: 'records.search' },
          // Whose records were looked at, by the key the audit knows the address by; never the
          // address itself, which the audit keeps nowhere.
          details: {
            by: address !== undefined ? 'address' : 'customer',
            addressKey,
            ...period,
            shown: String(newest.length),
          },
        },
        deps.newActionId(),
        deps.clock.now().toJSDate(),
      );
      deps.logger.info(
        { shown: newest.length, by: principal.keyId },
        'audit searched by address or customer',
      );
      return { records: newest.map((record) => ({ ...record })), more };
    },
  );
}
