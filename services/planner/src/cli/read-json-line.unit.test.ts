import { describe, expect, it } from 'vitest';
import { readJsonLine } from './read-json-line.js';

describe('reading one NDJSON line', () => {
  it('gives the value of a JSON line', () => {
    expect(readJsonLine('{"caseId":"a"}')).toEqual({ ok: true, value: { caseId: 'a' } });
  });

  it('says what is wrong and at which column, in words', () => {
    expect(readJsonLine('{not json')).toEqual({
      ok: false,
      problem: 'an unexpected character',
      column: 2,
    });
    expect(readJsonLine('{"a":1,}')).toEqual({
      ok: false,
      problem: 'expected a field name in double quotes',
      column: 8,
    });
    expect(readJsonLine('{"a":1 "b":2}')).toEqual({
      ok: false,
      problem: "expected ','",
      column: 8,
    });
    expect(readJsonLine('{"a":"unfinished')).toMatchObject({
      problem: 'a string without its closing quote',
    });
    expect(readJsonLine('{"a":1} // note')).toMatchObject({
      problem: 'a comment, which JSON does not have',
      column: 9,
    });
  });

  it('counts columns in characters, not bytes', () => {
    expect(readJsonLine('{"name":"李伟" x}')).toMatchObject({ ok: false, column: 14 });
  });

  it('never repeats the line in what it says', () => {
    const result = readJsonLine('{"phone":"+8613800138000" oops}');
    expect(JSON.stringify(result)).not.toContain('8613800138000');
  });
});
