import { LineCounter, parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { keysOfPath, lineOfPath } from './yaml-lines.js';

const text = `jurisdictions:
  US:
    contact:
      hours:
        - { days: [mon], start: '25:00', end: '17:00' }
  US-MA: { extends: US }
`;

function lineIn(path: string): number | undefined {
  const lineCounter = new LineCounter();
  return lineOfPath(parseDocument(text, { lineCounter }), lineCounter, keysOfPath(path));
}

describe('lines of places in YAML', () => {
  it('reads a path as written in a problem', () => {
    expect(keysOfPath('jurisdictions.US-MA.caps[0].id')).toEqual([
      'jurisdictions',
      'US-MA',
      'caps',
      0,
      'id',
    ]);
    expect(keysOfPath('[2].payload')).toEqual([2, 'payload']);
    expect(keysOfPath('')).toEqual([]);
  });

  it('finds the line of a field, and of the object that lacks a missing one', () => {
    expect(lineIn('jurisdictions.US.contact.hours[0].start')).toBe(5);
    expect(lineIn('jurisdictions.US.contact.searchHorizonDays')).toBe(4);
    expect(lineIn('jurisdictions.US-MA.caps')).toBe(6);
    expect(lineIn('')).toBe(1);
  });
});
