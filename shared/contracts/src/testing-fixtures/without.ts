/**
 * A copy of a record without some fields, as plain data: for tests that feed a schema an input
 * with a field missing. (Destructuring would leave unused variables behind.)
 */
export function without(value: object, ...fields: string[]): Record<string, unknown> {
  return Object.fromEntries(Object.entries(value).filter(([key]) => !fields.includes(key)));
}
