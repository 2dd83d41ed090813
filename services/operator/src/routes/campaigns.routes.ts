/**
 * Campaigns, for marketing: validate and preview a campaign file (nothing is sent), launch it,
 * pause, resume and cancel it, see its status and its report. The same functions as `kindly
 * campaign`; each launch and each change of status is recorded in the audit.
 */
import { z } from 'zod';
import {
  campaignReportJson,
  buildCampaignReport,
  createLaunchesRepository,
  handedOffTotal,
  loadCampaign,
  operateLaunch,
  previewCampaign,
  previewJson,
  startLaunch,
  type Launch,
} from '@kindly/campaigns';
import { Slug } from '@kindly/contracts';
import { problem, sendProblem } from '@kindly/http';
import { MAX_BODY_BYTES, type OperatorApp } from '../http/operator-api.js';
import { roleMay } from '../access/permissions.js';
import { principalOf } from '../http/principal.js';
import { BODY_PROBLEMS, COMMON_PROBLEMS, NOT_FOUND, problemResponse } from '../http/problems.js';
import type { RouteDeps } from './route-deps.js';

/**
 * The longest campaign file taken, in characters (UTF-16 units, as JSON Schema counts them); the
 * files are a few kilobytes. JSON spends at most 6 bytes on one (`\uXXXX`), and the body limit
 * holds twice the longest valid body so escaped: a valid request is never a 413, and one whose
 * file or reason is too long (up to twice) is a 400 that names the field, not a 413.
 */
const SOURCE_MAX_CHARS = 20_000;
const REASON_MAX_CHARS = 500;
if (2 * (SOURCE_MAX_CHARS + REASON_MAX_CHARS) * 6 + 1024 > MAX_BODY_BYTES) {
  throw new Error('twice the longest valid campaign body would not fit in the body limit');
}

/** The campaign file's text; its problems name lines of this text, never quote it. */
const CampaignSource = z.strictObject({
  source: z
    .string()
    .min(1)
    .max(SOURCE_MAX_CHARS)
    .describe('The campaign file (YAML), as `kindly campaign validate` reads it'),
});
const Reason = z
  .string()
  .trim()
  .min(1)
  .max(REASON_MAX_CHARS)
  .describe('Why, for the launch and the audit');
const CampaignIdParams = z.strictObject({ campaignId: Slug });

const LaunchView = z
  .looseObject({
    campaignId: z.string(),
    name: z.string(),
    version: z.number().int(),
    status: z.enum(['running', 'paused', 'cancelled', 'completed']),
    sendBy: z.string(),
    handedOff: z.number().int().describe('Accounts handed to the planner so far'),
    counts: z.record(z.string(), z.unknown()),
    actions: z.array(
      z.looseObject({
        action: z.string(),
        at: z.string(),
        by: z.string(),
        reason: z.string().optional(),
      }),
    ),
  })
  .describe('A launch: its status, what its walk did, who did what to it');

function viewOf(launch: Launch) {
  return {
    campaignId: launch.campaignId,
    name: launch.campaign.name,
    version: launch.campaign.version,
    status: launch.status,
    sendBy: launch.sendBy,
    handedOff: handedOffTotal(launch.counts),
    counts: { ...launch.counts },
    actions: launch.actions.map((a) => ({ ...a })),
    ...(launch.reach ? { reach: { ...launch.reach } } : {}),
  };
}

const NO_LAUNCH = problem(
  404,
  'campaign-not-found',
  'Not Found',
  'There is no launch of this campaign.',
);
const FILE = 'campaign.yaml';
const instant = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, 'Z');
const invalid = (messages: readonly string[]) =>
  problem(
    422,
    'campaign-invalid',
    'Invalid Campaign',
    'The campaign file has problems: see `problems`.',
    {
      problems: messages,
    },
  );
const INVALID = problemResponse(
  'The campaign file has problems: `problems` names each one’s line and field',
);

