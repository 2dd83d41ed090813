/**
 * The kinds of rule a version can be proposed for: the API's `kind`. Add one here when the API
 * takes it (templates, say); the tables show whatever kinds and rule ids the API returns anyway.
 */
export const PROPOSABLE_KINDS: readonly string[] = ['policy', 'strategy'];
