import { isDuplicateKeyError, type Db } from '@kindly/mongo';
import type { ReplyTaskStore } from '../domain/ports.js';
import type { ReplyTask } from '../domain/reply-task.js';

/**
 * Customers' replies an agent reads and answers (`_id`: the task id), written by the tracker,
 * read by the desk (the operator API). It holds the replies' text: personal data that goes into
 * no event and no log, only here.
 */
export const TRACKER_REPLY_TASKS = 'tracker-reply-tasks';

interface ReplyTaskDocument extends ReplyTask {
  _id: string;
  receivedAtDate: Date;
}

function taskOf(doc: ReplyTaskDocument): ReplyTask {
  const { _id, receivedAtDate, ...task } = doc;
  return task;
}

export function createReplyTaskStore(db: Db): ReplyTaskStore {
  const tasks = db.collection<ReplyTaskDocument>(TRACKER_REPLY_TASKS);
  return {
    async create(task) {
      try {
        await tasks.insertOne({
          ...task,
          _id: task.taskId,
          receivedAtDate: new Date(task.receivedAt),
        });
        return true;
      } catch (error) {
        if (isDuplicateKeyError(error)) return false;
        throw error;
      }
    },
  };
}

/** The desk's view of the replies: the queue, oldest first, one task, and closing one. */
export interface ReplyDesk {
  replies(status: ReplyTask['status'], limit: number): Promise<ReplyTask[]>;
  reply(taskId: string): Promise<ReplyTask | undefined>;
  /** Marks an open task dealt with; `closed: false` when it was closed already (or is not there). */
  close(
    taskId: string,
    at: string,
  ): Promise<{ readonly closed: boolean; readonly task: ReplyTask | undefined }>;
}

export function createReplyDesk(db: Db): ReplyDesk {
  const tasks = db.collection<ReplyTaskDocument>(TRACKER_REPLY_TASKS);
  return {
    async replies(status, limit) {
      const docs = await tasks.find({ status }).sort({ receivedAtDate: 1 }).limit(limit).toArray();
      return docs.map(taskOf);
    },
    async reply(taskId) {
      const doc = await tasks.findOne({ _id: taskId });
      return doc === null ? undefined : taskOf(doc);
    },
    async close(taskId, at) {
      // Conditional on `open`: of two agents closing one task at once, one closes it.
      const closed = await tasks.findOneAndUpdate(
        { _id: taskId, status: 'open' },
        { $set: { status: 'closed', closedAt: at } },
        { returnDocument: 'after' },
      );
      if (closed !== null) return { closed: true, task: taskOf(closed) };
      const doc = await tasks.findOne({ _id: taskId });
      return { closed: false, task: doc === null ? undefined : taskOf(doc) };
    },
  };
}
