import { describe, expect, it } from 'vitest';
import { CampaignsSettingsSchema } from './campaigns-settings.js';

const SECRET = 'a-test-secret-of-at-least-32-characters';
const keys = (value: string) =>
  CampaignsSettingsSchema.safeParse({ CAMPAIGNS_REFERENCE_KEYS: value });

describe('CAMPAIGNS_REFERENCE_KEYS', () => {
  it('reads id:secret entries, the first to sign', () => {
    const parsed = keys(`k2027:${SECRET}-b, k2026:${SECRET}`);
    expect(parsed.success && parsed.data.CAMPAIGNS_REFERENCE_KEYS?.map((k) => k.id)).toEqual([
      'k2027',
      'k2026',
    ]);
  });

  it('refuses a key id twice, a hyphen or a long id, and a short secret, naming no secret', () => {
    for (const value of [
      `k1:${SECRET},k1:${SECRET}-other`,
      `k-1:${SECRET}`,
      `k20261234:${SECRET}`,
      'k1:short',
    ]) {
      const parsed = keys(value);
      expect(parsed.success).toBe(false);
      expect(JSON.stringify(parsed.error?.issues)).not.toContain(SECRET);
    }
  });
});
