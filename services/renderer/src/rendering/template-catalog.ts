/**
 * Every template under `templates/`, read, checked and compiled once at start. One isolated
 * Handlebars instance per locale (`Handlebars.create()`, never the global one) holds that locale's
 * partials, the shared layouts and the allow-listed helpers. A template that fails to parse, that
 * uses a field its front matter does not declare, an unknown helper or partial stops the load
 * with the file and the reason: a broken template never goes live.
 */
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import Handlebars from 'handlebars';
import type { OutreachChannel } from '@kindly/contracts';
import type { ContactFact } from '@kindly/rules';
import { RenderError } from '../domain/renderer.errors.js';
import type { FieldTypeName } from './field-types.js';
import { checkFieldUsage } from './field-usage.js';
import { parseTemplateSource, type FrontMatter } from './front-matter.js';
import { createHelpers, HELPER_NAMES, type RenderFrame } from './helpers.js';

/** The repository's `templates/` folder (the same from `src/` and from `dist/`). */
export const defaultTemplatesDir = fileURLToPath(new URL('../../../../templates', import.meta.url));

export const TEMPLATE_CHANNELS = ['sms', 'email', 'letter', 'agent-call'] as const;

function isTemplateChannel(channel: string): channel is (typeof TEMPLATE_CHANNELS)[number] {
  return (TEMPLATE_CHANNELS as readonly string[]).includes(channel);
}

/**
 * Where a locale's template is missing, the locale whose template is used instead: en-GB reads
 * en-US (money and dates are still formatted en-GB). The shipped strategies' templates all have
 * their own en-GB files (a test checks it); this is for a template added in en-US only.
 */
export const LOCALE_FALLBACKS: Readonly<Record<string, string>> = { 'en-GB': 'en-US' };

type Compiled = (data: unknown, frame: RenderFrame) => string;

export interface CompiledTemplate {
  readonly templateId: string;
  readonly channel: OutreachChannel;
  readonly locale: string;
  readonly file: string;
  readonly kind: FrontMatter['kind'];
  readonly purpose: FrontMatter['purpose'];
  readonly version: string;
  /**
   * SHA-256 (hex) of the template file's bytes as read, for the audit: a version is what people
   * bump, the hash is what the file was. Partials and layouts it includes are not in it.
   */
  readonly sha256: string;
  readonly fields: Readonly<Record<string, FieldTypeName>>;
  /** The facts about the contact history its wording states (front matter `asserts`). */
  readonly asserts: readonly ContactFact[];
  /** SMS messages: the most segments a render may take (front matter `segments`). */
  readonly segments?: number;
  readonly subject?: Compiled;
  /** `body`, or `html` and `text`. */
  readonly parts: Readonly<Record<string, Compiled>>;
}

export interface TemplateCatalog {
  readonly dir: string;
  readonly locales: readonly string[];
  readonly templates: readonly CompiledTemplate[];
  /** @throws RenderError `TEMPLATE_MISSING` */
  get(templateId: string, locale: string): CompiledTemplate;
}

export class TemplateLoadError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`templates refused:\n  ${problems.join('\n  ')}`);
    this.name = 'TemplateLoadError';
  }
}

const HBS = '.hbs';
const knownHelpers = Object.fromEntries(HELPER_NAMES.map((name) => [name, true]));

function hbsFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .filter((name) => name.endsWith(HBS))
    .map((name) => join(dir, name))
    .filter((file) => statSync(file).isFile())
    .sort();
}

function createInstance() {
  const instance = Handlebars.create();
  const helpers = createHelpers({
    escape: (text) => instance.escapeExpression(text),
    safe: (html) => new instance.SafeString(html),
  });
  for (const [name, helper] of Object.entries(helpers)) instance.registerHelper(name, helper);
  return instance;
}

/**
 * Loads `dir`: `<channel>/<template-id>/<locale>.hbs`, `partials/<locale>/<name>.hbs` and
 * `layouts/<name>.hbs` (layouts are shared by every locale and are included as `layouts/<name>`).
 *
 * @throws TemplateLoadError listing every problem found, each with its file
 */
