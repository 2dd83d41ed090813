import { describe, expect, it } from 'vitest';
import { csvField } from './report-csv.js';

describe('csvField (RFC 4180 §2)', () => {
  it('leaves plain fields alone and quotes those with a comma, quote, CR or LF', () => {
    expect(csvField('spring-a')).toBe('spring-a');
    expect(csvField('-0.25')).toBe('-0.25');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\r\nlines')).toBe('"two\r\nlines"');
  });
});
