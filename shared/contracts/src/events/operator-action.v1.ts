import { z } from 'zod';
import { eventSchema } from '../envelope.js';
import { AccountId, Identifier, Slug, UtcDateTime } from '../primitives.js';

/** The roles of the operator API's keys: what each team may do. */
export const OperatorRole = z.enum(['agent', 'operator', 'marketing', 'auditor', 'admin']);
export type OperatorRole = z.infer<typeof OperatorRole>;

/**
 * The chain an action on no one account is kept in (a campaign's launch, a key's creation): the
 * audit chains events by account, and these belong to the tenant's operations as a whole.
 */
export const OPERATIONS_ACCOUNT = '~operations';

/** What a person did through the operator API: each write is one of these. */
export const OperatorActionKind = z.enum([
  'key.create',
  'key.revoke',
  'campaign.launch',
  'campaign.pause',
  'campaign.resume',
  'campaign.cancel',
  'call.report',
  'reply.close',
  'account.flags',
  'account.consent',
  'account.note',
  'dead-letter.replay',
  'audit.export',
  'audit.search',
  'rules.propose',
  'rules.approve',
  'rules.reject',
  // Reading a message's sealed content (a read, but of what was said to a customer: kept).
  'message.view',
]);
export type OperatorActionKind = z.infer<typeof OperatorActionKind>;

/**
 * From the operator API: a person changed something (who, what, when, why), recorded in the
 * audit's chain of the account acted on, or of {@link OPERATIONS_ACCOUNT}. Written after the
 * change took effect; the event id derives from the action's own id, so a retried publish is
 * kept once.
 */
export const OperatorActionV1Payload = z.strictObject({
  accountId: AccountId.describe(
    `The account acted on, or "${OPERATIONS_ACCOUNT}" for an action on no one account`,
  ),
  actor: z.strictObject({
    keyId: Slug.describe('The API key the request carried (its id, never its secret)'),
    label: z.string().min(1).max(100).describe('Whose key it is, as the admin named it'),
    role: OperatorRole,
  }),
  action: OperatorActionKind,
  subject: z.strictObject({
    kind: z.enum([
      'account',
      'campaign',
      'key',
      'task',
      'dead-letter',
      'audit',
      'rule-proposal',
      'message',
    ]),
    id: Identifier,
  }),
  reason: z.string().min(1).max(500).optional().describe('Why, in the person’s words'),
  details: z
    .record(z.string().regex(/^[A-Za-z]{1,30}$/), z.string().max(200))
    .optional()
    .describe('What exactly, where the subject does not say it (e.g. an export’s filters)'),
  at: UtcDateTime,
});
export type OperatorActionV1Payload = z.infer<typeof OperatorActionV1Payload>;

export const OperatorActionV1 = eventSchema('operator.action', 1, OperatorActionV1Payload);
export type OperatorActionV1 = z.infer<typeof OperatorActionV1>;