export function campaignsRoutes(app: OperatorApp, deps: RouteDeps): void {
  const launches = createLaunchesRepository(deps.db);
  const tags = ['campaigns'];

  app.get(
    '/v1/campaigns',
    {
      config: { permission: 'campaigns:read' },
      schema: {
        summary: 'The launches, newest first',
        tags,
        response: { 200: z.strictObject({ campaigns: z.array(LaunchView) }), ...COMMON_PROBLEMS },
      },
    },
    async () => ({ campaigns: (await launches.newest(200)).map(viewOf) }),
  );

  app.get(
    '/v1/campaigns/:campaignId',
    {
      config: { permission: 'campaigns:read' },
      schema: {
        summary: 'One launch',
        tags,
        params: CampaignIdParams,
        response: { 200: LaunchView, 404: NOT_FOUND, ...COMMON_PROBLEMS },
      },
    },
    async (request, reply) => {
      const launch = await launches.get(request.params.campaignId);
      return launch === undefined ? sendProblem(reply, NO_LAUNCH) : viewOf(launch);
    },
  );

  app.get(
    '/v1/campaigns/:campaignId/report',
    {
      config: { permission: 'campaigns:read' },
      schema: {
        summary: 'Attribution per variant and for the holdout: paid, conversion, uplift, cost',
        tags,
        params: CampaignIdParams,
        querystring: z.strictObject({ tenant: Slug.optional() }),
        response: {
          200: z.looseObject({ groups: z.array(z.looseObject({})).readonly() }),
          404: NOT_FOUND,
          409: problemResponse('The campaign reached several tenants: name one with `tenant`'),
          ...COMMON_PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const tenant = request.query.tenant;
      const built = await buildCampaignReport(
        deps.db,
        request.params.campaignId,
        tenant !== undefined ? { tenant } : {},
      );
      if (built.kind === 'no-launch') return sendProblem(reply, NO_LAUNCH);
      if (built.kind === 'tenant-needed') {
        return sendProblem(
          reply,
          problem(409, 'tenant-needed', 'Tenant Needed', 'The campaign reached several tenants.', {
            tenants: built.tenants,
          }),
        );
      }
      const json = campaignReportJson(built.report);
      return { ...json, groups: json.groups.map((group) => ({ ...group })) };
    },
  );

  app.post(
    '/v1/campaigns/validate',
    {
      config: { permission: 'campaigns:read' },
      schema: {
        summary: 'Checks a campaign file; nothing is stored',
        tags,
        body: CampaignSource,
        response: {
          200: z.strictObject({ campaignId: z.string(), version: z.number().int() }),
          422: INVALID,
          ...COMMON_PROBLEMS,
          ...BODY_PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const loaded = loadCampaign(request.body.source, FILE);
      if (!loaded.ok) return sendProblem(reply, invalid(loaded.messages));
      return { campaignId: loaded.campaign.campaignId, version: loaded.campaign.version };
    },
  );

  app.post(
    '/v1/campaigns/preview',
    {
      config: { permission: 'campaigns:read' },
      schema: {
        summary:
          'What a launch would do now, without sending: segment, left out by reason, samples',
        tags,
        body: CampaignSource.extend({
          samples: z.number().int().min(0).max(5).default(1).describe('Samples per variant'),
        }),
        response: {
          200: z.looseObject({
            campaignId: z.string(),
            samples: z.array(z.looseObject({})).readonly(),
            samplesWithheld: z
              .boolean()
              .optional()
              .describe('Samples are real customers’: shown to roles that may read accounts'),
          }),
          422: INVALID,
          ...COMMON_PROBLEMS,
          ...BODY_PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      // Sample messages are real customers' (names, amounts): only for a role that may read
      // accounts. Others get the numbers, and are told the samples were withheld.
      const mayReadAccounts = roleMay(principalOf(request).role, 'accounts:read');
      const result = await previewCampaign(
        deps.db,
        request.body.source,
        FILE,
        {
          samples: mayReadAccounts ? request.body.samples : 0,
          ...(deps.campaigns.fallbackSender
            ? { fallbackSender: deps.campaigns.fallbackSender }
            : {}),
        },
        deps.clock.now().toJSDate(),
      );
      if (!result.ok) return sendProblem(reply, invalid(result.messages));
      const json = previewJson(result);
      return {
        ...json,
        samples: json.samples.map((sample) => ({ ...sample })),
        ...(mayReadAccounts || request.body.samples === 0 ? {} : { samplesWithheld: true }),
      };
    },
  );

  app.post(
    '/v1/campaigns',
    {
      config: { permission: 'campaigns:run' },
      schema: {
        summary: 'Launches a campaign file: the campaigns service walks its segment',
        tags,
        body: CampaignSource.extend({ reason: Reason }),
        response: {
          201: LaunchView,
          409: problemResponse('This campaign was launched before: a campaign is walked once'),
          422: INVALID,
          ...COMMON_PROBLEMS,
          ...BODY_PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const at = deps.clock.now().toJSDate();
      const outcome = await startLaunch(launches, {
        bytes: Buffer.from(request.body.source, 'utf8'),
        file: FILE,
        by: principal.keyId,
        at: instant(at),
      });
      if (outcome.kind === 'invalid') return sendProblem(reply, invalid(outcome.messages));
      if (outcome.kind === 'exists') {
        return sendProblem(
          reply,
          problem(
            409,
            'campaign-launched-before',
            'Launched Before',
            'A campaign is walked once: give a new campaign a new id.',
            {
              status: outcome.launch.status,
              sameFile: outcome.sameFile,
            },
          ),
        );
      }
      await deps.actions.record(
        principal,
        {
          action: 'campaign.launch',
          subject: { kind: 'campaign', id: outcome.launch.campaignId },
          reason: request.body.reason,
        },
        deps.newActionId(),
        at,
      );
      deps.logger.info(
        { campaign: outcome.launch.campaignId, by: principal.keyId },
        'campaign launched',
      );
      return reply.code(201).send(viewOf(outcome.launch));
    },
  );

  for (const action of ['pause', 'resume', 'cancel'] as const) {
    app.post(
      `/v1/campaigns/:campaignId/${action}`,
      {
        config: { permission: 'campaigns:run' },
        schema: {
          summary: {
            pause: 'Stops handing accounts on from the next round; what still waits is withdrawn',
            resume: 'Carries on a paused launch where it stopped',
            cancel: 'Stops a launch for good; what still waits is withdrawn',
          }[action],
          tags,
          params: CampaignIdParams,
          body: z.strictObject({ reason: Reason }),
          response: {
            200: LaunchView,
            404: NOT_FOUND,
            409: problemResponse('The launch’s status does not allow it'),
            ...COMMON_PROBLEMS,
            ...BODY_PROBLEMS,
          },
        },
      },
      async (request, reply) => {
        const principal = principalOf(request);
        const at = deps.clock.now().toJSDate();
        const { campaignId } = request.params;
        const outcome = await operateLaunch(launches, campaignId, {
          action,
          at: instant(at),
          by: principal.keyId,
          reason: request.body.reason,
        });
        if (outcome.kind === 'unknown') return sendProblem(reply, NO_LAUNCH);
        if (outcome.kind === 'not-now') {
          return sendProblem(
            reply,
            problem(
              409,
              'campaign-not-now',
              'Not Now',
              `A ${outcome.status} launch cannot be told to ${action}.`,
              {
                status: outcome.status,
              },
            ),
          );
        }
        await deps.actions.record(
          principal,
          {
            action: `campaign.${action}`,
            subject: { kind: 'campaign', id: campaignId },
            reason: request.body.reason,
          },
          deps.newActionId(),
          at,
        );
        deps.logger.info(
          { campaign: campaignId, action, by: principal.keyId },
          'campaign operated',
        );
        return viewOf(outcome.launch);
      },
    );
  }
}
