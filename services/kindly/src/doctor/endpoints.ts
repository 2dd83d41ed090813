/** Where a server is, as the doctor names it: `host:port`, never with credentials. */
export interface Endpoint {
  readonly host: string;
  readonly port: number;
}

export const addressOf = (endpoint: Endpoint): string =>
  endpoint.host.includes(':')
    ? `[${endpoint.host}]:${endpoint.port}`
    : `${endpoint.host}:${endpoint.port}`;

/** A `KAFKA_BROKERS` entry, `host:port` (already checked by the settings). */
export function brokerEndpoint(broker: string): Endpoint {
  const colon = broker.lastIndexOf(':');
  return { host: broker.slice(0, colon), port: Number(broker.slice(colon + 1)) };
}

const MONGODB_PORT = 27017;

/**
 * The hosts a `mongodb://` URI names (user and password left out). A `mongodb+srv://` URI names
 * a DNS record instead, which the driver resolves: `srv` says so, and its one host has no port.
 */
export function mongoEndpoints(uri: string): { srv: boolean; endpoints: Endpoint[] } {
  const match = /^mongodb(\+srv)?:\/\/(?:[^@/]*@)?([^/?]*)/.exec(uri);
  if (!match) return { srv: false, endpoints: [] };
  const srv = match[1] !== undefined;
  const endpoints = (match[2] ?? '')
    .split(',')
    .filter((part) => part.length > 0)
    .map((part) => hostAndPort(decodeURIComponent(part), srv ? 0 : MONGODB_PORT));
  return { srv, endpoints };
}

function hostAndPort(part: string, defaultPort: number): Endpoint {
  // An IPv6 address is written in brackets: [::1]:27017.
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(part);
  if (bracketed) {
    return { host: bracketed[1] ?? '', port: bracketed[2] ? Number(bracketed[2]) : defaultPort };
  }
  const colon = part.lastIndexOf(':');
  if (colon < 0) return { host: part, port: defaultPort };
  return { host: part.slice(0, colon), port: Number(part.slice(colon + 1)) };
}
