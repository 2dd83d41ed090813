import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DateTime } from 'luxon';
import { itWhenToolPresent, toolPresentOrCi } from '@kindly/testing';
import { describe, expect, it } from 'vitest';
import { loadPlanningRules } from '@kindly/rules';
import { openingHoursText } from '../domain/opening-hours.js';
import type { RenderedMessage } from '../domain/ports.js';
import { sampleRequest } from '../samples/sample-request.js';
import { senderCoverageProblems } from '../start-renderer.js';
import { createHandlebarsRenderer } from './handlebars.renderer.js';
import { loadSenderDirectory, sendersFileIn } from './sender-directory.js';
import { loadTemplateCatalog } from './template-catalog.js';

/** Tests that read a PDF back with pdftotext (poppler-utils). */
const itPdf = itWhenToolPresent('pdftotext');

const rules = loadPlanningRules();
const catalog = loadTemplateCatalog();
const file = sendersFileIn(catalog.dir);
const senders = loadSenderDirectory(file);
const renderer = createHandlebarsRenderer({ catalog, smsMaxSegments: 4 });
const dir = mkdtempSync(join(tmpdir(), 'kindly-senders-'));

/** What the customer reads: the SMS, the e-mail's subject and both parts, or the letter's text. */
function readable(rendered: RenderedMessage): { text: string; pdfinfo?: string } {
  switch (rendered.channel) {
    case 'sms':
      return { text: rendered.content.body };
    case 'email':
      return {
        text: [rendered.content.subject, rendered.content.html, rendered.content.text].join('\n'),
      };
    case 'letter': {
      const pdf = join(dir, `${rendered.templateId}-${rendered.contentHash}.pdf`);
      writeFileSync(pdf, rendered.content.pdf);
      return {
        text: execFileSync('pdftotext', [pdf, '-'], { encoding: 'utf8' }).replace(/\s+/g, ' '),
        pdfinfo: execFileSync('pdfinfo', [pdf], { encoding: 'utf8' }),
      };
    }
    case 'agent-call':
      return { text: rendered.content.text };
  }
}

// Another country's details: China's phone and payment methods, and each other's phones.
const CHINA = /95555|Alipay|WeChat|支付宝|微信|Shanghai|上海|example-bank\.cn|China time/;
const US_PHONE = '1-800-555-0142';
const UK_PHONE = '0808 157 0142';

const CUSTOMERS = [
  {
    who: 'a US customer (New York)',
    locale: 'en-US',
    country: 'US',
    own: [US_PHONE],
    ownLong: [
      'https://pay.example-bank.com/r/',
      'From your bank account (ACH)',
      'By debit card',
      'PO Box 15019',
    ],
    foreign: [CHINA, new RegExp(UK_PHONE), /sort code|Faster Payments|example-bank\.co\.uk/],
    paper: /Page size:\s+612 x 792 pts \(letter\)/,
  },
  {
    who: 'a UK customer (London)',
    locale: 'en-GB',
    country: 'GB',
    own: [UK_PHONE],
    ownLong: [
      'https://pay.example-bank.co.uk/r/',
      'Bank transfer (Faster Payments)',
      'sort code 12-34-56',
      'Leeds LS99 1XA',
    ],
    foreign: [CHINA, new RegExp(US_PHONE), /ACH|routing|example-bank\.com\b|Eastern Time/],
    paper: /Page size:\s+595\.28 x 841\.89 pts \(A4\)/,
  },
] as const;

