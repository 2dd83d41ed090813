/**
 * The renderer adapter: one template and its offer sections, with the data checked against the
 * front matter first, then the channel's own output (SMS encoding and segments, e-mail parts and
 * headers, a letter's PDF) and the content rules. Any failure is a RenderError that names the
 * template and the field or rule.
 */
import { createHash } from 'node:crypto';
import { checkContent, type ContentUnderCheck } from '../domain/content-rules.js';
import type { MessageRenderer, RenderedMessage, RenderRequest } from '../domain/ports.js';
import { RenderError } from '../domain/renderer.errors.js';
import { segmentSms } from '../domain/sms-segments.js';
import { unsubscribeHeaders } from './email-headers.js';
import { fieldTypes, valueAt, type RenderedSection } from './field-types.js';
import type { RenderFrame } from './helpers.js';
import { renderLetterPdf } from './letter.pdf.js';
import type { CompiledTemplate, TemplateCatalog } from './template-catalog.js';

/** Twilio refuses a longer body (error 21617). */
export const TWILIO_MAX_CHARS = 1_600;

export interface RendererOptions {
  readonly catalog: TemplateCatalog;
  /** The most segments an SMS may take (billing is per segment); at most 10. */
  readonly smsMaxSegments: number;
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Checks every declared field against its type. */
export function validateFields(template: CompiledTemplate, data: unknown): void {
  for (const [field, type] of Object.entries(template.fields)) {
    const value = valueAt(data, field);
    const details = { templateId: template.templateId, locale: template.locale, field };
    if (value === undefined || value === null) {
      throw new RenderError(
        'TEMPLATE_FIELD_MISSING',
        `template ${template.templateId} (${template.locale}) needs field "${field}" (${type}), which is missing`,
        details,
      );
    }
    const parsed = fieldTypes[type].schema.safeParse(value);
    if (!parsed.success) {
      throw new RenderError(
        'TEMPLATE_FIELD_INVALID',
        `template ${template.templateId} (${template.locale}) needs field "${field}" to be ${type}: ${parsed.error.issues[0]?.message ?? 'invalid'}`,
        details,
      );
    }
  }
}

function run(template: CompiledTemplate, part: string, data: unknown, frame: RenderFrame): string {
  const compiled = template.parts[part];
  if (!compiled)
    throw new RenderError(
      'TEMPLATE_INVALID',
      `template ${template.templateId} has no ${part} part`,
      {
        templateId: template.templateId,
      },
    );
  try {
    return compiled(data, frame);
  } catch (error) {
    throw new RenderError(
      'TEMPLATE_FIELD_INVALID',
      `template ${template.templateId} (${template.locale}), ${part}: ${error instanceof Error ? error.message : String(error)}`,
      { templateId: template.templateId, locale: template.locale },
      error,
    );
  }
}

/** Trims the edges and blank-line runs that template comments and partials leave behind. */
function tidy(text: string): string {
  return text
    .replace(/[ \t]+$/gm, '')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

export function createHandlebarsRenderer(options: RendererOptions): MessageRenderer {
  const { catalog } = options;
  return {
    async render(request: RenderRequest): Promise<RenderedMessage> {
      const template = catalog.get(request.templateId, request.locale);
      const ids = { templateId: template.templateId, locale: template.locale };
      if (template.channel !== request.channel || template.kind !== 'message')
        throw new RenderError(
          'TEMPLATE_INVALID',
          `template ${template.templateId} is a ${template.channel} ${template.kind}, not a ${request.channel} message`,
          ids,
        );
      if (template.purpose !== request.purpose)
        throw new RenderError(
          'PURPOSE_MISMATCH',
          `template ${template.templateId} is for ${template.purpose ?? 'no'} messages, released as ${request.purpose}`,
          ids,
        );
      const frame = (format: RenderFrame['format']): RenderFrame => ({
        locale: request.locale,
        timeZone: request.timeZone,
        format,
      });

      const offers: RenderedSection[] = request.offers.map((offer) => {
        const section = catalog.get(offer.templateId, request.locale);
        if (section.kind !== 'section' || section.channel !== request.channel)
          throw new RenderError(
            'TEMPLATE_INVALID',
            `${offer.templateId} is not a ${request.channel} section`,
            {
              templateId: offer.templateId,
            },
          );
        validateFields(section, offer.data);
        return request.channel === 'email'
          ? {
              html: run(section, 'html', offer.data, frame('html')).trim(),
              text: tidy(run(section, 'text', offer.data, frame('text'))),
            }
          : { html: '', text: tidy(run(section, 'body', offer.data, frame('text'))) };
      });
      const data = { ...request.data, offers };
      validateFields(template, data);

      const checkAndHash = (content: ContentUnderCheck, hashed: string | Uint8Array) => {
        const violations = checkContent(content);
        if (violations.length > 0)
          throw new RenderError(
            'CONTENT_RULE_VIOLATED',
            `template ${template.templateId} (${template.locale}) breaks ${violations.map((v) => `${v.rule}: ${v.message}`).join('; ')}`,
            { ...ids, rules: violations.map((v) => v.rule).join(',') },
          );
        return sha256(hashed);
      };
      const rules = {
        purpose: request.purpose,
        // The template's own locale: an en-GB customer's message from an en-US fallback is held
        // to the UK's rules (by jurisdiction), not to en-GB wording it does not claim.
        locale: template.locale,
        jurisdiction: request.jurisdiction,
        signature: request.signature,
        disclosures: request.disclosures,
        forbidden: request.forbidden,
      };
      const common = {
        templateId: template.templateId,
        templateVersion: template.version,
        templateHash: template.sha256,
        locale: template.locale,
      };

      switch (request.channel) {
        case 'sms': {
          const body = tidy(run(template, 'body', data, frame('text'))).replace(/\s*\n\s*/g, ' ');
          const segments = segmentSms(body);
          // The template's own budget, and the service's ceiling (and Twilio's), whichever is less.
          const budget = Math.min(
            template.segments ?? options.smsMaxSegments,
            options.smsMaxSegments,
          );
          if (body.length > TWILIO_MAX_CHARS || segments.segments > budget)
            throw new RenderError(
              'SMS_TOO_LONG',
              `template ${template.templateId} (${template.locale}) renders ${segments.units} ${segments.encoding} units in ${segments.segments} segments; its budget is ${budget} (and at most ${TWILIO_MAX_CHARS} characters)`,
              { ...ids, segments: segments.segments, budget },
            );
          const contentHash = checkAndHash({ ...rules, channel: 'sms', body }, body);
          return {
            ...common,
            channel: 'sms',
            contentHash,
            content: {
              body,
              encoding: segments.encoding,
              segments: segments.segments,
              units: segments.units,
            },
          };
        }
        case 'email': {
          const unsubscribe = request.unsubscribe;
          if (!unsubscribe || !template.subject)
            throw new RenderError(
              'TEMPLATE_INVALID',
              `e-mail ${template.templateId} needs a subject and an unsubscribe link`,
              ids,
            );
          const subject = template.subject(data, frame('text')).replace(/\s+/g, ' ').trim();
          const html = run(template, 'html', data, frame('html')).trim();
          const text = tidy(run(template, 'text', data, frame('text')));
          const referenceValue = valueAt(data, 'message.reference');
          const reference = typeof referenceValue === 'string' ? referenceValue : '';
          const headers = unsubscribeHeaders(
            request.purpose,
            unsubscribe.url,
            unsubscribe.mailto,
            reference,
          );
          const content = { subject, html, text, headers };
          const senderAddress = valueAt(data, 'sender.address');
          const contentHash = checkAndHash(
            {
              ...rules,
              channel: 'email',
              ...content,
              unsubscribeUrl: unsubscribe.url,
              senderAddress: Array.isArray(senderAddress) ? senderAddress.map(String) : [],
            },
            JSON.stringify(content),
          );
          return { ...common, channel: 'email', contentHash, content };
        }
        case 'letter': {
          const window = request.window;
          if (!window)
            throw new RenderError(
              'TEMPLATE_FIELD_MISSING',
              `letter ${template.templateId} (${template.locale}) needs the customer's postal address`,
              { ...ids, field: 'postalAddress' },
            );
          const body = tidy(run(template, 'body', data, frame('text')));
          const [titleLine, ...rest] = body.split('\n');
          const title = (titleLine ?? '').replace(/^#\s*/, '');
          // Check before the PDF is made: a letter that breaks a rule is not worth setting.
          checkAndHash(
            {
              ...rules,
              channel: 'letter',
              window: request.letter?.marking ? [request.letter.marking, ...window] : window,
              text: body,
            },
            body,
          );
          const sender = valueAt(data, 'sender') as
            { name?: string; website?: string; phone?: string } | undefined;
          const pdf = await renderLetterPdf({
            locale: request.locale,
            window,
            ...(request.letter?.paperSize ? { paperSize: request.letter.paperSize } : {}),
            ...(request.letter?.marking ? { marking: request.letter.marking } : {}),
            letterhead: [
              sender?.name ?? '',
              `${sender?.website ?? ''}  ${sender?.phone ?? ''}`.trim(),
            ],
            title,
            body: rest.join('\n'),
            issuedAt: new Date(request.issuedAt),
          });
          return {
            ...common,
            channel: 'letter',
            contentHash: sha256(pdf.pdf),
            content: { pages: pdf.pages, pdf: pdf.pdf },
          };
        }
        case 'agent-call': {
          const text = tidy(run(template, 'body', data, frame('text')));
          const contentHash = checkAndHash({ ...rules, channel: 'agent-call', text }, text);
          return { ...common, channel: 'agent-call', contentHash, content: { text } };
        }
      }
    },
  };
}
