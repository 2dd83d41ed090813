/**
 * The one place where `kindly` turns the failures an operator can act on into an exit code and
 * one line: a setting missing or wrong (78, naming it and what it expects), Kafka or MongoDB away
 * (69, naming the host:port). Anything else is a bug, and keeps its stack for whoever fixes it.
 */
import { ConfigError, EXIT } from '@kindly/config';
import {
  MongoInvalidArgumentError,
  MongoNetworkError,
  MongoParseError,
  MongoServerSelectionError,
} from '@kindly/mongo';
import { UnreachableError } from '@kindly/provisioning';

export interface UserFacing {
  readonly exitCode: number;
  readonly line: string;
}

export function userFacingError(error: unknown): UserFacing | undefined {
  if (error instanceof ConfigError) {
    return {
      exitCode: EXIT.settings,
      line: `a setting is missing or wrong: ${error.problems.join('; ')} (settings come from the environment; kindly doctor checks them)`,
    };
  }
  if (error instanceof MongoParseError || error instanceof MongoInvalidArgumentError) {
    // What the settings' check let through and the driver refused when it read MONGODB_URI; its
    // words are left out: they may quote the URI, password and all.
    return {
      exitCode: EXIT.settings,
      line: `a setting is missing or wrong: MONGODB_URI: the MongoDB driver refused it (${error.name}) (settings come from the environment; kindly doctor checks them)`,
    };
  }
  if (
    error instanceof RangeError &&
    (error as NodeJS.ErrnoException).code === 'ERR_SOCKET_BAD_PORT'
  ) {
    return {
      exitCode: EXIT.settings,
      line: 'a setting is missing or wrong: a port outside 1–65535 (KAFKA_BROKERS or MONGODB_URI; kindly doctor checks them)',
    };
  }
  if (error instanceof UnreachableError) {
    return { exitCode: EXIT.unavailable, line: error.message };
  }
  if (error instanceof MongoServerSelectionError || error instanceof MongoNetworkError) {
    // The driver's first line names the host and port, never the URI's credentials.
    return {
      exitCode: EXIT.unavailable,
      line: `MongoDB cannot be reached (${error.message.split('\n')[0]})`,
    };
  }
  if (error instanceof Error && /^KafkaJS(Connection|NumberOfRetriesExceeded)/.test(error.name)) {
    return { exitCode: EXIT.unavailable, line: `Kafka cannot be reached (${error.message})` };
  }
  return undefined;
}
