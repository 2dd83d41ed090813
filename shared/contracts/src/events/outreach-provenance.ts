/**
 * What a message was made from, for the audit: the policy that decided it, the strategy that
 * chose its step and the template it was rendered from, each by version and by the SHA-256 of
 * its source file's bytes. A version is what people bump; a hash is what an examiner can check
 * against the file kept in version control or in the evidence, whoever forgot to bump it.
 *
 * Optional (added in minor versions): events published before carry none, and a consumer that
 * finds one absent must not guess it from the files loaded today.
 */
import { z } from 'zod';
import { Sha256Hex } from '../primitives.js';

/** Spread into the events the policy decided: planned, suppressed, and those that carry a plan on. */
export const policyProvenance = {
  policyVersion: z
    .number()
    .int()
    .min(1)
    .optional()
    .describe('The policy’s own `version:` in force when the message was decided'),
  policyHash: Sha256Hex.optional().describe('SHA-256 of the policy file’s bytes'),
};

/** The strategy's file, beside the `strategyId` and `strategyVersion` the event already names. */
export const StrategyHash = Sha256Hex.describe('SHA-256 of the strategy file’s bytes');

/** The template's file, beside the `templateId` and `templateVersion` of a rendered message. */
export const TemplateHash = Sha256Hex.describe(
  'SHA-256 of the template file’s bytes the renderer used (its partials and layouts not included)',
);
