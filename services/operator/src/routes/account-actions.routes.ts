/**
 * What operations may do to an account, each with a reason: set or clear the flags that stop
 * contact (a dispute, a cease request, a legal hold), record a consent given or withdrawn by
 * phone or in writing, or leave a note. Each becomes the event the engine already understands
 * (`account.status`, `contact.consent`), so the planner withdraws or allows what waits as for
 * the bank's own; and each is recorded in the account's audit chain (`operator.action`).
 */
import { z } from 'zod';
import {
  AccountFlag,
  AccountId,
  ContactConsentV1Payload,
  createEvent,
  deterministicId,
  Identifier,
  noDuplicates,
  OPERATIONS_ACCOUNT,
  Reference,
  type AccountStatusV1,
  type ContactConsentV1,
} from '@kindly/contracts';
import { problem, sendProblem } from '@kindly/http';
import type { OperatorApp } from '../http/operator-api.js';
import { principalOf } from '../http/principal.js';
import { BODY_PROBLEMS, COMMON_PROBLEMS } from '../http/problems.js';
import type { RouteDeps } from './route-deps.js';

const Reason = z.string().trim().min(1).max(500).describe('Why, for the audit');
/** How far ahead of the API's clock a consent may be dated: the clocks of people's machines. */
const CLOCK_SKEW_MS = 5 * 60_000;
/**
 * The account acted on: its id also names the action's subject in operator.action, an Identifier
 * (printable ASCII), so an id outside it is a 400 here rather than a 500 when the event refuses
 * it (the timeline reads any AccountId).
 */
const notOperations = (id: string) => id !== OPERATIONS_ACCOUNT;
const AccountParams = z.strictObject({
  tenantId: Identifier.refine(notOperations, 'the operations chain is no tenant'),
  accountId: AccountId.regex(/^[!-~]+$/, 'expected printable ASCII without spaces').refine(
    notOperations,
    'the operations chain is no account',
  ),
});
const Done = z.strictObject({ actionId: z.string().describe('The audit event’s action id') });

const [phone, email, letter] = ContactConsentV1Payload.options;
/**
 * An address the document's `format: email` takes: SMTP's 64 characters at most before the `@`
 * (RFC 5321), which zod's check leaves to us. (The contract's EmailAddress should say it too.)
 */
const ConsentEmail = email.shape.address.refine((address) => address.lastIndexOf('@') <= 64, {
  message: 'at most 64 characters before the @',
});
/**
 * Where a person at the bank took the customer's word: not a channel whose own records make
 * consent events (a STOP reply, an unsubscribe link, a provider, the bank's web or app), so that
 * an operator's entry never passes for one of those.
 */
const OperatorConsentSource = z.enum(['phone-call', 'written', 'agent', 'branch']);
const operatorFields = { source: OperatorConsentSource, reason: Reason };
const ConsentChange = z.discriminatedUnion('channel', [
  phone.omit({ accountId: true }).extend(operatorFields),
  email.omit({ accountId: true }).extend({ address: ConsentEmail, ...operatorFields }),
  letter.omit({ accountId: true }).extend(operatorFields),
]);
const FlagChange = z
  .strictObject({
    set: z.array(AccountFlag).max(AccountFlag.options.length).default([]),
    cleared: z.array(AccountFlag).max(AccountFlag.options.length).default([]),
    reference: Reference.optional().describe('A case or document number, never a note'),
    reason: Reason,
  })
  .refine((change) => change.set.length + change.cleared.length > 0, {
    path: ['set'],
    message: 'set or clear at least one flag',
  })
  // As account.status wants: a flag named twice was a 500 when the event refused it.
  .refine((change) => noDuplicates([...change.set, ...change.cleared]), {
    path: ['cleared'],
    message: 'a flag is named twice',
  });

export interface AccountEventPublisher {
  status(events: AccountStatusV1[]): Promise<void>;
  consent(events: ContactConsentV1[]): Promise<void>;
}

const instant = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