export function loadTemplateCatalog(
  dir: string = defaultTemplatesDir,
  approved: ReadonlyMap<string, string> = new Map(),
): TemplateCatalog {
  const problems: string[] = [];
  const name = (file: string) => relative(dir, file);
  const parse = (file: string, source: string): hbs.AST.Program | undefined => {
    try {
      return Handlebars.parse(source);
    } catch (error) {
      problems.push(`${name(file)}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
  };

  const layouts = new Map<string, { source: string; ast: hbs.AST.Program }>();
  for (const file of hbsFiles(join(dir, 'layouts'))) {
    const source = readFileSync(file, 'utf8');
    const ast = parse(file, source);
    if (ast)
      layouts.set(`layouts/${name(file).slice('layouts/'.length, -HBS.length)}`, { source, ast });
  }
  const partialsDir = join(dir, 'partials');
  const locales = existsSync(partialsDir)
    ? readdirSync(partialsDir).filter((entry) => statSync(join(partialsDir, entry)).isDirectory())
    : [];

  const byLocale = new Map<
    string,
    { instance: typeof Handlebars; partials: Map<string, hbs.AST.Program> }
  >();
  const localeContext = (locale: string) => {
    let entry = byLocale.get(locale);
    if (entry) return entry;
    const instance = createInstance();
    const partials = new Map<string, hbs.AST.Program>();
    for (const [layout, { source, ast }] of layouts) {
      instance.registerPartial(layout, source);
      partials.set(layout, ast);
    }
    for (const file of hbsFiles(join(partialsDir, locale))) {
      const partial = relative(join(partialsDir, locale), file).slice(0, -HBS.length);
      const source = readFileSync(file, 'utf8');
      const ast = parse(file, source);
      if (!ast) continue;
      instance.registerPartial(partial, source);
      partials.set(partial, ast);
    }
    entry = { instance, partials };
    byLocale.set(locale, entry);
    return entry;
  };

  const templates: CompiledTemplate[] = [];
  const unseen = new Map(approved);
  for (const channel of TEMPLATE_CHANNELS) {
    for (const file of hbsFiles(join(dir, channel))) {
      const [templateId, localeFile, ...extra] = relative(join(dir, channel), file).split(/[\\/]/);
      if (!templateId || !localeFile || extra.length > 0) {
        problems.push(`${name(file)}: expected ${channel}/<template-id>/<locale>.hbs`);
        continue;
      }
      const locale = localeFile.slice(0, -HBS.length);
      const key = `${channel}/${templateId}/${locale}`;
      unseen.delete(key);
      const template = compileTemplate(file, channel, templateId, locale, approved.get(key));
      if (template) templates.push(template);
    }
  }
  // An approved template the files do not have (a new one, or a new locale of one).
  for (const [key, text] of unseen) {
    const [channel = '', templateId, locale, ...extra] = key.split('/');
    if (!isTemplateChannel(channel) || !templateId || !locale || extra.length > 0) {
      problems.push(`approved template ${key}: expected <channel>/<template-id>/<locale>`);
      continue;
    }
    const file = join(dir, key + HBS);
    const template = compileTemplate(file, channel, templateId, locale, text);
    if (template) templates.push(template);
  }
  if (problems.length > 0) throw new TemplateLoadError(problems);

  function compileTemplate(
    file: string,
    channel: OutreachChannel,
    templateId: string,
    locale: string,
    /** An approved version's text, in place of the file's. */
    approvedText?: string,
  ): CompiledTemplate | undefined {
    let source;
    const bytes =
      approvedText !== undefined ? Buffer.from(approvedText, 'utf8') : readFileSync(file);
    try {
      source = parseTemplateSource(bytes.toString('utf8'));
    } catch (error) {
      problems.push(`${name(file)}: ${error instanceof Error ? error.message : String(error)}`);
      return undefined;
    }
    const { frontMatter } = source;
    const own = (message: string) => problems.push(`${name(file)}: ${message}`);
    if (!templateId.endsWith(`-${channel}`))
      own(`template id "${templateId}" must end with "-${channel}"`);
    if (frontMatter.kind === 'message' && !frontMatter.purpose)
      own('a message needs a purpose (servicing or marketing)');
    if (frontMatter.kind === 'section' && !templateId.startsWith('offer-'))
      own('only offer-… templates are sections');
    if (frontMatter.kind === 'section' && frontMatter.asserts.length > 0)
      own('a section asserts no facts: the message that includes it does');
    const sms = channel === 'sms' && frontMatter.kind === 'message';
    if (sms && frontMatter.segments === undefined)
      own('an SMS needs a segment budget (segments: 1)');
    if (!sms && (frontMatter.segments ?? frontMatter.segmentsWhy) !== undefined)
      own('only SMS messages have a segment budget');
    if ((frontMatter.segments ?? 1) > 1 && frontMatter.segmentsWhy === undefined)
      own(`segments: ${frontMatter.segments} needs segmentsWhy: why one segment is not enough`);
    const wantsSubject = channel === 'email' && frontMatter.kind === 'message';
    if (wantsSubject !== (frontMatter.subject !== undefined))
      own(wantsSubject ? 'an e-mail needs a subject' : 'only e-mail messages have a subject');
    const expectedParts = channel === 'email' ? ['html', 'text'] : ['body'];
    if (Object.keys(source.parts).sort().join() !== expectedParts.join())
      own(`expected the part(s) ${expectedParts.join(' and ')}`);

    const { instance, partials } = localeContext(locale);
    const usage = { fields: frontMatter.fields, helpers: new Set(HELPER_NAMES), partials };
    const compile = (text: string, html: boolean, label: string): Compiled | undefined => {
      const ast = parse(file, text);
      if (!ast) return undefined;
      for (const problem of checkFieldUsage(ast, usage)) own(`${label}: ${problem}`);
      const template = instance.compile(ast, {
        strict: true,
        knownHelpersOnly: true,
        knownHelpers,
        noEscape: !html,
        preventIndent: true,
      });
      return (data, frame) => template(data, { data: { ...frame } });
    };
    const parts: Record<string, Compiled> = {};
    for (const [part, text] of Object.entries(source.parts)) {
      const compiled = compile(text, part === 'html', part);
      if (compiled) parts[part] = compiled;
    }
    const subject =
      frontMatter.subject === undefined
        ? undefined
        : compile(frontMatter.subject, false, 'subject');
    return {
      templateId,
      channel,
      locale,
      file: name(file),
      kind: frontMatter.kind,
      purpose: frontMatter.purpose,
      version: frontMatter.version,
      sha256: createHash('sha256').update(bytes).digest('hex'),
      fields: frontMatter.fields,
      asserts: frontMatter.asserts,
      ...(frontMatter.segments !== undefined ? { segments: frontMatter.segments } : {}),
      ...(subject ? { subject } : {}),
      parts,
    };
  }

  const index = new Map(templates.map((t) => [`${t.templateId}\u0000${t.locale}`, t]));
  return {
    dir,
    locales,
    templates,
    get(templateId, locale) {
      const fallback = LOCALE_FALLBACKS[locale];
      const template =
        index.get(`${templateId}\u0000${locale}`) ??
        (fallback ? index.get(`${templateId}\u0000${fallback}`) : undefined);
      if (!template)
        throw new RenderError('TEMPLATE_MISSING', `no template ${templateId} in ${locale}`, {
          templateId,
          locale,
        });
      return template;
    },
  };
}
