/**
 * What a planned message's later events carry forward for the last looks (the scheduler's at
 * release, the dispatcher's before the provider call): the strategy step it came from and the
 * zones its window was planned for. Optional, so that events published before they were added
 * still read as v1; a consumer that finds one absent falls back to working it out itself.
 */
import { z } from 'zod';
import { Slug, TimeZone } from '../primitives.js';

/** The step's template kind: a notice a flag or pause still lets through names its kind here. */
export const TemplateKind = Slug.describe(
  'The strategy step’s templateKind (a notice the policy may let through a flag); absent: none',
);

/** Spread into `outreach.released` and `outreach.rendered`. */
export const carriedStep = {
  templateKind: TemplateKind.optional(),
  notice: z
    .boolean()
    .optional()
    .describe('True when the step is one of the strategy’s notices, not a stage’s own step'),
  windowZones: z
    .array(TimeZone)
    .min(1)
    .max(6)
    .optional()
    .describe('The zones the plan’s window was made for: the last look judges them too'),
};
