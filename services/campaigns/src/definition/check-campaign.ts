/**
 * The rules of a campaign that span fields, which the shape alone cannot say. Each problem names
 * the path of the field to fix, so that the loader can point at its line.
 */
import type { MessageChannel } from '@kindly/contracts';
import type { Campaign } from './campaign.schema.js';
import { duplicates, type CampaignProblem } from './campaign-problem.js';
import { ALWAYS_EXCLUDED_FLAGS } from './segment.schema.js';
import { checkOffers } from './check-offers.js';

export function checkCampaign(campaign: Campaign): CampaignProblem[] {
  return [
    ...checkSegment(campaign),
    ...checkOffers(campaign.offers, campaign.channels),
    ...checkVariants(campaign),
    ...checkSchedule(campaign),
    ...campaign.channels.flatMap((channel) =>
      campaign.throttle.costPerMessage[channel] === undefined
        ? [
            {
              path: ['throttle', 'costPerMessage'],
              message: `expected the cost of a message on ${channel}: the budget is counted with it`,
            },
          ]
        : [],
    ),
    ...duplicates(campaign.channels, ['channels'], 'channel'),
  ];
}

function checkSegment({ segment }: Campaign): CampaignProblem[] {
  const problems: CampaignProblem[] = [];
  const missing = ALWAYS_EXCLUDED_FLAGS.filter((flag) => !segment.exclude.flags.includes(flag));
  if (missing.length > 0) {
    problems.push({
      path: ['segment', 'exclude', 'flags'],
      message: `a marketing campaign must exclude ${missing.join(', ')}`,
    });
  }
  problems.push(...duplicates(segment.exclude.flags, ['segment', 'exclude', 'flags'], 'flag'));
  const days = segment.daysPastDue;
  if (days?.to !== undefined && days.to < days.from) {
    problems.push({ path: ['segment', 'daysPastDue', 'to'], message: 'expected to ≥ from' });
  }
  for (const [currency, range] of Object.entries(segment.overdueBalance ?? {})) {
    if (range.min !== undefined && range.max !== undefined && range.max < range.min) {
      problems.push({
        path: ['segment', 'overdueBalance', currency, 'max'],
        message: 'expected max ≥ min',
      });
    }
  }
  return problems;
}

function checkVariants(campaign: Campaign): CampaignProblem[] {
  const problems = duplicates(
    campaign.variants.map((variant) => variant.id),
    ['variants'],
    'variant id',
  );
  campaign.variants.forEach((variant, index) => {
    for (const channel of campaign.channels) {
      const path = ['variants', index, 'wording', channel];
      const locales = Object.keys(variant.wording[channel] ?? {});
      // Every arm in the same locales, or a customer in one locale could land only in some arms.
      const missing = localesOf(campaign, channel).filter((locale) => !locales.includes(locale));
      if (locales.length === 0) {
        problems.push({
          path,
          message: `expected a wording for the campaign's channel ${channel}`,
        });
      } else if (missing.length > 0) {
        problems.push({
          path,
          message: `expected ${missing.join(', ')} too: another variant has it on ${channel}`,
        });
      }
    }
    for (const [channel, perLocale] of Object.entries(variant.wording)) {
      if (!campaign.channels.some((used) => used === channel)) {
        problems.push({
          path: ['variants', index, 'wording', channel],
          message: `the campaign does not send on ${channel}`,
        });
      }
      for (const [locale, wording] of Object.entries(perLocale)) {
        const path = ['variants', index, 'wording', channel, locale];
        if (!wording.templateId.endsWith(`-${channel}`)) {
          problems.push({
            path: [...path, 'templateId'],
            message: `expected a name ending in -${channel}`,
          });
        }
        (wording.requiresOffers ?? []).forEach((kind, at) => {
          if (!campaign.offers.some((offer) => offer.kind === kind)) {
            problems.push({
              path: [...path, 'requiresOffers', at],
              message: `the campaign makes no ${kind} offer`,
            });
          }
        });
      }
    }
  });
  return problems;
}

/** Every locale any variant words a channel in. */
function localesOf(campaign: Campaign, channel: MessageChannel): string[] {
  const locales = campaign.variants.flatMap((variant) =>
    Object.keys(variant.wording[channel] ?? {}),
  );
  return [...new Set(locales)];
}

function checkSchedule({ schedule }: Campaign): CampaignProblem[] {
  const problems = duplicates(schedule.daysOfWeek, ['schedule', 'daysOfWeek'], 'day');
  // ISO dates compare as strings.
  if (schedule.end < schedule.start) {
    problems.push({ path: ['schedule', 'end'], message: 'expected an end on or after start' });
  }
  return problems;
}
