import type { ChannelStep } from '../strategy/strategy-schema.js';
import { factsNotHeld, type ContactAttempt, type ContactFact } from './contact-facts.js';

/** The template a step's message is worded with, and the facts that wording states. */
export interface ChosenWording {
  readonly templateId: string;
  readonly asserts: readonly ContactFact[];
}

/**
 * The wording of a step's message for a customer with `history` (the attempts of this cycle so
 * far): the step's first wording whose facts all hold, else its plain template, which states none.
 */
export function chooseWording(
  step: Pick<ChannelStep, 'templateId' | 'wordings'>,
  history: readonly ContactAttempt[],
): ChosenWording {
  const wording = step.wordings?.find((w) => factsNotHeld(w.asserts, history).length === 0);
  return wording ?? { templateId: step.templateId, asserts: [] };
}
