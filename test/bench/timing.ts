/** Seconds taken by `work`, measured with the monotonic clock. */
export async function timed(work: () => Promise<void> | void): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e9;
}
