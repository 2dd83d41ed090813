/**
 * Retention classes (retention.yaml): how long an account's records are kept, by its
 * jurisdiction and the purposes of its messages. Each purpose the account's messages had picks
 * the first class that matches it and the jurisdiction; the account is kept as long as the
 * longest of those.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { z } from 'zod';

const RetentionClass = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]{1,40}$/),
  description: z.string().min(1),
  /** Country (`US`, which covers `US-MA`), subdivision (`US-MA`) or `*`. */
  jurisdictions: z.array(z.string().regex(/^(?:\*|[A-Z]{2}(?:-[A-Z0-9]{1,3})?)$/)).min(1),
  purposes: z.array(z.enum(['servicing', 'marketing'])).min(1),
  years: z.number().int().min(1).max(100),
  source: z.array(z.string().regex(/^(?:S\d+[a-z]?|firm-policy|derived)$/)).min(1),
});
export type RetentionClass = z.infer<typeof RetentionClass>;

export const RetentionPolicy = z
  .strictObject({ version: z.number().int().min(1), classes: z.array(RetentionClass).min(1) })
  .refine((p) => p.classes.some((c) => c.jurisdictions.includes('*')), {
    message: 'a class for every jurisdiction (`*`) is needed, so that no account is kept forever',
  });
export type RetentionPolicy = z.infer<typeof RetentionPolicy>;

export const defaultRetentionFile = fileURLToPath(new URL('../../retention.yaml', import.meta.url));

export function loadRetentionPolicy(file = defaultRetentionFile): RetentionPolicy {
  return RetentionPolicy.parse(parse(readFileSync(file, 'utf8')));
}

function matches(pattern: string, jurisdiction: string): boolean {
  return pattern === '*' || pattern === jurisdiction || jurisdiction.startsWith(`${pattern}-`);
}

/**
 * The class an account is kept under. `jurisdiction` undefined (no contact record kept) matches
 * only `*` classes; no purpose known counts as servicing.
 */
export function retentionClassOf(
  policy: RetentionPolicy,
  jurisdiction: string | undefined,
  purposes: readonly ('servicing' | 'marketing')[],
): RetentionClass {
  const wanted: readonly ('servicing' | 'marketing')[] =
    purposes.length > 0 ? purposes : ['servicing'];
  let longest: RetentionClass | undefined;
  for (const purpose of wanted) {
    const found = policy.classes.find(
      (c) =>
        c.purposes.includes(purpose) &&
        c.jurisdictions.some((j) =>
          jurisdiction === undefined ? j === '*' : matches(j, jurisdiction),
        ),
    );
    if (found && (!longest || found.years > longest.years)) longest = found;
  }
  // The refinement guarantees a `*` class; one covering this purpose is the policy's to give.
  if (!longest) throw new Error('no retention class covers this account: add a `*` class');
  return longest;
}

/** The shortest class's years: no expiry may come sooner, whatever class it names. */
export function shortestRetentionYears(policy: RetentionPolicy): number {
  return Math.min(...policy.classes.map((c) => c.years));
}
