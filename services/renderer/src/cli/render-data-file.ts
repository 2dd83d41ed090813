import { readFileSync } from 'node:fs';
import type { RenderRequest } from '../domain/ports.js';
import type { TemplateCatalog } from '../rendering/template-catalog.js';
import { UsageMistake } from './usage-mistake.js';

/** What a `--data` file's optional `$context` object may set besides the template's fields. */
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

/** The data file's object; a file that cannot be read or is not a JSON object is a mistake. */
function readDataFile(file: string): Record<string, unknown> & { $context?: DataFileContext } {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    const why = code === 'ENOENT' ? 'no such file' : typeof code === 'string' ? code : 'unreadable';
    throw new UsageMistake(`${file}: cannot read it: ${why}`);
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    // Not the parser's message: it quotes the file, and a data file holds names and numbers.
    throw new UsageMistake(`${file}: not JSON${placeOf(text, error)}`);
  }
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new UsageMistake(`${file}: expected a JSON object of the template's fields`);
  }
  return data as Record<string, unknown> & { $context?: DataFileContext };
}

/** ` at line L, column C` where the parser says where the JSON went wrong; else nothing. */
function placeOf(text: string, error: unknown): string {
  const position = /at position (\d+)/.exec(error instanceof Error ? error.message : '');
  if (!position) return '';
  const before = text.slice(0, Number(position[1])).split('\n');
  return ` at line ${before.length}, column ${(before.at(-1)?.length ?? 0) + 1}`;
}

/** A render request from a data file: the fields as given, the rest from `$context` or defaults. */
export function requestFromFile(
  catalog: TemplateCatalog,
  templateId: string,
  locale: string,
  file: string,
): RenderRequest {
  const { $context = {}, ...data } = readDataFile(file);
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
