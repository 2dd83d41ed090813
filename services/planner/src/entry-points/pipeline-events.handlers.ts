import { ack, skip, type CatalogBindings, type HandlersFor } from '@kindly/kafka';
import {
  recordDelivery,
  recordEscalation,
  type RecordDeliveryDeps,
} from '../domain/record-delivery.use-case.js';
import type { Clock } from '@kindly/clock';

/** What the rest of the pipeline tells the planner about the messages it planned. */
export const pipelineTopics = ['delivery.outcome', 'outreach.escalated'] as const;
export type PipelineBindings = CatalogBindings<(typeof pipelineTopics)[number]>;

export interface PipelineEventDeps extends RecordDeliveryDeps {
  readonly clock: Clock;
}

/** Delivery reports and escalations feed the strategy's fallback and the frequency caps. */
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
  };
}
