import type { CollectionSpec, IndexSpec } from '@kindly/mongo';
import { error, ok, warn, type Finding } from './finding.js';

/** One index as `listIndexes` gives it. */
export interface ExistingIndex {
  readonly name?: unknown;
  readonly key?: unknown;
  readonly unique?: unknown;
}

const sameKeys = (found: ExistingIndex, wanted: IndexSpec) =>
  JSON.stringify(found.key) === JSON.stringify(wanted.keys);
const sameUniqueness = (found: ExistingIndex, wanted: IndexSpec) =>
  (found.unique === true) === (wanted.unique ?? false);

/**
 * The catalog's indexes compared with those the database has (`existing`: by collection, for the
 * collections that exist), by name and keys as `ensureIndexes` compares them. A missing index is
 * a query without its index or a guarantee (uniqueness) gone; one under its name with other keys
 * stops `npm run provision`; one with its keys under another name serves the queries, but
 * MongoDB refuses to create the catalog's beside it, so provisioning fails on it.
 */
export function checkIndexes(
  existing: ReadonlyMap<string, readonly ExistingIndex[]>,
  catalog: readonly CollectionSpec[],
  database: string,
): Finding[] {
  const missing: string[] = [];
  const findings: Finding[] = [];
  for (const collection of catalog) {
    const current = existing.get(collection.name) ?? [];
    for (const index of collection.indexes) {
      const place = `${collection.name}.${index.name}`;
      const named = current.find((i) => i.name === index.name);
      if (named) {
        if (!sameKeys(named, index) || !sameUniqueness(named, index)) {
          findings.push(
            error(
              'indexes',
              `index ${place} has other keys or uniqueness than the catalog's: found ${JSON.stringify(named.key)} unique=${String(named.unique === true)}, wanted ${JSON.stringify(index.keys)} unique=${String(index.unique ?? false)}`,
              `drop it (db.getCollection('${collection.name}').dropIndex('${index.name}') in ${database}), then npm run provision`,
            ),
          );
        }
        continue;
      }
      const renamed = current.find((i) => sameKeys(i, index) && sameUniqueness(i, index));
      if (renamed) {
        findings.push(
          warn(
            'indexes',
            `index ${place} is there under the name ${String(renamed.name)}: queries use it, but npm run provision fails on it`,
            `drop ${String(renamed.name)} (db.getCollection('${collection.name}').dropIndex('${String(renamed.name)}') in ${database}), then npm run provision`,
          ),
        );
        continue;
      }
      missing.push(place);
    }
  }
  const wanted = catalog.reduce((sum, c) => sum + c.indexes.length, 0);
  if (missing.length > 0) {
    findings.unshift(
      error(
        'indexes',
        `${missing.length} of ${wanted} indexes missing in database ${database}`,
        `npm run provision (with the same MONGODB_URI and MONGODB_DATABASE=${database})`,
        missing,
      ),
    );
  }
  if (findings.length === 0) {
    findings.push(
      ok(
        'indexes',
        `all ${wanted} indexes of the ${catalog.length} collections are there in database ${database}`,
      ),
    );
  }
  return findings;
}
