import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import twilio from 'twilio';
import { z } from 'zod';
import type { Clock } from '@kindly/clock';
import { problem, sendProblem } from '@kindly/http';
import { AccountId, Identifier } from '@kindly/contracts';
import type { Logger } from '@kindly/logger';
import { handleInboundSms, type InboundSmsDeps } from '../domain/handle-inbound-sms.use-case.js';
import { recordSmsStatus, type SmsStatusDeps } from '../domain/record-sms-status.use-case.js';
import { formOf, single, type FormParams } from './form-body.js';
import type { TwilioWebhookAuth } from './twilio-webhook-auth.js';

export interface TwilioRouteDeps {
  readonly auth: TwilioWebhookAuth;
  readonly outcomes: SmsStatusDeps;
  readonly inbound: InboundSmsDeps;
  readonly clock: Clock;
  readonly logger: Logger;
}

/** The ids the dispatcher puts on the status callback URL (signed by Twilio with the rest). */
const StatusQuery = z.object({
  messageId: Identifier,
  accountId: AccountId,
  tenantId: Identifier,
  attempt: z.coerce.number().int().min(1).max(100),
});

const TWIML = 'text/xml; charset=utf-8';

const BAD_SIGNATURE = problem(
  403,
  'bad-signature',
  'Forbidden',
  'The request does not carry a valid X-Twilio-Signature.',
);
const NOT_A_STATUS_CALLBACK = problem(
  400,
  'not-a-status-callback',
  'Bad Request',
  'The callback lacks the message ids on its URL or a message status.',
);

/**
 * Twilio's webhooks: message status callbacks and incoming messages, as forms (call it in a
 * scope whose only body parser is the form's). A request without a valid `X-Twilio-Signature`
 * gets 403 and changes nothing.
 */
export function registerTwilioRoutes(app: FastifyInstance, deps: TwilioRouteDeps): void {
  const signed = (request: FastifyRequest): FormParams | undefined => {
    const form = formOf(request.body);
    const header = request.headers['x-twilio-signature'];
    const signature = typeof header === 'string' ? header : undefined;
    return deps.auth(signature, request.url, form) ? form : undefined;
  };
  // Twilio reads only the status; the problem bodies are for whoever else is calling.
  const forbidden = (reply: FastifyReply, route: string) => {
    deps.logger.warn({ route }, 'webhook signature missing or invalid');
    return sendProblem(reply, BAD_SIGNATURE);
  };

  app.post('/twilio/status', async (request, reply) => {
    const form = signed(request);
    if (!form) return forbidden(reply, 'twilio/status');
    const query = StatusQuery.safeParse(request.query);
    const messageStatus = single(form, 'MessageStatus') ?? single(form, 'SmsStatus');
    if (!query.success || !messageStatus) {
      deps.logger.warn({ route: 'twilio/status' }, 'status callback without our ids or a status');
      return sendProblem(reply, NOT_A_STATUS_CALLBACK);
    }
    const providerMessageId = single(form, 'MessageSid');
    const errorCode = single(form, 'ErrorCode');
    const to = single(form, 'To');
    const verdict = await recordSmsStatus(
      deps.outcomes,
      {
        ...query.data,
        messageStatus,
        ...(providerMessageId ? { providerMessageId } : {}),
        ...(errorCode ? { errorCode } : {}),
        ...(to ? { to } : {}),
      },
      deps.clock.now(),
    );
    deps.logger.info(
      {
        route: 'twilio/status',
        messageId: query.data.messageId,
        attempt: query.data.attempt,
        status: messageStatus,
        verdict,
      },
      'status callback',
    );
    return reply.code(204).send();
  });

  app.post('/twilio/inbound', async (request, reply) => {
    const form = signed(request);
    if (!form) return forbidden(reply, 'twilio/inbound');
    const from = single(form, 'From');
    const to = single(form, 'To');
    const inboundId = single(form, 'MessageSid') ?? single(form, 'SmsSid');
    const body = single(form, 'Body') ?? '';
    const response = new twilio.twiml.MessagingResponse();
    if (from && inboundId) {
      const verdict = await handleInboundSms(
        deps.inbound,
        { from, inboundId, body, ...(to ? { to } : {}) },
        deps.clock.now(),
      );
      if (verdict.reply) response.message(verdict.reply);
      // Neither the numbers nor the text: which kind of reply, whether the number that received
      // it is a tenant's, how many accounts it touched, whether it became a task.
      deps.logger.info(
        {
          route: 'twilio/inbound',
          inboundId,
          kind: verdict.kind,
          tenant: verdict.tenant,
          accounts: verdict.accounts,
          task: verdict.task,
          answered: verdict.reply !== undefined,
        },
        'inbound message',
      );
    }
    return reply.code(200).type(TWIML).send(response.toString());
  });
}
