import { describe, expect, it } from 'vitest';
import { formatCensus } from './storage-census.js';

describe('formatCensus', () => {
  it('gives each collection per account with its share, and the total', () => {
    const lines = formatCensus(
      [
        { collection: 'audit-records', documents: 18, bsonBytes: 3_000 },
        { collection: 'accounts', documents: 2, bsonBytes: 1_000 },
      ],
      2,
    );
    expect(lines.slice(2)).toEqual([
      '| audit-records | 9.00 | 1,500 | 75.0 % |',
      '| accounts | 1.00 | 500 | 25.0 % |',
      '| **all** | 10.00 | **2,000** | 100 % |',
    ]);
  });
});
