import { describe, expect, it } from 'vitest';
import { OutreachRenderedV1Payload, sampleEvents } from '@kindly/contracts';
import { renderedPayload } from './render-outreach.use-case.js';
import { sendingNumberFor } from './sending-number.js';

const NUMBERS = ['+12125550101', '+12125550102', '+12125550103', '+12125550104'];
const profile = { tenantId: 'bank-a', smsNumbers: NUMBERS };
const accounts = Array.from({ length: 400 }, (_, i) => `acct-${i}`);

describe('the number a text goes out from', () => {
  it('is the profile’s only number when it lists one', () => {
    const one = { tenantId: 'bank-a', smsNumbers: ['+12125550101'] };
    expect(sendingNumberFor(one, 'bank-a', 'acct-1')).toBe('+12125550101');
  });

  it('is none when the profile lists none: the dispatcher’s configured sender then', () => {
    expect(sendingNumberFor({ tenantId: 'bank-a' }, 'bank-a', 'acct-1')).toBeUndefined();
    expect(sendingNumberFor({ tenantId: 'bank-a', smsNumbers: [] }, 'bank-a', 'acct-1')).toBe(
      undefined,
    );
  });

  it('is never another tenant’s number (a fallback profile): the reply would go to that tenant', () => {
    expect(sendingNumberFor(profile, 'bank-b', 'acct-1')).toBeUndefined();
  });

  it('is the same for an account every time and whatever the list’s order, and spreads accounts', () => {
    const reversed = { ...profile, smsNumbers: [...NUMBERS].reverse() };
    const chosen = accounts.map((a) => sendingNumberFor(profile, 'bank-a', a));
    expect(accounts.map((a) => sendingNumberFor(profile, 'bank-a', a))).toEqual(chosen);
    expect(accounts.map((a) => sendingNumberFor(reversed, 'bank-a', a))).toEqual(chosen);
    for (const number of NUMBERS) {
      // 400 accounts over 4 numbers: each gets a fair share (100 expected).
      expect(chosen.filter((c) => c === number).length).toBeGreaterThan(60);
    }
  });

  it('moves only the accounts a new number takes, and only a removed number’s accounts', () => {
    const before = accounts.map((a) => sendingNumberFor(profile, 'bank-a', a));
    const added = { ...profile, smsNumbers: [...NUMBERS, '+12125550105'] };
    const afterAdding = accounts.map((a) => sendingNumberFor(added, 'bank-a', a));
    afterAdding.forEach((number, i) => {
      if (number !== before[i]) expect(number).toBe('+12125550105');
    });
    const removed = { ...profile, smsNumbers: NUMBERS.filter((n) => n !== '+12125550102') };
    const afterRemoving = accounts.map((a) => sendingNumberFor(removed, 'bank-a', a));
    afterRemoving.forEach((number, i) => {
      if (number !== before[i]) expect(before[i]).toBe('+12125550102');
    });
  });
});

describe('the rendered SMS (1.3)', () => {
  const released = sampleEvents['outreach.released'].payload;
  const sms = {
    channel: 'sms' as const,
    templateId: released.templateId,
    templateVersion: '1',
    templateHash: 'c'.repeat(64),
    locale: released.locale,
    contentHash: 'a'.repeat(64),
    content: { body: 'Reminder', encoding: 'GSM-7' as const, segments: 1, units: 8 },
  };

  it('carries the number it goes out from, and none when there is none', () => {
    const payload = OutreachRenderedV1Payload.parse(renderedPayload(released, sms, '+12125550101'));
    expect(payload).toMatchObject({ channel: 'sms', from: '+12125550101' });
    expect(renderedPayload(released, sms)).not.toHaveProperty('from');
  });

  it('refuses a from that is not E.164', () => {
    const payload = renderedPayload(released, sms, '212-555-0101');
    expect(OutreachRenderedV1Payload.safeParse(payload).success).toBe(false);
  });
});
