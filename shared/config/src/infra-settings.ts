import { ConnectionString } from 'mongodb-connection-string-url';
import { z } from 'zod';

/** A TCP port a client can connect to: 1–65535 (a larger one throws in Node's socket code). */
const isPort = (text: string) =>
  /^\d{1,5}$/.test(text) && Number(text) >= 1 && Number(text) <= 65535;

const isHostPort = (broker: string) => {
  const match = /^([^\s:,]+):(\d+)$/.exec(broker);
  return match !== null && isPort(match[2]!);
};

/**
 * The URI's options the driver reads as booleans and refuses unless `true` or `false` (with a
 * stack trace, at connect): checked here, where the setting is named.
 */
const BOOLEAN_OPTIONS = [
  'tls',
  'ssl',
  'tlsInsecure',
  'tlsAllowInvalidCertificates',
  'tlsAllowInvalidHostnames',
  'retryWrites',
  'retryReads',
  'directConnection',
  'loadBalanced',
  'journal',
];

/** What is wrong with a MongoDB URI, in words naming no part of it (it may hold a password). */
function mongoUriProblem(uri: string): string | undefined {
  if (!/^mongodb(\+srv)?:\/\//.test(uri)) return 'must be a mongodb:// or mongodb+srv:// URI';
  let parsed: ConnectionString;
  try {
    parsed = new ConnectionString(uri);
  } catch {
    return 'must be a valid MongoDB URI (a user name or password with @, :, / or % percent-encoded)';
  }
  for (const host of parsed.hosts) {
    const port = /:(\d*)$/.exec(host)?.[1];
    if (port !== undefined && !isPort(port)) return 'must be a MongoDB URI with every port 1–65535';
  }
  const options = parsed.searchParams;
  for (const [name, value] of options) {
    const known = BOOLEAN_OPTIONS.find((option) => option.toLowerCase() === name.toLowerCase());
    if (known !== undefined && value !== 'true' && value !== 'false') {
      return `must be a MongoDB URI whose option ${known} is true or false`;
    }
  }
  return undefined;
}

/** The settings every service shares: where Kafka and MongoDB are. */
export const InfraSettings = z.object({
  KAFKA_BROKERS: z
    .string()
    .refine(
      (value) => value.split(',').every((broker) => isHostPort(broker.trim())),
      'must be host:port[,host:port…], each port 1–65535',
    )
    .transform((value) => value.split(',').map((broker) => broker.trim())),
  MONGODB_URI: z.string().superRefine((value, context) => {
    const problem = mongoUriProblem(value);
    if (problem !== undefined) context.addIssue({ code: 'custom', message: problem });
  }),
  MONGODB_DATABASE: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,63}$/, 'must be 1–63 letters, digits, _ or -')
    .default('kindly'),
});
export type InfraSettings = z.infer<typeof InfraSettings>;
