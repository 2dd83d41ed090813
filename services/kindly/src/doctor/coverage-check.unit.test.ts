import { describe, expect, it } from 'vitest';
import { checkSenderCoverage, type Senders } from './coverage-check.js';

/** A directory of `profiles` by tenant, answering as the renderer's does. */
function directory(profiles: Record<string, string[]>, fallback?: string): Senders {
  const countriesOf = (tenantId: string) =>
    profiles[tenantId] ?? (fallback ? profiles[fallback] : undefined);
  return {
    senderOf(tenantId, jurisdiction) {
      const countries = countriesOf(tenantId);
      if (!countries) throw new Error(`no sender profile for tenant ${tenantId}`);
      const country = jurisdiction.split('-')[0]!;
      if (!countries.includes(country))
        throw new Error(
          `tenant ${tenantId} has no sender profile for jurisdiction ${jurisdiction}`,
        );
      return { tenantId, country };
    },
    uncovered(jurisdictions) {
      const countries = [...new Set(jurisdictions.map((j) => j.split('-')[0]!))].sort();
      return Object.entries(profiles).flatMap(([tenantId, have]) =>
        countries.filter((c) => !have.includes(c)).map((country) => ({ tenantId, country })),
      );
    },
  };
}

const base = {
  file: 'templates/senders.yaml',
  policyJurisdictions: ['default', 'US', 'US-MA', 'CN', 'GB'],
  policySource: 'the policy file',
};

describe('the sender coverage check', () => {
  it('is green when every tenant has a profile for every country of the policy', () => {
    const findings = checkSenderCoverage({
      ...base,
      senders: directory({ bank: ['CN', 'GB', 'US'] }),
    });
    expect(findings).toEqual([
      expect.objectContaining({
        status: 'ok',
        message:
          'templates/senders.yaml has a sender profile for every country of the policy file (CN, GB, US)',
      }),
    ]);
  });

  it('names a country of the policy a tenant has no profile for: the renderer would not start', () => {
    const findings = checkSenderCoverage({ ...base, senders: directory({ bank: ['CN', 'GB'] }) });
    expect(findings).toEqual([
      {
        check: 'senders',
        status: 'error',
        message:
          'tenant bank has no sender profile for US, which the policy file covers (US, US-MA): the renderer refuses to start',
        fix: 'add a US profile under senders.bank.jurisdictions in templates/senders.yaml',
      },
    ]);
  });

  it('names the tenants and countries on file without a profile', () => {
    const inUse = new Map([
      ['bank', ['CN', 'DE']],
      ['other-bank', ['US', 'US-MA']],
    ]);
    const findings = checkSenderCoverage({
      ...base,
      senders: directory({ bank: ['CN', 'GB', 'US'] }),
      inUse,
    });
    expect(findings.map((f) => f.message)).toEqual([
      'tenant bank has no sender profile for jurisdiction DE: the messages to its customers in DE are not rendered',
      'no sender profile for tenant other-bank: the messages to its customers in US, US-MA are not rendered',
    ]);
    expect(findings[1]?.fix).toContain('RENDERER_FALLBACK_SENDER');
  });

  it('counts the tenants on file when all are covered (a fallback profile serves those unnamed)', () => {
    const findings = checkSenderCoverage({
      ...base,
      senders: directory({ bank: ['CN', 'GB', 'US'] }, 'bank'),
      inUse: new Map([['other-bank', ['US-MA']]]),
    });
    expect(findings[0]?.message).toMatch(
      /for every jurisdiction of the customers on file \(1 tenant\)$/,
    );
  });
});
