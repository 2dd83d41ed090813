/** How long the doctor waits for each server: long enough for a loaded one, short for a person. */
export const TIMEOUTS = {
  /** A TCP connection to each broker and MongoDB host. */
  connectMs: 2_000,
  /** Everything the doctor asks Kafka, or MongoDB, once connected. */
  askMs: 8_000,
} as const;

/** `work`, or a rejection when it takes longer than `ms`. */
export async function withinTime<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}

/** An error's message, for a finding: the thrown value itself when it is not an Error. */
export const messageOf = (thrown: unknown): string =>
  thrown instanceof Error ? thrown.message : String(thrown);
