// The examiner's exports of the audit (issue 16, item 4): CSV, JSON lines, a contact history PDF.
export { writeAuditCsv, type AuditCsvOptions } from './audit-csv.js';
export { AUDIT_CSV_COLUMNS, type AuditCsvColumn } from './audit-csv-row.js';
export { writeAuditJsonLines } from './audit-json-lines.js';
export { writeContactHistoryPdf, type ContactHistoryPdfOptions } from './contact-history.pdf.js';
export type { OutputOptions } from './stream-to.js';
export { sealedContentReader, type FindSealedEvidence } from './sealed-content.js';
