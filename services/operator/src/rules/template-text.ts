/**
 * A proposed template, checked as the renderer would take it: the whole catalog compiled with
 * this text in its place (so its partials, layouts, helpers and declared fields are those it
 * will meet), then rendered once with the renderer's own sample facts, which finds a field the
 * data never has and an SMS over its segment budget. Its rendering before and after, for a
 * preview, comes from the same code.
 */
import {
  createHandlebarsRenderer,
  loadTemplateCatalog,
  sampleRenderRequest,
  type TemplateCatalog,
} from '@kindly/renderer';
import { loadPlanningRules, type ApprovedRuleTexts } from '@kindly/rules';
import type { RuleProblem } from './rule-text.js';

/** `<channel>/<template id>/<locale>`. */
export const TEMPLATE_KEY =
  /^(sms|email|letter|agent-call)\/([a-z0-9][a-z0-9-]{0,80})\/([a-z]{2}-[A-Z]{2})$/;

export type CheckedTemplate =
  | { readonly ok: true; readonly version: string }
  | { readonly ok: false; readonly problems: readonly RuleProblem[] };

export async function checkTemplateText(key: string, text: string): Promise<CheckedTemplate> {
  const match = TEMPLATE_KEY.exec(key);
  if (!match) {
    return {
      ok: false,
      problems: [{ path: 'template', message: 'expected <channel>/<template id>/<locale>' }],
    };
  }
  let catalog: TemplateCatalog;
  try {
    catalog = loadTemplateCatalog(undefined, new Map([[key, text]]));
  } catch (error) {
    return { ok: false, problems: problemsOf(error) };
  }
  const [, , templateId = '', locale = ''] = match;
  const template = catalog.templates.find(
    (t) => t.templateId === templateId && t.locale === locale,
  );
  if (!template) return { ok: false, problems: [{ path: 'template', message: 'not compiled' }] };
  if (template.kind === 'message') {
    const rendered = await sampleRendering(catalog, templateId, locale, {});
    if ('error' in rendered) {
      return {
        ok: false,
        problems: [{ path: '', message: `a sample render failed: ${rendered.error}` }],
      };
    }
  }
  return { ok: true, version: template.version };
}

export interface SampleRendering {
  /** What a reader sees: an SMS's body, an e-mail's subject and text, a call's script. */
  readonly text: string;
  readonly segments?: number;
  readonly pages?: number;
}

/** The template rendered with sample facts from `catalog` (with `approved` strategies). */
export async function sampleRendering(
  catalog: TemplateCatalog,
  templateId: string,
  locale: string,
  approved: ApprovedRuleTexts,
): Promise<SampleRendering | { readonly error: string }> {
  try {
    const request = sampleRenderRequest(
      catalog,
      loadPlanningRules({}, approved).strategies,
      templateId,
      locale,
    );
    const rendered = await createHandlebarsRenderer({ catalog, smsMaxSegments: 10 }).render(
      request,
    );
    switch (rendered.channel) {
      case 'sms':
        return { text: rendered.content.body, segments: rendered.content.segments };
      case 'email':
        return { text: `Subject: ${rendered.content.subject}\n\n${rendered.content.text}` };
      case 'letter':
        return {
          text: `(a letter of ${rendered.content.pages} page(s))`,
          pages: rendered.content.pages,
        };
      case 'agent-call':
        return { text: rendered.content.text };
    }
  } catch (error) {
    return { error: firstLine(error) };
  }
}

/** The loader's problems, each its first line: a parse error's later lines quote the text. */
function problemsOf(error: unknown): RuleProblem[] {
  const problems: unknown = (error as { problems?: unknown }).problems;
  if (!Array.isArray(problems)) return [{ path: '', message: firstLine(error) }];
  return problems.map((problem) => ({ path: '', message: String(problem).split('\n')[0] ?? '' }));
}

function firstLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split('\n')[0] ?? '';
}
