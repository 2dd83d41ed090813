/**
 * Letters as print batches for a print vendor to collect from an outbox folder:
 *
 *     <outbox>/<batchId>.open/   a batch being filled: <messageId>.pdf files and manifest.csv
 *     <outbox>/<batchId>/        a sealed batch, complete: the vendor takes only these
 *
 * A batch is sealed by renaming its folder (atomic on one file system) when it holds
 * `batchSize` letters or has been open `maxAgeMs`. The manifest has what the vendor needs to
 * print and post, nothing about the debt: message id, name, address lines, pages and the
 * content hash. Each write is a temporary file renamed into place, and a message already in any
 * batch is not added again: putting a letter into a batch is idempotent by message id.
 */
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { PersonName, PostalAddress } from '@kindly/contracts';
import type { LetterChannel, LetterMessage } from '../domain/ports.js';
import { sent, type SendResult } from '../domain/send-result.js';

export interface PrintOutboxOptions {
  readonly outbox: string;
  /** This replica's stable name: its open batches are its own, sealed by it after a restart. */
  readonly instance: string;
  readonly batchSize: number;
  readonly maxAgeMs: number;
  /** The name outcomes carry. */
  readonly provider?: string;
  readonly now?: () => number;
}

export interface PrintOutbox extends LetterChannel {
  /** Seals the open batch if it is full or old enough; its id when sealed. */
  sealIfDue(): Promise<string | undefined>;
  /** Seals the open batch whatever its size (on shutdown). */
  sealNow(): Promise<string | undefined>;
  /** Starts sealing by age every `everyMs`; returns a stop function. */
  startTimer(everyMs: number): () => void;
}

interface ManifestRow {
  readonly messageId: string;
  readonly name: PersonName;
  readonly address: PostalAddress;
  readonly pages: number;
  readonly contentHash: string;
}

interface OpenBatch {
  readonly batchId: string;
  readonly openedAt: number;
  readonly rows: ManifestRow[];
}

const OPEN = '.open';
const MANIFEST = 'manifest.csv';
export const MANIFEST_COLUMNS = [
  'message_id',
  'name',
  'address_line_1',
  'address_line_2',
  'address_line_3',
  'address_line_4',
  'city',
  'region',
  'postal_code',
  'country',
  'pages',
  'content_hash',
] as const;

/**
 * Opens the outbox: seals this replica's batches left open by an earlier run (after removing
 * any PDF whose manifest row was never written, so that its message is redone cleanly).
 */
export async function openPrintOutbox(options: PrintOutboxOptions): Promise<PrintOutbox> {
  const now = options.now ?? Date.now;
  const provider = options.provider ?? 'print';
  await mkdir(options.outbox, { recursive: true });
  let open: OpenBatch | undefined;
  let counter = 0;
  let queue: Promise<unknown> = Promise.resolve();
  // One batch, one manifest: its writes go one at a time, in order.
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
  const dirOf = (batchId: string, sealed: boolean) =>
    join(options.outbox, sealed ? batchId : `${batchId}${OPEN}`);

  for (const leftOver of await ownOpenBatches(options.outbox, options.instance)) {
    await recoverAndSeal(options.outbox, leftOver);
  }

  const seal = async (): Promise<string | undefined> => {
    const batch = open;
    if (!batch) return undefined;
    open = undefined;
    await rename(dirOf(batch.batchId, false), dirOf(batch.batchId, true));
    return batch.batchId;
  };

  const add = async (message: LetterMessage): Promise<SendResult> => {
    const existing = await batchHolding(options.outbox, message.messageId);
    if (existing !== undefined) return sent({ provider, providerMessageId: existing });
    if (!open) {
      counter += 1;
      const batchId = `${options.instance}-${stamp(now())}-${counter}`;
      await mkdir(dirOf(batchId, false), { recursive: true });
      open = { batchId, openedAt: now(), rows: [] };
    }
    const batch = open;
    const dir = dirOf(batch.batchId, false);
    await writeAtomically(join(dir, `${message.messageId}.pdf`), message.pdf);
    batch.rows.push({
      messageId: message.messageId,
      name: message.name,
      address: message.address,
      pages: message.pages,
      contentHash: message.contentHash,
    });
    await writeAtomically(join(dir, MANIFEST), manifestCsv(batch.rows));
    if (batch.rows.length >= options.batchSize) await seal();
    return sent({ provider, providerMessageId: batch.batchId });
  };

  const due = () =>
    open !== undefined &&
    (open.rows.length >= options.batchSize || now() - open.openedAt >= options.maxAgeMs);

  return {
    send: (message) => serial(() => add(message)),
    sealIfDue: () => serial(async () => (due() ? seal() : undefined)),
    sealNow: () => serial(seal),
    startTimer(everyMs) {
      const timer = setInterval(() => {
        serial(async () => (due() ? seal() : undefined)).catch(() => undefined);
      }, everyMs);
      timer.unref();
      return () => clearInterval(timer);
    },
  };
}

