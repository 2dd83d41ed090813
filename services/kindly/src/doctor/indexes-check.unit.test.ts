import { describe, expect, it } from 'vitest';
import type { CollectionSpec } from '@kindly/mongo';
import { checkIndexes, type ExistingIndex } from './indexes-check.js';

const catalog: CollectionSpec[] = [
  {
    name: 'outreach',
    indexes: [
      { name: 'message', keys: { messageId: 1 }, unique: true },
      { name: 'due', keys: { state: 1, releaseAt: 1 } },
    ],
  },
  { name: 'processed', indexes: [{ name: 'expiry', keys: { expiresAt: 1 } }] },
];
const idIndex: ExistingIndex = { name: '_id_', key: { _id: 1 } };

describe('the indexes check', () => {
  it('is green when every index is there by name, keys and uniqueness', () => {
    const existing = new Map<string, ExistingIndex[]>([
      [
        'outreach',
        [
          idIndex,
          { name: 'message', key: { messageId: 1 }, unique: true },
          { name: 'due', key: { state: 1, releaseAt: 1 } },
        ],
      ],
      ['processed', [idIndex, { name: 'expiry', key: { expiresAt: 1 } }]],
    ]);
    expect(checkIndexes(existing, catalog, 'kindly')).toEqual([
      expect.objectContaining({
        status: 'ok',
        message: expect.stringMatching(/^all 3 indexes/) as unknown,
      }),
    ]);
  });

  it('lists the missing indexes, those of a missing collection too, with what to run', () => {
    const existing = new Map([
      ['outreach', [idIndex, { name: 'due', key: { state: 1, releaseAt: 1 } }]],
    ]);
    expect(checkIndexes(existing, catalog, 'kindly')).toEqual([
      {
        check: 'indexes',
        status: 'error',
        message: '2 of 3 indexes missing in database kindly',
        fix: 'npm run provision (with the same MONGODB_URI and MONGODB_DATABASE=kindly)',
        items: ['outreach.message', 'processed.expiry'],
      },
    ]);
  });

  it('finds an index under its name with other keys or uniqueness, which stops provisioning', () => {
    const existing = new Map([
      [
        'outreach',
        [
          { name: 'message', key: { messageId: 1 } },
          { name: 'due', key: { releaseAt: 1, state: 1 } },
        ],
      ],
      ['processed', [{ name: 'expiry', key: { expiresAt: 1 } }]],
    ]);
    const findings = checkIndexes(existing, catalog, 'kindly');
    expect(findings.map((f) => [f.status, f.message.split(':')[0]])).toEqual([
      ['error', "index outreach.message has other keys or uniqueness than the catalog's"],
      ['error', "index outreach.due has other keys or uniqueness than the catalog's"],
    ]);
    expect(findings[0]?.fix).toContain("dropIndex('message')");
  });

  it('warns of an index with the right keys under another name', () => {
    const existing = new Map([
      [
        'outreach',
        [
          { name: 'message', key: { messageId: 1 }, unique: true },
          { name: 'state_1_releaseAt_1', key: { state: 1, releaseAt: 1 } },
        ],
      ],
      ['processed', [{ name: 'expiry', key: { expiresAt: 1 } }]],
    ]);
    expect(checkIndexes(existing, catalog, 'kindly')).toEqual([
      expect.objectContaining({
        status: 'warn',
        message: expect.stringContaining(
          'outreach.due is there under the name state_1_releaseAt_1',
        ) as unknown,
      }),
    ]);
  });
});
