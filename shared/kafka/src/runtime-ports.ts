/**
 * What the runtime needs from logging and metrics, as small interfaces: pino's logger and
 * @kindly/observability's metrics satisfy them, and tests can pass silent ones.
 */
export interface RuntimeLogger {
  debug(object: object, message?: string): void;
  info(object: object, message?: string): void;
  warn(object: object, message?: string): void;
  error(object: object, message?: string): void;
  child(bindings: Record<string, string | number>): RuntimeLogger;
}

export interface ConsumerMetrics {
  consumed(topic: string, outcome: 'ack' | 'skip'): void;
  failed(topic: string, retryable: boolean): void;
  deadLettered(topic: string, reason: string): void;
  retried(topic: string): void;
  lag(topic: string, partition: number, value: number): void;
  observeHandler(topic: string, seconds: number): void;
}

export const silentLogger: RuntimeLogger = {
  debug: () => {},
  info: () => {},
  warn: () => {},
  error: () => {},
  child: () => silentLogger,
};

export const noMetrics: ConsumerMetrics = {
  consumed: () => {},
  failed: () => {},
  deadLettered: () => {},
  retried: () => {},
  lag: () => {},
  observeHandler: () => {},
};