/** The batch (sealed or open) that already holds this message's letter, if any. */
async function batchHolding(outbox: string, messageId: string): Promise<string | undefined> {
  for (const entry of await readdir(outbox, { withFileTypes: true })) {
    if (!entry.isDirectory()) continue;
    if (existsSync(join(outbox, entry.name, `${messageId}.pdf`))) {
      return entry.name.endsWith(OPEN) ? entry.name.slice(0, -OPEN.length) : entry.name;
    }
  }
  return undefined;
}

async function ownOpenBatches(outbox: string, instance: string): Promise<string[]> {
  const entries = await readdir(outbox, { withFileTypes: true });
  return entries
    .filter(
      (e) =>
        e.isDirectory() &&
        e.name.endsWith(OPEN) &&
        e.name.startsWith(`${instance}-`) &&
        /^\d{14}-\d+$/.test(e.name.slice(instance.length + 1, -OPEN.length)),
    )
    .map((e) => e.name.slice(0, -OPEN.length));
}

async function recoverAndSeal(outbox: string, batchId: string): Promise<void> {
  const dir = join(outbox, `${batchId}${OPEN}`);
  const manifest = existsSync(join(dir, MANIFEST))
    ? await readFile(join(dir, MANIFEST), 'utf8')
    : '';
  const listed = new Set(
    manifest
      .split('\r\n')
      .slice(1)
      .map((line) => line.split(',')[0] ?? '')
      .filter(Boolean)
      .map((id) => id.replace(/^"|"$/g, '').replace(/""/g, '"')),
  );
  for (const file of await readdir(dir)) {
    const orphan =
      (file.endsWith('.pdf') && !listed.has(file.slice(0, -4))) || file.endsWith('.tmp');
    if (orphan) await rm(join(dir, file));
  }
  if (listed.size === 0) {
    await rm(dir, { recursive: true });
    return;
  }
  await rename(dir, join(outbox, batchId));
}

const FAMILY_NAME_FIRST = new Set(['CN', 'HK', 'MO', 'TW', 'JP', 'KR']);

export function manifestCsv(rows: readonly ManifestRow[]): string {
  const lines = rows.map((row) => {
    const { address } = row;
    const lines = [0, 1, 2, 3].map((i) => address.lines[i] ?? '');
    // As it is written on an envelope there: family name first, without spaces, in East Asia.
    const name = FAMILY_NAME_FIRST.has(address.country)
      ? [row.name.family, row.name.middle, row.name.given].filter(Boolean).join('')
      : [row.name.given, row.name.middle, row.name.family].filter(Boolean).join(' ');
    return [
      row.messageId,
      name,
      ...lines,
      address.city,
      address.region ?? '',
      address.postalCode ?? '',
      address.country,
      String(row.pages),
      row.contentHash,
    ]
      .map(csvField)
      .join(',');
  });
  return [MANIFEST_COLUMNS.join(','), ...lines].join('\r\n') + '\r\n';
}

/** RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled. */
function csvField(value: string): string {
  // A leading =, +, - or @ would be a formula to a spreadsheet the vendor opens it in.
  const safe = /^[=+\-@]/.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

async function writeAtomically(path: string, data: string | Buffer): Promise<void> {
  const temporary = `${path}.tmp`;
  await writeFile(temporary, data);
  await rename(temporary, path);
}

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\D/g, '').slice(0, 14);
}
