/**
 * What each role may do. Every route names the one permission it needs; a route that names none
 * is refused to everyone (the API fails closed). The table is the whole of the access rules, so
 * that a reviewer reads them in one place and a test walks every role against every route.
 */
import type { OperatorRole } from '@kindly/contracts';

export const PERMISSIONS = {
  /** Create, list and revoke API keys. */
  'keys:manage': ['admin'],
  /** The dashboard: the funnel, suppressions, consumer lag, provider errors (counts only). */
  'dashboard:read': ['operator', 'marketing', 'auditor', 'admin'],
  /** An account's timeline: bank events, decisions with reasons, messages, outcomes, calls. */
  'accounts:read': ['operator', 'auditor', 'admin'],
  /**
   * A kept message's content, opened from the sealed evidence, each viewing recorded with its
   * reason: compliance and admins only. Not operations (flags, consents and notes need no
   * wording; a complaint about what was said goes to compliance), not agents (the desk shows the
   * facts a call needs, and wording read out to whoever answers would tell a third party of the
   * debt), not marketing.
   */
  'accounts:content': ['auditor', 'admin'],
  /** An account: set or clear its contact flags, record a consent, leave a note. */
  'accounts:act': ['operator', 'admin'],
  /** Dead letters: browse by topic and reason, replay after a fix. */
  'dead-letters:manage': ['operator', 'admin'],
  /** Campaigns: list, status, report, validate, preview (nothing is sent). */
  'campaigns:read': ['marketing', 'operator', 'auditor', 'admin'],
  /** Campaigns: launch, pause, resume, cancel. */
  'campaigns:run': ['marketing', 'admin'],
  /** The audit: verify the record, the independent re-check's violations. */
  'audit:read': ['auditor', 'admin'],
  /** Policy and strategy versions: in force, validate, proposals, their diff and preview. */
  'rules:read': ['operator', 'marketing', 'auditor', 'admin'],
  /** Propose a policy or strategy version (another person approves it). */
  'rules:propose': ['operator', 'admin'],
  /** Approve or reject a proposal: never one's own. */
  'rules:approve': ['admin'],
  /** The agent desk: the tasks that may be called, and the calls' outcomes. */
  'desk:work': ['agent'],
  /** Who the caller is: every role. */
  'self:read': ['agent', 'operator', 'marketing', 'auditor', 'admin'],
} as const satisfies Record<string, readonly OperatorRole[]>;

export type Permission = keyof typeof PERMISSIONS;

export function roleMay(role: OperatorRole, permission: Permission): boolean {
  return (PERMISSIONS[permission] as readonly OperatorRole[]).includes(role);
}

/** The permissions of a role, for the console to show only its pages. */
export function permissionsOf(role: OperatorRole): Permission[] {
  return (Object.keys(PERMISSIONS) as Permission[]).filter((p) => roleMay(role, p));
}
