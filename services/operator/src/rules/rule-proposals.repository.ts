/**
 * Proposed rule versions (`rule-proposals`, `_id`: the proposal id) and the versions in force
 * (`rules-in-force`). A proposal is decided once: approved (it goes into force) or rejected.
 *
 * An approval, with single-document writes only (no transactions):
 * 1. reads the revision (`~revision`) and writes the last change claimed, in case the approval
 *    that claimed it stopped before writing it (a crash, or it is still on its way);
 * 2. reads the versions in force, which now hold every change claimed up to that revision;
 * 3. checks the proposal against them: still based on the version in force (else superseded),
 *    and the whole set with it as every service loads it;
 * 4. claims the next revision with a compare-and-set: another approval that read the same
 *    revision loses it (`rules-changed`), so no two are checked against the same set;
 * 5. writes the rule (a compare-and-set on its version in force), and only then
 * 6. marks the proposal approved: a crash in between leaves a version in force whose proposal
 *    still says proposed, never an "approved" proposal that never was in force; approving it
 *    again finds it in force and only marks it.
 */
import {
  isDuplicateKeyError,
  RULE_DOCUMENTS,
  RULE_PROPOSALS,
  RULES_IN_FORCE,
  RULES_REVISION_ID,
  type Db,
  type RuleInForceDocument,
  type RuleKind,
} from '@kindly/mongo';
import type { RuleProblem } from './rule-text.js';

export type ProposalState = 'proposed' | 'approved' | 'rejected' | 'superseded';

export interface Person {
  readonly keyId: string;
  readonly label: string;
}

export interface RuleProposal {
  readonly proposalId: string;
  readonly kind: RuleKind;
  readonly ruleId: string;
  readonly version: string;
  readonly sha256: string;
  readonly text: string;
  /** The SHA-256 of the version in force when it was proposed: what the diff is against. */
  readonly basedOnSha256: string;
  readonly reason: string;
  readonly proposedBy: Person;
  readonly proposedAt: string;
  readonly state: ProposalState;
  readonly decidedBy?: Person;
  readonly decidedAt?: string;
  readonly decisionReason?: string;
}

interface ProposalDocument extends Omit<RuleProposal, 'proposalId'> {
  _id: string;
}

const proposalOf = ({ _id, ...rest }: ProposalDocument): RuleProposal => ({
  proposalId: _id,
  ...rest,
});

export type ApproveOutcome =
  | { readonly outcome: 'approved' }
  | { readonly outcome: 'not-proposed' }
  /** Another version went into force after it was proposed: it is marked superseded. */
  | { readonly outcome: 'stale' }
  /** Another approval claimed the revision read: try again. */
  | { readonly outcome: 'rules-changed' }
  | { readonly outcome: 'rule-set-invalid'; readonly problems: readonly RuleProblem[] };

/** A version to put in force over `basedOnSha256` (`shippedSha256`: nothing approved yet). */
interface RuleChange {
  readonly ruleId: string;
  readonly basedOnSha256: string;
  readonly shippedSha256: string;
  readonly document: Omit<RuleInForceDocument, '_id'>;
}

interface RevisionDocument {
  _id: typeof RULES_REVISION_ID;
  n: number;
  last?: RuleChange;
}

