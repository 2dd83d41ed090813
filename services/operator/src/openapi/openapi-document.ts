/**
 * The operator API's OpenAPI 3.1 document, made from the routes' own zod schemas: the app is
 * built with its stores unconnected (nothing is read to describe it) and asked for the document.
 * Committed as `services/operator/openapi.json`; a unit test fails while the two differ.
 */
import { fileURLToPath } from 'node:url';
import { createLogger } from '@kindly/logger';
import { unconnectedDb } from '@kindly/mongo';
import { ManualClock } from '@kindly/clock';
import { DateTime } from 'luxon';
import type { AgentDesk } from '@kindly/escalation';
import { createApiKeysRepository } from '../data-access/api-keys.repository.js';
import { createDeadLettersRepository } from '../dead-letters/dead-letters.repository.js';
import { buildOperatorApi } from '../http/build-operator-api.js';

export const openApiFile = fileURLToPath(new URL('../../openapi.json', import.meta.url));

const unused = (): never => {
  throw new Error('describing the API reads nothing');
};

export async function openApiDocument(): Promise<unknown> {
  const unconnected = unconnectedDb('kindly-openapi');
  const db = unconnected.db;
  const desk: AgentDesk = { tasks: unused, task: unused, report: unused };
  const app = await buildOperatorApi({
    db,
    keys: createApiKeysRepository(db),
    actions: { record: unused },
    clock: new ManualClock(DateTime.fromISO('2026-01-01T00:00:00Z', { zone: 'utc' })),
    logger: createLogger({ service: 'operator-openapi', level: 'silent' }),
    newActionId: () => 'unused',
    campaigns: {},
    audit: { periodMinutes: 60, graceMs: 120_000 },
    desk,
    replies: { replies: unused, reply: unused, close: unused },
    ratePerMinute: 600,
    lag: unused,
    pending: unused,
    deadLetters: createDeadLettersRepository(db),
    rewrite: unused,
    accountEvents: { status: unused, consent: unused },
  });
  const document = app.swagger();
  await app.close();
  await unconnected.close();
  return document;
}

/** The document as committed: two-space JSON and a final newline. */
export function openApiText(document: unknown): string {
  return `${JSON.stringify(document, null, 2)}\n`;
}
