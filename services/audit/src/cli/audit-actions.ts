/** What each `kindly audit` command does, over one connection; the parsing is audit-command.ts. */
import { readFileSync, writeFileSync } from 'node:fs';
import type { Db } from '@kindly/mongo';
import { progressFor } from '@kindly/progress';
import { DateTime } from 'luxon';
import { z } from 'zod';
import { createAccountHistories } from '../data-access/account-histories.js';
import { createAnchorRepository } from '../data-access/anchors.repository.js';
import { createAuditReader } from '../data-access/audit-reader.js';
import { createAuditRecordRepository } from '../data-access/audit-records.repository.js';
import { createAuditSearch } from '../data-access/audit-search.js';
import { createRetentionRepository } from '../data-access/retention.repository.js';
import { addressKeyer } from '../domain/address-keys.js';
import {
  ANCHOR_FILE_FORMAT,
  checkAnchorFile,
  signAnchorFile,
  type AnchorFile,
  type AnchorFileFinding,
} from '../domain/anchor-file.js';
import { anchorPeriods } from '../domain/anchor-periods.use-case.js';
import { verifyAnchors, type Anchor } from '../domain/anchors.js';
import {
  addressQueryKey,
  customerQueryKey,
  localDayRange,
  type AuditQuery,
} from '../domain/audit-query.js';
import { expireAccounts } from '../domain/expire-accounts.use-case.js';
import { loadRetentionPolicy, shortestRetentionYears } from '../domain/retention-policy.js';
import { verifyAudit } from '../domain/verify-audit.use-case.js';
import { violationReportHtml, violationReportText } from '../domain/violation-report-format.js';
import { reportViolations } from '../domain/violation-report.use-case.js';
import { policyHistory } from '../data-access/policy-history.js';
import type { PolicyDocument } from '../recheck/index.js';
import type { AuditCliSettings } from './cli-settings.js';
import { MissingSetting, UsageError } from './cli-errors.js';
import { exportRecords } from './export-action.js';
import { listHolds, placeOrLiftHold } from './hold-actions.js';
import { chainCount } from './progress-counts.js';

export interface CliIo {
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
  readonly env: Readonly<Record<string, string | undefined>>;
}

export type AuditActions = ReturnType<typeof auditActions>;
type Options = Record<string, unknown>;

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

