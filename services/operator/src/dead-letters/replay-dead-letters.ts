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
import type { DeadLetters, StoredDeadLetter } from './dead-letters.repository.js';

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
  readonly deadLetters: Pick<
    DeadLetters,
    'toReplay' | 'claimReplay' | 'confirmReplay' | 'releaseReplay'
  >;
  readonly rewrite: RewriteRecord;
  readonly actions: ActionLog;
  readonly newActionId: () => string;
  /** The time of each claim (a long replay's later claims are not stale at once); else `at`. */
  readonly leaseClock?: () => Date;
  /** Refuses (throws) the chosen letters before any is claimed or written, e.g. another prefix. */
  readonly checkChosen?: (chosen: readonly StoredDeadLetter[]) => void;
}

/**
 * How long a claim holds: a replay that stopped between its claim and its write (killed, Kafka
 * gone) leaves the letter `replaying`; after this another replay may claim it again (its
 * handlers are idempotent, so a second write-back is safe).
 */
export const REPLAY_LEASE_MS = 2 * 60_000;

/** The audit could not record a replay whose letters were written back: says how many. */
export class ReplayNotRecorded extends Error {
  constructor(
    readonly ids: readonly string[],
    cause: unknown,
  ) {
    super(
      `${ids.length} dead letters were written back, but their replay could not be recorded in the audit`,
      { cause },
    );
    this.name = 'ReplayNotRecorded';
  }
}

/** The most an audit record's detail holds (operator.action v1). */
const DETAIL_MAX = 200;

/** The ids, space-separated, as many as fit in `max` characters, then how many more. */
export function idsWithin(ids: readonly string[], max: number): string {
  let text = '';
  for (const [i, id] of ids.entries()) {
    const next = text === '' ? id : `${text} ${id}`;
    const rest = ids.length - i - 1;
    const tail = rest > 0 ? ` +${rest} more` : '';
    if (`${next}${tail}`.length > max) return `${text} +${ids.length - i} more`.trim();
    text = next;
  }
  return text;
}

const RESET = new Set<string>([Header.attempts, Header.retryRound, Header.notBefore]);
const isoSecond = (at: Date) => at.toISOString().replace(/\.\d{3}Z$/, 'Z');

export interface ReplayProgress {
  chosen(total: number): void;
  handled(done: number): void;
  /** After each letter written back and confirmed. */
  written?(id: string): void;
}

export async function replayDeadLetters(
  deps: ReplayDeps,
  request: ReplayRequest,
  principal: Principal,
  at: Date,
  /** Told how many were chosen, then after each one handled (a progress bar's feed). */
  progress: ReplayProgress = { chosen() {}, handled() {} },
  /** Asked before each letter: true stops the replay there (Ctrl-C); the one under way ends. */
  stopped: () => boolean = () => false,
): Promise<{ replayed: number; ids: string[]; stopped: boolean }> {
  const instant = isoSecond(at);
  const leaseNow = deps.leaseClock ?? (() => at);
  const staleBefore = () => isoSecond(new Date(leaseNow().getTime() - REPLAY_LEASE_MS));
  const chosen = await deps.deadLetters.toReplay({
    limit: request.limit,
    staleBefore: staleBefore(),
    ...(request.ids !== undefined ? { ids: request.ids } : {}),
    ...(request.topic !== undefined ? { topic: request.topic } : {}),
    ...(request.failureReason !== undefined ? { reason: request.failureReason } : {}),
  });
  deps.checkChosen?.(chosen);
  progress.chosen(chosen.length);
  const replayed: string[] = [];
  let halted = false;
  let failure: { error: unknown } | undefined;
  for (const [i, letter] of chosen.entries()) {
    if (stopped()) {
      halted = true;
      break;
    }
    try {
      // A lease first: of two replays at once, one writes the letter back; confirmed replayed
      // only once written, so a replay stopped in between leaves it to be claimed again.
      const claimedAt = isoSecond(leaseNow());
      if (
        await deps.deadLetters.claimReplay(letter.id, principal.keyId, claimedAt, staleBefore())
      ) {
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
          await deps.deadLetters.releaseReplay(letter.id, principal.keyId, claimedAt);
          throw error;
        }
        replayed.push(letter.id);
        await deps.deadLetters.confirmReplay(letter.id, principal.keyId, instant);
        progress.written?.(letter.id);
      }
    } catch (error) {
      failure = { error };
      break;
    }
    progress.handled(i + 1);
  }
  // What was written back is recorded, also when a later one failed or the replay was stopped.
  if (replayed.length > 0) {
    try {
      await deps.actions.record(
        principal,
        {
          action: 'dead-letter.replay',
          subject: { kind: 'dead-letter', id: request.topic ?? chosen[0]?.topic ?? 'several' },
          reason: `${request.reason} (${replayed.length} replayed)`,
          details: { ids: idsWithin(replayed, DETAIL_MAX) },
        },
        deps.newActionId(),
        at,
      );
    } catch (error) {
      throw new ReplayNotRecorded(replayed, error);
    }
  }
  if (failure) throw failure.error;
  return { replayed: replayed.length, ids: replayed, stopped: halted };
}
