import { isDuplicateKeyError, type Db } from '@kindly/mongo';
import type { AgentTask } from '../domain/agent-task.js';
import type { TaskStore } from '../domain/ports.js';
import { utcText } from '../domain/utc-text.js';

export const AGENT_TASKS = 'agent-tasks';

/** One task (`_id` = task id); `createdAtDate` orders the desk's queue. */
interface TaskDocument extends AgentTask {
  _id: string;
  accountKey: string;
  createdAtDate: Date;
}

const accountKeyOf = (tenantId: string, accountId: string) => `${tenantId}:${accountId}`;

function taskOf(doc: TaskDocument): AgentTask {
  const { _id, accountKey, createdAtDate, ...task } = doc;
  return task;
}

/**
 * `agent-tasks` in MongoDB. A call is added with a conditional update on the number of calls
 * the reporter saw, so two agents reporting on one task at once cannot both pass the caps.
 * Indexed by status and creation (the desk's queue) and by account (the caps' call history).
 */
export function createTaskRepository(db: Db): TaskStore {
  const tasks = db.collection<TaskDocument>(AGENT_TASKS);
  return {
    async create(task) {
      try {
        await tasks.insertOne({
          ...task,
          _id: task.taskId,
          accountKey: accountKeyOf(task.tenantId, task.accountId),
          createdAtDate: new Date(task.createdAt),
        });
        return true;
      } catch (error) {
        if (isDuplicateKeyError(error)) return false;
        throw error;
      }
    },
    async get(taskId) {
      const doc = await tasks.findOne({ _id: taskId });
      return doc === null ? undefined : taskOf(doc);
    },
    async list(status, limit) {
      const docs = await tasks.find({ status }).sort({ createdAtDate: 1 }).limit(limit).toArray();
      return docs.map(taskOf);
    },
    async openInWindowAt(at, limit) {
      // Window ends are UTC texts, with milliseconds only when not zero ('…:00.5Z' sorts before
      // '…:00Z'), so the texts are compared a second wide on each side: a superset of the tasks
      // whose window holds `at`, which the caller narrows with `windowAt`.
      const second = at.toUTC().startOf('second');
      const docs = await tasks
        .find({
          status: 'open',
          'payload.windows': {
            $elemMatch: {
              start: { $lte: utcText(second) },
              end: { $gt: utcText(second.minus({ seconds: 1 })) },
            },
          },
        })
        .sort({ createdAtDate: 1 })
        .limit(limit)
        .toArray();
      return docs.map(taskOf);
    },
    async ofAccount(tenantId, accountId) {
      const docs = await tasks
        .find({ accountKey: accountKeyOf(tenantId, accountId) })
        .limit(200)
        .toArray();
      return docs.map(taskOf);
    },
    async addCall(taskId, call, expectedCalls, close) {
      const existing = await tasks.findOne({ _id: taskId });
      if (existing === null) return { kind: 'conflict' };
      if (existing.calls.some((c) => c.callId === call.callId)) {
        return { kind: 'exists', task: taskOf(existing) };
      }
      // The whole list is rewritten (no positional updates on the substitutes), guarded by its
      // length: another report in between changes it, and this one is refused.
      const updated = await tasks.findOneAndUpdate(
        { _id: taskId, status: 'open', calls: { $size: expectedCalls } },
        {
          $set: {
            calls: [...existing.calls, call],
            ...(close === undefined ? {} : { status: 'closed' as const, closedReason: close }),
          },
        },
        { returnDocument: 'after' },
      );
      return updated === null ? { kind: 'conflict' } : { kind: 'added', task: taskOf(updated) };
    },
    async close(taskId, reason) {
      await tasks.updateOne(
        { _id: taskId, status: 'open' },
        { $set: { status: 'closed', closedReason: reason } },
      );
    },
  };
}
