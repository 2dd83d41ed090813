import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { toolPresentOrCi } from '@kindly/testing';
import { describe, expect, it } from 'vitest';
import { loadPlanningRules, templateIdsOf } from '@kindly/rules';
import type { RenderRequest } from '../domain/ports.js';
import { sampleRequest } from '../samples/sample-request.js';
import { createHandlebarsRenderer } from './handlebars.renderer.js';
import { ADDRESS_WINDOW } from './letter.pdf.js';
import { loadSenderDirectory, sendersFileIn } from './sender-directory.js';
import { loadTemplateCatalog } from './template-catalog.js';

/** Tests that read a PDF back with pdftotext (poppler-utils). */
const pdfSkipped = !toolPresentOrCi('pdftotext');

const rules = loadPlanningRules();
const catalog = loadTemplateCatalog();
const senders = loadSenderDirectory(sendersFileIn(catalog.dir));
const renderer = createHandlebarsRenderer({ catalog, smsMaxSegments: 4 });
const dir = mkdtempSync(join(tmpdir(), 'kindly-uk-'));

/** A UK customer (London, GBP, jurisdiction GB) writing in en-GB. */
const ukRequest = (templateId: string) =>
  sampleRequest({ strategies: rules.strategies, senders, templateId, locale: 'en-GB' });

function pdfText(pdf: Uint8Array, name: string, ...args: string[]): string {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('pdftotext', [...args, file, '-'], { encoding: 'utf8' });
}

const defaultStrategy = rules.strategies.strategies.find((s) => s.strategyId === 'default');
const defaultIds = defaultStrategy ? templateIdsOf(defaultStrategy) : [];
const ukMessages = catalog.templates.filter((t) => t.locale === 'en-GB' && t.kind === 'message');

describe('en-GB for UK customers', () => {
  it('has its own en-GB file for every template of the default strategy (no fallback to en-US)', () => {
    expect(defaultIds.length).toBeGreaterThanOrEqual(14);
    const missing = defaultIds.filter(
      (id) => !catalog.templates.some((t) => t.templateId === id && t.locale === 'en-GB'),
    );
    expect(missing).toEqual([]);
    for (const id of defaultIds) expect(catalog.get(id, 'en-GB').locale).toBe('en-GB');
  });

  it.each(ukMessages.map((t) => t.templateId))(
    'renders %s for a UK customer within the UK content rules',
    async (templateId) => {
      const rendered = await renderer.render(ukRequest(templateId)); // the rules run inside
      expect(rendered.locale).toBe('en-GB');
    },
  );

  it.each(['reminder-friendly-email', 'notice-firm-email', 'final-notice-email'])(
    'signposts free debt advice in the arrears e-mail %s, in pounds, dates day-month-year, UK terms',
    async (templateId) => {
      const rendered = await renderer.render(ukRequest(templateId));
      if (rendered.channel !== 'email') throw new Error('not an e-mail');
      for (const part of [rendered.content.text, rendered.content.html]) {
        expect(part).toContain('MoneyHelper');
        expect(part).toContain('0800 138 7777');
        expect(part).toContain('www.moneyhelper.org.uk');
        expect(part).toContain('£320.75');
        expect(part).toMatch(/\b1 March 2025\b/);
        expect(part).not.toMatch(/credit bureau|past due|\$\d|March 1, 2025/);
      }
    },
  );

  it.skipIf(pdfSkipped).each(['notice-firm-letter', 'final-notice-letter'])(
    'marks the letter %s "Private and confidential" in the window and signposts debt advice',
    async (templateId) => {
      const rendered = await renderer.render(ukRequest(templateId));
      if (rendered.channel !== 'letter') throw new Error('not a letter');
      const whole = pdfText(rendered.content.pdf, templateId).replace(/\s+/g, ' ');
      expect(whole).toContain('Free, impartial debt advice is available from MoneyHelper');
      expect(whole).toContain('0800 138 7777');
      expect(whole).toContain('www.moneyhelper.org.uk');
      expect(whole).toContain('£320.75');
      expect(whole).toMatch(/Date: \d{1,2} March 2025/);
      expect(whole).not.toMatch(/credit bureau|past due|UNITED KINGDOM/);
      const { x, y, width, height } = ADDRESS_WINDOW;
      const window = pdfText(
        rendered.content.pdf,
        `${templateId}-window`,
        ...['-r', '72', '-f', '1', '-l', '1'],
        ...['-x', x, '-y', y, '-W', width, '-H', height].map((v) =>
          typeof v === 'number' ? String(Math.floor(v)) : v,
        ),
      );
      expect(window).toContain('Private and confidential');
      expect(window).toContain('Olivia Evans');
      expect(window).toContain('WC2B 6UN');
      expect(window).not.toMatch(/arrears|overdue|£/i);
    },
  );

  it('refuses a UK message that puts pressure on the customer (CONC 7.3.10R)', async () => {
    const request = ukRequest('reminder-friendly-email');
    const pressured: RenderRequest = {
      ...request,
      data: { ...request.data, customer: { name: 'Olivia Evans. Pay immediately or bailiffs' } },
    };
    await expect(renderer.render(pressured)).rejects.toMatchObject({
      code: 'CONTENT_RULE_VIOLATED',
      details: { rules: 'UK_NO_PRESSURE,UK_NO_PRESSURE' },
    });
  });

  it('refuses a UK arrears notice without the debt advice, and a UK letter without the marking', async () => {
    const email = ukRequest('notice-firm-email');
    await expect(
      renderer.render({ ...email, data: { ...email.data, disclosures: [] }, disclosures: [] }),
    ).rejects.toMatchObject({ details: { rules: 'UK_DEBT_ADVICE' } });
    const letter = ukRequest('notice-firm-letter');
    await expect(renderer.render({ ...letter, letter: { paperSize: 'A4' } })).rejects.toMatchObject(
      { details: { rules: 'UK_PRIVATE_AND_CONFIDENTIAL' } },
    );
  });

  it('falls back to en-US only for a template that has no en-GB file', () => {
    const fixture = mkdtempSync(join(tmpdir(), 'kindly-fallback-'));
    const head = `---\npurpose: servicing\nversion: 1.0.0\ndescription: test\nsegments: 1\nfields:\n  sender.smsPrefix: string\n---\n`;
    for (const [name, text] of Object.entries({
      'sms/only-us-sms/en-US.hbs': `${head}{{sender.smsPrefix}}US text`,
      'sms/both-sms/en-US.hbs': `${head}{{sender.smsPrefix}}US text`,
      'sms/both-sms/en-GB.hbs': `${head}{{sender.smsPrefix}}UK text`,
    })) {
      mkdirSync(join(fixture, name, '..'), { recursive: true });
      writeFileSync(join(fixture, name), text);
    }
    const small = loadTemplateCatalog(fixture);
    expect(small.get('only-us-sms', 'en-GB').locale).toBe('en-US');
    expect(small.get('both-sms', 'en-GB').locale).toBe('en-GB');
    expect(() => small.get('only-us-sms', 'fr-FR')).toThrow(/no template only-us-sms in fr-FR/);
  });
});
