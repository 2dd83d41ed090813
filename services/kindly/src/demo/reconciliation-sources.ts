/**
 * Where the reconciliation's numbers come from, each from its own source: the events the
 * observer read on the topics, the services' own records in MongoDB, the stand-ins' records of
 * what they received, and the PDFs in the print outbox on disk.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { deterministicId, type EventOf } from '@kindly/contracts';
import { keptSends } from '@kindly/audit';
import { DISPATCHES } from '@kindly/dispatcher';
import { AGENT_TASKS } from '@kindly/escalation';
import type { Db } from '@kindly/mongo';
import type { RunningStandIns } from '@kindly/stand-ins';
import type { Observed } from './observer.js';
import type { DispatcherOutcome, ReconciliationInput } from './reconciliation.js';

/**
 * Whether an outcome is the dispatcher's own report of an attempt (accepted or failed), not a
 * later status from the tracker or a call from the desk: its id is the one the dispatcher
 * derives from the message and the attempt (dispatcher-events.ts), which no one else uses.
 */
export function isDispatcherOutcome(event: EventOf<'delivery.outcome'>): boolean {
  const { messageId, attempt } = event.payload;
  return event.eventId === deterministicId('delivery.outcome', messageId, String(attempt));
}

export function topicFacts(
  observed: Observed,
  taskMessages: ReadonlyMap<string, string>,
): ReconciliationInput['topics'] {
  const t = observed.byType;
  const dispatcherOutcomes: DispatcherOutcome[] = [];
  for (const e of t['delivery.outcome']) {
    const p = e.payload;
    if (!isDispatcherOutcome(e) || p.channel === 'agent-call') continue;
    if (p.status !== 'accepted' && p.status !== 'failed') continue;
    dispatcherOutcomes.push({
      messageId: p.messageId,
      channel: p.channel,
      status: p.status,
      retryable: p.retryable,
      ...(p.errorCode === undefined ? {} : { errorCode: p.errorCode }),
    });
  }
  return {
    released: t['outreach.released'].map((e) => ({
      messageId: e.payload.messageId,
      accountId: e.payload.accountId,
      channel: e.payload.channel,
    })),
    rendered: t['outreach.rendered'].map((e) => e.payload.messageId),
    dispatcherOutcomes,
    suppressedAtSend: t['outreach.suppressed']
      .filter((e) => e.payload.checkpoint === 'send')
      .map((e) => e.payload.messageId),
    cancelled: t['outreach.cancelled'].map((e) => ({
      messageId: e.payload.messageId,
      reason: e.payload.reason,
    })),
    // A task the escalation service has no record of stays visible (and fails the check).
    agentTasks: t['agent.task'].map(
      (e) => taskMessages.get(e.payload.taskId) ?? `task:${e.payload.taskId}`,
    ),
    clearedAccounts: t['account.payment']
      .filter((e) => e.payload.curesAccount || e.payload.remainingOverdue.amountMinor === 0)
      .map((e) => e.payload.accountId),
  };
}

interface TaskRecord {
  _id: string;
  messageId: string;
  status: string;
  closedReason?: string;
  payload: { windows: unknown[] };
}

/** The dispatcher's, the escalation service's and the audit's records, and the agent tasks' message ids. */
export async function recordFacts(db: Db): Promise<{
  records: ReconciliationInput['records'];
  taskMessages: Map<string, string>;
}> {
  const dispatches = db.collection<{ _id: string; state: string }>(DISPATCHES);
  const [withdrawn, inFlight, tasks, audit] = await Promise.all([
    dispatches.find({ state: 'cancelled' }).toArray(),
    dispatches.find({ state: { $in: ['sending', 'ready'] } }).toArray(),
    db.collection<TaskRecord>(AGENT_TASKS).find({}).toArray(),
    keptSends(db),
  ]);
  return {
    records: {
      withdrawnByDispatcher: withdrawn.map((d) => d._id),
      inFlight: inFlight.map((d) => d._id),
      callsWithoutWindow: tasks
        .filter((task) => task.payload.windows.length === 0)
        .map((task) => task.messageId),
      // The audit service's record of each send (a provider's acceptance, as it kept it).
      audit: audit.map((r) => ({ messageId: r.messageId, channel: r.channel })),
    },
    taskMessages: new Map(tasks.map((task) => [task._id, task.messageId])),
  };
}

/** What the stand-ins received: outbound SMS (by the message id in the status callback) and mails. */
export function standInFacts(
  standIns: RunningStandIns,
): Pick<ReconciliationInput['received'], 'twilio' | 'smtp'> {
  return {
    twilio: standIns.twilio
      .messages()
      .filter((m) => m.direction === 'outbound-api')
      .map((m) => {
        const query = m.statusCallback ? new URL(m.statusCallback).searchParams : undefined;
        return query?.get('messageId') ?? `sid:${m.sid}`;
      }),
    smtp: standIns.smtp
      .messages()
      .map((mail) => mail.header('X-Kindly-Message-Id') ?? `mail:${mail.receivedAt.toISOString()}`),
  };
}

/** The letters in the print outbox: `<messageId>.pdf` in sealed batch folders and in the rest. */
export function outboxFacts(
  outbox: string,
): Pick<ReconciliationInput['received'], 'sealedPdfs' | 'unsealedPdfs'> {
  const sealedPdfs: string[] = [];
  const unsealedPdfs: string[] = [];
  if (!existsSync(outbox)) return { sealedPdfs, unsealedPdfs };
  for (const entry of readdirSync(outbox, { withFileTypes: true })) {
    if (!entry.isDirectory() || entry.name.startsWith('.')) continue;
    // A sealed batch is a folder named by its id alone: `<id>.open`, `<id>.recovering-…` are not.
    const unsealed = entry.name.endsWith('.open') || entry.name.includes('.recovering-');
    const into = unsealed ? unsealedPdfs : sealedPdfs;
    for (const file of readdirSync(join(outbox, entry.name))) {
      if (file.endsWith('.pdf')) into.push(file.slice(0, -'.pdf'.length));
    }
  }
  return { sealedPdfs, unsealedPdfs };
}
