/**
 * Letters as print batches for a print vendor to collect from an outbox folder:
 *
 *     <outbox>/<batchId>.open/   a batch being filled: <messageId>.pdf files and manifest.csv
 *     <outbox>/<batchId>/        a sealed batch, complete: the vendor takes only these
 *
 * A batch is sealed by renaming its folder (atomic on one file system) when it holds
 * `batchSize` letters, when it has been open `maxAgeMs` on the service's clock (the simulated
 * one in the demo), and when the replica stops. A batch a replica left open when it died is
 * sealed by the next replica to start or to look (print-batch-folders.ts). The manifest has what
 * the vendor needs to print and post, nothing about the debt: message id, name, address lines,
 * pages and the content hash. Each write is a temporary file renamed into place, and a message
 * already in any batch is not added again: putting a letter into a batch is idempotent by
 * message id.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { systemClock, type Clock } from '@kindly/clock';
import type { PersonName, PostalAddress } from '@kindly/contracts';
import type { LetterChannel, LetterMessage } from '../domain/ports.js';
import { failed, sent, type SendResult } from '../domain/send-result.js';
import {
  batchHolding,
  isMissing,
  MANIFEST,
  openDir,
  recoverLeftOverBatches,
  removeLease,
  sealedDir,
  writeAtomically,
  writeLease,
} from './print-batch-folders.js';

export interface PrintOutboxOptions {
  readonly outbox: string;
  /** This replica's name (INSTANCE_ID): the first part of its batch ids. */
  readonly instance: string;
  /** This process; a random one by default. Batches of its instance under another owner are a dead predecessor's. */
  readonly owner?: string;
  readonly batchSize: number;
  readonly maxAgeMs: number;
  /** How long an open batch stays its owner's without a renewal (wall clock); 60 s by default. */
  readonly leaseMs?: number;
  /** The name outcomes carry. */
  readonly provider?: string;
  /** The service's clock: a batch's age, its id's time stamp. */
  readonly clock?: Clock;
  /** Real time: the leases that tell a live replica's batch from a dead one's. */
  readonly wallClock?: Clock;
}

export interface PrintOutbox extends LetterChannel {
  /** Seals the open batch if it is full or old enough; its id when sealed. */
  sealIfDue(): Promise<string | undefined>;
  /** Seals the open batch whatever its size. */
  sealNow(): Promise<string | undefined>;
  /** Seals batches that replicas which are gone left open; their ids. */
  recover(): Promise<string[]>;
  /**
   * Every `everyMs`: seals the open batch when due, renews its lease, and now and then recovers
   * left-over batches. Returns a stop function.
   */
  startTimer(everyMs: number): () => void;
  /** Stops the timer and seals the open batch (on shutdown). */
  close(): Promise<void>;
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

/** Opens the outbox, sealing first the batches that replicas which are gone left open. */
export async function openPrintOutbox(options: PrintOutboxOptions): Promise<PrintOutbox> {
  const clock = options.clock ?? systemClock;
  const wall = () => (options.wallClock ?? systemClock).now().toMillis();
  const provider = options.provider ?? 'print';
  const leaseMs = options.leaseMs ?? 60_000;
  const holder = { instance: options.instance, owner: options.owner ?? randomUUID() };
  const { outbox } = options;
  await mkdir(outbox, { recursive: true });
  let open: OpenBatch | undefined;
  let renewedAt = 0;
  let nextRecovery = 0;
  let queue: Promise<unknown> = Promise.resolve();
  // One batch, one manifest: its writes go one at a time, in order.
  const serial = <T>(work: () => Promise<T>): Promise<T> => {
    const next = queue.then(work, work);
    queue = next.catch(() => undefined);
    return next;
  };
  const renew = async (batchId: string) => {
    renewedAt = wall();
    await writeLease(outbox, { batchId, ...holder, until: renewedAt + leaseMs });
  };
  const recover = async () => {
    nextRecovery = wall() + leaseMs / 2;
    return recoverLeftOverBatches(outbox, holder, wall(), open?.batchId);
  };

  await recover();

  const seal = async (): Promise<string | undefined> => {
    const batch = open;
    if (!batch) return undefined;
    open = undefined;
    try {
      await rename(openDir(outbox, batch.batchId), sealedDir(outbox, batch.batchId));
    } catch (error) {
      // Taken over while this replica stalled past its lease: the other replica sealed it.
      if (!isMissing(error)) throw error;
    }
    await removeLease(outbox, batch.batchId);
    return batch.batchId;
  };
  const ageDue = () =>
    open !== undefined && clock.now().toMillis() - open.openedAt >= options.maxAgeMs;
  const due = () => ageDue() || (open !== undefined && open.rows.length >= options.batchSize);

  const startBatch = async (): Promise<OpenBatch> => {
    const openedAt = clock.now().toMillis();
    const batchId = `${options.instance}-${stamp(openedAt)}-${randomBytes(3).toString('hex')}`;
    // The lease first: a folder without one is free for any replica to seal.
    await renew(batchId);
    await mkdir(openDir(outbox, batchId));
    return { batchId, openedAt, rows: [] };
  };

  const add = async (message: LetterMessage): Promise<SendResult> => {
    const existing = await batchHolding(outbox, message.messageId);
    if (existing !== undefined) return sent({ provider, providerMessageId: existing });
    if (ageDue()) await seal();
    open ??= await startBatch();
    const batch = open;
    const dir = openDir(outbox, batch.batchId);
    try {
      await writeAtomically(join(dir, `${message.messageId}.pdf`), message.pdf);
      batch.rows.push({
        messageId: message.messageId,
        name: message.name,
        address: message.address,
        pages: message.pages,
        contentHash: message.contentHash,
      });
      await writeAtomically(join(dir, MANIFEST), manifestCsv(batch.rows));
    } catch (error) {
      if (!isMissing(error)) throw error;
      // Another replica took the batch over (this one stalled past its lease) and sealed what
      // its manifest listed: the letter goes into a new batch on the next attempt.
      if (open === batch) open = undefined;
      return failed({
        provider,
        code: 'BATCH_TAKEN_OVER',
        retryable: true,
        attempted: true,
        providerFault: false,
        effect: 'none',
        detail: 'the open print batch was sealed by another replica',
      });
    }
    if (batch.rows.length >= options.batchSize) await seal();
    return sent({ provider, providerMessageId: batch.batchId });
  };

  const housekeeping = async () => {
    if (due()) await seal();
    else if (open && wall() - renewedAt >= leaseMs / 3) await renew(open.batchId);
    if (wall() >= nextRecovery) await recover();
  };
  let stopTimer = () => {};

  return {
    send: (message) => serial(() => add(message)),
    sealIfDue: () => serial(async () => (due() ? seal() : undefined)),
    sealNow: () => serial(seal),
    recover: () => serial(recover),
    startTimer(everyMs) {
      const timer = setInterval(() => {
        serial(housekeeping).catch(() => undefined);
      }, everyMs);
      timer.unref();
      stopTimer = () => clearInterval(timer);
      return stopTimer;
    },
    async close() {
      stopTimer();
      await serial(seal);
    },
  };
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

function stamp(ms: number): string {
  return new Date(ms).toISOString().replace(/\D/g, '').slice(0, 14);
}
