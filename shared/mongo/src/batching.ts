/**
 * How Kindly's repositories gather the reads and writes of the records handled at once into one
 * command (with `dataloader`): no caching (each call asks the server), at most 500 per command,
 * and the batch sent once the event loop has taken in the I/O that was ready (`setImmediate`).
 * Waiting for that, rather than only for the current tick, keeps gathering the calls of handlers
 * that drifted apart: each awaits a different reply, and the replies that arrive together resume
 * them together.
 */
export const batchOptions = {
  cache: false,
  maxBatchSize: 500,
  batchScheduleFn: (send: () => void) => void setImmediate(send),
} as const;
