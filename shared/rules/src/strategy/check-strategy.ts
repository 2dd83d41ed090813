import type { StrategyProblem } from './strategy-problem.js';
import type { Strategy, StrategyStage } from './strategy-schema.js';

type Report = (path: readonly PropertyKey[], message: string) => void;

/**
 * The rules a strategy must follow beyond its shape, as a list of problems (empty when it is
 * sound). Each rule is here because breaking it would plan the wrong message, or none, for
 * some account, and an operator should hear it at load rather than from a customer.
 */
export function checkStrategy(strategy: Strategy): StrategyProblem[] {
  const problems: StrategyProblem[] = [];
  const report: Report = (path, message) => problems.push({ path, message });
  checkStageOrder(strategy.stages, report);
  strategy.stages.forEach((stage, index) => {
    const isLast = index === strategy.stages.length - 1;
    checkWaits(stage, index, isLast, report);
    checkChannels(strategy, stage, index, report);
    checkAction(stage, index, isLast, report);
    checkOffers(stage, index, report);
  });
  checkVariants(strategy, report);
  return problems;
}

/**
 * Stages are numbered 1, 2, 3 … in order, and their day ranges follow each other without a gap
 * (an account in the gap would get nothing) or an overlap (two stages would claim it). The last
 * range is open, so that an account later than every range still has a stage.
 */
function checkStageOrder(stages: readonly StrategyStage[], report: Report): void {
  stages.forEach((stage, index) => {
    const at = ['stages', index];
    if (stage.stage !== index + 1) {
      report(
        [...at, 'stage'],
        `expected stage ${index + 1} here (stages are numbered 1, 2, 3 … in order), got ${stage.stage}`,
      );
    }
    const { from, to } = stage.entry.daysPastDue;
    const rangeAt = [...at, 'entry', 'daysPastDue'];
    const isLast = index === stages.length - 1;
    if (to !== undefined && to < from) {
      report([...rangeAt, 'to'], `the range ends (${to}) before it starts (${from})`);
    }
    if (isLast && to !== undefined) {
      report(
        [...rangeAt, 'to'],
        `the last stage must have no "to", so that accounts past day ${to} still have a stage`,
      );
    }
    if (!isLast && to === undefined) {
      report([...rangeAt, 'to'], 'only the last stage may be open-ended: this one needs a "to"');
    }
    const previous = index === 0 ? undefined : stages[index - 1]?.entry.daysPastDue.to;
    if (previous === undefined) return;
    if (from > previous + 1) {
      report(
        [...rangeAt, 'from'],
        `gap: days ${previous + 1}–${from - 1} past due belong to no stage (the previous stage ends at ${previous})`,
      );
    } else if (from <= previous) {
      report(
        [...rangeAt, 'from'],
        `overlap: day ${from} is already in the previous stage, which ends at ${previous}; expected from: ${previous + 1}`,
      );
    }
  });
}

/** Every stage but the last says how long it is given before the next; the last has no next. */
function checkWaits(stage: StrategyStage, index: number, isLast: boolean, report: Report): void {
  if (!isLast && stage.escalateAfter === undefined) {
    report(
      ['stages', index, 'escalateAfter'],
      'missing: how long to wait for a payment before the next stage',
    );
  }
  if (isLast && stage.escalateAfter !== undefined) {
    report(['stages', index, 'escalateAfter'], 'the last stage has no next stage to escalate to');
  }
}

/**
 * A channel appears once per stage (a message's id is derived from account, cycle, stage and
 * channel, so a second entry would be the same message); its template is named for it, so that
 * an SMS template cannot end up in the e-mail slot; a campaign is marketing throughout.
 */
