import { describe, expect, it } from 'vitest';
import { deterministicId, newEventId, uuidV5 } from './ids.js';

const UUID_V5 = /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;
const UUID_V4 = /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

describe('uuidV5', () => {
  it('matches the reference implementations (Python uuid.uuid5(NAMESPACE_DNS, "python.org"))', () => {
    const dns = '6ba7b810-9dad-11d1-80b4-00c04fd430c8';
    expect(uuidV5(dns, Buffer.from('python.org'))).toBe('886313e1-3b8a-5372-9b90-0c9aee199e5d');
  });

  it('refuses a namespace that is not a UUID', () => {
    expect(() => uuidV5('kindly', Buffer.from('x'))).toThrow(RangeError);
  });
});

describe('deterministicId', () => {
  it('gives the same UUID v5 for the same parts, every time', () => {
    const id = deterministicId('message', 'acc-1', 'cycle-7', '2', 'sms');
    expect(id).toMatch(UUID_V5);
    expect(deterministicId('message', 'acc-1', 'cycle-7', '2', 'sms')).toBe(id);
  });

  it('is pinned: a change of namespace or encoding would orphan every stored key', () => {
    // Reproducible elsewhere, e.g. Python: uuid5(UUID(KINDLY_ID_NAMESPACE), '7:message5:acc-17:cycle-71:23:sms')
    expect(deterministicId('message', 'acc-1', 'cycle-7', '2', 'sms')).toBe(
      '979f0385-91ab-5d68-936b-37500b725d6d',
    );
  });

  it('keeps the boundaries between parts', () => {
    expect(deterministicId('a', 'bc')).not.toBe(deterministicId('ab', 'c'));
    expect(deterministicId('a:b')).not.toBe(deterministicId('a', 'b'));
    expect(deterministicId('1:a')).not.toBe(deterministicId('a'));
    expect(deterministicId('x', '')).not.toBe(deterministicId('x'));
  });

  it('counts bytes, not characters, so that non-ASCII parts cannot shift a boundary', () => {
    expect(deterministicId('李伟', 'x')).not.toBe(deterministicId('李', '伟x'));
    expect(deterministicId('李伟')).toMatch(UUID_V5);
  });

  it('depends on the order of the parts', () => {
    expect(deterministicId('a', 'b')).not.toBe(deterministicId('b', 'a'));
  });

  it('needs at least one part', () => {
    expect(() => deterministicId()).toThrow(RangeError);
  });
});

describe('newEventId', () => {
  it('gives a fresh random UUID each time', () => {
    const first = newEventId();
    expect(first).toMatch(UUID_V4);
    expect(newEventId()).not.toBe(first);
  });
});
