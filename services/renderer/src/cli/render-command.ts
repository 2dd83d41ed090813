import { readFileSync, writeFileSync } from 'node:fs';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { loadPlanningRules } from '@kindly/rules';
import type { RenderedMessage, RenderRequest } from '../domain/ports.js';
import { segmentSms } from '../domain/sms-segments.js';
import { createHandlebarsRenderer } from '../rendering/handlebars.renderer.js';
import { loadTemplateCatalog, type TemplateCatalog } from '../rendering/template-catalog.js';
import { sampleRenderRequest } from '../samples/sample-request.js';

const USAGE = `usage: kindly render --template ID --locale LOCALE (--data FILE.json | --sample) [--out FILE]
       [--templates DIR] [--max-segments N] [--dump-data]

  --data FILE    the template's fields as JSON; an optional "$context" object sets timeZone,
                 jurisdiction, window (a letter's address lines), letter ({paperSize: A4 or
                 Letter, marking}) and offers ([{templateId, data}])
  --sample       made-up facts for a customer in Shanghai (zh-CN), New York (en-US) or London (en-GB)
  --dump-data    print the data the template would see (a start for a --data file) and stop
  --out FILE     write there (a letter's PDF; e-mail and others as JSON); letters need it
`;

interface DataFileContext {
  timeZone?: string;
  jurisdiction?: string;
  window?: string[];
  letter?: { paperSize: 'A4' | 'Letter'; marking?: string };
  offers?: { templateId: string; data: Record<string, unknown> }[];
}

const ZONES: Record<string, string> = {
  'zh-CN': 'Asia/Shanghai',
  'en-US': 'America/New_York',
  'en-GB': 'Europe/London',
};
const JURISDICTIONS: Record<string, string> = { 'zh-CN': 'CN', 'en-US': 'US', 'en-GB': 'GB' };

/** A render request from a data file: the fields as given, the rest from `$context` or defaults. */
function requestFromFile(
  catalog: TemplateCatalog,
  templateId: string,
  locale: string,
  file: string,
): RenderRequest {
  const { $context = {}, ...data } = JSON.parse(readFileSync(file, 'utf8')) as Record<
    string,
    unknown
  > & {
    $context?: DataFileContext;
  };
  const template = catalog.get(templateId, locale);
  const at = (path: string): unknown =>
    path
      .split('.')
      .reduce<unknown>(
        (v, k) => (v && typeof v === 'object' ? (v as Record<string, unknown>)[k] : undefined),
        data,
      );
  const unsubscribeUrl =
    typeof at('unsubscribe.url') === 'string' ? (at('unsubscribe.url') as string) : '';
  return {
    templateId,
    locale,
    channel: template.channel,
    purpose: template.purpose ?? 'servicing',
    timeZone: $context.timeZone ?? ZONES[locale] ?? 'UTC',
    jurisdiction: $context.jurisdiction ?? JURISDICTIONS[locale] ?? 'US',
    data,
    offers: $context.offers ?? [],
    signature: typeof at('sender.signature') === 'string' ? (at('sender.signature') as string) : '',
    disclosures: Array.isArray(at('disclosures')) ? (at('disclosures') as string[]) : [],
    forbidden: [],
    ...(template.channel === 'email'
      ? { unsubscribe: { url: unsubscribeUrl, mailto: 'unsubscribe@example.com' } }
      : {}),
    ...(template.channel === 'letter'
      ? { window: $context.window ?? [], ...($context.letter ? { letter: $context.letter } : {}) }
      : {}),
    issuedAt:
      typeof at('message.date') === 'string'
        ? (at('message.date') as string)
        : new Date().toISOString(),
  };
}

function describe(rendered: RenderedMessage): string {
  const head = `template ${rendered.templateId} ${rendered.templateVersion} (${rendered.locale}) sha256 ${rendered.contentHash}`;
  switch (rendered.channel) {
    case 'sms': {
      const { encoding, units, segments } = rendered.content;
      const parts = segmentSms(rendered.content.body).parts.map((p, i) => `  part ${i + 1}: ${p}`);
      return `${rendered.content.body}\n\n${head}\nencoding ${encoding}, ${units} units, ${segments} segment(s), ${rendered.content.body.length} characters\n${parts.join('\n')}\n`;
    }
    case 'email': {
      const { subject, headers, text, html } = rendered.content;
      const headerLines = Object.entries(headers).map(([k, v]) => `${k}: ${v}`);
      return `Subject: ${subject}\n${headerLines.join('\n')}\n\n${text}\n\n--- html ---\n${html}\n\n${head}\n`;
    }
    case 'letter':
      return `${head}\n${rendered.content.pages} page(s)\n`;
    case 'agent-call':
      return `${rendered.content.text}\n\n${head}\n`;
  }
}

/**
 * `render`: one template with data from a file (or made-up sample facts), to the terminal or a
 * file, for previews and reviews. Returns the exit code: 0, 1 when the render failed (the
 * reason names the template and the field or rule), 2 for wrong options.
 */
export async function runRenderCommand(
  args: readonly string[],
  output: Writable,
  errors: Writable,
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({
      args: [...args],
      options: {
        template: { type: 'string' },
        locale: { type: 'string' },
        data: { type: 'string' },
        sample: { type: 'boolean' },
        out: { type: 'string' },
        templates: { type: 'string' },
        'max-segments': { type: 'string' },
        'dump-data': { type: 'boolean' },
      },
    }));
    if (
      !values.template ||
      !values.locale ||
      (values.data === undefined) === (values.sample !== true)
    )
      throw new Error('give --template, --locale and one of --data or --sample');
  } catch (error) {
    errors.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  try {
    const catalog = loadTemplateCatalog(values.templates);
    const request = values.data
      ? requestFromFile(catalog, values.template, values.locale, values.data)
      : sampleRenderRequest(
          catalog,
          loadPlanningRules().strategies,
          values.template,
          values.locale,
        );
    if (values['dump-data']) {
      output.write(`${JSON.stringify(request.data, null, 2)}\n`);
      return 0;
    }
    const rendered = await createHandlebarsRenderer({
      catalog,
      smsMaxSegments: Number(values['max-segments'] ?? 10),
    }).render(request);
    if (rendered.channel === 'letter') {
      const out = values.out ?? `${rendered.templateId}.${rendered.locale}.pdf`;
      writeFileSync(out, rendered.content.pdf);
      output.write(`${describe(rendered)}written to ${out}\n`);
    } else if (values.out) {
      writeFileSync(values.out, `${JSON.stringify(rendered.content, null, 2)}\n`);
      output.write(`${describe(rendered)}written to ${values.out}\n`);
    } else {
      output.write(describe(rendered));
    }
    return 0;
  } catch (error) {
    errors.write(`render failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
