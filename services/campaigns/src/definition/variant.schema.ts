/**
 * The arms of the campaign's test: each with a weight and its own wording per channel and
 * locale. The wording is a template id (its subject line, for e-mail, is the template's, which the
 * renderer checks as it checks the body); the amounts are never
 * in it, they come from the terms computed for the account.
 */
import { z } from 'zod';
import { Locale, MessageChannel, Slug } from '@kindly/contracts';

export const Wording = z
  .strictObject({
    templateId: Slug.describe('The whole message’s template, named <name>-<channel>'),
    requiresOffers: z
      .array(z.enum(['instalment-plan', 'interest-waiver', 'settlement-discount', 'deferral']))
      .min(1)
      .max(4)
      .optional()
      .describe(
        'Offers this wording speaks of (e.g. a waiver in its first line): an account without them open is not sent it',
      ),
  })
  .describe('The wording of one channel in one locale');
export type Wording = z.infer<typeof Wording>;

export const WordingPerLocale = z
  .record(Locale, Wording)
  .describe('Wording per BCP 47 locale, e.g. zh-CN, en-US');

export const Variant = z
  .strictObject({
    id: Slug.describe('The arm’s name, carried on every message and in reports'),
    weight: z
      .number()
      .int()
      .min(1)
      .max(10_000)
      .describe('Relative share of the treatment group (not of the holdout)'),
    wording: z
      .partialRecord(MessageChannel, WordingPerLocale)
      .describe('Wording per channel; every campaign channel needs one, in the same locales'),
  })
  .describe('One arm of the campaign’s test');
export type Variant = z.infer<typeof Variant>;
