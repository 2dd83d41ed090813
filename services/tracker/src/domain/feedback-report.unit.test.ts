import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { buildArfReport } from '../testing/arf-fixtures.js';
import { isComplaint, isFeedbackReport, parseFeedbackReport } from './feedback-report.js';
import { complainedMessageId, signedLinksOf } from './record-complaint.use-case.js';

const messageId = randomUUID();
const recipient = 'jane.doe@example.com';

describe('ARF feedback reports (RFC 5965)', () => {
  it('reads a report shaped as the RFC example: type, envelope, arrival and the returned message', () => {
    const raw = buildArfReport({ messageId, recipient });
    expect(isFeedbackReport(raw)).toBe(true);
    const parsed = parseFeedbackReport(raw);
    expect(parsed.kind).toBe('report');
    if (parsed.kind !== 'report') return;
    expect(parsed.report).toMatchObject({
      feedbackType: 'abuse',
      originalMailFrom: `bounces+${messageId}@bounce.example-bank.cn`,
      originalRcptTo: [recipient],
      arrivalDate: '2026-03-08T18:00:00.000Z',
    });
    expect(isComplaint(parsed.report)).toBe(true);
    expect(complainedMessageId(parsed.report, 'bounces')).toBe(messageId);
  });

  it('finds our message by the returned Message-ID alone, and never takes another sender’s', () => {
    const raw = buildArfReport({ messageId, recipient, headersOnly: true })
      .replace(/^Original-Mail-From:.*\r\n/m, '')
      .replace(/^Return-Path:.*\r\n/m, '');
    const parsed = parseFeedbackReport(raw);
    if (parsed.kind !== 'report') throw new Error(parsed.reason);
    expect(complainedMessageId(parsed.report, 'bounces')).toBe(messageId);

    const foreign = raw.replace(`<${messageId}@`, '<8787KJKJ3K4J3K4J3K4J3.mail@');
    const other = parseFeedbackReport(foreign);
    if (other.kind !== 'report') throw new Error(other.reason);
    expect(complainedMessageId(other.report, 'bounces')).toBeUndefined();
  });

  it('reads huge returned headers in linear time: reports come unauthenticated', () => {
    const huge = 'a'.repeat(80_000);
    const raw = buildArfReport({
      messageId,
      recipient,
      headersOnly: true,
      messageIdHeader: `<${huge}`,
      listUnsubscribe: `<https://x/${'marketing/'.repeat(8_000)}>`,
    })
      .replace(/^Original-Mail-From:.*\r\n/m, '')
      .replace(/^Return-Path:.*$/m, `Return-Path: <bounces+${huge}`);
    const parsed = parseFeedbackReport(raw);
    if (parsed.kind !== 'report') throw new Error(parsed.reason);
    const started = performance.now();
    expect(complainedMessageId(parsed.report, 'bounces')).toBeUndefined();
    expect(signedLinksOf(parsed.report)).toEqual([]);
    // An unanchored pattern took 10 s on the 80 000-character Message-ID.
    expect(performance.now() - started).toBeLessThan(250);
  });

  it('finds the signed unsubscribe links in the returned List-Unsubscribe, https and mailto', () => {
    const signature = 'A'.repeat(21) + 'b';
    const tail = `marketing/${messageId}/${signature}`;
    const raw = buildArfReport({
      messageId,
      recipient,
      listUnsubscribe: `<https://kindly.example/unsubscribe/${tail}>, <mailto:unsubscribe@example?subject=${encodeURIComponent(`unsubscribe KD1 ${tail}`)}>`,
    });
    const parsed = parseFeedbackReport(raw);
    if (parsed.kind !== 'report') throw new Error(parsed.reason);
    expect(signedLinksOf(parsed.report)).toContainEqual({
      purpose: 'marketing',
      messageId,
      signature,
    });
    expect(signedLinksOf(parsed.report).length).toBeGreaterThanOrEqual(2);
  });

  it('tells complaints (abuse, fraud) from feedback that is none (not-spam, auth-failure)', () => {
    const typeOf = (feedbackType: string) => {
      const parsed = parseFeedbackReport(buildArfReport({ messageId, recipient, feedbackType }));
      if (parsed.kind !== 'report') throw new Error(parsed.reason);
      return isComplaint(parsed.report);
    };
    expect(typeOf('fraud')).toBe(true);
    expect(typeOf('not-spam')).toBe(false);
    expect(typeOf('auth-failure')).toBe(false);
  });

  it('refuses a report without its feedback part, its Feedback-Type or the returned message', () => {
    expect(
      parseFeedbackReport(buildArfReport({ messageId, recipient, omit: 'feedback-part' })),
    ).toEqual({ kind: 'malformed', reason: 'no-feedback-part' });
    expect(
      parseFeedbackReport(buildArfReport({ messageId, recipient, omit: 'feedback-type' })),
    ).toEqual({ kind: 'malformed', reason: 'no-feedback-type' });
    expect(
      parseFeedbackReport(buildArfReport({ messageId, recipient, omit: 'returned-message' })),
    ).toEqual({ kind: 'malformed', reason: 'no-returned-message' });
    const noBoundary = 'Content-Type: multipart/report; report-type=feedback-report\r\n\r\nhi';
    expect(isFeedbackReport(noBoundary)).toBe(true);
    expect(parseFeedbackReport(noBoundary)).toEqual({ kind: 'malformed', reason: 'no-boundary' });
  });

  it('is not fooled by a DSN, which is a multipart/report of another type', () => {
    const dsn = [
      'Content-Type: multipart/report; report-type=delivery-status; boundary="b"',
      '',
      '--b',
      'Content-Type: message/delivery-status',
      '',
      'Reporting-MTA: dns; mx.example.com',
      '--b--',
    ].join('\r\n');
    expect(isFeedbackReport(dsn)).toBe(false);
  });
});
