import { z } from 'zod';

const hostPort = /^[^\s:,]+:\d{1,5}$/;

/** The settings every service shares: where Kafka and MongoDB are. */
export const InfraSettings = z.object({
  KAFKA_BROKERS: z
    .string()
    .refine(
      (value) => value.split(',').every((broker) => hostPort.test(broker.trim())),
      'must be host:port[,host:port…]',
    )
    .transform((value) => value.split(',').map((broker) => broker.trim())),
  MONGODB_URI: z
    .string()
    .regex(/^mongodb(\+srv)?:\/\//, 'must be a mongodb:// or mongodb+srv:// URI'),
  MONGODB_DATABASE: z
    .string()
    .regex(/^[A-Za-z0-9_-]{1,63}$/, 'must be 1–63 letters, digits, _ or -')
    .default('kindly'),
});
export type InfraSettings = z.infer<typeof InfraSettings>;
