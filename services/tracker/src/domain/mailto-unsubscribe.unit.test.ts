import { describe, expect, it } from 'vitest';
import { isMailboxOf } from './inbound-mail.use-case.js';
import { unsubscribeLinkOf } from './mailto-unsubscribe.use-case.js';
import { isValidUnsubscribeSignature } from './unsubscribe-signature.js';

// What services/renderer/src/rendering/email-headers.ts writes for the target pinned in
// unsubscribe-signature.unit.test.ts (its unit test pins the same line): the two must not drift.
const RENDERED_HEADER =
  '<https://t.example-bank.cn/u/marketing/6f1c2b1e-8d3a-5b7c-9e2f-0a1b2c3d4e5f/sM-2uHmbpsDc6U2Us0zHGG>, ' +
  '<mailto:unsubscribe@example-bank.cn?subject=unsubscribe%20KD6F1C2B1E8D%20marketing%2F6f1c2b1e-8d3a-5b7c-9e2f-0a1b2c3d4e5f%2FsM-2uHmbpsDc6U2Us0zHGG>';

const messageId = '2f1c8a4e-6b7d-5e3f-9a1b-0c2d3e4f5a6b';
const signature = 'AbCdEfGhIjKlMnOpQr_-12';
/** What a mail client sends for the renderer's `mailto:…?subject=unsubscribe%20KD…%20marketing%2F…`. */
const mail = (subject: string) =>
  [
    'From: Jane <jane@example.com>',
    'To: unsubscribe@example-bank.cn',
    `Subject: ${subject}`,
    '',
    'Please stop.',
  ].join('\r\n');

describe('the mailto unsubscribe', () => {
  it('reads the link out of the subject of the mailto the renderer advertises', () => {
    const subject = decodeURIComponent(/\?subject=([^>]+)>/.exec(RENDERED_HEADER)?.[1] ?? '');
    const link = unsubscribeLinkOf(mail(subject));
    expect(link).toEqual({
      purpose: 'marketing',
      messageId: '6f1c2b1e-8d3a-5b7c-9e2f-0a1b2c3d4e5f',
      signature: 'sM-2uHmbpsDc6U2Us0zHGG',
    });
    if (!link) return;
    const target = { tenantId: 'demo-bank', accountId: 'acct-42', ...link };
    expect(isValidUnsubscribeSignature('renderer-secret-0123456789', target, link.signature)).toBe(
      true,
    );
  });

  it('reads the signed link tail the renderer puts in the subject', () => {
    const subject = decodeURIComponent(
      encodeURIComponent(`unsubscribe KD2F1C8A4E6B marketing/${messageId}/${signature}`),
    );
    expect(unsubscribeLinkOf(mail(subject))).toEqual({
      purpose: 'marketing',
      messageId,
      signature,
    });
    expect(
      unsubscribeLinkOf(mail(`Re: unsubscribe KD2F servicing/${messageId}/${signature}`)),
    ).toEqual({ purpose: 'servicing', messageId, signature });
  });

  it('finds nothing in a subject without a whole signed tail', () => {
    expect(unsubscribeLinkOf(mail('unsubscribe KD2F1C8A4E6B'))).toBeUndefined();
    expect(unsubscribeLinkOf(mail(`unsubscribe marketing/${messageId}/short`))).toBeUndefined();
    expect(unsubscribeLinkOf(mail(`unsubscribe other/${messageId}/${signature}`))).toBeUndefined();
    expect(unsubscribeLinkOf('no headers at all')).toBeUndefined();
  });

  it('knows the unsubscribe address by its local part, with or without a +tag', () => {
    expect(isMailboxOf('unsubscribe@example-bank.cn', 'unsubscribe')).toBe(true);
    expect(isMailboxOf('Unsubscribe+x@example-bank.cn', 'unsubscribe')).toBe(true);
    expect(isMailboxOf('unsubscribed@example-bank.cn', 'unsubscribe')).toBe(false);
    expect(isMailboxOf('unsubscribe', 'unsubscribe')).toBe(false);
  });
});
