/**
 * A kept message's content, for the people allowed to read what was said to a customer
 * (`accounts:content`): the audit keeps it sealed, and this opens it with the audit's evidence
 * keys. A POST, not a GET: the caller says why in the body (free text, kept out of URLs and
 * logs), and each viewing is recorded in the account's audit chain (`message.view`) before the
 * content is answered. Nothing of the content or the reason is logged.
 */
import { z } from 'zod';
import { messageContentIn } from '@kindly/audit';
import { Identifier } from '@kindly/contracts';
import { problem, sendProblem } from '@kindly/http';
import type { OperatorApp } from '../http/operator-api.js';
import { principalOf } from '../http/principal.js';
import { BODY_PROBLEMS, COMMON_PROBLEMS, NOT_FOUND, problemResponse } from '../http/problems.js';
import type { RouteDeps } from './route-deps.js';

const Params = z.strictObject({
  tenantId: Identifier,
  // An account id names the audit's chain; the viewing is recorded there (an Identifier).
  accountId: Identifier,
  messageId: Identifier,
});
const Body = z.strictObject({
  reason: z.string().trim().min(1).max(500).describe('Why the content is read, for the audit'),
});
const Content = z.union([
  z.strictObject({ body: z.string(), encoding: z.string(), segments: z.number().int() }),
  z.strictObject({ subject: z.string(), text: z.string(), html: z.string() }),
  z.strictObject({ pages: z.number().int(), storageRef: z.string().optional() }),
]);
const Viewed = z.strictObject({
  messageId: z.string(),
  channel: z.string(),
  renderedAt: z.string().describe('When the message was rendered (UTC)'),
  content: Content.describe(
    'As it was sent: an SMS’s text, an e-mail’s subject, text and HTML, a letter’s page count',
  ),
  actionId: z.string().describe('The viewing’s action id in the audit'),
});

/** 501 as for the search without its key: nothing is away that will come back by itself. */
const NO_KEYS = problem(
  501,
  'content-keys-not-configured',
  'Content Keys Not Configured',
  'This server has no evidence keys (AUDIT_EVIDENCE_KEYS): message content cannot be opened here.',
);
const NO_MESSAGE = problem(
  404,
  'message-not-found',
  'Not Found',
  'The account has no rendered message of that id in the audit.',
);
const EXPIRED = problem(
  410,
  'content-expired',
  'Content Expired',
  'Retention removed this message’s content; its record remains in the chain.',
);

/**
 * 500 with its own type: the evidence opened is not what the chain's digest holds, which is no
 * request's fault and must not look like any other server error to whoever investigates.
 */
const TAMPERED = problem(
  500,
  'content-tampered',
  'Content Does Not Match Its Record',
  'The kept content does not match the digest its audit record holds; it is not shown.',
);

/** What the route shows of a content: no e-mail headers, no letter's PDF bytes. */
function shown(content: unknown): z.infer<typeof Content> {
  const c = content as Record<string, unknown>;
  if (typeof c['body'] === 'string') {
    return {
      body: c['body'],
      encoding: String(c['encoding']),
      segments: Number(c['segments']),
    };
  }
  if (typeof c['subject'] === 'string') {
    return { subject: c['subject'], text: String(c['text']), html: String(c['html']) };
  }
  return {
    pages: Number(c['pages']),
    ...(typeof c['storageRef'] === 'string' ? { storageRef: c['storageRef'] } : {}),
  };
}

export function messageContentRoutes(app: OperatorApp, deps: RouteDeps): void {
  app.post(
    '/v1/accounts/:tenantId/:accountId/messages/:messageId/content',
    {
      config: { permission: 'accounts:content' },
      schema: {
        summary:
          'Opens a kept message’s content; the viewing is recorded in the audit with its reason',
        tags: ['accounts'],
        params: Params,
        body: Body,
        response: {
          200: Viewed,
          404: NOT_FOUND,
          410: problemResponse('Retention removed the content; the record remains'),
          501: problemResponse('This server has no evidence keys (AUDIT_EVIDENCE_KEYS)'),
          ...COMMON_PROBLEMS,
          ...BODY_PROBLEMS,
          500: problemResponse(
            'A failure on our side; `content-tampered`: the kept content does not match its record’s digest',
          ),
        },
      },
    },
    async (request, reply) => {
      const keys = deps.audit.evidenceKeys;
      if (keys === undefined) return sendProblem(reply, NO_KEYS);
      const { tenantId, accountId, messageId } = request.params;
      const found = await messageContentIn(deps.db, keys, { tenantId, accountId, messageId });
      if (!found.found) return sendProblem(reply, NO_MESSAGE);
      if (found.expired) return sendProblem(reply, EXPIRED);
      if (found.tampered) {
        deps.logger.error({ messageId }, 'message content does not match its audit digest');
        return sendProblem(reply, TAMPERED);
      }
      const now = deps.clock.now();
      const actionId = deps.newActionId();
      // Recorded before the content is answered: no one reads it without the chain saying so.
      await deps.actions.record(
        principalOf(request),
        {
          action: 'message.view',
          subject: { kind: 'message', id: messageId },
          account: { tenantId, accountId },
          reason: request.body.reason,
        },
        actionId,
        now.toJSDate(),
      );
      deps.logger.info({ messageId, actionId }, 'message content viewed');
      return {
        messageId,
        channel: found.channel,
        renderedAt: found.renderedAt,
        content: shown(found.content),
        actionId,
      };
    },
  );
}
