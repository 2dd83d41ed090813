/** The operator API's answers, as services/operator/openapi.json describes them. */
export type Role = 'agent' | 'operator' | 'marketing' | 'auditor' | 'admin';
export const ROLES: readonly Role[] = ['agent', 'operator', 'marketing', 'auditor', 'admin'];

export type Permission =
  | 'keys:manage'
  | 'accounts:read'
  | 'accounts:act'
  | 'accounts:content'
  | 'dead-letters:manage'
  | 'campaigns:read'
  | 'campaigns:run'
  | 'audit:read'
  | 'desk:work'
  | 'self:read'
  | 'dashboard:read'
  | 'rules:read'
  | 'rules:propose'
  | 'rules:approve';

export interface Me {
  readonly keyId: string;
  readonly label: string;
  readonly role: Role;
  readonly permissions: readonly string[];
  /** The API's whole permission table, for the settings page to show. */
  readonly rolesByPermission: Readonly<Record<string, readonly Role[]>>;
}

export interface ApiKeyView {
  readonly keyId: string;
  readonly label: string;
  readonly role: Role;
  readonly createdAt: string;
  readonly createdBy: string;
  readonly revokedAt?: string;
  readonly revokedBy?: string;
}

export interface TimelineEntry {
  readonly seq: number;
  readonly type: string;
  readonly occurredAt: string;
  readonly recordedAt: string;
  readonly payload?: unknown;
  readonly sealed: boolean;
}

export interface Timeline {
  readonly entries: readonly TimelineEntry[];
  readonly more: boolean;
}

export interface CampaignAction {
  readonly action: string;
  readonly at: string;
  readonly by: string;
  readonly reason?: string;
}

export type CampaignStatusName = 'running' | 'paused' | 'cancelled' | 'completed';

export interface CampaignStatus {
  readonly campaignId: string;
  readonly name: string;
  readonly version: number;
  readonly status: CampaignStatusName;
  readonly sendBy: string;
  readonly handedOff: number;
  readonly counts: Readonly<Record<string, unknown>>;
  readonly actions: readonly CampaignAction[];
}

/** A ratio the report could compute, or why not (an empty group, an empty holdout, …). */
export type Measure<T> =
  | { readonly available: true; readonly value: T }
  | { readonly available: false; readonly why: string };

export interface Uplift {
  readonly difference: number;
  readonly ci95: { readonly lower: number; readonly upper: number };
}

export interface ReportGroup {
  readonly arm: { readonly group: string; readonly variant?: string };
  readonly accounts: number;
  readonly contacted: number;
  readonly delivered: number;
  readonly paid: number;
  readonly conversion: Measure<number>;
  readonly uplift: Measure<Uplift>;
}

export interface CampaignReport {
  readonly groups: readonly ReportGroup[];
}

export interface PreviewSample {
  readonly variant?: string;
  readonly message?: Readonly<Record<string, unknown>>;
  readonly [other: string]: unknown;
}

export interface CampaignPreview {
  readonly campaignId: string;
  readonly counts?: Readonly<Record<string, unknown>>;
  readonly plannedNow?: number;
  readonly plannedLater?: number;
  readonly suppressedByReason?: Readonly<Record<string, number>>;
  readonly notPlannedByWhy?: Readonly<Record<string, number>>;
  readonly samples: readonly PreviewSample[];
}

export interface CallWindow {
  readonly start: string;
  readonly end: string;
  readonly zone: string;
}

export interface Money {
  readonly amountMinor: number;
  readonly currency: string;
}

export interface DeskTask {
  readonly taskId: string;
  readonly accountId: string;
  readonly status: 'open' | 'closed';
  readonly windows: readonly CallWindow[];
  readonly callAttemptsLeft: number;
  /** May be called now: open, a call left, inside one of its windows. */
  readonly callable: boolean;
  readonly callableUntil?: string;
  readonly callsMade: number;
  readonly calls: readonly DeskCall[];
  readonly createdAt: string;
  readonly maskedPhone?: string;
  readonly maskedAccount?: string;
  readonly facts?: {
    readonly overdueAmount?: Money;
    readonly daysPastDue?: number;
    readonly stage?: number | string;
  };
  readonly suggestedOffer?: unknown;
}

