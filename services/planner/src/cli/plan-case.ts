import { DateTime } from 'luxon';
import { z } from 'zod';
import {
  AccountArrangementV1,
  AccountOverdueV1,
  AccountPaymentV1,
  AccountStatusV1,
  ContactConsentV1,
  ContactUpdatedV1,
  OutreachChannel,
  Purpose,
  summarizeIssues,
} from '@kindly/contracts';
import {
  closedPlacesAt,
  decideOutreach,
  type AccountState,
  type ClosedAt,
  type Decision,
  type PlanningRules,
} from '@kindly/rules';
import { AddressType, ContactKind } from '@kindly/rules';
import { emptyAccountState } from '@kindly/rules';
import { evolveAccountState } from '@kindly/rules';
import { readJsonLine } from './read-json-line.js';

/**
 * One case for `npm run plan`: the bank's events for one account (the same contracts the planner
 * consumes), the customer's contact history, the channels already tried in the current stage,
 * and the instant to decide at. See services/planner/CASES.md.
 */
export const PlanCase = z.strictObject({
  caseId: z.string().min(1).max(100),
  now: z.iso.datetime({ offset: true }),
  tenantId: z.string().min(1).max(64).default('bank-1'),
  accountId: z.string().min(1).max(64),
  events: z
    .array(
      // On `type`, so that a bad field names its path inside the event: a plain union reports
      // only that no member matched ("events[0]: Invalid input").
      z.discriminatedUnion('type', [
        AccountOverdueV1,
        AccountPaymentV1,
        AccountArrangementV1,
        AccountStatusV1,
        ContactUpdatedV1,
        ContactConsentV1,
      ]),
    )
    .max(1_000),
  history: z
    .array(
      z.strictObject({
        channel: OutreachChannel,
        at: z.iso.datetime({ offset: true }),
        kind: ContactKind,
        direction: z.enum(['outbound', 'inbound']).optional(),
        purpose: Purpose.optional(),
        addressType: AddressType.optional(),
      }),
    )
    .max(1_000)
    .default([]),
  tried: z
    .array(
      z.strictObject({
        stage: z.number().int().min(1).max(10),
        channel: OutreachChannel,
        outcome: z.enum(['delivered', 'undelivered', 'failed', 'suppressed', 'pending']),
      }),
    )
    .max(10)
    .default([]),
});
export type PlanCase = z.infer<typeof PlanCase>;

/** One line of output: the decision in a flat form, easy to read and to diff. */
export interface PlanCaseResult {
  readonly caseId: string;
  readonly decision: Decision['kind'];
  readonly allowedNow: boolean;
  readonly earliestAllowedAt: string | null;
  readonly windowEndsAt: string | null;
  readonly channel?: string;
  readonly templateId?: string;
  readonly stage?: number;
  readonly messageId?: string;
  readonly reasons: readonly string[];
  /** The caps (by their id in the policy) that moved the send later or hold it back. */
  readonly blockingCaps?: readonly string[];
  /**
   * Where the send may not start at `now`, and under whose rules: each candidate zone closed
   * then (`{ zone, jurisdiction, why, localTime }`), when the decision waits or finds no window.
   */
  readonly closedAt?: readonly ClosedAt[];
}

/** A line that is not a valid case: where it is, and what is wrong. */
export interface CaseLineError {
  /** The line of the input (1-based, blank lines counted). */
  readonly line: number;
  /** For a line that is not JSON, where in the line (1-based), when it can be told. */
  readonly column?: number;
  readonly caseId: string | null;
  /** `not JSON: <problem>`, or `<field path>: <problem>` for each bad field (at most five). */
  readonly error: string;
}

export type CaseLineResult = PlanCaseResult | CaseLineError;

const MOST_FIELDS_SHOWN = 5;

/**
 * Decides one NDJSON line; a bad line gives an error naming its line number and the fields (or
 * the place in the line), never a throw.
 *
 * @param lineNumber the line's number in the input (1-based), for the error
 */
