import { describe, expect, it } from 'vitest';
import type { CompiledTemplate, TemplateCatalog } from '../rendering/template-catalog.js';
import { nearest, templateChoiceProblem, templateListText } from './template-choice.js';

/** A catalog of names only: what the choice and the list read. */
function catalogOf(entries: [templateId: string, channel: string, locales: string[]][]) {
  const templates = entries.flatMap(([templateId, channel, locales]) =>
    locales.map((locale) => ({ templateId, channel, locale }) as unknown as CompiledTemplate),
  );
  return { templates } as unknown as TemplateCatalog;
}

const catalog = catalogOf([
  ['reminder-friendly-sms', 'sms', ['en-US', 'en-GB', 'zh-CN']],
  ['reminder-friendly-email', 'email', ['en-US', 'zh-CN']],
  ['notice-firm-letter', 'letter', ['en-US']],
  ['campaign-only-sms', 'sms', ['zh-CN']],
]);

describe('choosing a template to render', () => {
  it('accepts a template the locale has, or its fallback has', () => {
    expect(templateChoiceProblem(catalog, 'reminder-friendly-sms', 'zh-CN')).toBeUndefined();
    expect(templateChoiceProblem(catalog, 'reminder-friendly-email', 'en-GB')).toBeUndefined();
  });

  it('suggests the nearest id for a typo', () => {
    expect(templateChoiceProblem(catalog, 'reminder-frendly-sms', 'en-US')).toBe(
      'unknown template "reminder-frendly-sms"; did you mean reminder-friendly-sms? (kindly render --list shows all)',
    );
  });

  it('suggests the ids that hold a part of one', () => {
    expect(nearest('friendly', ['reminder-friendly-sms', 'reminder-friendly-email', 'x'])).toEqual([
      'reminder-friendly-email',
      'reminder-friendly-sms',
    ]);
  });

  it('lists what the locale has when no id is near', () => {
    expect(templateChoiceProblem(catalog, 'nope', 'en-US')).toBe(
      'unknown template "nope"; en-US has notice-firm-letter, reminder-friendly-email, reminder-friendly-sms (kindly render --list shows all)',
    );
  });

  it('names the locales a template has for one it lacks', () => {
    expect(templateChoiceProblem(catalog, 'notice-firm-letter', 'zh-CN')).toBe(
      'template "notice-firm-letter" has no zh-CN; it has en-US',
    );
  });

  it('lists every template with its channel and locales', () => {
    expect(templateListText(catalog)).toBe(
      [
        'campaign-only-sms        sms     zh-CN',
        'notice-firm-letter       letter  en-US',
        'reminder-friendly-email  email   en-US zh-CN',
        'reminder-friendly-sms    sms     en-GB en-US zh-CN',
        '',
      ].join('\n'),
    );
  });
});
