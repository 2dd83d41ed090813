import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openApiDocument, openApiFile, openApiText } from './openapi-document.js';

describe('the committed OpenAPI document', () => {
  it('is the one the routes’ schemas make (run `npm run openapi:export` after changing a route)', async () => {
    const made = openApiText(await openApiDocument());
    expect(readFileSync(openApiFile, 'utf8')).toBe(made);
  });
});
