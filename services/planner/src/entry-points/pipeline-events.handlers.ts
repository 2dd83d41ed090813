import { ack, skip, type CatalogBindings, type HandlersFor } from '@kindly/kafka';
import {
  recordDelivery,
  recordEscalation,
  type RecordDeliveryDeps,
} from '../domain/record-delivery.use-case.js';
import type { Clock } from '@kindly/clock';
import { replanAfterSupersession } from '../domain/replan-after-supersession.use-case.js';

/** What the rest of the pipeline tells the planner about the messages it planned. */
export const pipelineTopics = [
  'delivery.outcome',
  'outreach.escalated',
  'outreach.cancelled',
] as const;
export type PipelineBindings = CatalogBindings<(typeof pipelineTopics)[number]>;

export interface PipelineEventDeps extends RecordDeliveryDeps {
  readonly clock: Clock;
}

/**
 * Delivery reports and escalations feed the strategy's fallback and the frequency caps; the
 * scheduler's supersession of a fallback at release is planned again on the preferred channel.
 */
export function pipelineEventHandlers(deps: PipelineEventDeps): HandlersFor<PipelineBindings> {
  return {
    'delivery.outcome': async (event) => {
      const result = await recordDelivery(deps, event, deps.clock.now());
      return result === 'recorded'
        ? ack()
        : skip(result === 'nothing' ? 'NO_CHANGE' : 'UNKNOWN_MESSAGE');
    },
    'outreach.escalated': async (event) => {
      const result = await recordEscalation(deps, event, deps.clock.now());
      return result === 'recorded'
        ? ack()
        : skip(result === 'nothing' ? 'NO_CHANGE' : 'UNKNOWN_MESSAGE');
    },
    // Only the scheduler's supersession for a preferred channel; the planner's own
    // cancellations (the same topic) and every other reason are skipped.
    'outreach.cancelled': async (event) => {
      const result = await replanAfterSupersession(deps, event, deps.clock.now());
      return result === 'replanned' ? ack() : skip(result.toUpperCase().replace(/-/g, '_'));
    },
  };
}
