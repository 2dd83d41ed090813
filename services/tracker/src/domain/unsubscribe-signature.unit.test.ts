import { describe, expect, it } from 'vitest';
import { isValidUnsubscribeSignature, unsubscribeSignature } from './unsubscribe-signature.js';

const SECRET = 'renderer-secret-0123456789';
const target = {
  tenantId: 'demo-bank',
  accountId: 'acct-42',
  messageId: '6f1c2b1e-8d3a-5b7c-9e2f-0a1b2c3d4e5f',
  purpose: 'marketing',
};
// What services/renderer/src/rendering/unsubscribe-links.ts made for this target and secret
// (`…/u/marketing/<messageId>/sM-2uHmbpsDc6U2Us0zHGG`): the two must never drift apart.
const RENDERED = 'sM-2uHmbpsDc6U2Us0zHGG';

describe('unsubscribe link signatures', () => {
  it('matches what the renderer signs', () => {
    expect(unsubscribeSignature(SECRET, target)).toBe(RENDERED);
    expect(isValidUnsubscribeSignature(SECRET, target, RENDERED)).toBe(true);
  });

  it('refuses another purpose, account, tenant, secret or a tampered signature', () => {
    expect(isValidUnsubscribeSignature(SECRET, { ...target, purpose: 'servicing' }, RENDERED)).toBe(
      false,
    );
    expect(isValidUnsubscribeSignature(SECRET, { ...target, accountId: 'acct-43' }, RENDERED)).toBe(
      false,
    );
    expect(isValidUnsubscribeSignature(SECRET, { ...target, tenantId: 'other' }, RENDERED)).toBe(
      false,
    );
    expect(isValidUnsubscribeSignature('another-secret-012345', target, RENDERED)).toBe(false);
    expect(isValidUnsubscribeSignature(SECRET, target, `${RENDERED.slice(0, 21)}A`)).toBe(false);
    expect(isValidUnsubscribeSignature(SECRET, target, '')).toBe(false);
  });
});