export function auditActions(db: Db, settings: AuditCliSettings, io: CliIo) {
  const say = (text: string) => io.stdout.write(`${text}\n`);
  const anchorSettings = {
    periodMinutes: settings.AUDIT_ANCHOR_PERIOD_MINUTES,
    graceMs: settings.AUDIT_ANCHOR_GRACE_SECONDS * 1_000,
  };
  return {
    async verify(options: Options): Promise<number> {
      const minRetentionYears = shortestRetentionYears(loadRetentionPolicy());
      const progress = progressFor(io.stderr, 'chains verified');
      progress.start(await chainCount(db));
      const report = await verifyAudit(createAuditReader(db), {
        nowMs: Date.now(),
        ...anchorSettings,
        minRetentionYears,
        onChainVerified: (chains) => progress.update(chains),
      }).finally(() => progress.stop());
      const fileFindings = await anchorFileFindings(db, options);
      const ok = report.ok && fileFindings.length === 0;
      if (options['json']) {
        say(JSON.stringify({ ...report, ok, anchorFile: fileFindings }, null, 2));
        return ok ? 0 : 1;
      }
      say(
        `${report.records} records in ${report.accounts} chains; ${report.anchorsChecked} anchors; ` +
          `${report.unanchoredRecords} records not yet anchored.`,
      );
      for (const b of report.brokenChains) {
        say(`BROKEN chain ${b.tenantId}/${b.accountId} at seq ${b.seq}: ${b.reason}`);
      }
      if (report.brokenChainCount > report.brokenChains.length) {
        say(`(${report.brokenChainCount - report.brokenChains.length} more broken chains)`);
      }
      const a = report.brokenAnchor;
      if (a) say(`BROKEN anchor ${a.seq} (period from ${a.periodStart}): ${a.reason}`);
      if (report.missingAnchor) {
        say(`MISSING anchor for the period from ${report.missingAnchor.periodStart}`);
      }
      for (const f of fileFindings)
        say(`ANCHOR FILE: ${f.kind}${'seq' in f ? ` (anchor ${f.seq})` : ''}`);
      say(ok ? 'verified: no alteration found' : 'NOT verified');
      return ok ? 0 : 1;
    },

    async query(options: Options): Promise<number> {
      const query = queryOf(options, settings, 1_000);
      let shown = 0;
      for await (const record of createAuditSearch(db).find(query)) {
        shown += 1;
        if (options['json']) {
          say(JSON.stringify(record));
          continue;
        }
        const payload = (record.body?.payload ?? {}) as Record<string, unknown>;
        const text = (value: unknown) => (typeof value === 'string' ? value : '');
        const reasons = Array.isArray(payload['reasons']) ? payload['reasons'].map(text) : [];
        say(
          [
            `${record.tenantId}/${record.accountId}`,
            String(record.seq),
            record.body?.occurredAt ?? '(expired)',
            record.body?.type ?? '',
            text(payload['channel']),
            text(payload['messageId']),
            text(payload['status']) || reasons.join(';'),
          ].join('\t'),
        );
      }
      if (shown === query.limit) {
        io.stderr.write(`(the first ${shown} records: narrow the query or raise --limit)\n`);
      }
      return 0;
    },

    async export(options: Options): Promise<number> {
      return exportRecords(db, settings, queryOf(options, settings, 0), options, io.stderr);
    },

    async violations(options: Options): Promise<number> {
      // Read and checked by the command line before the store was opened (policy-file.ts).
      const policy = options['policyDocument'] as PolicyDocument | undefined;
      const report = await reportViolations(
        createAccountHistories(db, {
          ...(str(options['tenant']) ? { tenantId: str(options['tenant'])! } : {}),
          ...(str(options['account']) ? { accountId: str(options['account'])! } : {}),
        }),
        // A policy file given is the one to check by; otherwise the versions in force in turn.
        { policyAt: policy ? () => policy : await policyHistory(db) },
      );
      const format = str(options['format']) ?? 'text';
      const text =
        format === 'json'
          ? `${JSON.stringify(report, null, 2)}\n`
          : format === 'html'
            ? violationReportHtml(report, new Date().toISOString())
            : violationReportText(report);
      const out = str(options['out']);
      if (out) {
        writeFileSync(out, text);
        say(
          `${report.total} violations in ${report.sends} sends of ${report.accounts} accounts: ${out}`,
        );
      } else io.stdout.write(text);
      return report.total === 0 ? 0 : 1;
    },

    async anchor(): Promise<number> {
      const round = await anchorPeriods(
        createAnchorRepository(db),
        { ...anchorSettings, perRound: 10_000 },
        Date.now(),
      );
      say(`${round.anchored} periods anchored`);
      return 0;
    },

    async exportAnchors(options: Options): Promise<number> {
      if (!settings.AUDIT_SIGNING_KEY) {
        throw new MissingSetting('AUDIT_SIGNING_KEY', 'to sign the anchors (an Ed25519 PEM key)');
      }
      const anchors: Anchor[] = [];
      for await (const anchor of createAnchorRepository(db).all()) anchors.push(anchor);
      // Only anchors that verify against the records get the bank's signature.
      const checked = await verifyAnchors(anchors, (period) =>
        createAnchorRepository(db).recordHashesIn(period),
      );
      if (checked.broken) {
        say(`NOT signed: anchor ${checked.broken.seq} ${checked.broken.reason}`);
        return 1;
      }
      let file: AnchorFile;
      try {
        file = signAnchorFile(anchors, settings.AUDIT_SIGNING_KEY, new Date().toISOString());
      } catch {
        throw new MissingSetting('AUDIT_SIGNING_KEY', 'as an Ed25519 private key, PKCS #8 PEM');
      }
      writeFileSync(str(options['out'])!, `${JSON.stringify(file, null, 2)}\n`);
      say(`${anchors.length} anchors signed and written`);
      return 0;
    },

    async expire(options: Options): Promise<number> {
      const limit = positiveInt(options['limit'], '--limit');
      const round = await expireAccounts(
        {
          store: createAuditRecordRepository(db),
          recordedNow: () => new Date(),
          retention: createRetentionRepository(db),
          policy: loadRetentionPolicy(),
        },
        Date.now(),
        limit,
      );
      say(
        `${round.examined} inactive accounts examined; ${round.expired.length} expired; ` +
          `${round.held} kept under a legal hold`,
      );
      for (const e of round.expired) say(`  ${e.tenantId}/${e.accountId}: ${e.retentionClass}`);
      return 0;
    },

    placeHold: (options: Options) => placeOrLiftHold(db, 'audit.hold-placed', options, say),
    liftHold: (options: Options) => placeOrLiftHold(db, 'audit.hold-lifted', options, say),
    listHolds: () => listHolds(db, say),
  };
}

