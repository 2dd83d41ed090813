/**
 * The kinds of rule a version can be proposed for: the API's `kind`. Add one here when the API
 * takes it (templates, say); the tables show whatever kinds and rule ids the API returns anyway.
 */
export const PROPOSABLE_KINDS: readonly string[] = ['policy', 'strategy', 'template'];

/**
 * A template's text does not name it: the API takes its place (`<channel>/<id>/<locale>`) beside
 * the text, which is the rule id after `template:`.
 */
export function templateOf(ruleId: string | undefined): string | undefined {
  return ruleId?.startsWith('template:') ? ruleId.slice('template:'.length) : undefined;
}