describe('sender profiles per tenant and country', () => {
  describe.each(CUSTOMERS)('$who', ({ locale, country, own, ownLong, foreign, paper }) => {
    // The letter is read back with pdftotext: without it, none of the three (it.each skips all).
    it
      .skipIf(!toolPresentOrCi('pdftotext'))
      .each(['reminder-friendly-sms', 'notice-firm-email', 'notice-firm-letter'])(
      'gets their own country’s contact and payment details, and no other’s, in %s',
      async (templateId) => {
        const request = sampleRequest({
          strategies: rules.strategies,
          senders,
          templateId,
          locale,
          country,
        });
        const rendered = await renderer.render(request);
        const { text, pdfinfo } = readable(rendered);
        for (const expected of rendered.channel === 'sms' ? own : [...own, ...ownLong])
          expect(text).toContain(expected);
        for (const pattern of foreign) expect(text).not.toMatch(pattern);
        if (rendered.channel === 'letter') expect(pdfinfo).toMatch(paper);
      },
    );
  });

  itPdf('gives a Chinese customer China’s details on A4', async () => {
    const request = sampleRequest({
      strategies: rules.strategies,
      senders,
      templateId: 'notice-firm-letter',
      locale: 'zh-CN',
    });
    const { text, pdfinfo } = readable(await renderer.render(request));
    expect(text.replace(/\s+/g, '')).toContain('95555');
    expect(text).toContain('支付宝');
    expect(text).not.toContain(US_PHONE);
    expect(pdfinfo).toMatch(/\(A4\)/);
  });

  it('uses the country’s profile for a state (US-MA → US)', () => {
    expect(senders.senderOf('demo-bank', 'US-MA').country).toBe('US');
    expect(senders.senderOf('demo-bank', 'GB').letter.paperSize).toBe('A4');
    expect(senders.senderOf('demo-bank', 'US').letter.paperSize).toBe('Letter');
  });

  it('refuses a render for a jurisdiction no profile covers, naming it', () => {
    const refusal = (() => {
      try {
        return senders.senderOf('demo-bank', 'JP');
      } catch (error) {
        return error;
      }
    })();
    expect(refusal).toMatchObject({ code: 'SENDER_UNKNOWN', retryable: false });
    expect(String(refusal)).toMatch(/no sender profile for jurisdiction JP \(senders\.yaml covers/);
  });

  it('takes a profile’s sending numbers (smsNumbers, read by the tracker), E.164 only', () => {
    const shipped = readFileSync(file, 'utf8');
    const withNumbers = join(dir, 'senders-with-numbers.yaml');
    const numbered = (number: string) =>
      shipped.replace(/^( +)phone: 1-800-555-0142\n/m, `$&$1smsNumbers: ['${number}']\n`);
    writeFileSync(withNumbers, numbered('+15005550006'));
    expect(loadSenderDirectory(withNumbers).senderOf('demo-bank', 'US').phone).toBe(
      '1-800-555-0142',
    );
    writeFileSync(withNumbers, numbered('555-0006'));
    expect(() => loadSenderDirectory(withNumbers)).toThrow(/US\.smsNumbers\.0: expected an E\.164/);
  });

  it('names, at start, a policy jurisdiction that a tenant has no profile for', () => {
    const policy = [...rules.policy.jurisdictions.keys()];
    expect(senderCoverageProblems(senders, policy, file)).toEqual([]);
    const problems = senderCoverageProblems(senders, [...policy, 'JP', 'JP-13'], file);
    expect(problems).toEqual([
      expect.stringMatching(
        /senders\.yaml: tenant demo-bank has no sender profile for jurisdiction JP, which the contact policy covers \(JP, JP-13\)/,
      ),
    ]);
  });
});

describe('opening hours, in the customer’s zone', () => {
  const us = senders.senderOf('demo-bank', 'US').hours;
  const cn = senders.senderOf('demo-bank', 'CN').hours;
  const gb = senders.senderOf('demo-bank', 'GB').hours;
  const march = DateTime.fromISO('2025-03-20T02:00:00Z');
  const january = DateTime.fromISO('2025-01-20T02:00:00Z');

  it('converts the line’s hours into the customer’s zone and names it', () => {
    expect(openingHoursText(us, 'America/New_York', march, 'en-US')).toBe(
      'Mon-Fri 8am-9pm, Sat 9am-5pm EDT',
    );
    expect(openingHoursText(us, 'America/Los_Angeles', march, 'en-US')).toBe(
      'Mon-Fri 5am-6pm, Sat 6am-2pm PDT',
    );
    expect(openingHoursText(gb, 'Europe/London', march, 'en-GB')).toBe(
      'Mon-Fri 8am-8pm, Sat 9am-5pm GMT',
    );
    expect(openingHoursText(cn, 'Asia/Shanghai', march, 'zh-CN')).toBe('北京时间每天8:00-21:00');
  });

  it('follows daylight saving time on the day the message is dated', () => {
    // London is on GMT until the end of March; New York moved to EDT on 9 March 2025.
    expect(openingHoursText(gb, 'America/New_York', january, 'en-US')).toBe(
      'Mon-Fri 3am-3pm, Sat 4am-12pm EST',
    );
    expect(openingHoursText(gb, 'America/New_York', march, 'en-US')).toBe(
      'Mon-Fri 4am-4pm, Sat 5am-1pm EDT',
    );
  });

  it('states the line’s own zone when the hours would move to another weekday', () => {
    expect(openingHoursText(cn, 'America/New_York', march, 'en-US')).toBe(
      'daily 8am-9pm China time',
    );
  });
});
