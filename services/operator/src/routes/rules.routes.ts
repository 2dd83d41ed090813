/**
 * Policy, strategy and template versions: what is in force, validate a text, propose a version, see its
 * diff and what it changes in the planner's example cases, and approve or reject it. Two people:
 * the one who approves is never the one who proposed (another key, another name, and neither key
 * made with the other). An approved
 * version is in force for every service from its next start (they read the rules once, at start,
 * so that one process never decides by two versions); each decision names the version's hash.
 */
import { randomBytes } from 'node:crypto';
import { createTwoFilesPatch } from 'diff';
import { z } from 'zod';
import { problem, sendProblem } from '@kindly/http';
import type { RuleKind } from '@kindly/mongo';
import { loadTemplateCatalog } from '@kindly/renderer';
import { loadPlanningRules } from '@kindly/rules';
import type { OperatorApp } from '../http/operator-api.js';
import { principalOf, type Principal } from '../http/principal.js';
import { BODY_PROBLEMS, COMMON_PROBLEMS, NOT_FOUND, problemResponse } from '../http/problems.js';
import { checkRuleText, type RuleProblem } from '../rules/rule-text.js';
import { problemsOfRuleSet, ruleTextsWith, type RuleTexts } from '../rules/rule-set-check.js';
import {
  NOT_RENDERED_UNUSED,
  sampleRendering,
  TEMPLATE_KEY,
  usedByAStrategy,
} from '../rules/template-text.js';
import { exampleCases, previewChanges } from '../rules/rule-preview.js';
import {
  createRuleProposalsRepository,
  type ApproveOutcome,
  type RuleProposal,
} from '../rules/rule-proposals.repository.js';
import { shippedRuleTexts, type RuleText } from '../rules/shipped-rules.js';
import type { RouteDeps } from './route-deps.js';

/** The longest rule text taken, in characters; the shipped policy is about 17,000. */
const TEXT_MAX_CHARS = 60_000;
const REASON_MAX_CHARS = 500;
/** Twice the longest valid body, every character escaped (`\uXXXX`): never a 413 for one. */
const RULES_BODY_LIMIT = 2 * (TEXT_MAX_CHARS + REASON_MAX_CHARS) * 6 + 1024;

const Kind = z.enum(['policy', 'strategy', 'template']);
const TemplateKey = z
  .string()
  .regex(TEMPLATE_KEY, 'expected <channel>/<template id>/<locale>')
  .describe(
    'For a template, which one: `<channel>/<template id>/<locale>`, e.g. `sms/reminder-friendly-sms/en-US`',
  );
const Text = z
  .string()
  .min(1)
  .max(TEXT_MAX_CHARS)
  .describe('The whole file (YAML), as the services read it');
const Reason = z.string().trim().min(1).max(REASON_MAX_CHARS).describe('Why, for the audit');
const RuleId = z
  .string()
  .regex(
    /^(policy|strategy:[A-Za-z0-9][A-Za-z0-9._-]{0,63}|template:(sms|email|letter|agent-call)\/[a-z0-9][a-z0-9-]{0,80}\/[a-z]{2}-[A-Z]{2})$/,
    'expected policy, strategy:<id> or template:<channel>/<id>/<locale>',
  )
  .describe('`policy`, `strategy:<strategy id>` or `template:<channel>/<template id>/<locale>`');
const ProposalParams = z.strictObject({
  proposalId: z.string().regex(/^rp-[0-9a-f]{16}$/, 'expected a proposal id (rp- and 16 hex)'),
});

const Person = z.strictObject({ keyId: z.string(), label: z.string() });
const InForceView = z.strictObject({
  ruleId: z.string(),
  kind: Kind,
  version: z.string().describe('The text’s own version, as written'),
  sha256: z.string(),
  source: z.enum(['shipped', 'approved']).describe('The deployment’s file, or an approval'),
  proposalId: z.string().optional(),
  approvedBy: Person.optional(),
  approvedAt: z.string().optional(),
});
const ProposalView = z.strictObject({
  proposalId: z.string(),
  kind: Kind,
  ruleId: z.string(),
  version: z.string().describe('The text’s own version, as written'),
  sha256: z.string(),
  basedOnSha256: z.string(),
  reason: z.string(),
  proposedBy: Person,
  proposedAt: z.string(),
  state: z.enum(['proposed', 'approved', 'rejected', 'superseded']),
  decidedBy: Person.optional(),
  decidedAt: z.string().optional(),
  decisionReason: z.string().optional(),
});
const DecisionView = z.looseObject({ decision: z.string(), reasons: z.array(z.string()) });
const Rendering = z.union([
  z.strictObject({
    text: z.string(),
    segments: z.number().int().optional(),
    pages: z.number().int().optional(),
  }),
  z.strictObject({ error: z.string() }),
]);

