/** Makes a `switch` over a union exhaustive: adding a member without a case fails to compile. */
export function assertNever(value: never, what = 'value'): never {
  throw new Error(`unexpected ${what}: ${JSON.stringify(value)}`);
}
