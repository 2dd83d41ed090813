// What other workspaces (the CLI, the demo host, end-to-end tests) use of the audit service.
export { startAudit } from './start-audit.js';
export { AuditSettingsSchema } from './audit-settings.js';
export type { AuditSettings } from './audit-settings.js';
export { auditTopics } from './entry-points/audit-events.handlers.js';
export { AUDIT_RECORDS } from './data-access/audit-records.repository.js';
export { AUDIT_EVIDENCE } from './data-access/evidence.repository.js';
export { AUDIT_ANCHORS } from './data-access/anchors.repository.js';
export { parseKeyEncryptionKeys } from './domain/evidence-cipher.js';
export type { KeyEncryptionKeys } from './domain/evidence-cipher.js';
// A kept message's sealed content, opened for a person allowed to read it (the operator API).
export { messageContentIn } from './export/message-content.js';
export type { MessageContent } from './export/message-content.js';
export { runAuditCommand } from './cli/audit-command.js';
export type { CliIo } from './cli/audit-actions.js';
export {
  accountTimelineIn,
  dashboardFunnelIn,
  anchorAuditIn,
  auditIngest,
  keptSends,
  verifyAuditIn,
  violationsIn,
} from './audit-reports.js';
export type { KeptSend, TimelineEntry } from './audit-reports.js';
export type { Funnel, FunnelRow } from './dashboard/funnel-tally.js';
export type { VerifyReport } from './domain/verify-audit.use-case.js';
export type { ViolationReport } from './domain/violation-report.use-case.js';
export { violationReportHtml, violationReportText } from './domain/violation-report-format.js';
// The search and the examiner's exports, for the operator API.
export { createAuditSearch } from './data-access/audit-search.js';
export type { AuditQuery, FoundRecord } from './domain/audit-query.js';
// An address's key in the audit, made as `kindly audit query --address` makes it.
export { addressKeyer } from './domain/address-keys.js';
export { addressQueryKey, customerQueryKey } from './domain/audit-query.js';
export { writeAuditCsv, writeAuditJsonLines } from './export/index.js';
