import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OfferKind } from '@kindly/contracts';
import { loadStrategy } from './load-strategy.js';
import { Offer } from './offer-schema.js';
import { templateIdsOf } from './template-ids.js';

const FOLDER = new URL('../../strategies/', import.meta.url);
const files = readdirSync(FOLDER).filter((name) => name.endsWith('.yaml'));
const strategies = files.map((name) =>
  loadStrategy(readFileSync(new URL(name, FOLDER), 'utf8'), name),
);

describe('the strategies shipped in strategies/', () => {
  it('are the three documented ones, and all load', () => {
    expect(files.sort()).toEqual([
      'default.yaml',
      'instalment-loan.yaml',
      'repayment-offer-campaign.yaml',
    ]);
    expect(strategies.map((s) => s.strategyId).sort()).toEqual([
      'default',
      'instalment-loan',
      'repayment-offer-campaign',
    ]);
  });

  it('use exactly the template ids listed in strategies/README.md', () => {
    const readme = readFileSync(new URL('README.md', FOLDER), 'utf8');
    const table =
      readme.split('<!-- template-ids:start -->')[1]?.split('<!-- template-ids:end -->')[0] ?? '';
    const listed = [...table.matchAll(/^\| `([a-z0-9-]+)`/gm)].map((match) => match[1]).sort();
    const used = [...new Set(strategies.flatMap(templateIdsOf))].sort();
    expect(listed).toEqual(used);
  });

  it('follow the default practice: five stages at days 1, 15, 45, 75 and 90', () => {
    const fallback = strategies.find((s) => s.strategyId === 'default');
    expect(fallback?.stages.map((stage) => [stage.name, stage.entry.daysPastDue])).toEqual([
      ['reminder-friendly', { from: 1, to: 14 }],
      ['notice-firm', { from: 15, to: 44 }],
      ['personal-contact', { from: 45, to: 74 }],
      ['final-notice', { from: 75, to: 89 }],
      ['legal-handoff', { from: 90 }],
    ]);
    expect(fallback?.stages.map((stage) => stage.channels.map((step) => step.channel))).toEqual([
      ['sms', 'email'],
      ['email', 'sms', 'letter'],
      ['agent-call', 'sms'],
      ['letter', 'email'],
      [],
    ]);
    expect(fallback?.stages[1]?.offers?.map((offer) => offer.kind)).toEqual([
      'instalment-plan',
      'minimum-payment',
      'deferral',
    ]);
  });
});

describe('Offer', () => {
  it('knows every offer kind of the agent.task contract, and no other', () => {
    expect(Offer.options.map((option) => option.shape.kind.value).sort()).toEqual(
      [...OfferKind.options].sort(),
    );
  });
});