/** A call reported on a task. */
export interface DeskCall {
  readonly callId: string;
  readonly at: string;
  readonly outcome: string;
  readonly attempt: number;
}

/** A kept message's content, opened with a reason (the viewing is in the audit). */
export interface MessageContentView {
  readonly messageId: string;
  readonly channel: string;
  readonly renderedAt: string;
  readonly content:
    | { readonly body: string; readonly encoding: string; readonly segments: number }
    | { readonly subject: string; readonly text: string; readonly html: string }
    | { readonly pages: number; readonly storageRef?: string };
  readonly actionId: string;
}

/** A customer's reply in their own words, for an agent to read and answer. */
export interface DeskReply {
  readonly taskId: string;
  readonly tenantId: string;
  readonly accountIds: readonly string[];
  readonly category: 'wrong-party' | 'no-calls' | 'claims-payment' | 'asks-for-call' | 'other';
  readonly text: string;
  readonly locale: string;
  readonly inboundId: string;
  readonly maskedFrom: string;
  readonly receivedAt: string;
  readonly status: 'open' | 'closed';
  readonly closedAt?: string;
}

export type CallOutcome = 'no-answer' | 'conversation' | 'dispute' | 'wrong-number';

export type OutcomeReport =
  | { readonly outcome: CallOutcome; readonly at: string }
  | {
      readonly outcome: 'promise-to-pay';
      readonly at: string;
      readonly promisedDate: string;
      readonly amount: Money;
    };

export interface AuditVerification {
  readonly ok: boolean;
  readonly records: number;
  readonly accounts: number;
  readonly anchorsChecked: number;
  readonly broken?: readonly unknown[];
  readonly [other: string]: unknown;
}

export interface FunnelRow {
  readonly key: string;
  readonly planned: number;
  readonly sent: number;
  readonly delivered: number;
  readonly paid: number;
}

export interface Dashboard {
  readonly from: string;
  readonly to: string;
  readonly funnel: {
    readonly byChannel: readonly FunnelRow[];
    readonly byStage: readonly FunnelRow[];
    readonly byCampaign: readonly FunnelRow[];
  };
  readonly daily: readonly (Omit<FunnelRow, 'key'> & { readonly date: string })[];
  readonly suppressions: readonly { readonly reason: string; readonly count: number }[];
  readonly consumerLag: readonly {
    readonly group: string;
    readonly topic: string;
    readonly lag: number;
  }[];
  readonly providers: readonly {
    readonly channel: string;
    readonly attempts: number;
    readonly failed: number;
  }[];
}

/** A record a service could not handle, kept for a replay after a fix: where from and why, never its content. */
export interface DeadLetter {
  readonly id: string;
  readonly topic: string;
  readonly reason: string;
  readonly detail: string;
  readonly service: string;
  readonly at: string;
  readonly eventId?: string;
  readonly type?: string;
  readonly tenantId?: string;
  readonly replayedAt?: string;
  readonly replayedBy?: string;
}

export interface DeadLetterCount {
  readonly topic: string;
  readonly reason: string;
  readonly waiting: number;
  readonly replayed: number;
}

export interface DeadLetterReplay {
  readonly replayed: number;
  readonly ids: readonly string[];
}

/** The flags that stop (or, cured, restart) contact with an account. */
export const FLAGS = [
  'dispute',
  'bankruptcy',
  'deceased',
  'cease-communication',
  'attorney-represented',
  'legal-hold',
  'cured',
  'charged-off',
] as const;
export type Flag = (typeof FLAGS)[number];

