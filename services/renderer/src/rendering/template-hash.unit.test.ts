import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { loadPlanningRules } from '@kindly/rules';
import { sampleRequest } from '../samples/sample-request.js';
import { createHandlebarsRenderer } from './handlebars.renderer.js';
import { loadSenderDirectory, sendersFileIn } from './sender-directory.js';
import { loadTemplateCatalog } from './template-catalog.js';

/*
 * For the audit, a rendered message names the template file it came from by the SHA-256 of its
 * bytes. The expected hash is worked out here from the file in the repository's templates/.
 */

const rules = loadPlanningRules();
const catalog = loadTemplateCatalog();
const senders = loadSenderDirectory(sendersFileIn(catalog.dir));
const renderer = createHandlebarsRenderer({ catalog, smsMaxSegments: 4 });

const fileHash = (path: string) =>
  createHash('sha256')
    .update(readFileSync(fileURLToPath(new URL(`../../../../templates/${path}`, import.meta.url))))
    .digest('hex');

async function render(templateId: string, locale: string) {
  return renderer.render(
    sampleRequest({ strategies: rules.strategies, senders, templateId, locale }),
  );
}

describe('the template hash', () => {
  it('is the SHA-256 of the template file rendered, per channel and locale', async () => {
    const sms = await render('reminder-friendly-sms', 'zh-CN');
    expect(sms.templateHash).toBe(fileHash('sms/reminder-friendly-sms/zh-CN.hbs'));
    const english = await render('reminder-friendly-sms', 'en-US');
    expect(english.templateHash).toBe(fileHash('sms/reminder-friendly-sms/en-US.hbs'));
    expect(english.templateHash).not.toBe(sms.templateHash);
    const letter = await render('notice-firm-letter', 'en-US');
    expect(letter.templateHash).toBe(fileHash('letter/notice-firm-letter/en-US.hbs'));
  });
});