const INVALID = problemResponse('The text has problems: `problems` names each one’s line and path');
const invalid = (problems: RuleProblem[]) =>
  problem(422, 'rule-invalid', 'Invalid Rule', 'The text has problems: see `problems`.', {
    problems,
  });
const NO_PROPOSAL = problem(404, 'proposal-not-found', 'Not Found', 'There is no such proposal.');
const NO_RULE = problem(404, 'rule-not-found', 'Not Found', 'There is no such rule.');
const SAME_PERSON = problem(
  403,
  'same-person',
  'Second Person Needed',
  'A proposal is approved or rejected by someone other than who proposed it.',
);
const KEY_OF_THE_OTHER = problem(
  403,
  'same-person',
  'Second Person Needed',
  'A proposal is approved or rejected by someone other than who proposed it: a key one of them made for the other is not a second person.',
);

const instant = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, 'Z');
const personOf = (principal: Principal) => ({ keyId: principal.keyId, label: principal.label });
/** Another key, and another name on it: two keys of one person are not two people. */
const samePerson = (a: { keyId: string; label: string }, b: { keyId: string; label: string }) =>
  a.keyId === b.keyId || a.label.trim().toLowerCase() === b.label.trim().toLowerCase();

function proposalView({ text: _text, ...view }: RuleProposal) {
  return { ...view, proposedBy: { ...view.proposedBy }, ...decided(view) };
}
function decided(view: Omit<RuleProposal, 'text'>) {
  return view.decidedBy ? { decidedBy: { ...view.decidedBy } } : {};
}