export function accountActionsRoutes(
  app: OperatorApp,
  deps: RouteDeps & { readonly accountEvents: AccountEventPublisher },
): void {
  const tags = ['accounts'];
  const base = '/v1/accounts/:tenantId/:accountId';

  app.post(
    `${base}/flags`,
    {
      config: { permission: 'accounts:act' },
      schema: {
        summary: 'Sets or clears the flags that stop contact (dispute, cease, legal hold…)',
        tags,
        params: AccountParams,
        body: FlagChange,
        response: { 201: Done, ...COMMON_PROBLEMS, ...BODY_PROBLEMS },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const { tenantId, accountId } = request.params;
      const { set, cleared, reference, reason } = request.body;
      const at = deps.clock.now().toJSDate();
      const actionId = deps.newActionId();
      const eventId = deterministicId('operator.account-status', actionId);
      await deps.accountEvents.status([
        createEvent('account.status', {
          eventId,
          occurredAt: instant(at),
          correlationId: eventId,
          causationId: null,
          tenantId,
          payload: {
            accountId,
            set,
            cleared,
            effectiveAt: instant(at),
            ...(reference !== undefined ? { reference } : {}),
          },
        }),
      ]);
      await deps.actions.record(
        principal,
        {
          action: 'account.flags',
          subject: { kind: 'account', id: accountId },
          account: { tenantId, accountId },
          reason,
        },
        actionId,
        at,
      );
      deps.logger.info({ set, cleared, by: principal.keyId }, 'account flags changed');
      return reply.code(201).send({ actionId });
    },
  );

  app.post(
    `${base}/consent`,
    {
      config: { permission: 'accounts:act' },
      schema: {
        summary: 'Records a consent the customer gave or withdrew (by phone, in writing…)',
        tags,
        params: AccountParams,
        body: ConsentChange,
        response: { 201: Done, ...COMMON_PROBLEMS, ...BODY_PROBLEMS },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const { tenantId, accountId } = request.params;
      const { reason, ...consent } = request.body;
      // Not in the future: a consent dated later would replace the one in force now (a STOP,
      // say) and count only from its date, leaving the customer with neither until then. A few
      // minutes' grace: the browser's clock that dated it may run ahead of ours.
      if (Date.parse(consent.at) > deps.clock.now().toMillis() + CLOCK_SKEW_MS) {
        return sendProblem(
          reply,
          problem(
            400,
            'invalid-request',
            'Invalid Request',
            'Some fields are missing or not valid.',
            {
              fields: [{ field: 'body.at', message: 'a consent cannot be dated in the future' }],
            },
          ),
        );
      }
      const at = deps.clock.now().toJSDate();
      const actionId = deps.newActionId();
      const eventId = deterministicId('operator.contact-consent', actionId);
      await deps.accountEvents.consent([
        createEvent('contact.consent', {
          eventId,
          occurredAt: instant(at),
          correlationId: eventId,
          causationId: null,
          tenantId,
          payload: { ...consent, accountId },
        }),
      ]);
      await deps.actions.record(
        principal,
        {
          action: 'account.consent',
          subject: { kind: 'account', id: accountId },
          account: { tenantId, accountId },
          reason,
        },
        actionId,
        at,
      );
      deps.logger.info(
        { channel: consent.channel, status: consent.status, by: principal.keyId },
        'consent recorded',
      );
      return reply.code(201).send({ actionId });
    },
  );

  app.post(
    `${base}/notes`,
    {
      config: { permission: 'accounts:act' },
      schema: {
        summary: 'Leaves a note on the account, kept in its audit chain',
        tags,
        params: AccountParams,
        body: z.strictObject({ note: Reason.describe('The note') }),
        response: { 201: Done, ...COMMON_PROBLEMS, ...BODY_PROBLEMS },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const { tenantId, accountId } = request.params;
      const actionId = deps.newActionId();
      await deps.actions.record(
        principal,
        {
          action: 'account.note',
          subject: { kind: 'account', id: accountId },
          account: { tenantId, accountId },
          reason: request.body.note,
        },
        actionId,
        deps.clock.now().toJSDate(),
      );
      return reply.code(201).send({ actionId });
    },
  );
}
