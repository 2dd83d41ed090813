/**
 * A proposed template, checked as the renderer would take it: the whole catalog compiled with
 * this text in its place (so its partials, layouts, helpers and declared fields are those it
 * will meet), then rendered once with the renderer's own sample facts, which finds a field the
 * data never has and an SMS over its segment budget (when a strategy in force uses it: the
 * sample facts come from the stage that sends it). Its rendering before and after, for a
 * preview, comes from the same code.
 */
import {
  createHandlebarsRenderer,
  loadTemplateCatalog,
  sampleRenderRequest,
  type TemplateCatalog,
} from '@kindly/renderer';
import { loadPlanningRules, templateIdsOf, type ApprovedRuleTexts } from '@kindly/rules';
import type { RuleProblem } from './rule-text.js';

/** `<channel>/<template id>/<locale>`. */
export const TEMPLATE_KEY =
  /^(sms|email|letter|agent-call)\/([a-z0-9][a-z0-9-]{0,80})\/([a-z]{2}-[A-Z]{2})$/;

export type CheckedTemplate =
  | { readonly ok: true; readonly version: string }
  | { readonly ok: false; readonly problems: readonly RuleProblem[] };

export async function checkTemplateText(
  key: string,
  text: string,
  approved: ApprovedRuleTexts = {},
): Promise<CheckedTemplate> {
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
  // A template no strategy uses yet has no stage to take sample facts from: the compile above
  // is its check. Rendering it anyway would refuse every new template id, while a strategy
  // naming one is refused until a locale has it.
  if (template.kind === 'message' && usedByAStrategy(templateId, approved)) {
    const rendered = await sampleRendering(catalog, templateId, locale, approved);
    if ('error' in rendered) {
      return {
        ok: false,
        problems: [{ path: '', message: `a sample render failed: ${rendered.error}` }],
      };
    }
  }
  return { ok: true, version: template.version };
}

/** Whether a strategy in force (the approved ones over the shipped files) names the template. */
export function usedByAStrategy(templateId: string, approved: ApprovedRuleTexts): boolean {
  return loadPlanningRules({}, approved).strategies.strategies.some((strategy) =>
    templateIdsOf(strategy).includes(templateId),
  );
}

/** What a preview says instead of a sample render for a template no strategy uses yet. */
export const NOT_RENDERED_UNUSED =
  'not rendered: no strategy in force uses this template id yet, so there are no sample facts for it (the catalog compiled it); a strategy that names it is proposed after it is approved';

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
