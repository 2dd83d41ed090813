/**
 * Proposed rule versions (`rule-proposals`, `_id`: the proposal id) and the versions in force
 * (`rules-in-force`). A proposal is decided once: approved (it goes into force) or rejected.
 * Approval is a compare-and-set on the version in force: a proposal made against a version
 * another approval has since replaced is refused, not silently applied over it.
 */
import {
  isDuplicateKeyError,
  RULE_PROPOSALS,
  RULES_IN_FORCE,
  type Db,
  type RuleInForceDocument,
  type RuleKind,
} from '@kindly/mongo';

/** `superseded`: another version went into force after it was proposed; propose it again. */
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

export type ApproveOutcome = 'approved' | 'not-proposed' | 'stale';

export function createRuleProposalsRepository(db: Db) {
  const proposals = db.collection<ProposalDocument>(RULE_PROPOSALS);
  const inForce = db.collection<RuleInForceDocument>(RULES_IN_FORCE);
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
    async inForce(): Promise<RuleInForceDocument[]> {
      return inForce.find({}).sort({ _id: 1 }).toArray();
    },
    async inForceOf(ruleId: string): Promise<RuleInForceDocument | undefined> {
      return (await inForce.findOne({ _id: ruleId })) ?? undefined;
    },
    /**
     * Puts the proposal into force if it is still proposed and what it was based on is still in
     * force (the shipped file's hash when nothing was approved yet: `shippedSha256`).
     */
    async approve(
      proposal: RuleProposal,
      by: Person,
      at: string,
      reason: string,
      shippedSha256: string | undefined,
    ): Promise<ApproveOutcome> {
      const claimed = await proposals.updateOne(
        { _id: proposal.proposalId, state: 'proposed' },
        { $set: { state: 'approved', decidedBy: by, decidedAt: at, decisionReason: reason } },
      );
      if (claimed.modifiedCount !== 1) return 'not-proposed';
      const document: Omit<RuleInForceDocument, '_id'> = {
        kind: proposal.kind,
        text: proposal.text,
        sha256: proposal.sha256,
        version: proposal.version,
        proposalId: proposal.proposalId,
        approvedBy: { keyId: by.keyId, label: by.label },
        approvedAt: at,
      };
      let replaced: boolean;
      if (proposal.basedOnSha256 === shippedSha256) {
        // Based on the shipped file: in force only if no approval came first.
        try {
          await inForce.insertOne({ _id: proposal.ruleId, ...document });
          replaced = true;
        } catch (error) {
          if (!isDuplicateKeyError(error)) throw error;
          replaced = false;
        }
      } else {
        const result = await inForce.updateOne(
          { _id: proposal.ruleId, sha256: proposal.basedOnSha256 },
          { $set: document },
        );
        replaced = result.modifiedCount === 1;
      }
      if (replaced) return 'approved';
      // Another version went into force since: its diff and preview no longer say what it would
      // change, so it is not put over that one; it is to be proposed again against it.
      await proposals.updateOne(
        { _id: proposal.proposalId, state: 'approved' },
        { $set: { state: 'superseded' } },
      );
      return 'stale';
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
