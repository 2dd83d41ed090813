/**
 * `npm run contracts:export`: writes the JSON Schema of every input event to
 * `shared/contracts/json-schema/`, and removes schema files of events that no longer exist.
 */
import { mkdir, readdir, rm, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { formattedJsonSchemaFiles, JSON_SCHEMA_DIR } from './json-schema-format.js';

const files = await formattedJsonSchemaFiles();
await mkdir(JSON_SCHEMA_DIR, { recursive: true });
const wanted = new Set(files.map((file) => file.fileName));
for (const existing of await readdir(JSON_SCHEMA_DIR)) {
  if (existing.endsWith('.schema.json') && !wanted.has(existing)) {
    await rm(new URL(existing, JSON_SCHEMA_DIR));
  }
}
for (const file of files) {
  await writeFile(new URL(file.fileName, JSON_SCHEMA_DIR), file.text);
}
console.log(`wrote ${files.length} files to ${fileURLToPath(JSON_SCHEMA_DIR)}`);