function checkChannels(
  strategy: Strategy,
  stage: StrategyStage,
  index: number,
  report: Report,
): void {
  const seen = new Set<string>();
  stage.channels.forEach((step, position) => {
    const at = ['stages', index, 'channels', position];
    if (seen.has(step.channel)) {
      report([...at, 'channel'], `"${step.channel}" is already listed in this stage`);
    }
    seen.add(step.channel);
    if (!step.templateId.endsWith(`-${step.channel}`)) {
      report(
        [...at, 'templateId'],
        `"${step.templateId}" should be named <stage-or-offer>-${step.channel}, e.g. "${stage.name}-${step.channel}"`,
      );
    }
    const templateIds = new Set([step.templateId]);
    step.wordings?.forEach((wording, w) => {
      const wordingAt = [...at, 'wordings', w, 'templateId'];
      if (!wording.templateId.endsWith(`-${step.channel}`))
        report(wordingAt, `"${wording.templateId}" should be named <…>-${step.channel}`);
      if (templateIds.has(wording.templateId))
        report(wordingAt, `"${wording.templateId}" is already a wording of this step`);
      templateIds.add(wording.templateId);
    });
    if (strategy.kind === 'campaign' && step.purpose !== 'marketing') {
      report(
        [...at, 'purpose'],
        'a campaign offers something: its messages are marketing, with marketing consent',
      );
    }
  });
  if (stage.channels.length === 0 && stage.action === undefined) {
    report(
      ['stages', index, 'channels'],
      'the stage does nothing: list at least one channel, or an action',
    );
  }
}

/** An agent's call needs an agent-call action (its queue); legal ends the flow. */
function checkAction(stage: StrategyStage, index: number, isLast: boolean, report: Report): void {
  const at = ['stages', index];
  const callIndex = stage.channels.findIndex((step) => step.channel === 'agent-call');
  if (callIndex >= 0 && stage.action?.type !== 'agent-call') {
    report(
      [...at, 'channels', callIndex, 'channel'],
      'an agent-call channel needs an action of type agent-call (its queue and attempts)',
    );
  }
  if (stage.action?.type === 'agent-call' && callIndex < 0) {
    report(
      [...at, 'action'],
      'an agent-call action needs an agent-call channel, to say when in the order the call comes',
    );
  }
  if (stage.action?.type === 'legal-handoff' && !isLast) {
    report([...at, 'action'], 'a legal hand-off ends the flow: it belongs to the last stage');
  }
}

/** Offers are unique per stage, well-formed, and shown only on the stage's own channels. */
function checkOffers(stage: StrategyStage, index: number, report: Report): void {
  const kinds = new Set<string>();
  stage.offers?.forEach((offer, position) => {
    const at = ['stages', index, 'offers', position];
    if (kinds.has(offer.kind))
      report([...at, 'kind'], `"${offer.kind}" is already offered in this stage`);
    kinds.add(offer.kind);
    if (offer.kind === 'instalment-plan' && offer.instalments.min > offer.instalments.max) {
      report(
        [...at, 'instalments', 'min'],
        `at least ${offer.instalments.min} instalments cannot be at most ${offer.instalments.max}`,
      );
    }
    for (const [channel, templateId] of Object.entries(offer.templates ?? {})) {
      if (!stage.channels.some((step) => step.channel === channel)) {
        report(
          [...at, 'templates', channel],
          `the stage has no ${channel} channel to show this offer on`,
        );
      }
      const prefix = `offer-${offer.kind}`;
      if (
        templateId !== undefined &&
        !(templateId.startsWith(prefix) && templateId.endsWith(`-${channel}`))
      ) {
        report(
          [...at, 'templates', channel],
          `"${templateId}" should be named ${prefix}[-…]-${channel}`,
        );
      }
    }
  });
}

/** Champion–challenger: one champion, distinct arms. */
function checkVariants(strategy: Strategy, report: Report): void {
  if (strategy.variants === undefined) return;
  const champions = strategy.variants.filter((variant) => variant.role === 'champion').length;
  if (champions !== 1) {
    report(['variants'], `expected exactly one champion, got ${champions}`);
  }
  const ids = new Set<string>();
  strategy.variants.forEach((variant, index) => {
    if (ids.has(variant.id))
      report(['variants', index, 'id'], `"${variant.id}" is already a variant`);
    ids.add(variant.id);
  });
}
