import type { z } from 'zod';

/**
 * What a handler made of a message. Handlers *return* these for every expected case (done, or
 * deliberately not done: a duplicate, a stale event, an opted-out customer) and *throw* only for
 * failures, which the runtime classifies as retryable or permanent (see AppError).
 */
export type HandlerOutcome =
  { readonly type: 'ack' } | { readonly type: 'skip'; readonly reason: string };

export const ack = (): HandlerOutcome => ({ type: 'ack' });
export const skip = (reason: string): HandlerOutcome => ({ type: 'skip', reason });

/** Where a message came from, for logs and idempotency keys. No personal data. */
export interface MessageContext {
  readonly topic: string;
  readonly partition: number;
  readonly offset: string;
  /** 1 on first delivery; more when retried in place or through a retry topic. */
  readonly attempt: number;
}

export type Handler<Event> = (event: Event, context: MessageContext) => Promise<HandlerOutcome>;

/** A topic as a consumer or producer sees it: its (possibly prefixed) name and its contract. */
export interface TopicBinding<Event> {
  readonly topic: string;
  readonly schema: z.ZodType<Event>;
  /** The envelope `type` this topic carries: a record of another type is dead-lettered as such. */
  readonly type?: string;
}

/** Handlers for every topic of a binding set: a topic without a handler does not compile. */
export type HandlersFor<Bindings extends Record<string, TopicBinding<unknown>>> = {
  readonly [K in keyof Bindings]: Handler<EventOfBinding<Bindings[K]>>;
};

export type EventOfBinding<B> = B extends TopicBinding<infer Event> ? Event : never;
