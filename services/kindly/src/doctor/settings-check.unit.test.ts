import { describe, expect, it } from 'vitest';
import { exitCodeOf } from './finding.js';
import { checkSettings, expectedOf, plainly } from './settings-check.js';

const complete = {
  KAFKA_BROKERS: '127.0.0.1:19092',
  MONGODB_URI: 'mongodb://127.0.0.1:27018/',
  RENDERER_UNSUBSCRIBE_SECRET: 'the-shared-unsubscribe-secret',
  TRACKER_UNSUBSCRIBE_SECRET: 'the-shared-unsubscribe-secret',
  TRACKER_PUBLIC_BASE_URL: 'https://track.example.com',
  TRACKER_TWILIO_AUTH_TOKEN: 'twilio-auth-token',
  TRACKER_BOUNCE_TOKEN: 'b'.repeat(32),
  AUDIT_ADDRESS_KEY: 'a'.repeat(32),
  AUDIT_EVIDENCE_KEYS: `k1:${Buffer.alloc(32, 7).toString('base64')}`,
  RND_API_BASE_URL: 'https://rnd.example.com/',
  RND_API_TOKEN: 'rnd-api-token-0001',
};

describe('the settings check', () => {
  it('is green when every service would start', () => {
    const findings = checkSettings(complete);
    expect(findings.map((f) => f.status)).toEqual(['ok']);
    expect(exitCodeOf(findings)).toBe(0);
  });

  it('names a missing setting with what it expects, and exits 78', () => {
    // Empty counts as unset, as parseConfig has it.
    const findings = checkSettings({ ...complete, RENDERER_UNSUBSCRIBE_SECRET: '' });
    const bad = findings.filter((f) => f.status === 'error');
    expect(bad).toEqual([
      expect.objectContaining({
        setting: 'RENDERER_UNSUBSCRIBE_SECRET',
        message: 'RENDERER_UNSUBSCRIBE_SECRET is not set; expected at least 16 characters',
        fix: expect.stringContaining('services/renderer/README.md') as unknown,
      }),
    ]);
    expect(exitCodeOf(findings)).toBe(78);
  });

  it('says what a malformed setting expects and never shows a secret', () => {
    const secret = 'too-short';
    const findings = checkSettings({
      ...complete,
      KAFKA_BROKERS: 'kafka-without-port',
      AUDIT_ADDRESS_KEY: secret,
    });
    const messages = findings.map((f) => f.message);
    expect(messages).toContain(
      'KAFKA_BROKERS is not valid; expected host:port[,host:port…], each port 1–65535',
    );
    expect(messages).toContain('AUDIT_ADDRESS_KEY is not valid; expected at least 32 characters');
    expect(JSON.stringify(findings)).not.toContain(secret);
  });

  it('warns, rather than fails, for the secrets a local run makes up', () => {
    const { TRACKER_BOUNCE_TOKEN, AUDIT_ADDRESS_KEY, AUDIT_EVIDENCE_KEYS, ...rest } = complete;
    const findings = checkSettings(rest);
    expect(findings.map((f) => f.status)).toEqual(['ok', 'warn']);
    expect(findings[1]?.message).toMatch(
      /^TRACKER_BOUNCE_TOKEN, AUDIT_ADDRESS_KEY, AUDIT_EVIDENCE_KEYS not set: kindly run all and the demo make them up/,
    );
    expect(exitCodeOf(findings)).toBe(0);
  });

  it('finds texts the policy wants checked against the reassigned-numbers database left unchecked', () => {
    const { RND_API_BASE_URL: _url, RND_API_TOKEN: _token, ...unchecked } = complete;
    const bad = checkSettings(unchecked).filter((f) => f.status === 'error');
    expect(bad).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('DISPATCHER_REASSIGNED_CHECK=off') as unknown,
      }),
    ]);
    expect(exitCodeOf(checkSettings(unchecked))).toBe(78);
    // Off on purpose: allowed, and said (exit 0).
    const off = checkSettings({ ...unchecked, DISPATCHER_REASSIGNED_CHECK: 'off' });
    expect(off.map((f) => f.status)).toEqual(['ok', 'warn']);
    expect(off[1]?.message).toMatch(/^DISPATCHER_REASSIGNED_CHECK=off while the policy wants/);
    expect(exitCodeOf(off)).toBe(0);
  });

  it('warns of secrets anyone knows: the example file’s, or one saying change-me', () => {
    const findings = checkSettings({
      ...complete,
      RENDERER_UNSUBSCRIBE_SECRET: 'ours-change-me-later',
      TRACKER_UNSUBSCRIBE_SECRET: 'ours-change-me-later',
      TRACKER_TWILIO_AUTH_TOKEN: 'local-twilio-token',
    });
    expect(findings.map((f) => f.status)).toEqual(['ok', 'warn']);
    expect(findings[1]?.message).toMatch(
      /^RENDERER_UNSUBSCRIBE_SECRET, TRACKER_TWILIO_AUTH_TOKEN, TRACKER_UNSUBSCRIBE_SECRET hold a made-up secret/,
    );
    expect(JSON.stringify(findings)).not.toContain('ours-change-me-later');
    expect(exitCodeOf(findings)).toBe(0);
  });

  it('finds unsubscribe secrets that differ between the renderer and the tracker', () => {
    const findings = checkSettings({
      ...complete,
      TRACKER_UNSUBSCRIBE_SECRET: 'another-secret-16+',
    });
    expect(findings[1]).toMatchObject({
      status: 'error',
      message: expect.stringMatching(
        /^RENDERER_UNSUBSCRIBE_SECRET and TRACKER_UNSUBSCRIBE_SECRET differ/,
      ) as unknown,
    });
    expect(JSON.stringify(findings)).not.toContain('another-secret-16+');
    expect(exitCodeOf(findings)).toBe(1);
  });

  it("says what a setting expects in its schema's words, plainly", () => {
    expect(expectedOf('MONGODB_URI')).toBe('a mongodb:// or mongodb+srv:// URI');
    expect(expectedOf('TRACKER_PUBLIC_BASE_URL')).toBe('a URL');
    expect(plainly('Too small: expected number to be >=6000')).toBe('a number of at least 6000');
    expect(plainly('Invalid option: expected one of "a"|"b"')).toBe('one of "a"|"b"');
    expect(plainly('a path such as /u')).toBe('a path such as /u');
  });
});
