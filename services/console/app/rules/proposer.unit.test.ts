import { describe, expect, it } from 'vitest';
import { isProposer } from './proposer';

describe('whether the one signed in proposed it', () => {
  const proposedBy = { keyId: 'k-operator', label: 'Operator Team' };

  it('is by the key, or by the name on another key, as the API decides', () => {
    expect(isProposer({ keyId: 'k-operator', label: 'renamed' }, proposedBy)).toBe(true);
    expect(isProposer({ keyId: 'k-other', label: ' operator team ' }, proposedBy)).toBe(true);
    expect(isProposer({ keyId: 'k-other', label: 'compliance lead' }, proposedBy)).toBe(false);
    expect(isProposer(null, proposedBy)).toBe(false);
  });
});
