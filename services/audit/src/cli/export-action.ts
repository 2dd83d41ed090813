/** `kindly audit export`: the records a query finds, as CSV, JSON lines or one account's PDF. */
import { createWriteStream } from 'node:fs';
import type { Db } from '@kindly/mongo';
import { createAuditSearch } from '../data-access/audit-search.js';
import { AUDIT_EVIDENCE, type EvidenceDocument } from '../data-access/evidence.repository.js';
import type { AuditQuery } from '../domain/audit-query.js';
import { parseKeyEncryptionKeys } from '../domain/evidence-cipher.js';
import {
  sealedContentReader,
  writeAuditCsv,
  writeAuditJsonLines,
  writeContactHistoryPdf,
} from '../export/index.js';
import { MissingSetting, UsageError } from './cli-errors.js';
import type { AuditCliSettings } from './cli-settings.js';

export async function exportRecords(
  db: Db,
  settings: AuditCliSettings,
  query: AuditQuery,
  options: Record<string, unknown>,
): Promise<number> {
  const format = String(options['format']);
  const out = createWriteStream(String(options['out']));
  const records = createAuditSearch(db).find(query);
  if (format === 'csv') await writeAuditCsv(records, out, { byteOrderMark: true });
  else if (format === 'jsonl') await writeAuditJsonLines(records, out);
  else {
    if (!query.accountId) throw new UsageError('a PDF is one account’s history: give --account');
    await writeContactHistoryPdf(records, out, {
      customerLocale: String(options['customerLocale']),
      examinerLocale: String(options['examinerLocale']),
      ...(options['withContent'] ? { evidence: evidenceOpener(db, settings) } : {}),
    });
  }
  return 0;
}

/** Reads a message's sealed content with the evidence keys (the examiner's copy shows it). */
function evidenceOpener(db: Db, settings: AuditCliSettings) {
  if (!settings.AUDIT_EVIDENCE_KEYS) {
    throw new MissingSetting('AUDIT_EVIDENCE_KEYS', 'to put the content sent into the PDF');
  }
  const keys = parseKeyEncryptionKeys(
    settings.AUDIT_EVIDENCE_KEYS,
    settings.AUDIT_EVIDENCE_ACTIVE_KEY,
  );
  const evidence = db.collection<EvidenceDocument>(AUDIT_EVIDENCE);
  return sealedContentReader(
    keys,
    async (id) => (await evidence.findOne({ _id: id })) ?? undefined,
  );
}
