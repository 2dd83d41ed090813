/** `kindly audit export`: the records a query finds, as CSV, JSON lines or one account's PDF. */
import { createWriteStream, existsSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Db } from '@kindly/mongo';
import { progressFor, type ProgressStream } from '@kindly/progress';
import { createAuditSearch } from '../data-access/audit-search.js';
import {
  AUDIT_RECORDS,
  type AuditRecordDocument,
} from '../data-access/audit-records.repository.js';
import { AUDIT_EVIDENCE, type EvidenceDocument } from '../data-access/evidence.repository.js';
import { hashOf } from '../domain/canonical-hash.js';
import type { AuditQuery } from '../domain/audit-query.js';
import { parseKeyEncryptionKeys } from '../domain/evidence-cipher.js';
import {
  sealedContentReader,
  writeAuditCsv,
  writeAuditJsonLines,
  writeContactHistoryPdf,
} from '../export/index.js';
import { EvidenceProblem, MissingSetting, UsageError } from './cli-errors.js';
import type { AuditCliSettings } from './cli-settings.js';
import { counted } from './progress-counts.js';

export async function exportRecords(
  db: Db,
  settings: AuditCliSettings,
  query: AuditQuery,
  options: Record<string, unknown>,
  /** Where the count of records exported is drawn, on a terminal only. */
  progressStream: ProgressStream,
): Promise<number> {
  const format = String(options['format']);
  const file = String(options['out']);
  // Everything checked before the output is opened: a mistake must not empty an existing file.
  if (format === 'pdf' && !query.accountId) {
    throw new UsageError('a PDF is one account’s history: give --account');
  }
  const evidence = options['withContent'] ? evidenceOpener(db, settings) : undefined;
  if (!existsSync(dirname(resolve(file)))) {
    throw new UsageError('the folder of --out does not exist');
  }
  const out = createWriteStream(file);
  // A counter, not a bar: the search's filter is not counted ahead (a second pass over it).
  const progress = progressFor(progressStream, 'records exported');
  progress.start(undefined);
  const records = counted(createAuditSearch(db).find(query), progress);
  try {
    // Formulas escaped: the CSV is made for Excel (the byte order mark), where `=…` would run.
    if (format === 'csv') {
      await writeAuditCsv(records, out, { byteOrderMark: true, escapeFormulas: true });
    } else if (format === 'jsonl') await writeAuditJsonLines(records, out);
    else {
      // An EvidenceProblem (content missing or altered) ends the export as a finding.
      await writeContactHistoryPdf(records, out, {
        customerLocale: String(options['customerLocale']),
        examinerLocale: String(options['examinerLocale']),
        ...(evidence ? { evidence } : {}),
      });
    }
  } finally {
    progress.stop();
  }
  return 0;
}

/**
 * Reads a message's sealed content with the evidence keys (the examiner's copy shows it), and
 * refuses content whose digest is not the one its chained record holds (re-sealed content).
 */
function evidenceOpener(db: Db, settings: AuditCliSettings) {
  if (!settings.AUDIT_EVIDENCE_KEYS) {
    throw new MissingSetting('AUDIT_EVIDENCE_KEYS', 'to put the content sent into the PDF');
  }
  const keys = parseKeyEncryptionKeys(
    settings.AUDIT_EVIDENCE_KEYS,
    settings.AUDIT_EVIDENCE_ACTIVE_KEY,
  );
  const evidence = db.collection<EvidenceDocument>(AUDIT_EVIDENCE);
  const records = db.collection<AuditRecordDocument>(AUDIT_RECORDS);
  const read = sealedContentReader(
    keys,
    async (id) => (await evidence.findOne({ _id: id })) ?? undefined,
  );
  return async (id: string): Promise<unknown> => {
    const content = await read(id).catch((error: unknown) => {
      throw new EvidenceProblem((error as Error).message);
    });
    // The evidence id is the rendered event's, which is its record's id.
    const digest = (await records.findOne({ _id: id }))?.body?.evidence?.contentDigest;
    if (digest !== undefined && hashOf(content) !== digest) {
      throw new EvidenceProblem(
        'the content sent does not match the digest its audit record holds',
      );
    }
    return content;
  };
}
