import { describe, expect, it } from 'vitest';
import {
  EmailAddress,
  Jurisdiction,
  Locale,
  Money,
  NonNegativeMoney,
  PhoneNumber,
  PositiveMoney,
  Reference,
  TimeOfDay,
  EndOfWindow,
  TimeZone,
} from './primitives.js';
import { isKnownTimeZone } from './time-zone.js';

const accepts = (schema: { safeParse(v: unknown): { success: boolean } }, value: unknown) =>
  schema.safeParse(value).success;

describe('TimeZone', () => {
  it('accepts IANA zones the runtime knows', () => {
    for (const zone of ['Asia/Shanghai', 'America/New_York', 'Europe/London', 'UTC']) {
      expect(accepts(TimeZone, zone), zone).toBe(true);
    }
    expect(accepts(TimeZone, 'America/Argentina/Buenos_Aires')).toBe(true);
  });

  it('refuses zones that do not exist, offsets and junk', () => {
    for (const zone of ['Mars/Base', 'Asia/Beijing', '+08:00', 'GMT +8', '', 'a'.repeat(65)]) {
      expect(accepts(TimeZone, zone), zone).toBe(false);
    }
  });

  it('answers repeated questions the same way (from its cache)', () => {
    expect(isKnownTimeZone('Mars/Base')).toBe(false);
    expect(isKnownTimeZone('Mars/Base')).toBe(false);
    expect(isKnownTimeZone('Asia/Shanghai')).toBe(true);
    expect(isKnownTimeZone('Asia/Shanghai')).toBe(true);
  });
});

describe('Money', () => {
  it('is an integer of minor units with an ISO 4217 code', () => {
    expect(accepts(Money, { amountMinor: 128_050, currency: 'CNY' })).toBe(true);
    expect(accepts(Money, { amountMinor: -500, currency: 'USD' })).toBe(true);
  });

  it('refuses floats, unsafe integers, strings and bad codes', () => {
    expect(accepts(Money, { amountMinor: 1280.5, currency: 'CNY' })).toBe(false);
    expect(accepts(Money, { amountMinor: 2 ** 53, currency: 'CNY' })).toBe(false);
    expect(accepts(Money, { amountMinor: '128050', currency: 'CNY' })).toBe(false);
    expect(accepts(Money, { amountMinor: 1, currency: 'cny' })).toBe(false);
    expect(accepts(Money, { amountMinor: 1, currency: 'RMB¥' })).toBe(false);
    expect(accepts(Money, { amountMinor: 1, currency: 'CNY', display: '¥0.01' })).toBe(false);
  });

  it('has signed, non-negative and positive variants', () => {
    expect(accepts(NonNegativeMoney, { amountMinor: 0, currency: 'CNY' })).toBe(true);
    expect(accepts(NonNegativeMoney, { amountMinor: -1, currency: 'CNY' })).toBe(false);
    expect(accepts(PositiveMoney, { amountMinor: 0, currency: 'CNY' })).toBe(false);
  });
});

describe('contact points', () => {
  it('takes E.164 numbers only', () => {
    expect(accepts(PhoneNumber, '+8613800138000')).toBe(true);
    expect(accepts(PhoneNumber, '+14155550123')).toBe(true);
    for (const bad of [
      '13800138000',
      '+86 138 0013 8000',
      '+0123456789',
      '+1234',
      '+1'.padEnd(17, '2'),
    ]) {
      expect(accepts(PhoneNumber, bad), bad).toBe(false);
    }
  });

  it('takes e-mail addresses', () => {
    expect(accepts(EmailAddress, 'li.wei@example.com')).toBe(true);
    expect(accepts(EmailAddress, 'li.wei@')).toBe(false);
    expect(accepts(EmailAddress, `${'a'.repeat(250)}@example.com`)).toBe(false);
  });
});

describe('locale and jurisdiction', () => {
  it('accepts canonical BCP 47 tags, zh-CN and en-US first', () => {
    for (const tag of ['zh-CN', 'en-US', 'en-GB', 'zh-Hant-HK', 'es']) {
      expect(accepts(Locale, tag), tag).toBe(true);
    }
    for (const tag of ['zh_CN', 'zh-cn', 'EN-us', 'english', '']) {
      expect(accepts(Locale, tag), tag).toBe(false);
    }
  });

  it('accepts a country with an optional subdivision', () => {
    for (const code of ['CN', 'GB', 'US-MA', 'US-CA'])
      expect(accepts(Jurisdiction, code)).toBe(true);
    for (const code of ['USA', 'us-ma', 'US-', 'US-MASS']) {
      expect(accepts(Jurisdiction, code), code).toBe(false);
    }
  });
});

describe('times of day and references', () => {
  it('reads HH:mm, and 24:00 only as an end', () => {
    expect(accepts(TimeOfDay, '08:00')).toBe(true);
    expect(accepts(TimeOfDay, '8:00')).toBe(false);
    expect(accepts(TimeOfDay, '24:00')).toBe(false);
    expect(accepts(EndOfWindow, '24:00')).toBe(true);
    expect(accepts(EndOfWindow, '24:01')).toBe(false);
  });

  it('keeps free text out of references', () => {
    expect(accepts(Reference, 'CASE-2025-0042')).toBe(true);
    expect(accepts(Reference, 'customer said she lost her job')).toBe(false);
  });
});
