/**
 * One account's contact history as an A4 PDF for an examiner: every label in the customer's
 * language and the examiner's (side by side, `客户 / Examiner`), every time in UTC and on the
 * customer's clock, Noto Sans SC embedded so Chinese and Latin text print anywhere. The same
 * records give the same bytes: the document's dates are the last record's, never the clock's.
 * With an `evidence` reader, the SMS text or e-mail subject sent is shown; nothing else of the
 * sealed content (an e-mail's body, a letter's PDF) is put in the history.
 */
import { DateTime } from 'luxon';
import PDFDocument from 'pdfkit';
import type { FoundRecord } from '../domain/audit-query.js';
import { labelsFor, type LabelKey } from './contact-history-labels.js';
import {
  contactHistoryOf,
  type ContactHistory,
  type Fact,
  type MessageHistory,
  type Stamp,
} from './contact-history.js';
import { fieldsOf, textOf } from './export-fields.js';
import { notoSansSc } from './noto-sans-sc.font.js';
import { streamTo, type OutputOptions } from './stream-to.js';

export interface ContactHistoryPdfOptions extends OutputOptions {
  /** BCP 47; `zh…` gives Chinese labels, anything else English. */
  readonly customerLocale: string;
  readonly examinerLocale: string;
  /** Opens a rendered message's sealed content (the `outreach.rendered` payload's `content`). */
  readonly evidence?: (evidenceId: string) => Promise<unknown>;
}

const MM = 72 / 25.4;
const MARGIN = 18 * MM;
const MOMENTS = ['planned', 'released', 'rendered', 'sent'] as const;

/** Writes the history of the account whose records (one account, chain order) are given. */
export async function writeContactHistoryPdf(
  records: AsyncIterable<FoundRecord>,
  out: NodeJS.WritableStream,
  options: ContactHistoryPdfOptions,
): Promise<void> {
  const history = await contactHistoryOf(records);
  const contents = await contentLines(history.messages, options.evidence);
  const customer = labelsFor(options.customerLocale);
  const examiner = labelsFor(options.examinerLocale);
  const label = (key: LabelKey) =>
    customer.language === examiner.language
      ? customer.labels[key]
      : `${customer.labels[key]} / ${examiner.labels[key]}`;
  const fixedDate = new Date(history.lastRecordedAt ?? 0);
  const fonts = notoSansSc();
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    lang: customer.language,
    info: {
      Title: `${label('title')}: ${history.accountId}`,
      Creator: 'Kindly audit',
      Producer: 'Kindly audit',
      CreationDate: fixedDate,
      ModDate: fixedDate,
    },
  });
  doc.registerFont('regular', fonts.regular);
  doc.registerFont('bold', fonts.bold);
  // Piped before anything is drawn, so no byte is missed; pages are buffered (to number them
  // once the count is known) and flow out at `end`, one account's worth.
  const written = streamTo(doc, undefined, out, options);
  try {
    drawHistory(doc, history, contents, label);
    numberPages(doc, history.accountId);
    doc.end();
  } catch (error) {
    doc.destroy(error instanceof Error ? error : new Error(String(error)));
  }
  await written;
}

type Label = (key: LabelKey) => string;

function drawHistory(
  doc: PDFKit.PDFDocument,
  history: ContactHistory,
  contents: ReadonlyMap<string, Fact>,
  label: Label,
) {
  doc.font('bold').fontSize(16).text(label('title'));
  doc.moveDown(0.5).font('regular').fontSize(9);
  line(doc, label, [
    { label: 'account', value: history.accountId },
    { label: 'tenant', value: history.tenantId },
  ]);
  line(doc, label, [
    { label: 'customerZone', value: history.zone ?? label('noZone') },
    { label: 'records', value: String(history.recordCount) },
    { label: 'lastRecord', value: history.lastRecordedAt ? utcText(history.lastRecordedAt) : '' },
  ]);
  doc.fillColor('#555555').text(label('timesNote')).fillColor('black');

  heading(doc, label('events'));
  if (history.events.length === 0) doc.text(label('none'));
  for (const event of history.events) {
    doc.font('bold').text(`${label(event.kind)}   ${stampText(event.stamp)}`, MARGIN, doc.y);
    doc.font('regular');
    line(doc, label, event.facts, 12);
  }

  heading(doc, label('messages'));
  if (history.messages.length === 0) doc.text(label('none'));
  for (const message of history.messages) drawMessage(doc, message, contents, label);
}

