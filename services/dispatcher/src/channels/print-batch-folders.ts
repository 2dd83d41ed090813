/**
 * The print outbox's folders and who owns them:
 *
 *     <outbox>/.leases/<batchId>.json        the owner's lease on an open batch, renewed while it lives
 *     <outbox>/<batchId>.open/               a batch being filled by the lease's owner
 *     <outbox>/<batchId>.recovering-<token>/ a left-over batch claimed by one replica to seal it
 *     <outbox>/<batchId>/                    sealed: the vendor takes only these
 *
 * A batch whose lease ran out (its owner died without sealing it), whose lease names this
 * replica's instance under another process (its predecessor), or that has no lease at all (left
 * by an older version) is recovered by whichever replica finds it first. The claim is a rename:
 * atomic on one file system, so of two replicas starting together one gets the folder and the
 * other finds it gone. The claimant removes any PDF its manifest does not list (the message is
 * redone cleanly) and seals the batch by renaming it once more; a claim left by a replica that
 * died while recovering is claimed again, and only one rename into the sealed name can succeed.
 */
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export const OPEN = '.open';
const RECOVERING = '.recovering-';
const LEASES = '.leases';
export const MANIFEST = 'manifest.csv';

/** Who holds an open batch, until when (wall-clock milliseconds). */
export interface BatchLease {
  readonly batchId: string;
  /** The replica's name (INSTANCE_ID, or a random one). */
  readonly instance: string;
  /** The process: one name per start of a replica. */
  readonly owner: string;
  readonly until: number;
}

export interface LeaseHolder {
  readonly instance: string;
  readonly owner: string;
}

export const openDir = (outbox: string, batchId: string) => join(outbox, `${batchId}${OPEN}`);
export const sealedDir = (outbox: string, batchId: string) => join(outbox, batchId);
const leaseFile = (outbox: string, batchId: string) => join(outbox, LEASES, `${batchId}.json`);

/** The batch a folder of the outbox holds, and in which state; undefined for anything else. */
export function batchOfFolder(
  name: string,
): { batchId: string; state: 'open' | 'recovering' | 'sealed' } | undefined {
  if (name.startsWith('.')) return undefined;
  if (name.endsWith(OPEN)) return { batchId: name.slice(0, -OPEN.length), state: 'open' };
  const at = name.lastIndexOf(RECOVERING);
  if (at > 0) return { batchId: name.slice(0, at), state: 'recovering' };
  return { batchId: name, state: 'sealed' };
}

export async function writeLease(outbox: string, lease: BatchLease): Promise<void> {
  await mkdir(join(outbox, LEASES), { recursive: true });
  await writeAtomically(leaseFile(outbox, lease.batchId), JSON.stringify(lease));
}

export async function removeLease(outbox: string, batchId: string): Promise<void> {
  await rm(leaseFile(outbox, batchId), { force: true });
}

async function readLease(outbox: string, batchId: string): Promise<BatchLease | undefined> {
  try {
    const lease = JSON.parse(await readFile(leaseFile(outbox, batchId), 'utf8')) as BatchLease;
    return typeof lease.until === 'number' ? lease : undefined;
  } catch {
    return undefined;
  }
}

/** Whether nobody alive holds this batch: see the module comment. */
function isLeftOver(lease: BatchLease | undefined, holder: LeaseHolder, now: number): boolean {
  if (lease === undefined || lease.until <= now) return true;
  return lease.instance === holder.instance && lease.owner !== holder.owner;
}

/**
 * Seals every batch of the outbox that nobody alive holds, except `keep` (this replica's own
 * open batch). Returns the ids of the batches this call sealed.
 */
export async function recoverLeftOverBatches(
  outbox: string,
  holder: LeaseHolder,
  now: number,
  keep?: string,
): Promise<string[]> {
  const sealed: string[] = [];
  for (const entry of await readdir(outbox, { withFileTypes: true })) {
    const batch = entry.isDirectory() ? batchOfFolder(entry.name) : undefined;
    if (!batch || batch.state === 'sealed' || batch.batchId === keep) continue;
    if (batch.state === 'open' && !isLeftOver(await readLease(outbox, batch.batchId), holder, now))
      continue;
    const claimed = join(outbox, `${batch.batchId}${RECOVERING}${randomBytes(4).toString('hex')}`);
    try {
      await rename(join(outbox, entry.name), claimed);
      if (await sealClaimed(outbox, claimed, batch.batchId)) sealed.push(batch.batchId);
      await removeLease(outbox, batch.batchId);
    } catch (error) {
      // Gone: another replica claimed it first (and seals it). Anything else: the next round.
      if (!isMissing(error)) throw error;
    }
  }
  await removeStaleLeases(outbox, holder, now, keep);
  return sealed;
}

async function sealClaimed(outbox: string, dir: string, batchId: string): Promise<boolean> {
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
    return false;
  }
  await rename(dir, sealedDir(outbox, batchId));
  return true;
}

/** Leases whose batch folder is gone (a crash between the lease and the folder, or the seal). */
async function removeStaleLeases(
  outbox: string,
  holder: LeaseHolder,
  now: number,
  keep?: string,
): Promise<void> {
  const folder = join(outbox, LEASES);
  if (!existsSync(folder)) return;
  for (const file of await readdir(folder)) {
    if (!file.endsWith('.json')) continue;
    const batchId = file.slice(0, -'.json'.length);
    if (batchId === keep || existsSync(openDir(outbox, batchId))) continue;
    if (isLeftOver(await readLease(outbox, batchId), holder, now))
      await removeLease(outbox, batchId);
  }
}

/** The batch (sealed, open or being recovered) that already holds this message's letter. */
export async function batchHolding(outbox: string, messageId: string): Promise<string | undefined> {
  for (const entry of await readdir(outbox, { withFileTypes: true })) {
    const batch = entry.isDirectory() ? batchOfFolder(entry.name) : undefined;
    if (batch && existsSync(join(outbox, entry.name, `${messageId}.pdf`))) return batch.batchId;
  }
  return undefined;
}

export async function writeAtomically(path: string, data: string | Buffer): Promise<void> {
  const temporary = `${path}.tmp`;
  await writeFile(temporary, data);
  await rename(temporary, path);
}

export function isMissing(error: unknown): boolean {
  return (error as { code?: unknown } | null)?.code === 'ENOENT';
}
