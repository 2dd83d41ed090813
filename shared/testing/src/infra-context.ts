import type { MongoFlavour } from '@kindly/mongo';

/** Where the test infrastructure came from, and what answered: handed from global setup to tests. */
export interface TestInfra {
  readonly kafkaBrokers: string[];
  readonly mongoUri: string;
  readonly source: 'environment' | 'testcontainers' | 'infra/local';
  /** e.g. `3.9-IV0`, read from the broker itself. */
  readonly kafkaVersion: string;
  /** e.g. `FerretDB 1.24.2` or `MongoDB 7.0.14`, read from the server itself. */
  readonly mongoProduct: string;
  readonly mongoFlavour: MongoFlavour;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** Absent when the run needs no infrastructure (unit tests only). */
    kindlyInfra: TestInfra | null;
  }
}
