import type { Db } from 'mongodb';

/**
 * The rule versions approved through the operator API (one person proposes, another approves),
 * in force over the files a deployment ships: one document per rule (`_id`: `policy`, or
 * `strategy:<id>`). Written only by an approval; every service reads them at its start, so that
 * they all decide by the same rules.
 */
export const RULES_IN_FORCE = 'rules-in-force';
/**
 * The one document of `rules-in-force` that is no rule (it has no `kind`, and every reader skips
 * such documents): a counter each approval advances with a compare-and-set before it writes its
 * rule, so that two approvals never both pass the check of the whole set against the same set.
 * It also holds the last change claimed, which the next approval writes first should its own
 * approval have stopped before writing it.
 */
export const RULES_REVISION_ID = '~revision';
/** Only documents with a `kind` are rules (not {@link RULES_REVISION_ID}). */
export const RULE_DOCUMENTS = { kind: { $exists: true } } as const;

/**
 * Every proposed version and what became of it (`_id`: the proposal id): the approved ones, with
 * `decidedAt`, are the history of what was in force when.
 */
export const RULE_PROPOSALS = 'rule-proposals';

export type RuleKind = 'policy' | 'strategy' | 'template';

export interface RuleInForceDocument {
  /** `policy`, `strategy:<strategy id>`, or `template:<channel>/<template id>/<locale>`. */
  _id: string;
  kind: RuleKind;
  /** The text approved, exactly as proposed; its SHA-256 is what every decision names. */
  text: string;
  sha256: string;
  /** The file's own version, as written (a policy's and a strategy's a number, a template's semver). */
  version: string;
  /** The proposal approved, and who approved it when (UTC ISO-8601). */
  proposalId: string;
  approvedBy: { keyId: string; label: string };
  approvedAt: string;
}

/**
 * The approved texts: the policy and each strategy (for `loadPlanningRules`' `approved`), and
 * each template by `<channel>/<template id>/<locale>` (for the renderer's `loadTemplateCatalog`).
 */
export async function readApprovedRuleTexts(
  db: Db,
): Promise<{ policy?: string; strategies: string[]; templates: Map<string, string> }> {
  const documents = await db
    .collection<RuleInForceDocument>(RULES_IN_FORCE)
    .find(RULE_DOCUMENTS)
    .sort({ _id: 1 })
    .toArray();
  const policy = documents.find((d) => d.kind === 'policy')?.text;
  return {
    ...(policy !== undefined ? { policy } : {}),
    strategies: documents.filter((d) => d.kind === 'strategy').map((d) => d.text),
    templates: new Map(
      documents
        .filter((d) => d.kind === 'template')
        .map((d) => [d._id.slice('template:'.length), d.text]),
    ),
  };
}
