import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { withKeptAuditKeys } from './kept-local-secrets.js';

describe('the audit keys of a local run all', () => {
  const dirs: string[] = [];
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));

  it('are made once, kept owner-only, and the same at the next start', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kindly-keys-'));
    dirs.push(dir);
    const file = join(dir, 'nested', 'local-secrets.json');
    const first = withKeptAuditKeys({}, file);
    const second = withKeptAuditKeys({}, file);
    expect(first.env['AUDIT_ADDRESS_KEY']?.length).toBeGreaterThanOrEqual(32);
    expect(second.env['AUDIT_ADDRESS_KEY']).toBe(first.env['AUDIT_ADDRESS_KEY']);
    expect(second.env['AUDIT_EVIDENCE_KEYS']).toBe(first.env['AUDIT_EVIDENCE_KEYS']);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('leave keys that are set alone, and keep no file for them', () => {
    const dir = mkdtempSync(join(tmpdir(), 'kindly-keys-'));
    dirs.push(dir);
    const set = { AUDIT_ADDRESS_KEY: 'a'.repeat(40), AUDIT_EVIDENCE_KEYS: 'x:y' };
    const { env, keptIn } = withKeptAuditKeys(set, join(dir, 'f.json'));
    expect(env).toMatchObject(set);
    expect(keptIn).toBeUndefined();
  });
});