function positiveInt(value: unknown, name: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new UsageError(`${name} must be a whole number above 0`);
  return n;
}

function instant(value: unknown, name: string): string | undefined {
  const text = str(value);
  if (text === undefined) return undefined;
  const parsed = DateTime.fromISO(text, { zone: 'utc' });
  if (!parsed.isValid)
    throw new UsageError(`${name} must be an ISO 8601 instant, e.g. 2026-03-04T00:00:00Z`);
  return parsed.toUTC().toISO();
}

/** The filters of query and export, checked; `defaultLimit` 0: every record. */
export function queryOf(
  options: Options,
  settings: AuditCliSettings,
  defaultLimit: number,
): AuditQuery {
  const address = str(options['address']);
  const customer = str(options['customer']);
  if ((address !== undefined || customer !== undefined) && !settings.AUDIT_ADDRESS_KEY) {
    throw new MissingSetting(
      'AUDIT_ADDRESS_KEY',
      'to look an address or a customer up (the audit keeps them as keyed hashes)',
    );
  }
  if (address !== undefined && customer !== undefined) {
    throw new UsageError('give --address or --customer, not both');
  }
  let from = instant(options['from'], '--from');
  let to = instant(options['to'], '--to');
  const localFrom = str(options['localFrom']);
  const localTo = str(options['localTo']);
  if (localFrom !== undefined || localTo !== undefined) {
    const zone = str(options['zone']);
    if (!localFrom || !localTo || !zone) {
      throw new UsageError('--local-from and --local-to go together, with --zone');
    }
    try {
      ({ from, to } = localDayRange(localFrom, localTo, zone));
    } catch {
      throw new UsageError(
        '--local-from and --local-to must be YYYY-MM-DD and --zone an IANA zone',
      );
    }
  }
  const pick = (name: string) => (str(options[name]) ? { [name]: str(options[name])! } : {});
  return {
    ...(str(options['tenant']) ? { tenantId: str(options['tenant'])! } : {}),
    ...(str(options['account']) ? { accountId: str(options['account'])! } : {}),
    ...(address !== undefined
      ? { addressKey: addressQueryKey(addressKeyer(settings.AUDIT_ADDRESS_KEY!), address) }
      : {}),
    ...(customer !== undefined
      ? { addressKey: customerQueryKey(addressKeyer(settings.AUDIT_ADDRESS_KEY!), customer) }
      : {}),
    ...(from ? { from } : {}),
    ...(to ? { to } : {}),
    ...pick('channel'),
    ...pick('type'),
    ...(str(options['template']) ? { templateId: str(options['template'])! } : {}),
    ...(str(options['campaign']) ? { campaignId: str(options['campaign'])! } : {}),
    ...pick('status'),
    ...pick('rule'),
    limit: options['limit'] === undefined ? defaultLimit : positiveInt(options['limit'], '--limit'),
  };
}

const AnchorFileShape = z.object({
  format: z.literal(ANCHOR_FILE_FORMAT),
  exportedAt: z.string(),
  anchors: z.array(
    z.object({
      seq: z.number().int(),
      periodStart: z.string(),
      periodEnd: z.string(),
      records: z.number().int(),
      root: z.string(),
      prevHash: z.string(),
      hash: z.string(),
    }),
  ),
  signature: z.object({
    algorithm: z.literal('Ed25519'),
    publicKey: z.string(),
    value: z.string(),
  }),
});

/**
 * The anchor file's findings against the store. The file and the key the bank trusts go
 * together: a file checked against the key inside it proves nothing (anyone can re-sign).
 */
async function anchorFileFindings(db: Db, options: Options): Promise<AnchorFileFinding[]> {
  const anchorsFile = str(options['anchorsFile']);
  const publicKey = str(options['publicKey']);
  if (anchorsFile === undefined && publicKey === undefined) return [];
  if (anchorsFile === undefined || publicKey === undefined) {
    throw new UsageError('--anchors-file and --public-key go together');
  }
  const read = (file: string, what: string) => {
    try {
      return readFileSync(file, 'utf8');
    } catch {
      throw new UsageError(`${what} cannot be read`);
    }
  };
  let file: AnchorFile;
  try {
    file = AnchorFileShape.parse(JSON.parse(read(anchorsFile, '--anchors-file')));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError('--anchors-file is not an anchor file Kindly exported');
  }
  const stored = new Map<number, Anchor>();
  for await (const anchor of createAnchorRepository(db).all()) stored.set(anchor.seq, anchor);
  try {
    return checkAnchorFile(file, stored, read(publicKey, '--public-key'));
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError('--public-key is not a PEM public key');
  }
}
