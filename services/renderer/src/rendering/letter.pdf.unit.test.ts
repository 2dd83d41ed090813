import { execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { itWhenToolPresent } from '@kindly/testing';
import { describe, expect, it } from 'vitest';
import { loadPlanningRules } from '@kindly/rules';
import { sampleRequest } from '../samples/sample-request.js';
import { createHandlebarsRenderer } from './handlebars.renderer.js';
import { ADDRESS_WINDOW, renderLetterPdf } from './letter.pdf.js';
import { loadSenderDirectory, sendersFileIn } from './sender-directory.js';
import { loadTemplateCatalog } from './template-catalog.js';

/** Tests that read a PDF back with pdftotext (poppler-utils). */
const itPdf = itWhenToolPresent('pdftotext');

// Poppler's tools read the PDF back: `bash infra/local/ensure-tools.sh` installs them.
const dir = mkdtempSync(join(tmpdir(), 'kindly-letters-'));
function poppler(pdf: Uint8Array, name: string) {
  const file = join(dir, `${name}.pdf`);
  writeFileSync(file, pdf);
  const text = (...args: string[]) =>
    execFileSync('pdftotext', [...args, file, '-'], { encoding: 'utf8' });
  const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
  const pages = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1]);
  const fonts = execFileSync('pdffonts', [file], { encoding: 'utf8' });
  return { text, pages, info, fonts };
}

const rules = loadPlanningRules();
const catalog = loadTemplateCatalog();
const renderer = createHandlebarsRenderer({ catalog, smsMaxSegments: 4 });

const senders = loadSenderDirectory(sendersFileIn(catalog.dir));

async function letter(templateId: string, locale: string) {
  const rendered = await renderer.render(
    sampleRequest({ strategies: rules.strategies, senders, templateId, locale }),
  );
  if (rendered.channel !== 'letter') throw new Error('not a letter');
  return rendered;
}

