import getPort from 'get-port';

/** A loopback port nobody listens on now (for a server whose URL must be known before it starts). */
export function freePort(): Promise<number> {
  return getPort({ host: '127.0.0.1' });
}
