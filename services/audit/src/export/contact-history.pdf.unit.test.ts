import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sampleEvents } from '@kindly/contracts';
import { itWhenToolPresent } from '@kindly/testing';
import { afterAll, describe, expect, it } from 'vitest';
import type { AuditOwnPayload, AuditOwnType } from '../domain/audit-body.js';
import type { FoundRecord } from '../domain/audit-query.js';
import { writeContactHistoryPdf, type ContactHistoryPdfOptions } from './contact-history.pdf.js';
import { anEvent, AuditRecords, memoryOutput } from './testing/export-fixtures.js';

/** Tests that read a PDF back with pdftotext (poppler-utils). */
const itPdf = itWhenToolPresent('pdftotext');

const folder = mkdtempSync(join(tmpdir(), 'contact-history-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** The sample account's story: contact and consent, overdue, an SMS sent, a stop, the bank's news. */
function sampleAccount(): AuditRecords {
  return new AuditRecords()
    .add(sampleEvents['contact.updated'])
    .add(sampleEvents['contact.consent'])
    .add(sampleEvents['account.overdue'])
    .add(sampleEvents['outreach.planned'])
    .add(sampleEvents['outreach.released'])
    .add(sampleEvents['outreach.rendered'])
    .add(
      anEvent('delivery.outcome', '2025-03-04T02:00:03Z', (p) => ({
        ...p,
        status: 'accepted',
        at: '2025-03-04T02:00:03Z',
        to: sampleEvents['contact.consent'].payload.address,
      })),
    )
    .add(sampleEvents['delivery.outcome'])
    .add(sampleEvents['account.payment'])
    .add(sampleEvents['account.arrangement'])
    .add(sampleEvents['account.status'])
    .add(sampleEvents['outreach.suppressed']);
}

async function pdfOf(audit: AuditRecords, options: ContactHistoryPdfOptions): Promise<Buffer> {
  const { out, bytes } = memoryOutput();
  await writeContactHistoryPdf(audit.found(), out, options);
  return bytes();
}

function textOf(pdf: Buffer, name: string): string {
  const file = join(folder, `${name}.pdf`);
  writeFileSync(file, pdf);
  return execFileSync('/usr/bin/pdftotext', ['-layout', '-enc', 'UTF-8', file, '-'], {
    encoding: 'utf8',
  });
}

describe('writeContactHistoryPdf', () => {
  itPdf(
    'writes the history with labels in the customer’s language and the examiner’s',
    async () => {
      const audit = sampleAccount();
      const pdf = await pdfOf(audit, {
        customerLocale: 'zh-CN',
        examinerLocale: 'en-US',
        evidence: async (id) => audit.evidence.get(id),
      });
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      const text = textOf(pdf, 'bilingual');
      if (process.env['SHOW_PDF_TEXT']) console.log(text);

      for (const label of [
        '联系记录 / Contact history',
        '账户事件 / Account events',
        '消息 / Message',
        '计划 / Planned',
        '放行 / Released',
        '发送 / Sent',
        '送达结果 / Delivery outcome',
        '已拦截 / Suppressed',
        '授权同意 / Consent',
        '逾期 / Overdue',
        '还款 / Payment',
        '还款安排 / Repayment arrangement',
        '账户状态 / Account status',
      ]) {
        expect(text).toContain(label);
      }
      expect(text).toContain('acc-0001');
      expect(text).toContain('overdue-notice-1');
      expect(text).toContain('1.0.0');
      expect(text).toContain('card-standard');
      // Wrapped wherever the line ends: compared with the line breaks taken out.
      expect(text.replace(/\s+/g, ' ')).toContain(
        '发送时段 / Send window: 2025-03-04T02:00:00Z – 2025-03-04T12:00:00Z (10:00–20:00 Asia/Shanghai)',
      );
      // Planned at 01:00:02 UTC, 09:00:02 in Shanghai; sent when the provider accepted it.
      expect(text).toContain('2025-03-04 01:00:02 UTC · 2025-03-04 09:00:02 +08:00 Asia/Shanghai');
      expect(text).toMatch(/发送 \/ Sent: 2025-03-04 02:00:03 UTC · 2025-03-04 10:00:03 \+08:00/);
      expect(text).toContain('delivered');
      expect(text).toContain('DISPUTE');
      expect(text).toContain('1280.50 CNY');
      // The SMS text sent, opened from the evidence.
      expect(text).toContain('已发送短信内容 / SMS text sent');
      expect(text.replace(/\s+/g, '')).toContain('尾号4821的信用卡已逾期3天');
    },
  );

  itPdf(
    'shows an e-mail’s subject, never its body, and labels once when both read English',
    async () => {
      const audit = new AuditRecords()
        .add(
          anEvent('contact.updated', '2025-03-01T00:00:00Z', (p) => ({
            ...p,
            timeZone: 'Europe/London',
            locale: 'en-GB',
          })),
        )
        .add(
          anEvent('outreach.rendered', '2025-07-01T08:00:00Z', (p) => ({
            ...p,
            channel: 'email',
            templateId: 'overdue-email-1',
            content: {
              subject: 'Your payment is overdue',
              html: '<p>Secret body</p>',
              text: 'Secret body',
              headers: {},
            },
          })),
        );
      const text = textOf(
        await pdfOf(audit, {
          customerLocale: 'en-GB',
          examinerLocale: 'en',
          evidence: async (id) => audit.evidence.get(id),
        }),
        'english',
      );
      expect(text).toContain('Contact history');
      expect(text).not.toContain('Contact history / Contact history');
      expect(text).toContain('E-mail subject sent: Your payment is overdue');
      expect(text).not.toContain('Secret body');
      // Summer time in London: 08:00 UTC is 09:00 BST.
      expect(text).toContain('2025-07-01 08:00:00 UTC · 2025-07-01 09:00:00 +01:00 Europe/London');
    },
  );

  itPdf(
    'is the same bytes for the same records, and shows no content without an evidence reader',
    async () => {
      const options = { customerLocale: 'zh-CN', examinerLocale: 'en' };
      const first = await pdfOf(sampleAccount(), options);
      const second = await pdfOf(sampleAccount(), options);
      expect(first.equals(second)).toBe(true);
      expect(textOf(first, 'no-evidence')).not.toContain('SMS text sent');
    },
  );

  itPdf('flows a long history over numbered pages', async () => {
    const audit = new AuditRecords().add(sampleEvents['contact.updated']);
    for (let day = 1; day <= 60; day++) {
      const at = new Date(Date.UTC(2025, 3, day, 2)).toISOString().replace('.000', '');
      audit.add(
        anEvent('outreach.planned', at, (p) => ({ ...p, messageId: `message-${day}`, stage: 1 })),
      );
      audit.add(
        anEvent('delivery.outcome', at.replace('T02', 'T03'), (p) => ({
          ...p,
          messageId: `message-${day}`,
        })),
      );
    }
    const text = textOf(
      await pdfOf(audit, { customerLocale: 'en', examinerLocale: 'zh-CN' }),
      'long',
    );
    const pages = text.split('\f').filter((page) => page.trim() !== '');
    expect(pages.length).toBeGreaterThan(2);
    pages.forEach((page, i) => expect(page).toContain(`acc-0001 · ${i + 1} / ${pages.length}`));
    expect(text).toContain('Message / 消息 message-60');
    expect(text).toContain('Contact history / 联系记录');
  });

  itPdf('shows the audit’s own records: a legal hold and an expiry', async () => {
    const audit = new AuditRecords().add(sampleEvents['account.overdue']);
    const [overdue] = audit.records;
    const own = (seq: number, type: AuditOwnType, payload: AuditOwnPayload): FoundRecord => ({
      ...overdue!,
      seq,
      body: { ...overdue!.body!, type, eventId: `own-${seq}`, payload },
    });
    const records = [
      overdue!,
      own(2, 'audit.hold-placed', {
        accountId: 'acc-0001',
        by: 'operator-7',
        matter: 'CASE-2025-0042',
      }),
      own(3, 'audit.expired', {
        accountId: 'acc-0001',
        throughSeq: 1,
        retentionClass: 'cn-servicing',
        years: 5,
        lastActivityAt: '2025-03-04T01:00:00Z',
      }),
    ];
    const { out, bytes } = memoryOutput();
    await writeContactHistoryPdf(
      (async function* () {
        for (const record of records) yield await Promise.resolve(record);
      })(),
      out,
      { customerLocale: 'zh-CN', examinerLocale: 'en' },
    );
    const text = textOf(bytes(), 'own').replace(/\s+/g, ' ');
    expect(text).toContain('设置法律保全 / Legal hold placed');
    expect(text).toContain('操作人 / By: operator-7; 原因 / Reasons: CASE-2025-0042');
    expect(text).toContain('记录到期删除 / Records expired');
    expect(text).toContain('保留类别 / Retention class: cn-servicing');
  });

  it('refuses records of two accounts', async () => {
    const audit = new AuditRecords()
      .add(sampleEvents['account.overdue'], 'acc-a')
      .add(sampleEvents['account.overdue'], 'acc-b');
    const { out } = memoryOutput();
    await expect(
      writeContactHistoryPdf(audit.found(), out, { customerLocale: 'en', examinerLocale: 'en' }),
    ).rejects.toThrow(/one account/);
  });
});
