import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTemplateCatalog } from '../rendering/template-catalog.js';
import { requestFromFile } from './render-data-file.js';
import { UsageMistake } from './usage-mistake.js';

/** A made-up customer: what a data file holds, and what an error must never repeat. */
const NAME = 'Marisol Quenby-Atwater';

function mistakeOf(text: string): UsageMistake {
  const file = join(mkdtempSync(join(tmpdir(), 'kindly-data-')), 'data.json');
  writeFileSync(file, text);
  try {
    requestFromFile(loadTemplateCatalog(), 'reminder-friendly-sms', 'en-US', file);
  } catch (error) {
    if (error instanceof UsageMistake) return error;
    throw error;
  }
  throw new Error('expected the data file to be refused');
}

describe('a --data file that is not JSON', () => {
  it('is refused without a word of what it holds', () => {
    // Unquoted: the parser's own message quotes the whole text.
    const mistake = mistakeOf(`{ "customer": { "name": ${NAME} } }`);
    expect(mistake.message).toMatch(/: not JSON/);
    expect(mistake.message).not.toContain('Marisol');
  });

  it('says where it went wrong when the parser knows', () => {
    const mistake = mistakeOf(`{\n  "customer": { "name": "${NAME}" x }\n}`);
    expect(mistake.message).toMatch(/: not JSON at line 2, column \d+$/);
    expect(mistake.message).not.toContain('Marisol');
  });
});
