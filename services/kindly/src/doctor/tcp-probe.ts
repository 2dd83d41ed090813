import { createConnection } from 'node:net';
import { addressOf, type Endpoint } from './endpoints.js';

/** A server that did not take a connection, and why, in words an operator can act on. */
export interface Unreachable {
  readonly address: string;
  readonly reason: string;
}

/**
 * Opens a TCP connection and closes it: answers within `timeoutMs` whether anything listens at
 * `endpoint`, so that a server that is down is named at once rather than after a client's
 * retries (kafkajs retries a refused connection for seconds).
 */
export function probeTcp(endpoint: Endpoint, timeoutMs: number): Promise<Unreachable | undefined> {
  const address = addressOf(endpoint);
  return new Promise((resolve) => {
    let socket: ReturnType<typeof createConnection>;
    try {
      socket = createConnection({ host: endpoint.host, port: endpoint.port });
    } catch (failure) {
      // Node throws at once for what it cannot even try (a port outside 0–65535): a finding too.
      resolve({ address, reason: reasonOf(failure as NodeJS.ErrnoException) });
      return;
    }
    const done = (result: Unreachable | undefined) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(timeoutMs, () =>
      done({ address, reason: `did not answer within ${timeoutMs / 1000} s` }),
    );
    socket.once('connect', () => done(undefined));
    socket.once('error', (failure: NodeJS.ErrnoException) =>
      done({ address, reason: reasonOf(failure) }),
    );
  });
}

function reasonOf(failure: NodeJS.ErrnoException): string {
  switch (failure.code) {
    case 'ECONNREFUSED':
      return 'refused the connection: nothing listens there';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'no such host';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return 'no route to that host';
    case 'ERR_SOCKET_BAD_PORT':
      return 'not a port one can connect to (1–65535)';
    default:
      return failure.code ?? failure.message;
  }
}