describe('letters as PDF, read back with pdftotext', () => {
  itPdf(
    'holds the Chinese text, with its Latin parts, in an embedded font, and the page count is right',
    async () => {
      const rendered = await letter('notice-firm-letter', 'zh-CN');
      const pdf = poppler(rendered.content.pdf, 'zh');
      const text = pdf.text().replace(/\s+/g, '');
      for (const expected of [
        '还款提醒函',
        '尊敬的李伟',
        '尾号4821的信用卡',
        '¥1,280.50',
        '支付宝',
        '微信支付',
        '分期还款',
        'https://pay.example-bank.cn/r/',
      ]) {
        expect(text).toContain(expected);
      }
      expect(pdf.pages).toBe(rendered.content.pages);
      expect(pdf.info).toMatch(/Page size:\s+595\.28 x 841\.89 pts \(A4\)/);
      expect(pdf.fonts).toMatch(/NotoSansSC-Regular\s+CID TrueType\s+Identity-H\s+yes yes yes/);
    },
  );

  itPdf('holds the English text, on US Letter for a US customer', async () => {
    const rendered = await letter('final-notice-letter', 'en-US');
    const pdf = poppler(rendered.content.pdf, 'en');
    const text = pdf.text().replace(/\s+/g, ' ');
    for (const expected of [
      'Final notice before legal action',
      'Dear Wendy Lee',
      'ending 4821',
      '$320.75',
      'From your bank account (ACH)',
      `Page 1 of ${rendered.content.pages}`,
    ]) {
      expect(text).toContain(expected);
    }
    expect(pdf.pages).toBe(rendered.content.pages);
    expect(pdf.info).toMatch(/Page size:\s+612 x 792 pts \(letter\)/);
  });

  itPdf('shows only the addresses through the envelope window', async () => {
    const rendered = await letter('final-notice-letter', 'zh-CN');
    const pdf = poppler(rendered.content.pdf, 'window');
    const crop = [
      '-x',
      ADDRESS_WINDOW.x,
      '-y',
      ADDRESS_WINDOW.y,
      '-W',
      ADDRESS_WINDOW.width,
      '-H',
      ADDRESS_WINDOW.height,
    ];
    const window = pdf.text(
      '-r',
      '72',
      '-f',
      '1',
      '-l',
      '1',
      ...crop.map((v) => String(typeof v === 'number' ? Math.floor(v) : v)),
    );
    expect(window).toContain('李伟（收）');
    expect(window).toContain('200120');
    expect(window).not.toMatch(/逾期|还款|欠|¥|催收|最后/);
  });

  itPdf(
    'states the dispute sentence once and signs with a signature block, not seal text (zh-CN)',
    async () => {
      for (const templateId of ['notice-firm-letter', 'final-notice-letter']) {
        const rendered = await letter(templateId, 'zh-CN');
        const text = poppler(rendered.content.pdf, `${templateId}-zh`).text().replace(/\s+/g, '');
        expect(text.split('有异议').length - 1, templateId).toBe(1);
        expect(text).toContain('如对账户信息有异议，请在收到本函后15日内携带相关证明联系我行');
        expect(text).not.toContain('盖章');
        expect(text).toMatch(/此致敬礼示例银行客户服务部第\d页，共\d页$/);
      }
    },
  );

  itPdf('shows the whole return address, postcode included, through the window', async () => {
    const window = (pdf: Uint8Array, name: string) =>
      poppler(pdf, name)
        .text(
          ...['-r', '72', '-f', '1', '-l', '1'],
          ...['-x', ADDRESS_WINDOW.x, '-y', ADDRESS_WINDOW.y]
            .concat(['-W', ADDRESS_WINDOW.width, '-H', ADDRESS_WINDOW.height])
            .map((v) => (typeof v === 'number' ? String(Math.floor(v)) : v)),
        )
        .replace(/\s+/g, '');
    const zh = await letter('notice-firm-letter', 'zh-CN');
    expect(window(zh.content.pdf, 'return-zh')).toContain(
      '示例银行客户服务中心上海市浦东新区银城中路1号200120200120上海市浦东新区世纪大道100号',
    );
    // An English return address of the China profile is longer than one line of the window.
    const en = await renderLetterPdf({
      locale: 'en-US',
      window: [
        'Example Bank Customer Service',
        '1 Yincheng Middle Road, Pudong',
        'Shanghai 200120',
        '',
        'Wendy Lee',
        '350 Fifth Avenue',
      ],
      letterhead: ['Example Bank', 'https://www.example-bank.cn'],
      title: 'A letter',
      body: 'Text.',
      issuedAt: new Date('2025-03-20T02:00:00Z'),
    });
    expect(window(en.pdf, 'return-en')).toContain(
      'ExampleBankCustomerService1YinchengMiddleRoad,PudongShanghai200120WendyLee',
    );
  });

  itPdf('counts the pages of a letter that runs over several', async () => {
    const body = Array.from(
      { length: 140 },
      (_, i) => `第${i + 1}行：这是一封很长的信。Line ${i + 1} of a long letter.`,
    ).join('\n');
    const rendered = await renderLetterPdf({
      locale: 'zh-CN',
      window: ['示例银行', '', '李伟（收）'],
      letterhead: ['示例银行', 'https://www.example-bank.cn'],
      title: '长信',
      body,
      issuedAt: new Date('2025-03-20T02:00:00Z'),
    });
    const pdf = poppler(rendered.pdf, 'long');
    expect(rendered.pages).toBeGreaterThanOrEqual(3);
    expect(pdf.pages).toBe(rendered.pages);
    expect(pdf.text('-f', String(rendered.pages), '-l', String(rendered.pages))).toContain(
      `第 ${rendered.pages} 页，共 ${rendered.pages} 页`,
    );
    expect(pdf.text().replace(/\s+/g, '')).toContain(
      '第140行：这是一封很长的信。Line140ofalongletter.',
    );
  });

  it('renders the same letter to the same bytes', async () => {
    const [a, b] = [
      await letter('final-notice-letter', 'en-US'),
      await letter('final-notice-letter', 'en-US'),
    ];
    expect(a.contentHash).toBe(b.contentHash);
  });
});