export const CONSENT_CHANNELS = ['sms', 'voice', 'email', 'letter'] as const;
export type ConsentChannel = (typeof CONSENT_CHANNELS)[number];
export const CONSENT_PURPOSES = ['servicing', 'marketing'] as const;
export const CONSENT_STATUSES = ['granted', 'revoked'] as const;
export const CONSENT_BASES = [
  'contract',
  'express-consent',
  'written-consent',
  'soft-opt-in',
  'legitimate-interest',
  'customer-request',
] as const;
/** Where a person at the bank took the customer's word (the API takes only these). */
export const CONSENT_SOURCES = ['phone-call', 'written', 'agent', 'branch'] as const;

export interface ConsentRecord {
  readonly channel: ConsentChannel;
  readonly address: string;
  readonly purpose: (typeof CONSENT_PURPOSES)[number];
  readonly status: (typeof CONSENT_STATUSES)[number];
  readonly basis: (typeof CONSENT_BASES)[number];
  readonly source: (typeof CONSENT_SOURCES)[number];
  /** ISO 8601 in UTC, seconds, `Z`. */
  readonly at: string;
  readonly evidenceRef?: string;
  readonly reason: string;
}

/** What an account action answers: the audit event's action id. */
export interface ActionAnswer {
  readonly actionId: string;
}

/** Who acted: the key and the name on it. */
export interface Person {
  readonly keyId: string;
  readonly label: string;
}

/**
 * A rule's kind: `policy` and `strategy` today, more later (templates); the console shows
 * whatever the API names, so this stays a string.
 */
export type RuleKind = string;

/** The text's own version: a number in a policy or strategy; only ever shown, never compared. */
export type RuleVersion = number | string;

/** The version of a rule in force: the deployment's file (shipped) or an approval. */
export interface RuleInForce {
  /** `policy`, `strategy:<id>`, … */
  readonly ruleId: string;
  readonly kind: RuleKind;
  readonly version: RuleVersion;
  readonly sha256: string;
  readonly source: 'shipped' | 'approved';
  readonly proposalId?: string;
  readonly approvedBy?: Person;
  readonly approvedAt?: string;
}

export type ProposalState = 'proposed' | 'approved' | 'rejected' | 'superseded';

export interface RuleProposal {
  readonly proposalId: string;
  readonly kind: RuleKind;
  readonly ruleId: string;
  readonly version: RuleVersion;
  readonly sha256: string;
  readonly basedOnSha256: string;
  readonly reason: string;
  readonly proposedBy: Person;
  readonly proposedAt: string;
  readonly state: ProposalState;
  readonly decidedBy?: Person;
  readonly decidedAt?: string;
  readonly decisionReason?: string;
}

export interface RuleProposalDetail extends RuleProposal {
  readonly text: string;
  /** Unified diff: the version in force now → this proposal. */
  readonly diff: string;
  /** False when another version went into force after this one was proposed. */
  readonly basedOnInForce: boolean;
}

/** How the planner decides one example case (made-up accounts) under one version. */
export interface CaseDecision {
  readonly decision: string;
  readonly allowedNow: boolean;
  /** null when no time is allowed (a suppression). */
  readonly earliestAllowedAt: string | null;
  readonly channel?: string;
  readonly templateId?: string;
  readonly stage?: number | string;
  readonly reasons: readonly string[];
}

export interface RulePreview {
  readonly decided: number;
  readonly changed: readonly {
    readonly caseId: string;
    readonly before: CaseDecision;
    readonly after: CaseDecision;
  }[];
  /** A template's rendering with sample facts: in force (absent for a new one) and proposed. */
  readonly sample?: {
    readonly before?: TemplateRendering;
    /** Absent, with `notRendered` saying why, for a template no strategy in force uses yet. */
    readonly after?: TemplateRendering;
    readonly notRendered?: string;
  };
}

export type TemplateRendering =
  | { readonly text: string; readonly segments?: number; readonly pages?: number }
  | { readonly error: string };

export interface ValidRule {
  readonly ruleId: string;
  readonly version: RuleVersion;
  readonly sha256: string;
}
