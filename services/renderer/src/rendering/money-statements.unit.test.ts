import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadPlanningRules } from '@kindly/rules';
import { sampleAccountState, type SampleAmounts } from '../samples/sample-facts.js';
import { sampleRequest } from '../samples/sample-request.js';
import { createHandlebarsRenderer } from './handlebars.renderer.js';
import { loadSenderDirectory, sendersFileIn } from './sender-directory.js';
import { loadTemplateCatalog } from './template-catalog.js';

const rules = loadPlanningRules();
const catalog = loadTemplateCatalog();
const senders = loadSenderDirectory(sendersFileIn(catalog.dir));
const renderer = createHandlebarsRenderer({ catalog, smsMaxSegments: 4 });

/** The stage-2 e-mail (it carries the minimum-payment offer) for an account with these amounts. */
async function noticeText(locale: string, amounts: SampleAmounts): Promise<string> {
  const rendered = await renderer.render(
    sampleRequest({
      strategies: rules.strategies,
      senders,
      templateId: 'notice-firm-email',
      locale,
      state: sampleAccountState(locale, 20, undefined, amounts),
    }),
  );
  if (rendered.channel !== 'email') throw new Error('not an e-mail');
  return rendered.content.text;
}

describe('statements about money, computed from the account', () => {
  it('says paying the minimum covers the arrears only when it does (en-US)', async () => {
    const covered = await noticeText('en-US', { overdue: 3_000, minimum: 3_500 });
    expect(covered).toContain('paying the minimum of $35.00 by');
    expect(covered).toContain('covers the $30.00 now overdue');
    expect(covered).not.toMatch(/does not clear the arrears/);

    const short = await noticeText('en-US', { overdue: 32_075, minimum: 3_500 });
    expect(short).toContain('you can pay the minimum of $35.00 by');
    expect(short).toContain(
      'This does not clear the arrears: of the $320.75 overdue, $285.75 would still be overdue',
    );
    expect(short).not.toMatch(/covers the|stops the arrears/);
  });

  it('says the same in Chinese, from the same facts', async () => {
    const covered = await noticeText('zh-CN', { overdue: 50_000, minimum: 76_000 });
    expect(covered).toContain('即可还清当前逾期金额¥500.00');
    const short = await noticeText('zh-CN', { overdue: 128_050, minimum: 76_000 });
    expect(short).toContain('还入最低还款额后仍有¥520.50逾期');
    expect(short).not.toMatch(/即可还清|以免逾期继续扩大/);
  });

  it('leaves no template claiming what a payment does to the arrears', () => {
    for (const template of catalog.templates) {
      const source = readFileSync(join(catalog.dir, template.file), 'utf8');
      expect(source, template.file).not.toMatch(/stops the arrears|以免逾期继续扩大/);
      expect(source, template.file).not.toMatch(/interest and fees continue to apply/i);
    }
  });
});
