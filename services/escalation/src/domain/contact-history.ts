import type { ContactHistoryEntry } from '@kindly/rules';
import { historyKindOf, type AgentTask } from './agent-task.js';
import type { MessageRecord } from './escalation-message.js';

/**
 * The contacts the caps count, as this service knows them: every message released to the
 * customer (an attempt when it went out) and every call an agent reported. A released call
 * message is not itself a call: only the calls made on its task count.
 */
export function contactHistory(
  messages: readonly MessageRecord[],
  tasks: readonly AgentTask[],
): ContactHistoryEntry[] {
  const sent = messages.flatMap((m): ContactHistoryEntry[] =>
    m.release === undefined || m.release.channel === 'agent-call'
      ? []
      : [
          {
            channel: m.release.channel,
            at: m.release.releasedAt,
            kind: 'attempt',
            purpose: m.release.purpose,
          },
        ],
  );
  const calls = tasks.flatMap((task) =>
    task.calls.map((call): ContactHistoryEntry => ({
      channel: 'agent-call',
      at: call.at,
      kind: historyKindOf(call.outcome),
      purpose: task.purpose,
    })),
  );
  return [...sent, ...calls];
}

/** The latest released message of a cycle, for an escalation's `from`. */
export function lastMessageOf(messages: readonly MessageRecord[], cycleId: string) {
  const latest = messages
    .flatMap((m) => (m.release?.cycleId === cycleId ? [m.release] : []))
    .sort((a, b) => Date.parse(b.releasedAt) - Date.parse(a.releasedAt))[0];
  return latest === undefined ? undefined : { stage: latest.stage, channel: latest.channel };
}
