/**
 * A template file: YAML front matter between `---` lines, then the Handlebars body. E-mail bodies
 * hold two parts, each after a `{{!-- part: html --}}` or `{{!-- part: text --}}` line (valid
 * Handlebars comments, so the file stays a plain .hbs).
 */
import { parse as parseYaml } from 'yaml';
import { z } from 'zod';
import { Slug } from '@kindly/contracts';
import { ContactFactList } from '@kindly/rules';
import { FieldTypeName } from './field-types.js';

const FieldPath = z
  .string()
  .regex(
    /^[a-z][A-Za-z0-9]*(?:\.[a-z][A-Za-z0-9]*)*$/,
    'expected a dotted path such as overdue.amount',
  );

export const FrontMatter = z.strictObject({
  /** `message`: a whole message; `section`: an offer's text, included in a stage's message. */
  kind: z.enum(['message', 'section']).default('message'),
  /** Servicing or marketing: must match the released message's purpose. Sections have none. */
  purpose: z.enum(['servicing', 'marketing']).optional(),
  version: Slug,
  description: z.string().min(1).max(500),
  /** E-mail subject line or letter heading, itself a Handlebars template. */
  subject: z.string().min(1).max(300).optional(),
  /** Every field the template reads, with its type: `customer.name: string`. */
  fields: z.record(FieldPath, FieldTypeName),
  /**
   * The facts about the customer's contact history the wording states (`call-attempted`,
   * `contacted-before-count>=2`, …; see templates/README.md, "Facts"): the renderer refuses the
   * message when one does not hold for the account.
   */
  asserts: ContactFactList.default([]),
  /**
   * SMS only: the most segments the message may take with the longest realistic facts (billing
   * is per segment). One unless `segmentsWhy` says why a reminder needs more.
   */
  segments: z.number().int().min(1).max(10).optional(),
  segmentsWhy: z.string().trim().min(20).max(500).optional(),
});
export type FrontMatter = z.infer<typeof FrontMatter>;

export interface TemplateSource {
  readonly frontMatter: FrontMatter;
  /** `body` for SMS, letters and call guides; `html` and `text` for e-mail. */
  readonly parts: Readonly<Record<string, string>>;
}

const FENCE = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?/;
const PART = /^\{\{!-- part: (html|text) --\}\}[ \t]*\r?\n/gm;

/** Splits and checks a template file; throws an Error naming what is wrong (the caller adds the file). */
export function parseTemplateSource(source: string): TemplateSource {
  const fence = FENCE.exec(source);
  if (!fence) throw new Error('no front matter: the file must start with a --- block');
  const parsed = FrontMatter.safeParse(parseYaml(fence[1] ?? ''));
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`front matter: ${issue?.path.join('.') || '(root)'}: ${issue?.message ?? ''}`);
  }
  const body = source.slice(fence[0].length);
  const markers = [...body.matchAll(PART)];
  if (markers.length === 0) return { frontMatter: parsed.data, parts: { body } };
  if (body.slice(0, markers[0]?.index).trim() !== '')
    throw new Error('text before the first {{!-- part: … --}} line');
  const parts: Record<string, string> = {};
  markers.forEach((marker, i) => {
    const name = marker[1] ?? '';
    if (name in parts) throw new Error(`part "${name}" given twice`);
    const start = (marker.index ?? 0) + marker[0].length;
    parts[name] = body.slice(start, markers[i + 1]?.index ?? body.length);
  });
  return { frontMatter: parsed.data, parts };
}
