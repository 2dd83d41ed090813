import { readdirSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig } from 'vitest/config';

// Tests run on the TypeScript sources of every workspace package, not on a stale build: each
// export of `@kindly/<name>` resolves to the file its "@kindly/source" condition names.
function workspaceSourceAliases(): { find: RegExp; replacement: string }[] {
  const aliases: { find: RegExp; replacement: string }[] = [];
  for (const group of ['shared', 'services']) {
    if (!existsSync(group)) continue;
    for (const dir of readdirSync(group)) {
      const manifestPath = join(group, dir, 'package.json');
      if (!existsSync(manifestPath)) continue;
      const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as {
        name: string;
        exports?: Record<string, Record<string, string>>;
      };
      for (const [subpath, conditions] of Object.entries(manifest.exports ?? {})) {
        const source = conditions['@kindly/source'];
        if (!source) continue;
        const specifier = subpath === '.' ? manifest.name : `${manifest.name}/${subpath.slice(2)}`;
        aliases.push({
          find: new RegExp(`^${specifier.replace(/[/.]/g, (c) => `\\${c}`)}$`),
          replacement: join(import.meta.dirname, group, dir, source),
        });
      }
    }
  }
  return aliases;
}

const ignore = ['**/node_modules/**', '**/dist/**', '.cache/**'];
const resolve = { alias: workspaceSourceAliases() };

export default defineConfig({
  // The root's resolve serves global setup; each project repeats it (projects do not extend the root).
  resolve,
  test: {
    // Once per run, shared by every project (projects must not `extend` the root, or it runs once each): finds or starts the real Kafka and MongoDB-wire server.
    globalSetup: ['shared/testing/src/global-setup.ts'],
    projects: [
      {
        resolve,
        test: { name: 'unit', include: ['**/*.unit.test.ts'], exclude: ignore },
      },
      {
        resolve,
        test: {
          name: 'integration',
          include: ['**/*.int.test.ts'],
          exclude: ignore,
          testTimeout: 60_000,
          hookTimeout: 120_000,
        },
      },
      {
        resolve,
        test: {
          // Seeded crash and outage runs on a private broker (test/chaos): run after the rest,
          // one file at a time, by `npm test`; more seeds with `npm run chaos`.
          name: 'faults',
          include: ['test/chaos/**/*.faults.test.ts'],
          exclude: ignore,
          testTimeout: 600_000,
          hookTimeout: 300_000,
        },
      },
      {
        resolve,
        test: {
          name: 'e2e',
          include: ['test/e2e/**/*.e2e.test.ts'],
          exclude: ignore,
          testTimeout: 180_000,
          hookTimeout: 180_000,
          // A page load, the console's API calls and a render before the poll can see anything:
          // vitest's 1 s default is too short on a loaded two-core machine (CI runs the e2e
          // tests beside the integration tests). A poll that passes returns at once.
          expect: { poll: { timeout: 15_000 } },
        },
      },
    ],
  },
});
