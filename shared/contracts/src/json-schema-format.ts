/**
 * Formats the generated files the way the repository's Prettier does, so that `prettier --check`
 * and the "files are current" test agree. Prettier is a development tool of the repository
 * (a root devDependency); only the export script and its test load this module.
 */
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import { jsonSchemaFiles, type GeneratedFile } from './json-schema-files.js';

/** The folder the generated files live in, beside `src/` and `dist/`. */
export const JSON_SCHEMA_DIR = new URL('../json-schema/', import.meta.url);

/** The generated files exactly as they are to be committed. */
export async function formattedJsonSchemaFiles(): Promise<GeneratedFile[]> {
  return Promise.all(
    jsonSchemaFiles().map(async (file) => {
      const filepath = fileURLToPath(new URL(file.fileName, JSON_SCHEMA_DIR));
      const options = (await resolveConfig(filepath)) ?? {};
      return { fileName: file.fileName, text: await format(file.text, { ...options, filepath }) };
    }),
  );
}