function drawMessage(
  doc: PDFKit.PDFDocument,
  message: MessageHistory,
  contents: ReadonlyMap<string, Fact>,
  label: Label,
) {
  doc
    .moveDown(0.4)
    .font('bold')
    .text(`${label('message')} ${message.messageId}`);
  doc.font('regular');
  line(
    doc,
    label,
    [...message.about].map(([key, value]) => ({ label: key, value })),
    12,
  );
  for (const moment of MOMENTS) {
    const stamp = message.moments.get(moment);
    if (stamp) line(doc, label, [{ label: moment, value: stampText(stamp) }], 12);
  }
  for (const outcome of message.outcomes) {
    line(doc, label, [{ label: 'outcome', value: stampText(outcome.stamp) }, ...outcome.facts], 12);
  }
  for (const stop of message.stops) {
    line(doc, label, [{ label: stop.kind, value: stampText(stop.stamp) }, ...stop.facts], 12);
  }
  const content = contents.get(message.messageId);
  if (content) line(doc, label, [content], 12);
}

function heading(doc: PDFKit.PDFDocument, text: string) {
  doc.moveDown(0.8).font('bold').fontSize(12).text(text, MARGIN, doc.y);
  doc.moveDown(0.2).font('regular').fontSize(9);
}

/** Facts as one paragraph, `label: value` separated by semicolons, indented by `indent` pt. */
function line(doc: PDFKit.PDFDocument, label: Label, facts: readonly Fact[], indent = 0) {
  const shown = facts.filter((f) => f.value !== '');
  if (shown.length === 0) return;
  const text = shown.map((f) => `${label(f.label)}: ${f.value}`).join(';  ');
  doc.text(text, MARGIN + indent, doc.y, { width: doc.page.width - 2 * MARGIN - indent });
}

/** `2025-03-04 02:00:00 UTC · 2025-03-04 10:00:00 +08:00 Asia/Shanghai` */
function stampText(stamp: Stamp): string {
  const utc = utcText(stamp.at);
  if (!stamp.zone) return utc;
  const local = DateTime.fromISO(stamp.at, { setZone: true }).setZone(stamp.zone);
  return local.isValid ? `${utc} · ${local.toFormat('yyyy-MM-dd HH:mm:ss ZZ')} ${stamp.zone}` : utc;
}

function utcText(instant: string): string {
  const at = DateTime.fromISO(instant, { setZone: true }).toUTC();
  return at.isValid ? at.toFormat("yyyy-MM-dd HH:mm:ss 'UTC'") : instant;
}

/** Page numbers in the bottom margin, once every page is laid out (pages are buffered). */
function numberPages(doc: PDFKit.PDFDocument, accountId: string) {
  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    // Writing below the bottom margin would start a new page: lift the margin while writing.
    doc.page.margins.bottom = 0;
    doc
      .font('regular')
      .fontSize(8)
      .fillColor('#555555')
      .text(`${accountId} · ${i + 1} / ${range.count}`, MARGIN, doc.page.height - MARGIN / 2, {
        width: doc.page.width - 2 * MARGIN,
        align: 'center',
        lineBreak: false,
      });
    doc.page.margins.bottom = bottom;
  }
}

/** The SMS text or e-mail subject of each message whose content the reader opens. */
async function contentLines(
  messages: readonly MessageHistory[],
  evidence: ContactHistoryPdfOptions['evidence'],
): Promise<Map<string, Fact>> {
  const lines = new Map<string, Fact>();
  if (!evidence) return lines;
  for (const message of messages) {
    if (!message.evidenceId) continue;
    const content = fieldsOf(await evidence(message.evidenceId));
    const fact = contentFact(message.about.get('channel'), content);
    lines.set(message.messageId, fact);
  }
  return lines;
}

function contentFact(
  channel: string | undefined,
  content: Readonly<Record<string, unknown>>,
): Fact {
  const body = textOf(content['body']);
  const subject = textOf(content['subject']);
  const pages = textOf(content['pages']);
  if (channel === 'sms' && body) return { label: 'smsText', value: body };
  if (channel === 'email' && subject) return { label: 'emailSubject', value: subject };
  if (channel === 'letter' && pages) return { label: 'letterPages', value: pages };
  return { label: 'contentUnavailable', value: '—' };
}
