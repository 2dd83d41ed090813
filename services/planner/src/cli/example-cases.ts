import { fileURLToPath } from 'node:url';

/**
 * The planner's example cases (`kindly plan`'s format, CASES.md): made-up accounts, no
 * customer's data, so that anyone may see what a rule change does to them.
 */
export const EXAMPLE_CASE_FILES: readonly string[] = [
  fileURLToPath(new URL('../../examples/cases.ndjson', import.meta.url)),
  fileURLToPath(new URL('../../examples/policy-fields.ndjson', import.meta.url)),
];
