import type { Producer } from 'kafkajs';

/**
 * kafkajs' idempotent producer can fall out of step with the broker after a broker restart: a
 * produce request answered with a partition error keeps its sequence numbers advanced, and from
 * then on every send to that partition is refused as OUT_OF_ORDER_SEQUENCE_NUMBER for the life
 * of the producer (the fault runs saw 786 refusals in 7 seconds, until the process was killed).
 * Only a new producer id gets back in step: when a send is refused so, this makes a new kafkajs
 * producer, and the caller's retry (every publish is retried, and is idempotent by event id)
 * goes through it.
 */
const OUT_OF_STEP = new Set([
  'OUT_OF_ORDER_SEQUENCE_NUMBER',
  'UNKNOWN_PRODUCER_ID',
  'INVALID_PRODUCER_EPOCH',
]);
// kafkajs' retrier rethrows a non-retriable protocol error as KafkaJSNonRetriableError with its
// message only: known by its words too.
const OUT_OF_STEP_WORDS = [
  'out of order sequence number',
  'could not locate the producer metadata',
  'an operation with an old epoch',
];

export function isOutOfStep(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e instanceof Error && depth < 5; depth++) {
    const type = (e as { type?: unknown }).type;
    if (typeof type === 'string' && OUT_OF_STEP.has(type)) return true;
    if (OUT_OF_STEP_WORDS.some((words) => e instanceof Error && e.message.includes(words))) {
      return true;
    }
    e = (e as { cause?: unknown }).cause;
  }
  return false;
}

/**
 * A producer that replaces its kafkajs producer (made by `make`, connected) when a send finds it
 * out of step; everything else is the current kafkajs producer's.
 */
export function renewingProducer(make: () => Producer, onRenewed: () => void = () => {}): Producer {
  let current = make();
  let connected = false;
  let renewing: Promise<void> | undefined;
  const renew = (broken: Producer): Promise<void> => {
    // Several sends fail at once: the first renews, the others wait for it.
    if (current !== broken) return renewing ?? Promise.resolve();
    renewing ??= (async () => {
      const fresh = make();
      await fresh.connect();
      current = fresh;
      onRenewed();
      await broken.disconnect().catch(() => undefined);
    })().finally(() => (renewing = undefined));
    return renewing;
  };
  const guarded =
    <A extends unknown[], R>(call: (producer: Producer, ...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      await renewing?.catch(() => undefined);
      const used = current;
      try {
        return await call(used, ...args);
      } catch (error) {
        // The error still goes to the caller: its retry uses the new producer.
        if (connected && isOutOfStep(error)) await renew(used).catch(() => undefined);
        throw error;
      }
    };
  const send = guarded((producer, record: Parameters<Producer['send']>[0]) =>
    producer.send(record),
  );
  const sendBatch = guarded((producer, batch: Parameters<Producer['sendBatch']>[0]) =>
    producer.sendBatch(batch),
  );
  return new Proxy(current, {
    get(_target, property) {
      if (property === 'send') return send;
      if (property === 'sendBatch') return sendBatch;
      if (property === 'connect') {
        return async () => {
          connected = true;
          await current.connect();
        };
      }
      if (property === 'disconnect') {
        return async () => {
          connected = false;
          await renewing?.catch(() => undefined);
          await current.disconnect();
        };
      }
      const value: unknown = Reflect.get(current, property);
      return typeof value === 'function'
        ? (value as (...a: unknown[]) => unknown).bind(current)
        : value;
    },
  });
}
