import { describe, expect, it } from 'vitest';
import {
  contactFactText,
  factsCovered,
  factsNotHeld,
  loadPlanningRules,
  type ContactAttempt,
} from '@kindly/rules';
import { historyModel } from '../domain/contact-model.js';
import type { RenderRequest } from '../domain/ports.js';
import { sampleRenderRequest } from '../samples/sample-request.js';
import { createHandlebarsRenderer } from './handlebars.renderer.js';
import { loadTemplateCatalog } from './template-catalog.js';

const rules = loadPlanningRules();
const catalog = loadTemplateCatalog();
const renderer = createHandlebarsRenderer({ catalog, smsMaxSegments: 4 });
/** zh-CN, en-US, and every other locale the templates have (en-GB). */
const LOCALES = catalog.locales;

const sms = (at: string): ContactAttempt => ({ channel: 'sms', at, reached: true });
const smsOnly = [sms('2025-03-01T02:00:00Z'), sms('2025-03-08T02:00:00Z')];

/** The sample request of a template, with the contact history given instead of the sample's. */
function requestWith(templateId: string, locale: string, contacts: readonly ContactAttempt[]) {
  const request = sampleRenderRequest(catalog, rules.strategies, templateId, locale);
  return { ...request, data: { ...request.data, history: historyModel(contacts, locale) } };
}

/** A letter's text as the template writes it (before it is set as a PDF). */
function letterText(request: RenderRequest): string {
  const template = catalog.get(request.templateId, request.locale);
  const body = template.parts['body'];
  if (!body) throw new Error('no body');
  return body(request.data, { locale: request.locale, timeZone: request.timeZone, format: 'text' });
}

async function emailText(request: RenderRequest): Promise<string> {
  const rendered = await renderer.render(request);
  if (rendered.channel !== 'email') throw new Error('not an e-mail');
  return `${rendered.content.text}\n${rendered.content.html}`;
}

describe('what templates state about earlier contacts', () => {
  it('states nothing in a step’s own template, and in a wording only what the strategy checks first', () => {
    for (const strategy of rules.strategies.strategies) {
      for (const step of strategy.stages.flatMap((stage) => stage.channels)) {
        for (const template of catalog.templates.filter((t) => t.templateId === step.templateId)) {
          expect(template.asserts.map(contactFactText), template.file).toEqual([]);
        }
        for (const wording of step.wordings ?? []) {
          const templates = catalog.templates.filter((t) => t.templateId === wording.templateId);
          expect(templates.length).toBeGreaterThanOrEqual(LOCALES.length);
          for (const template of templates) {
            expect(template.asserts.length, template.file).toBeGreaterThan(0);
            expect(factsCovered(template.asserts, wording.asserts), template.file).toBe(true);
          }
        }
      }
    }
  });

  it('says "we tried to call you" only with a call made that did not reach the customer', () => {
    for (const locale of LOCALES) {
      const called = catalog.get('personal-contact-after-call-sms', locale).asserts;
      expect(called.map(contactFactText)).toEqual(['call-attempted', 'call-unanswered']);
      expect(factsNotHeld(called, smsOnly)).toHaveLength(2);
      const noAnswer: ContactAttempt = {
        channel: 'agent-call',
        at: smsOnly[1]?.at ?? '',
        reached: false,
      };
      expect(factsNotHeld(called, [...smsOnly, noAnswer])).toEqual([]);
    }
  });

  it('asks a customer never called to call, without saying that we called', async () => {
    for (const locale of LOCALES) {
      const rendered = await renderer.render(requestWith('personal-contact-sms', locale, []));
      const body = rendered.channel === 'sms' ? rendered.content.body : '';
      expect(body).toMatch(locale.startsWith('zh') ? /请.*致电/ : /Please call us/);
      expect(body).not.toMatch(/致电您|未能联系|tried to call|called you/i);
    }
  });

  describe.each(LOCALES)('the final notice in %s', (locale) => {
    const zh = locale === 'zh-CN';
    const others = zh ? /邮件|电话|信函/ : /e-mail|phone|letter/;

    it('to a customer reached only by SMS names SMS alone', async () => {
      const letter = letterText(requestWith('final-notice-after-contacts-letter', locale, smsOnly));
      const email = await emailText(
        requestWith('final-notice-after-contacts-email', locale, smsOnly),
      );
      for (const text of [letter, email]) {
        expect(text).toMatch(
          zh ? /此前我[行们]已多次通过短信与您联系/ : /several times, by text message\./,
        );
        const sentence = zh
          ? (/此前[^。]*。/.exec(text)?.[0] ?? '')
          : (/We have tried to reach you[^.]*\./.exec(text)?.[0] ?? '');
        expect(sentence).not.toMatch(others);
      }
    });

    it('on a first contact says nothing of earlier ones, and the "several times" wording is refused', async () => {
      const plain = [
        letterText(requestWith('final-notice-letter', locale, [])),
        await emailText(requestWith('final-notice-email', locale, [])),
      ];
      for (const text of plain) {
        expect(text).not.toMatch(zh ? /多次|此前我/ : /several times|tried to reach/);
      }
      for (const id of [
        'final-notice-after-contacts-letter',
        'final-notice-after-contacts-email',
      ]) {
        const asserts = catalog.get(id, locale).asserts;
        expect(factsNotHeld(asserts, []).map(contactFactText)).toEqual([
          'contacted-before-count>=2',
        ]);
        expect(factsNotHeld(asserts, smsOnly.slice(0, 1))).toHaveLength(1);
        // With no history there is no list of channels to state: the template cannot render.
        await expect(renderer.render(requestWith(id, locale, []))).rejects.toMatchObject({
          code: 'TEMPLATE_FIELD_MISSING',
          details: { field: 'history.channels' },
        });
      }
    });
  });
});