export function createRuleProposalsRepository(db: Db) {
  const proposals = db.collection<ProposalDocument>(RULE_PROPOSALS);
  const inForce = db.collection<RuleInForceDocument>(RULES_IN_FORCE);
  const revisions = db.collection<RevisionDocument>(RULES_IN_FORCE);

  /**
   * Puts `change` in force unless another version replaced its base; true when it is in force
   * (by this call or an earlier one). Either way safe to repeat.
   */
  async function putInForce(change: RuleChange): Promise<boolean> {
    const replaced = await inForce.updateOne(
      { _id: change.ruleId, sha256: change.basedOnSha256 },
      { $set: change.document },
    );
    // Not found by its base: the first approval of this rule (its base the shipped file, or
    // none for a new one) inserts it. An approved text equal to the shipped file matches above.
    if (replaced.matchedCount === 0 && change.basedOnSha256 === change.shippedSha256) {
      try {
        await inForce.insertOne({ _id: change.ruleId, ...change.document });
      } catch (error) {
        if (!isDuplicateKeyError(error)) throw error;
      }
    }
    const now = await inForce.findOne({ _id: change.ruleId });
    return now?.proposalId === change.document.proposalId;
  }

  /** Claims revision `n` + 1 for `last`; false when another approval claimed `n` + 1 first. */
  async function claimRevision(n: number, last: RuleChange): Promise<boolean> {
    try {
      const claimed = await revisions.updateOne(
        { _id: RULES_REVISION_ID, n },
        { $set: { n: n + 1, last } },
        { upsert: true },
      );
      return claimed.modifiedCount === 1 || claimed.upsertedCount === 1;
    } catch (error) {
      // No document at `n`: the upsert's insert meets the one at `n` + 1.
      if (isDuplicateKeyError(error)) return false;
      throw error;
    }
  }

  async function markApproved(
    proposalId: string,
    by: Person,
    at: string,
    reason: string,
  ): Promise<boolean> {
    const marked = await proposals.updateOne(
      { _id: proposalId, state: 'proposed' },
      { $set: { state: 'approved', decidedBy: by, decidedAt: at, decisionReason: reason } },
    );
    return marked.modifiedCount === 1;
  }

  const rulesInForce = () => inForce.find(RULE_DOCUMENTS).sort({ _id: 1 }).toArray();

  return {
    async insert(proposal: RuleProposal): Promise<void> {
      const { proposalId, ...rest } = proposal;
      await proposals.insertOne({ _id: proposalId, ...rest });
    },
    async get(proposalId: string): Promise<RuleProposal | undefined> {
      const document = await proposals.findOne({ _id: proposalId });
      return document === null ? undefined : proposalOf(document);
    },
    /** The newest first, at most `limit`; the text left out (the list is a summary). */
    async list(limit: number): Promise<RuleProposal[]> {
      const documents = await proposals.find({}).sort({ proposedAt: -1 }).limit(limit).toArray();
      return documents.map(proposalOf);
    },
    /** The approved versions in force (not the revision document). */
    inForce: rulesInForce,
    /**
     * Approves the proposal (see the steps above). `problemsWith` checks the whole set, the
     * versions in force with the proposal in its place, as every service would load it.
     */
    async approve(
      proposal: RuleProposal,
      by: Person,
      at: string,
      reason: string,
      shippedSha256: string,
      problemsWith: (approved: readonly RuleInForceDocument[]) => readonly RuleProblem[],
    ): Promise<ApproveOutcome> {
      const revision = await revisions.findOne({ _id: RULES_REVISION_ID });
      const n = revision?.n ?? 0;
      if (revision?.last) await putInForce(revision.last);
      const approved = await rulesInForce();
      const current = approved.find((d) => d._id === proposal.ruleId);
      if (current?.proposalId === proposal.proposalId) {
        // In force already (an approval that stopped before marking it, or one at the same
        // time): marked as decided by whoever put it in force, when.
        const marked = await markApproved(
          proposal.proposalId,
          current.approvedBy,
          current.approvedAt,
          reason,
        );
        return marked ? { outcome: 'approved' } : { outcome: 'not-proposed' };
      }
      const stored = await proposals.findOne({ _id: proposal.proposalId });
      if (stored?.state !== 'proposed') return { outcome: 'not-proposed' };
      if ((current?.sha256 ?? shippedSha256) !== proposal.basedOnSha256) {
        // Another version went into force since: its diff and preview no longer say what it
        // would change, so it is not put over that one; it is to be proposed again against it.
        // Nobody decided it: no decidedBy.
        await proposals.updateOne(
          { _id: proposal.proposalId, state: 'proposed' },
          { $set: { state: 'superseded' } },
        );
        return { outcome: 'stale' };
      }
      const problems = problemsWith(approved);
      if (problems.length > 0) return { outcome: 'rule-set-invalid', problems };
      const change: RuleChange = {
        ruleId: proposal.ruleId,
        basedOnSha256: proposal.basedOnSha256,
        shippedSha256,
        document: {
          kind: proposal.kind,
          text: proposal.text,
          sha256: proposal.sha256,
          version: proposal.version,
          proposalId: proposal.proposalId,
          approvedBy: { keyId: by.keyId, label: by.label },
          approvedAt: at,
        },
      };
      if (!(await claimRevision(n, change))) return { outcome: 'rules-changed' };
      // The revision claimed, nothing else can have replaced its base: only a change made
      // outside approvals would stop this.
      if (!(await putInForce(change))) return { outcome: 'rules-changed' };
      await markApproved(proposal.proposalId, by, at, reason);
      return { outcome: 'approved' };
    },
    async reject(proposalId: string, by: Person, at: string, reason: string): Promise<boolean> {
      const result = await proposals.updateOne(
        { _id: proposalId, state: 'proposed' },
        { $set: { state: 'rejected', decidedBy: by, decidedAt: at, decisionReason: reason } },
      );
      return result.modifiedCount === 1;
    },
  };
}
export type RuleProposals = ReturnType<typeof createRuleProposalsRepository>;