export function rulesRoutes(app: OperatorApp, deps: RouteDeps): void {
  const proposals = createRuleProposalsRepository(deps.db);
  const shipped = shippedRuleTexts();
  const tags = ['rules'];

  /**
   * Whether one of the two keys was made with the other: an admin can make a key with any name,
   * so a second key of theirs with another name would otherwise pass for a second person.
   */
  async function madeOneForTheOther(proposerKeyId: string, approverKeyId: string) {
    const [proposer, approver] = await Promise.all([
      deps.keys.get(proposerKeyId),
      deps.keys.get(approverKeyId),
    ]);
    return proposer?.createdBy === approverKeyId || approver?.createdBy === proposerKeyId;
  }

  /** The check of a text alone, then with everything else in force (see rule-set-check.ts). */
  async function checkWithTheRest(kind: RuleKind, text: string, template?: string) {
    const approved = await proposals.inForce();
    const checked = await checkRuleText(kind, text, template, ruleTextsWith(approved));
    if (!checked.ok) return checked;
    const rest = ruleTextsWith(approved, { ruleId: checked.ruleId, text });
    const problems = problemsOfRuleSet(rest, deps.campaigns.fallbackSender);
    return problems.length === 0 ? checked : { ok: false as const, problems };
  }

  /** The version in force of each rule: the approved one, else the shipped file. */
  async function inForce(): Promise<Map<string, RuleText & z.infer<typeof InForceView>>> {
    const rules = new Map<string, RuleText & z.infer<typeof InForceView>>();
    for (const [ruleId, text] of shipped) rules.set(ruleId, { ...text, ruleId, source: 'shipped' });
    for (const approved of await proposals.inForce()) {
      rules.set(approved._id, {
        ruleId: approved._id,
        kind: approved.kind,
        text: approved.text,
        sha256: approved.sha256,
        version: approved.version,
        source: 'approved',
        proposalId: approved.proposalId,
        approvedBy: { ...approved.approvedBy },
        approvedAt: approved.approvedAt,
      });
    }
    return rules;
  }

  app.get(
    '/v1/rules',
    {
      config: { permission: 'rules:read' },
      schema: {
        summary: 'The policy and strategy versions in force (approved, or as shipped)',
        tags,
        response: { 200: z.strictObject({ rules: z.array(InForceView) }), ...COMMON_PROBLEMS },
      },
    },
    async () => ({
      rules: [...(await inForce()).values()].map(({ text: _text, ...view }) => view),
    }),
  );

  app.get(
    '/v1/rules/in-force/:ruleId',
    {
      config: { permission: 'rules:read' },
      schema: {
        summary: 'One rule in force, with its text',
        tags,
        params: z.strictObject({ ruleId: RuleId }),
        response: {
          200: InForceView.extend({ text: z.string() }),
          404: NOT_FOUND,
          ...COMMON_PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const rule = (await inForce()).get(request.params.ruleId);
      return rule === undefined ? sendProblem(reply, NO_RULE) : rule;
    },
  );

  app.post(
    '/v1/rules/validate',
    {
      config: { permission: 'rules:read' },
      bodyLimit: RULES_BODY_LIMIT,
      schema: {
        summary: 'Checks a policy or strategy text as a service would load it; nothing is stored',
        tags,
        body: z.strictObject({ kind: Kind, template: TemplateKey.optional(), text: Text }),
        response: {
          200: z.strictObject({
            ruleId: z.string(),
            version: z.string().describe('The text’s own version, as written'),
            sha256: z.string(),
          }),
          422: INVALID,
          ...COMMON_PROBLEMS,
          ...BODY_PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const { kind, text, template } = request.body;
      const checked = await checkWithTheRest(kind, text, template);
      if (!checked.ok) return sendProblem(reply, invalid([...checked.problems]));
      return { ruleId: checked.ruleId, version: checked.version, sha256: checked.sha256 };
    },
  );

  app.get(
    '/v1/rules/proposals',
    {
      config: { permission: 'rules:read' },
      schema: {
        summary: 'Proposed versions, newest first, whatever became of them',
        tags,
        response: {
          200: z.strictObject({ proposals: z.array(ProposalView) }),
          ...COMMON_PROBLEMS,
        },
      },
    },
    async () => ({ proposals: (await proposals.list(200)).map(proposalView) }),
  );

  app.post(
    '/v1/rules/proposals',
    {
      config: { permission: 'rules:propose' },
      bodyLimit: RULES_BODY_LIMIT,
      schema: {
        summary: 'Proposes a version; another person approves it before it is in force',
        tags,
        body: z.strictObject({
          kind: Kind,
          template: TemplateKey.optional(),
          text: Text,
          reason: Reason,
        }),
        response: {
          201: ProposalView,
          409: problemResponse('The text is the version in force already'),
          422: INVALID,
          ...COMMON_PROBLEMS,
          ...BODY_PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const principal = principalOf(request);
      const { kind, text, reason, template } = request.body;
      const checked = await checkWithTheRest(kind, text, template);
      if (!checked.ok) return sendProblem(reply, invalid([...checked.problems]));
      const current = (await inForce()).get(checked.ruleId);
      if (current?.sha256 === checked.sha256) {
        return sendProblem(
          reply,
          problem(409, 'rule-unchanged', 'Unchanged', 'This text is the version in force.'),
        );
      }
      const at = deps.clock.now().toJSDate();
      const proposal: RuleProposal = {
        proposalId: `rp-${randomBytes(8).toString('hex')}`,
        kind,
        ruleId: checked.ruleId,
        version: checked.version,
        sha256: checked.sha256,
        text,
        // A new strategy (no version in force) is based on nothing: the empty text's place.
        basedOnSha256: current?.sha256 ?? 'none',
        reason,
        proposedBy: personOf(principal),
        proposedAt: instant(at),
        state: 'proposed',
      };
      await proposals.insert(proposal);
      await deps.actions.record(
        principal,
        {
          action: 'rules.propose',
          subject: { kind: 'rule-proposal', id: proposal.proposalId },
          reason,
          details: { rule: checked.ruleId, sha: checked.sha256 },
        },
        deps.newActionId(),
        at,
      );
      return reply.code(201).send(proposalView(proposal));
    },
  );

  app.get(
    '/v1/rules/proposals/:proposalId',
    {
      config: { permission: 'rules:read' },
      schema: {
        summary: 'One proposal, its text and its diff against the version in force now',
        tags,
        params: ProposalParams,
        response: {
          200: ProposalView.extend({
            text: z.string(),
            diff: z.string().describe('Unified diff: the version in force now → this proposal'),
            basedOnInForce: z
              .boolean()
              .describe(
                'Still current: what it was proposed against is still in force (an approved one: it is itself in force)',
              ),
          }),
          404: NOT_FOUND,
          ...COMMON_PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const proposal = await proposals.get(request.params.proposalId);
      if (proposal === undefined) return sendProblem(reply, NO_PROPOSAL);
      const current = (await inForce()).get(proposal.ruleId);
      const diff = createTwoFilesPatch(
        `${proposal.ruleId} (in force)`,
        `${proposal.ruleId} (${proposal.proposalId})`,
        current?.text ?? '',
        proposal.text,
      );
      return {
        ...proposalView(proposal),
        text: proposal.text,
        diff,
        // Approved: whether it is still the version in force. Otherwise: whether what it was
        // proposed against still is (if not, its diff and preview no longer hold).
        basedOnInForce:
          proposal.state === 'approved'
            ? current?.sha256 === proposal.sha256
            : (current?.sha256 ?? 'none') === proposal.basedOnSha256,
      };
    },
  );

  app.post(
    '/v1/rules/proposals/:proposalId/preview',
    {
      config: { permission: 'rules:read' },
      schema: {
        summary:
          'What the proposal changes: the planner’s example cases decided both ways, or a template rendered both ways with sample facts',
        tags,
        params: ProposalParams,
        response: {
          200: z.strictObject({
            decided: z.number().int().describe('Example cases decided (made-up accounts)'),
            changed: z.array(
              z.strictObject({ caseId: z.string(), before: DecisionView, after: DecisionView }),
            ),
            sample: z
              .strictObject({
                before: Rendering.optional(),
                after: Rendering.optional(),
                notRendered: z
                  .string()
                  .optional()
                  .describe('Why there is no rendering: no strategy in force uses the template'),
              })
              .optional()
              .describe('A template’s rendering with sample facts, in force and proposed'),
          }),
          404: NOT_FOUND,
          ...COMMON_PROBLEMS,
        },
      },
    },
    async (request, reply) => {
      const proposal = await proposals.get(request.params.proposalId);
      if (proposal === undefined) return sendProblem(reply, NO_PROPOSAL);
      const inForceNow = await proposals.inForce();
      const approved = ruleTextsWith(inForceNow);
      if (proposal.kind === 'template') {
        return { decided: 0, changed: [], ...(await templateSample(proposal, approved)) };
      }
      const withProposal = ruleTextsWith(inForceNow, proposal);
      const preview = previewChanges(
        loadPlanningRules({}, approved),
        loadPlanningRules({}, withProposal),
        exampleCases(),
      );
      return {
        decided: preview.decided,
        changed: preview.changed.map((c) => ({
          caseId: c.caseId,
          before: { ...c.before, reasons: [...c.before.reasons] },
          after: { ...c.after, reasons: [...c.after.reasons] },
        })),
      };
    },
  );

  for (const decision of ['approve', 'reject'] as const) {
    app.post(
      `/v1/rules/proposals/:proposalId/${decision}`,
      {
        config: { permission: 'rules:approve' },
        schema: {
          summary:
            decision === 'approve'
              ? 'Approves a proposal (not its proposer): in force from each service’s next start'
              : 'Rejects a proposal (not its proposer)',
          tags,
          params: ProposalParams,
          body: z.strictObject({ reason: Reason }),
          response: {
            200: ProposalView,
            404: NOT_FOUND,
            409: problemResponse(
              'Decided already; another version went into force since it was proposed; another approval changed the versions in force meanwhile (try again); or, with the versions in force now, the services would refuse it (`problems`)',
            ),
            ...COMMON_PROBLEMS,
            403: problemResponse('Not the proposer’s to decide, or the role may not'),
            ...BODY_PROBLEMS,
          },
        },
      },
      async (request, reply) => {
        const principal = principalOf(request);
        const proposal = await proposals.get(request.params.proposalId);
        if (proposal === undefined) return sendProblem(reply, NO_PROPOSAL);
        if (samePerson(proposal.proposedBy, principal)) return sendProblem(reply, SAME_PERSON);
        if (await madeOneForTheOther(proposal.proposedBy.keyId, principal.keyId)) {
          return sendProblem(reply, KEY_OF_THE_OTHER);
        }
        const at = deps.clock.now().toJSDate();
        const { reason } = request.body;
        if (decision === 'approve') {
          // Other approvals may have changed the rest since it was proposed: it must still load
          // with all of it, or every service would refuse to start with it.
          const approved = await proposals.approve(
            proposal,
            personOf(principal),
            instant(at),
            reason,
            shipped.get(proposal.ruleId)?.sha256 ?? 'none',
            (inForceNow) =>
              problemsOfRuleSet(ruleTextsWith(inForceNow, proposal), deps.campaigns.fallbackSender),
          );
          if (approved.outcome !== 'approved') {
            return sendProblem(reply, notApproved(approved));
          }
        } else if (
          !(await proposals.reject(proposal.proposalId, personOf(principal), instant(at), reason))
        ) {
          return sendProblem(
            reply,
            problem(409, 'proposal-decided', 'Decided', 'This proposal was decided already.'),
          );
        }
        await deps.actions.record(
          principal,
          {
            action: decision === 'approve' ? 'rules.approve' : 'rules.reject',
            subject: { kind: 'rule-proposal', id: proposal.proposalId },
            reason,
            details: { rule: proposal.ruleId, sha: proposal.sha256 },
          },
          deps.newActionId(),
          at,
        );
        deps.logger.info(
          { proposal: proposal.proposalId, rule: proposal.ruleId, decision, by: principal.keyId },
          'rule proposal decided',
        );
        const now = await proposals.get(proposal.proposalId);
        return proposalView(now ?? proposal);
      },
    );
  }
}

/** Why an approval did not put the proposal in force, as the 409 says it. */
function notApproved(approved: Exclude<ApproveOutcome, { outcome: 'approved' }>) {
  switch (approved.outcome) {
    case 'stale':
      return problem(
        409,
        'proposal-superseded',
        'Superseded',
        'Another version went into force after this one was proposed: propose it again.',
      );
    case 'rules-changed':
      return problem(
        409,
        'rules-changed',
        'Changed Meanwhile',
        'Another approval changed the versions in force meanwhile: try again.',
      );
    case 'rule-set-invalid':
      return problem(
        409,
        'rule-set-invalid',
        'Would Not Load',
        'With the versions in force now, the services would refuse this: see `problems`.',
        { problems: [...approved.problems] },
      );
    case 'not-proposed':
      return problem(409, 'proposal-decided', 'Decided', 'This proposal was decided already.');
  }
}

/**
 * A template proposal rendered with the renderer's sample facts, as the catalog in force has it
 * and with the proposal in its place. A section (an offer's paragraph) is rendered only inside the
 * messages that include it: none here.
 */
async function templateSample(proposal: RuleProposal, approved: RuleTexts) {
  const key = proposal.ruleId.slice('template:'.length);
  const [, templateId = '', locale = ''] = key.split('/');
  const inForce = loadTemplateCatalog(undefined, approved.templates);
  const proposed = loadTemplateCatalog(
    undefined,
    new Map([...approved.templates, [key, proposal.text]]),
  );
  const template = proposed.templates.find(
    (t) => t.templateId === templateId && t.locale === locale,
  );
  if (template?.kind !== 'message') return {};
  if (!usedByAStrategy(templateId, approved))
    return { sample: { notRendered: NOT_RENDERED_UNUSED } };
  const exists = inForce.templates.some((t) => t.templateId === templateId && t.locale === locale);
  const before = exists ? await sampleRendering(inForce, templateId, locale, approved) : undefined;
  const after = await sampleRendering(proposed, templateId, locale, approved);
  return { sample: { ...(before ? { before } : {}), after } };
}
