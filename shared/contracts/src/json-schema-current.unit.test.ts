import { readdir, readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { jsonSchemaFiles, jsonSchemaOf } from './json-schema-files.js';
import { formattedJsonSchemaFiles, JSON_SCHEMA_DIR } from './json-schema-format.js';

const STALE = 'shared/contracts/json-schema/ is out of date: run npm run contracts:export';

describe('committed JSON Schemas', () => {
  it('are exactly what the zod schemas give', async () => {
    const expected = await formattedJsonSchemaFiles();
    const committed = (await readdir(JSON_SCHEMA_DIR)).sort();
    expect(committed, STALE).toEqual(expected.map((file) => file.fileName).sort());
    for (const file of expected) {
      const text = await readFile(new URL(file.fileName, JSON_SCHEMA_DIR), 'utf8');
      expect(text, `${file.fileName}: ${STALE}`).toBe(file.text);
    }
  });
});

describe('JSON Schema export', () => {
  it('covers the bank inputs only, with an $id and a title each', () => {
    const names = jsonSchemaFiles().map((file) => file.fileName);
    expect(names).toContain('account.overdue.v1.schema.json');
    expect(names).toContain('contact.consent.v1.schema.json');
    expect(names).not.toContain('outreach.planned.v1.schema.json');
    expect(names).toContain('README.md');
    const schema = jsonSchemaOf('account.overdue');
    expect(schema).toMatchObject({
      $schema: 'https://json-schema.org/draft/2020-12/schema',
      $id: 'urn:kindly:event:account.overdue.v1',
      title: 'account.overdue v1',
      additionalProperties: false,
    });
  });

  it('writes 2-space JSON with a final newline before formatting', () => {
    const [first] = jsonSchemaFiles();
    expect(first!.text).toMatch(/^\{\n {2}"\$schema"/);
    expect(first!.text.endsWith('}\n')).toBe(true);
  });

  it('keeps the contract strict: unknown fields and float money are refused in JSON Schema too', () => {
    const text = JSON.stringify(jsonSchemaOf('account.overdue'));
    expect(text).toContain('"additionalProperties":false');
    expect(text).toMatch(/"amountMinor":\{"type":"integer"/);
  });
});
