import { describe, expect, it } from 'vitest';
import { unsubscribeHeaders } from './email-headers.js';
import { createUnsubscribeLinks } from './unsubscribe-links.js';

describe('the unsubscribe headers', () => {
  const messageId = '2f1c8a4e-6b7d-5e3f-9a1b-0c2d3e4f5a6b';
  const url = createUnsubscribeLinks('renderer-test-unsubscribe-secret')({
    urlBase: 'https://t.example-bank.cn/u',
    tenantId: 'bank-1',
    accountId: 'acct-1',
    messageId,
    purpose: 'marketing',
  });

  it('writes the line the tracker’s unit test pins (mailto-unsubscribe.unit.test.ts)', () => {
    const pinned = createUnsubscribeLinks('renderer-secret-0123456789')({
      urlBase: 'https://t.example-bank.cn/u',
      tenantId: 'demo-bank',
      accountId: 'acct-42',
      messageId: '6f1c2b1e-8d3a-5b7c-9e2f-0a1b2c3d4e5f',
      purpose: 'marketing',
    });
    const headers = unsubscribeHeaders(
      'marketing',
      pinned,
      'unsubscribe@example-bank.cn',
      'KD6F1C2B1E8D',
    );
    expect(headers['List-Unsubscribe']).toBe(
      '<https://t.example-bank.cn/u/marketing/6f1c2b1e-8d3a-5b7c-9e2f-0a1b2c3d4e5f/sM-2uHmbpsDc6U2Us0zHGG>, ' +
        '<mailto:unsubscribe@example-bank.cn?subject=unsubscribe%20KD6F1C2B1E8D%20marketing%2F6f1c2b1e-8d3a-5b7c-9e2f-0a1b2c3d4e5f%2FsM-2uHmbpsDc6U2Us0zHGG>',
    );
  });

  it('ends the mailto subject with the one-click link’s signed tail, for the tracker to read', () => {
    const headers = unsubscribeHeaders('marketing', url, 'unsubscribe@example-bank.cn', 'KD2F1C');
    const mailto = /<mailto:([^?>]+)\?subject=([^>]+)>/.exec(headers['List-Unsubscribe'] ?? '');
    expect(mailto?.[1]).toBe('unsubscribe@example-bank.cn');
    const tail = url.split('/').slice(-3).join('/');
    expect(tail).toMatch(new RegExp(`^marketing/${messageId}/[A-Za-z0-9_-]{22}$`));
    expect(decodeURIComponent(mailto?.[2] ?? '')).toBe(`unsubscribe KD2F1C ${tail}`);
    expect(headers['List-Unsubscribe']).toBe(
      `<${url}>, <mailto:unsubscribe@example-bank.cn?subject=unsubscribe%20KD2F1C%20${encodeURIComponent(tail)}>`,
    );
  });
});
