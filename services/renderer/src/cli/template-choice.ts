import leven from 'leven';
import { LOCALE_FALLBACKS, type TemplateCatalog } from '../rendering/template-catalog.js';

/** How many near names a mistake suggests, and how far (in edits) a name may be to be near. */
const MOST_SUGGESTIONS = 3;
const FARTHEST_SUGGESTION = 6;

/** Every template id with its channel and locales, one per line, sorted: `kindly render --list`. */
export function templateListText(catalog: TemplateCatalog): string {
  const byId = new Map<string, { channel: string; locales: Set<string> }>();
  for (const template of catalog.templates) {
    const entry = byId.get(template.templateId) ?? {
      channel: template.channel,
      locales: new Set<string>(),
    };
    entry.locales.add(template.locale);
    byId.set(template.templateId, entry);
  }
  const ids = [...byId.keys()].sort();
  const width = Math.max(0, ...ids.map((id) => id.length));
  const channelWidth = Math.max(0, ...[...byId.values()].map((e) => e.channel.length));
  return ids
    .map((id) => {
      const { channel, locales } = byId.get(id) ?? { channel: '', locales: new Set() };
      return `${id.padEnd(width)}  ${channel.padEnd(channelWidth)}  ${[...locales].sort().join(' ')}\n`;
    })
    .join('');
}

/**
 * What is wrong with asking for this template in this locale, or undefined when the catalog has
 * it (in the locale or its fallback). A mistyped id gets the nearest ids the locale has, so
 * that the answer is the fix, not a search; an id near none of them gets them all.
 */
export function templateChoiceProblem(
  catalog: TemplateCatalog,
  templateId: string,
  locale: string,
): string | undefined {
  const localesOf = (id: string) =>
    new Set(catalog.templates.filter((t) => t.templateId === id).map((t) => t.locale));
  const locales = localesOf(templateId);
  const fallback = LOCALE_FALLBACKS[locale];
  if (locales.has(locale) || (fallback !== undefined && locales.has(fallback))) return undefined;
  if (locales.size > 0) {
    return `template "${templateId}" has no ${locale}; it has ${[...locales].sort().join(', ')}`;
  }
  const inLocale = catalog.templates
    .filter((t) => t.locale === locale || t.locale === fallback)
    .map((t) => t.templateId);
  const candidates = [
    ...new Set(inLocale.length > 0 ? inLocale : catalog.templates.map((t) => t.templateId)),
  ];
  const near = nearest(templateId, candidates);
  // Nothing near: what there is, since a guess at a name is no better than the list.
  const hint =
    near.length > 0
      ? `did you mean ${near.join(' or ')}?`
      : `${inLocale.length > 0 ? locale : 'the catalog'} has ${candidates.sort().join(', ')}`;
  return `unknown template "${templateId}"; ${hint} (kindly render --list shows all)`;
}

/**
 * The candidates closest to `wanted` by edit distance, nearest first. A candidate that holds the
 * whole of what was typed (`friendly` in `reminder-friendly-sms`) counts as near: ids are long,
 * and a part of one is a common way to misremember it.
 */
export function nearest(wanted: string, candidates: readonly string[]): string[] {
  const near = candidates
    .map((candidate) => ({
      candidate,
      distance: candidate.includes(wanted) ? 0 : leven(wanted, candidate),
    }))
    .filter(({ distance }) => distance <= FARTHEST_SUGGESTION)
    .sort((a, b) => a.distance - b.distance || a.candidate.localeCompare(b.candidate));
  // Only those about as near as the nearest: one clear answer is not to be blurred by others.
  const best = near[0]?.distance ?? 0;
  return near
    .filter(({ distance }) => distance <= best + 1)
    .slice(0, MOST_SUGGESTIONS)
    .map(({ candidate }) => candidate);
}
