import { describe, expect, it } from 'vitest';
import { loadCampaign } from './load-campaign.js';
import {
  exampleCampaignText,
  INSTALMENT_PLAN_FILE,
  SETTLEMENT_DISCOUNT_FILE,
} from './testing/example-campaigns.js';

const spring = exampleCampaignText(INSTALMENT_PLAN_FILE);

/** The 1-based line of the nth line (1st by default) of `text` that contains `needle`. */
function lineOf(text: string, needle: string, nth = 1): number {
  const lines = text.split('\n');
  let seen = 0;
  for (const [index, line] of lines.entries()) {
    if (line.includes(needle) && ++seen === nth) return index + 1;
  }
  throw new Error(`no line ${nth} contains ${needle}`);
}

function problemsOf(text: string): string[] {
  const result = loadCampaign(text, 'c.yaml');
  if (result.ok) throw new Error('expected the campaign to be refused');
  return [...result.messages];
}

describe('loadCampaign', () => {
  it('accepts both example campaigns, with the e-mail complaint rate defaulted where left out', () => {
    const spring = loadCampaign(exampleCampaignText(INSTALMENT_PLAN_FILE));
    const settlement = loadCampaign(exampleCampaignText(SETTLEMENT_DISCOUNT_FILE));
    expect(spring.ok && spring.campaign.holdout.percent).toBe(10);
    expect(spring.ok && spring.campaign.variants.map((v) => v.id)).toEqual([
      'champion',
      'challenger-savings-first',
    ]);
    expect(settlement.ok && settlement.campaign.complaintLimits.emailComplaintRate).toBe(0.001);
  });

  it('names the line, the path and what was expected for a bad field', () => {
    const text = spring.replace('min: 6, max: 24', 'min: 6, max: many');
    expect(problemsOf(text)).toEqual([
      `c.yaml:${lineOf(text, 'max: many')}: offers[0].instalments.max: Invalid input: expected number, received string`,
    ]);
  });

  it('names an unknown field at its own line, and a missing one at its parent', () => {
    const text = spring
      .replace('  percent: 10', '  percent: 10\n  percnt: 12')
      .replace('  smsOptOutRate: 0.01\n', '');
    expect(problemsOf(text)).toEqual([
      `c.yaml:${lineOf(text, 'percnt')}: holdout.percnt: unknown field "percnt"`,
      // A missing field is at its parent's key.
      `c.yaml:${lineOf(text, 'complaintLimits:')}: complaintLimits.smsOptOutRate: missing: expected number`,
    ]);
  });

  it('refuses duplicate keys, at the line of the second', () => {
    const text = spring.replace('version: 1\n', 'version: 1\nversion: 2\n');
    expect(problemsOf(text)).toEqual([
      `c.yaml:${lineOf(text, 'version: 2')}: Map keys must be unique`,
    ]);
  });

  it('says what a bad key was expected to be, and that an empty file is no campaign', () => {
    const text = spring.replace(
      '        zh-CN:\n          templateId: campaign-instalment-plan-email',
      '        zh-cn:\n          templateId: campaign-instalment-plan-email',
    );
    expect(problemsOf(text)).toEqual([
      `c.yaml:${lineOf(text, 'zh-cn:')}: variants[0].wording.email.zh-cn: invalid key: expected a canonical BCP 47 tag, e.g. zh-CN or en-US`,
    ]);
    expect(problemsOf('')).toEqual(['c.yaml: empty: expected a campaign']);
  });

  it('refuses a purpose other than marketing', () => {
    const text = spring.replace('purpose: marketing', 'purpose: servicing');
    expect(problemsOf(text)[0]).toMatch(
      /^c\.yaml:\d+: purpose: Invalid input: expected "marketing"/,
    );
  });

  it('refuses a marketing campaign that does not exclude disputes, bankruptcy, death and cease requests', () => {
    const text = spring.replace(
      '[dispute, bankruptcy, deceased, cease-communication,',
      '[bankruptcy, deceased,',
    );
    expect(problemsOf(text)).toEqual([
      `c.yaml:${lineOf(text, 'flags:')}: segment.exclude.flags: a marketing campaign must exclude dispute, cease-communication`,
    ]);
  });

  it('refuses variants worded in different locales, and a wording needing an offer not made', () => {
    const text = spring
      .replace(
        'savings-first-sms\n          requiresOffers: [interest-waiver]',
        'savings-first-sms\n          requiresOffers: [deferral]',
      )
      .replace(
        '        en-US: { templateId: campaign-instalment-plan-sms }\n        zh-CN: { templateId: campaign-instalment-plan-sms }\n',
        '        en-US: { templateId: campaign-instalment-plan-sms }\n',
      );
    expect(problemsOf(text)).toEqual([
      `c.yaml:${lineOf(text, 'sms:')}: variants[0].wording.sms: expected zh-CN too: another variant has it on sms`,
      `c.yaml:${lineOf(text, 'requiresOffers: [deferral]')}: variants[1].wording.sms.en-US.requiresOffers[0]: the campaign makes no deferral offer`,
    ]);
  });

  it('refuses an SMS template on the e-mail channel and an offer section named for another kind', () => {
    const text = spring
      .replace(
        'templateId: campaign-instalment-plan-savings-first-email\n          requiresOffers',
        'templateId: campaign-instalment-plan-sms\n          requiresOffers',
      )
      .replace('email: offer-interest-waiver-email', 'email: offer-instalment-plan-email');
    expect(problemsOf(text)).toEqual([
      `c.yaml:${lineOf(text, 'email: offer-instalment-plan-email', 2)}: offers[1].templates.email: expected offer-interest-waiver-email`,
      `c.yaml:${lineOf(text, 'templateId: campaign-instalment-plan-sms', 3)}: variants[1].wording.email.en-US.templateId: expected a name ending in -email`,
    ]);
  });

  it('refuses ranges out of order, a repeated variant and a schedule that ends before it starts', () => {
    const text = spring
      .replace('min: 6, max: 24', 'min: 12, max: 6')
      .replace('id: challenger-savings-first', 'id: champion')
      .replace('end: 2027-03-31', 'end: 2027-02-28');
    const secondChampion = text.split('\n').lastIndexOf('  - id: champion') + 1;
    expect(problemsOf(text)).toEqual([
      `c.yaml:${lineOf(text, 'max: 6')}: offers[0].instalments.max: expected max ≥ min`,
      `c.yaml:${secondChampion}: variants[1]: variant id champion is listed twice`,
      `c.yaml:${lineOf(text, 'end: 2027-02-28')}: schedule.end: expected an end on or after start`,
    ]);
  });

  it('refuses a campaign channel without its cost: the budget is counted with it', () => {
    const text = spring.replace(
      'costPerMessage: { email: 0.1, sms: 0.83 }',
      'costPerMessage: { email: 0.1 }',
    );
    expect(problemsOf(text)).toEqual([
      `c.yaml:${lineOf(text, 'costPerMessage')}: throttle.costPerMessage: expected the cost of a message on sms: the budget is counted with it`,
    ]);
  });
});
