import { describe, expect, it } from 'vitest';
import { parseConfig } from '@kindly/config';
import {
  DispatcherSettingsSchema,
  dispatcherSettingsConflicts,
  reassignedCheckProblems,
} from './dispatcher-settings.js';

describe('dispatcher settings that contradict each other', () => {
  it('accepts the defaults', () => {
    const settings = parseConfig(DispatcherSettingsSchema, {});
    expect(dispatcherSettingsConflicts(settings)).toEqual([]);
  });

  it('refuses a claim lease shorter than a token wait and a provider call, naming the settings', () => {
    const settings = parseConfig(DispatcherSettingsSchema, {
      DISPATCHER_CLAIM_LEASE_MS: '30000',
      DISPATCHER_PROVIDER_TIMEOUT_MS: '20000',
    });
    const [problem, ...more] = dispatcherSettingsConflicts(settings);
    expect(more).toEqual([]);
    expect(problem).toMatch(/^DISPATCHER_CLAIM_LEASE_MS: 30000 ms is shorter than/);
    expect(problem).toContain('DISPATCHER_RATE_WAIT_MAX_MS');
    expect(problem).toContain('DISPATCHER_PROVIDER_TIMEOUT_MS');
    expect(problem).toContain('51000 ms');
  });

  it('accepts a short lease with short timeouts (the retry schedule plays no part)', () => {
    const settings = parseConfig(DispatcherSettingsSchema, {
      DISPATCHER_CLAIM_LEASE_MS: '7000',
      DISPATCHER_PROVIDER_TIMEOUT_MS: '2500',
      DISPATCHER_RATE_WAIT_MAX_MS: '500',
      DISPATCHER_RETRY_DELAYS_MS: '200,500,1000',
    });
    expect(dispatcherSettingsConflicts(settings)).toEqual([]);
  });

  it('refuses the reassigned-numbers database without its token, or a token without it', () => {
    const url = parseConfig(DispatcherSettingsSchema, { RND_API_BASE_URL: 'https://rnd.example/' });
    expect(dispatcherSettingsConflicts(url)).toEqual([
      'RND_API_BASE_URL and RND_API_TOKEN: set both, or neither',
    ]);
    const token = parseConfig(DispatcherSettingsSchema, { RND_API_TOKEN: 'secret-token-1' });
    expect(dispatcherSettingsConflicts(token)).toHaveLength(1);
    const both = parseConfig(DispatcherSettingsSchema, {
      RND_API_BASE_URL: 'https://rnd.example/',
      RND_API_TOKEN: 'secret-token-1',
    });
    expect(dispatcherSettingsConflicts(both)).toEqual([]);
  });

  it('refuses to leave out the check the policy wants unless it is turned off on purpose', () => {
    const none = parseConfig(DispatcherSettingsSchema, {});
    const [problem, ...more] = reassignedCheckProblems(none, ['US']);
    expect(more).toEqual([]);
    expect(problem).toContain('RND_API_BASE_URL and RND_API_TOKEN');
    expect(problem).toContain('DISPATCHER_REASSIGNED_CHECK=off');
    // A policy that wants no check needs neither.
    expect(reassignedCheckProblems(none, [])).toEqual([]);
    const off = parseConfig(DispatcherSettingsSchema, { DISPATCHER_REASSIGNED_CHECK: 'off' });
    expect(reassignedCheckProblems(off, ['US'])).toEqual([]);
    const named = parseConfig(DispatcherSettingsSchema, {
      RND_API_BASE_URL: 'https://rnd.example/',
      RND_API_TOKEN: 'secret-token-1',
    });
    expect(reassignedCheckProblems(named, ['US'])).toEqual([]);
    expect(
      reassignedCheckProblems({ ...named, DISPATCHER_REASSIGNED_CHECK: 'off' }, ['US']),
    ).toEqual(['DISPATCHER_REASSIGNED_CHECK=off with RND_API_BASE_URL set: choose one']);
    expect(() =>
      parseConfig(DispatcherSettingsSchema, { DISPATCHER_REASSIGNED_CHECK: 'no' }),
    ).toThrow(/DISPATCHER_REASSIGNED_CHECK/);
  });

  it('takes the database over https, or plain http on loopback only', () => {
    for (const url of ['http://127.0.0.1:4010/', 'http://localhost:4010', 'http://[::1]:4010/']) {
      expect(
        parseConfig(DispatcherSettingsSchema, { RND_API_BASE_URL: url }).RND_API_BASE_URL,
      ).toBe(url);
    }
    for (const url of ['http://rnd.example/', 'http://10.0.0.5/', 'ftp://rnd.example/']) {
      expect(() => parseConfig(DispatcherSettingsSchema, { RND_API_BASE_URL: url })).toThrow(
        /RND_API_BASE_URL/,
      );
    }
  });

  it('reads each tenant’s Messaging Service, and refuses a malformed list or a tenant twice', () => {
    const a = `MG${'a'.repeat(32)}`;
    const b = `MG${'b'.repeat(32)}`;
    const settings = parseConfig(DispatcherSettingsSchema, {
      TWILIO_MESSAGING_SERVICES: `bank-1:${a},bank-2:${b}`,
    });
    expect([...(settings.TWILIO_MESSAGING_SERVICES ?? [])]).toEqual([
      ['bank-1', a],
      ['bank-2', b],
    ]);
    for (const bad of [`bank-1:${a},bank-1:${b}`, 'bank-1:MG12', `bank-1=${a}`, `:${a}`]) {
      expect(() =>
        parseConfig(DispatcherSettingsSchema, { TWILIO_MESSAGING_SERVICES: bad }),
      ).toThrow(/TWILIO_MESSAGING_SERVICES/);
    }
  });
});
