import type { Strategy } from './strategy-schema.js';

/**
 * Every template id a strategy uses, channels (with their wordings) and offers, sorted and
 * without repeats: what the renderer must have for each locale before the strategy goes live.
 */
export function templateIdsOf(strategy: Strategy): string[] {
  const ids = new Set<string>();
  for (const stage of strategy.stages) {
    for (const step of stage.channels) {
      ids.add(step.templateId);
      for (const wording of step.wordings ?? []) ids.add(wording.templateId);
    }
    for (const offer of stage.offers ?? []) {
      for (const id of Object.values(offer.templates ?? {})) ids.add(id);
    }
  }
  for (const notice of strategy.notices ?? []) {
    for (const step of notice.channels) ids.add(step.templateId);
  }
  return [...ids].sort();
}
