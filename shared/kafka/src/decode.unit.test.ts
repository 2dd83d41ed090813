import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { decodeEvent } from './decode.js';
import { aProbeEvent, ProbeEvent } from './testing/probe-event.js';

const bytes = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

function detailOf(result: ReturnType<typeof decodeEvent>): string {
  if (result.ok) throw new Error('expected a failure');
  return result.detail;
}

/** Every run of `length` characters of `input` that shows up in `detail`. */
function sharedFragments(input: string, detail: string, length = 4): string[] {
  const fragments: string[] = [];
  for (let i = 0; i + length <= input.length; i++) {
    const fragment = input.slice(i, i + length);
    if (detail.includes(fragment)) fragments.push(fragment);
  }
  return fragments;
}

describe('decodeEvent', () => {
  it('accepts a valid event', () => {
    const event = aProbeEvent('succeed');
    expect(decodeEvent(bytes(event), ProbeEvent, 'probe.happened')).toEqual({ ok: true, event });
  });

  it('names each kind of bad record', () => {
    expect(decodeEvent(null, ProbeEvent, 'probe.happened')).toMatchObject({
      ok: false,
      reason: 'EMPTY_VALUE',
    });
    expect(decodeEvent(bytes('{"a":'), ProbeEvent, 'probe.happened')).toMatchObject({
      ok: false,
      reason: 'MALFORMED_JSON',
    });
    expect(
      decodeEvent(
        bytes({ ...aProbeEvent('succeed'), type: 'other.thing' }),
        ProbeEvent,
        'probe.happened',
      ),
    ).toMatchObject({
      ok: false,
      reason: 'UNKNOWN_TYPE',
    });
  });

  it('names the invalid fields but never copies their values', () => {
    const event = aProbeEvent('succeed');
    const bad = { ...event, payload: { ...event.payload, accountId: 42, phone: '+8613800138000' } };
    const result = decodeEvent(bytes(bad), ProbeEvent, 'probe.happened');
    expect(result).toMatchObject({ ok: false, reason: 'SCHEMA_INVALID' });
    const detail = detailOf(result);
    expect(detail).toMatch(/payload\.accountId: expected string/);
    expect(detail).toMatch(/payload: 1 unknown field/);
    expect(detail).not.toContain('8613800138000');
  });

  describe('says where JSON breaks and what kind of break, never what the text was', () => {
    const cases: [string, string][] = [
      ['John Smith, +1 415 555 0134', 'not JSON: InvalidSymbol at byte 0'],
      ['{"name": John Smith, "phone": "+14155550134"}', 'not JSON: InvalidSymbol at byte 9'],
      ['{"name": "John Smith, "phone": "+14155550134"}', 'not JSON: InvalidSymbol at byte 23'],
      [
        '{"name": "John Smith", "phone": "+14155550134',
        'not JSON: UnexpectedEndOfString at byte 32',
      ],
      ['{"name": "John Smith", "phone": +14155550134}', 'not JSON: InvalidSymbol at byte 32'],
      ['{"name": "John Smith", "phone": ', 'not JSON: ValueExpected at byte 32'],
      ['{"name": "John Smith"} +14155550134', 'not JSON: InvalidSymbol at byte 23'],
      ['{"name": "John\\qSmith"}', 'not JSON: InvalidEscapeCharacter at byte 9'],
      ['{"name": "John\tSmith"}', 'not JSON: InvalidCharacter at byte 9'],
      ['{"phone": 1415555.}', 'not JSON: UnexpectedEndOfNumber at byte 10'],
    ];
    it.each(cases)('%s', (input, expected) => {
      const detail = detailOf(decodeEvent(bytes(input), ProbeEvent, 'probe.happened'));
      expect(detail).toBe(expected);
      expect(detail).not.toMatch(/John|Smith|4155550134/);
      expect(sharedFragments(input, detail)).toEqual([]);
    });
  });

  it('keeps a bad enum value out of the detail, naming what the contract allows', () => {
    const event = aProbeEvent('succeed');
    const phone = '+14155550134';
    const bad = { ...event, payload: { ...event.payload, behaviour: phone } };
    const detail = detailOf(decodeEvent(bytes(bad), ProbeEvent, 'probe.happened'));
    expect(detail).toMatch(/^payload\.behaviour: expected "succeed" \| /);
    expect(detail).not.toContain('4155550134');
    expect(sharedFragments(phone, detail)).toEqual([]);
  });

  it('counts unknown fields instead of naming them, and hides keys that came from the input', () => {
    const Schema = z.strictObject({
      type: z.literal('x'),
      payload: z.strictObject({ labels: z.record(z.string(), z.number()) }),
    });
    const value = {
      type: 'x',
      'John Smith': 1,
      '+14155550134': 2,
      payload: { labels: { 'jane.doe@example.com': 'not a number' } },
    };
    const detail = detailOf(decodeEvent(bytes(value), Schema, 'x'));
    expect(detail).toBe('payload.labels.*: expected number; (root): 2 unknown fields');
  });

  it('knows the field names of recursive schemas', () => {
    interface Node {
      name: string;
      children: Node[];
    }
    const Tree: z.ZodType<Node> = z.lazy(() =>
      z.strictObject({ name: z.string(), children: z.array(Tree) }),
    );
    const value = { name: 'a', children: [{ name: 'b', children: [{ name: 3, children: [] }] }] };
    const detail = detailOf(decodeEvent(bytes(value), Tree, undefined));
    expect(detail).toBe('children[0].children[0].name: expected string');
  });

  it('does not echo a declared type it was not built for', () => {
    const event = { ...aProbeEvent('succeed'), type: 'John Smith +14155550134' };
    const detail = detailOf(decodeEvent(bytes(event), ProbeEvent, 'probe.happened'));
    expect(detail).toBe("another event type than 'probe.happened'");
  });

  it('describes rules without quoting what broke them', () => {
    const Schema = z.strictObject({
      email: z.email(),
      code: z.string().regex(/^[A-Z]+$/, { error: (issue) => `bad code ${String(issue.input)}` }),
      note: z.string().max(3),
      window: z
        .object({ start: z.number(), end: z.number() })
        .refine((w) => w.end > w.start, { error: (issue) => `bad ${JSON.stringify(issue.input)}` }),
    });
    const value = {
      email: 'John Smith',
      code: 'john',
      note: 'call 4155550134',
      window: { start: 4155550134, end: 1 },
    };
    const detail = detailOf(decodeEvent(bytes(value), Schema, undefined));
    expect(detail).toBe(
      'email: not a valid email; code: does not match its pattern; ' +
        'note: string above its maximum (3); window: fails a rule of the contract',
    );
  });
});
