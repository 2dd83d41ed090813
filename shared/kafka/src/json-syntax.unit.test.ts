import { describe, expect, it } from 'vitest';
import { findJsonSyntaxError } from './json-syntax.js';

function parses(text: string): boolean {
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

/** A small deterministic generator (mulberry32), so that a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('findJsonSyntaxError', () => {
  it('accepts what JSON.parse accepts', () => {
    for (const text of [
      '{}',
      '[]',
      ' 0 ',
      '-0.5e+10',
      '"a\\u00e9\\n"',
      'true',
      'null',
      '{"a":[1,{"b":null}],"c":"d"}',
      '[[[[[]]]]]',
      '"日本"',
    ]) {
      expect(findJsonSyntaxError(Buffer.from(text)), text).toBeUndefined();
    }
  });

  it('survives deep nesting', () => {
    expect(findJsonSyntaxError(Buffer.from('['.repeat(1_000_000)))).toEqual({
      kind: 'NestedTooDeeply',
      at: 0,
    });
  });

  it('gives byte offsets, also after characters of several bytes', () => {
    expect(findJsonSyntaxError(Buffer.from('{"name":"Zoë" "x":1}'))).toEqual({
      kind: 'CommaExpected',
      at: 15,
    });
  });

  it('agrees with JSON.parse on thousands of damaged documents', () => {
    const next = random(12);
    const original = JSON.stringify({
      eventId: 'e-1',
      payload: { name: 'Zoë', amounts: [1, -2.5, 3e2], ok: true, none: null, nested: { a: [] } },
    });
    const alphabet = '{}[]":,.-+eE0123456789 \\/tfnulraxé\t\n';
    for (let round = 0; round < 5_000; round++) {
      const chars = [...original];
      const edits = 1 + Math.floor(next() * 3);
      for (let e = 0; e < edits; e++) {
        const at = Math.floor(next() * (chars.length + 1));
        const char = alphabet[Math.floor(next() * alphabet.length)] ?? ' ';
        const op = next();
        if (op < 0.33) chars.splice(at, 1);
        else if (op < 0.66) chars.splice(at, 0, char);
        else chars.splice(at, 1, char);
      }
      if (next() < 0.2) chars.length = Math.floor(next() * chars.length);
      const text = chars.join('');
      const error = findJsonSyntaxError(Buffer.from(text));
      expect(error === undefined, text).toBe(parses(text));
      if (error) expect(error.at).toBeLessThanOrEqual(Buffer.byteLength(text));
    }
  });
});
