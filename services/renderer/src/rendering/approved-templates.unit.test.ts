import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultTemplatesDir, loadTemplateCatalog, TemplateLoadError } from './template-catalog.js';

const FILE = join(defaultTemplatesDir, 'sms', 'reminder-friendly-sms', 'en-US.hbs');

describe('a catalog with versions approved through the operator API', () => {
  const shipped = readFileSync(FILE, 'utf8');

  it('compiles an approved text in the file’s place, named by the text’s hash', () => {
    const approved = shipped.replace(/^version: .*$/m, 'version: 9.0.0');
    const catalog = loadTemplateCatalog(
      undefined,
      new Map([['sms/reminder-friendly-sms/en-US', approved]]),
    );
    const template = catalog.get('reminder-friendly-sms', 'en-US');
    expect(template.version).toBe('9.0.0');
    expect(catalog.get('reminder-friendly-sms', 'zh-CN').version).not.toBe('9.0.0');
    expect(catalog.templates).toHaveLength(loadTemplateCatalog().templates.length);
  });

  it('adds an approved template the files do not have, and refuses a broken one as it would a file', () => {
    const added = loadTemplateCatalog(
      undefined,
      new Map([['sms/reminder-gentle-sms/en-US', shipped]]),
    );
    expect(added.get('reminder-gentle-sms', 'en-US').locale).toBe('en-US');
    // A locale without its partials is refused, as its file would be.
    expect(() =>
      loadTemplateCatalog(undefined, new Map([['sms/reminder-friendly-sms/fr-FR', shipped]])),
    ).toThrow(/unknown partial "sms-signature"/);
    expect(() =>
      loadTemplateCatalog(
        undefined,
        new Map([
          [
            'sms/reminder-friendly-sms/en-US',
            shipped.replace('{{account.last4}}', '{{account.pin}}'),
          ],
        ]),
      ),
    ).toThrow(TemplateLoadError);
    expect(() => loadTemplateCatalog(undefined, new Map([['fax/x-fax/en-US', shipped]]))).toThrow(
      /approved template fax\/x-fax\/en-US/,
    );
  });
});
