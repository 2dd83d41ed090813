import { ack, skip, type CatalogBindings, type HandlersFor } from '@kindly/kafka';
import { renderOutreach, type RenderOutreachDeps } from '../domain/render-outreach.use-case.js';

export const releasedTopics = ['outreach.released'] as const;
export type ReleasedBindings = CatalogBindings<(typeof releasedTopics)[number]>;

/**
 * `outreach.released` → `outreach.rendered`. A render failure throws: a RenderError that is not
 * retryable goes to the dead-letter topic with its code and message (which name the template and
 * the field or rule), after the use case has raised the alert metric.
 */
export function releasedHandlers(deps: RenderOutreachDeps): HandlersFor<ReleasedBindings> {
  return {
    'outreach.released': async (event) => {
      const outcome = await renderOutreach(deps, event);
      return outcome === 'RENDERED' ? ack() : skip(outcome);
    },
  };
}
