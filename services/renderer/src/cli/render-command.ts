import { existsSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { Writable } from 'node:stream';
import { parseArgs } from 'node:util';
import { loadPlanningRules } from '@kindly/rules';
import type { RenderedMessage, RenderRequest } from '../domain/ports.js';
import { segmentSms } from '../domain/sms-segments.js';
import { createHandlebarsRenderer } from '../rendering/handlebars.renderer.js';
import { loadTemplateCatalog, type TemplateCatalog } from '../rendering/template-catalog.js';
import { usageOf } from '../samples/sample-facts.js';
import { sampleRenderRequest } from '../samples/sample-request.js';
import { requestFromFile } from './render-data-file.js';
import { templateChoiceProblem, templateListText } from './template-choice.js';
import { UsageMistake } from './usage-mistake.js';

const USAGE = `usage: kindly render --template ID --locale LOCALE (--data FILE.json | --sample) [--out FILE]
       [--templates DIR] [--max-segments N] [--dump-data]
       kindly render --list [--templates DIR]

  --data FILE    the template's fields as JSON; an optional "$context" object sets timeZone,
                 jurisdiction, window (a letter's address lines), letter ({paperSize: A4 or
                 Letter, marking}) and offers ([{templateId, data}])
  --sample       made-up facts for a customer in Shanghai (zh-CN), New York (en-US) or London (en-GB)
  --dump-data    print the data the template would see (a start for a --data file) and stop
  --out FILE     write there (a letter's PDF; e-mail and others as JSON); letters need it
  --list         every template id with its channel and locales
`;

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

/** The sample request for the template; the samples know only templates a strategy sends. */
function sampleFor(catalog: TemplateCatalog, templateId: string, locale: string): RenderRequest {
  const { strategies } = loadPlanningRules();
  if (usageOf(strategies, templateId) === undefined) {
    throw new UsageMistake(
      `--sample has facts only for templates a strategy stage sends, and none sends "${templateId}": give --data FILE.json`,
    );
  }
  return sampleRenderRequest(catalog, strategies, templateId, locale);
}

/**
 * `render`: one template with data from a file (or made-up sample facts), to the terminal or a
 * file, for previews and reviews; `--list` lists the templates. Returns the exit code: 0, 1 when
 * the render failed (the reason names the template and the field or rule), 2 for wrong options:
 * a template id or locale the catalog lacks (with the nearest ids, or the list), a data file that
 * cannot be read or is not JSON, `--sample` for a template no strategy stage sends.
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
        list: { type: 'boolean' },
      },
    }));
    if (
      !values.list &&
      (!values.template ||
        !values.locale ||
        (values.data === undefined) === (values.sample !== true))
    )
      throw new UsageMistake('give --template, --locale and one of --data or --sample');
  } catch (error) {
    errors.write(`${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  try {
    const catalog = loadTemplateCatalog(values.templates);
    if (values.list) {
      output.write(templateListText(catalog));
      return 0;
    }
    const { template: templateId = '', locale = '' } = values;
    const problem = templateChoiceProblem(catalog, templateId, locale);
    if (problem !== undefined) throw new UsageMistake(problem);
    // Checked before rendering: a folder that is not there is the command line's mistake (2).
    if (values.out !== undefined && !existsSync(dirname(resolve(values.out)))) {
      throw new UsageMistake('the folder of --out does not exist');
    }
    const request = values.data
      ? requestFromFile(catalog, templateId, locale, values.data)
      : sampleFor(catalog, templateId, locale);
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
    if (error instanceof UsageMistake) {
      errors.write(`${error.message}\n`);
      return 2;
    }
    errors.write(`render failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
