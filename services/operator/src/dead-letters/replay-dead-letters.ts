/**
 * Replays dead letters after a fix: each written back to its topic with its original key, bytes
 * and headers (Kindly's retry bookkeeping reset), where its service handles it again; its
 * handlers are idempotent, and a letter is claimed before it is written, so that of two replays
 * at once one writes it back. What was written back is recorded in the audit, also when a later
 * one failed. The operator API's replay and `kindly dead-letters replay` do the same.
 */
import { Header } from '@kindly/kafka';
import type { ActionLog } from '../actions/action-log.js';
import type { Principal } from '../http/principal.js';
import type { DeadLetters } from './dead-letters.repository.js';

/** Writes a record back to its topic as it first came. */
export type RewriteRecord = (record: {
  readonly topic: string;
  readonly key?: string;
  readonly value?: string;
  readonly headers: Readonly<Record<string, string>>;
}) => Promise<void>;

export interface ReplayRequest {
  readonly ids?: readonly string[];
  readonly topic?: string;
  /** The failure reason code, e.g. MALFORMED_JSON. */
  readonly failureReason?: string;
  readonly limit: number;
  /** Why (the fix), for the audit. */
  readonly reason: string;
}

export interface ReplayDeps {
  readonly deadLetters: DeadLetters;
  readonly rewrite: RewriteRecord;
  readonly actions: ActionLog;
  readonly newActionId: () => string;
}

const RESET = new Set<string>([Header.attempts, Header.retryRound, Header.notBefore]);

export async function replayDeadLetters(
  deps: ReplayDeps,
  request: ReplayRequest,
  principal: Principal,
  at: Date,
  /** Told how many were chosen, then after each one handled (a progress bar's feed). */
  progress: { chosen(total: number): void; handled(done: number): void } = {
    chosen() {},
    handled() {},
  },
): Promise<{ replayed: number; ids: string[] }> {
  const instant = at.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const chosen = await deps.deadLetters.toReplay({
    limit: request.limit,
    ...(request.ids !== undefined ? { ids: request.ids } : {}),
    ...(request.topic !== undefined ? { topic: request.topic } : {}),
    ...(request.failureReason !== undefined ? { reason: request.failureReason } : {}),
  });
  progress.chosen(chosen.length);
  const replayed: string[] = [];
  try {
    for (const [i, letter] of chosen.entries()) {
      // Claimed first: of two replays at once, one writes the letter back.
      if (await deps.deadLetters.claimReplay(letter.id, principal.keyId, instant)) {
        const headers = Object.fromEntries(
          Object.entries(letter.headers).filter(([name]) => !RESET.has(name)),
        );
        try {
          await deps.rewrite({
            topic: letter.originalTopic,
            headers,
            ...(letter.key !== undefined ? { key: letter.key } : {}),
            ...(letter.value !== undefined ? { value: letter.value } : {}),
          });
        } catch (error) {
          await deps.deadLetters.releaseReplay(letter.id);
          throw error;
        }
        replayed.push(letter.id);
      }
      progress.handled(i + 1);
    }
  } finally {
    // What was written back is recorded, also when a later one failed.
    if (replayed.length > 0) {
      await deps.actions.record(
        principal,
        {
          action: 'dead-letter.replay',
          subject: { kind: 'dead-letter', id: request.topic ?? chosen[0]?.topic ?? 'several' },
          reason: `${request.reason} (${replayed.length} replayed)`,
        },
        deps.newActionId(),
        at,
      );
    }
  }
  return { replayed: replayed.length, ids: replayed };
}