export function planCaseLine(
  rules: PlanningRules,
  line: string,
  lineNumber: number,
): CaseLineResult {
  const read = readJsonLine(line);
  if (!read.ok) {
    return {
      line: lineNumber,
      ...(read.column === undefined ? {} : { column: read.column }),
      caseId: null,
      error: `not JSON: ${read.problem}`,
    };
  }
  const json = read.value;
  const caseId =
    typeof json === 'object' && json !== null && 'caseId' in json && typeof json.caseId === 'string'
      ? json.caseId
      : null;
  const parsed = PlanCase.safeParse(json, { error: plainIssue });
  if (!parsed.success) {
    const fields = summarizeIssues(parsed.error).map(
      (issue) => `${issue.path || '(case)'}: ${issue.message}`,
    );
    const more = fields.length - MOST_FIELDS_SHOWN;
    return {
      line: lineNumber,
      caseId,
      error: [
        ...fields.slice(0, MOST_FIELDS_SHOWN),
        ...(more > 0 ? [`and ${more} more`] : []),
      ].join('; '),
    };
  }
  return planCase(rules, parsed.data);
}

/**
 * zod's message for a value of the wrong type, said shorter: "missing" for a field that is not
 * there, else what was expected and the kind of value found (never the value: it may be a name).
 * Every other issue keeps zod's message, and a schema's own messages win over this.
 */
function plainIssue(issue: z.core.$ZodRawIssue): string | undefined {
  if (issue.code !== 'invalid_type') return undefined;
  const { input } = issue;
  if (input === undefined) return 'missing';
  const found = input === null ? 'null' : Array.isArray(input) ? 'array' : typeof input;
  return `expected ${kindText(issue.expected)}, found ${kindText(found)}`;
}

/** `number` as `a number`, `object` as `an object`; `null` as it is. */
function kindText(kind: string): string {
  if (kind === 'null' || kind === 'undefined') return kind;
  return /^[aeiou]/.test(kind) ? `an ${kind}` : `a ${kind}`;
}

export function planCase(rules: PlanningRules, input: PlanCase): PlanCaseResult {
  const state = input.events.reduce(
    (current, event) => evolveAccountState(current, event).state,
    emptyAccountState(input.tenantId, input.accountId),
  );
  const now = DateTime.fromISO(input.now, { zone: 'utc' });
  const decision = decideOutreach(
    rules,
    { state, history: input.history, tried: input.tried },
    now,
  );
  switch (decision.kind) {
    case 'plan':
      return {
        caseId: input.caseId,
        decision: 'plan',
        allowedNow: decision.sendableNow,
        earliestAllowedAt: decision.message.earliestSendAt,
        windowEndsAt: decision.message.latestSendAt,
        channel: decision.message.channel,
        templateId: decision.message.templateId,
        stage: decision.message.stage,
        messageId: decision.message.messageId,
        reasons: decision.message.reasons,
        ...(decision.blockingCaps ? { blockingCaps: decision.blockingCaps } : {}),
        ...(decision.sendableNow ? {} : closedAt(rules, state, decision.message, now)),
      };
    case 'suppress':
      return {
        caseId: input.caseId,
        decision: 'suppress',
        allowedNow: false,
        earliestAllowedAt: decision.retryAt?.toUTC().toISO({ suppressMilliseconds: true }) ?? null,
        windowEndsAt: null,
        channel: decision.channel,
        templateId: decision.templateId,
        stage: decision.stage,
        messageId: decision.messageId,
        reasons: decision.reasons,
        ...(decision.blockingCaps ? { blockingCaps: decision.blockingCaps } : {}),
        // Hours closed everywhere within the horizon, or a rule without any: where and why.
        ...(decision.reasons.includes('NO_WINDOW') ||
        (decision.reasons.includes('NEVER_ALLOWED') && !decision.blockingCaps)
          ? closedAt(rules, state, decision, now)
          : {}),
      };
    case 'nothing':
      return {
        caseId: input.caseId,
        decision: 'nothing',
        allowedNow: false,
        earliestAllowedAt: null,
        windowEndsAt: null,
        reasons: [decision.why],
      };
  }
}

/** The zones closed at `now` for this send, when there are any. */
function closedAt(
  rules: PlanningRules,
  state: AccountState,
  send: Pick<Decision & { kind: 'suppress' }, 'channel' | 'purpose'>,
  now: DateTime,
): { closedAt?: readonly ClosedAt[] } {
  const contact = state.contact?.value;
  if (!contact) return {};
  const closed = closedPlacesAt(rules.policy, contact, send, now);
  return closed.length > 0 ? { closedAt: closed } : {};
}
