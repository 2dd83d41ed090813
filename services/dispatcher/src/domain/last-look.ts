/**
 * The dispatcher's last look, the moment before a provider is called: the rules' `lastLook`
 * (the same one the scheduler takes at release), on the dispatcher's own copy of the account,
 * because a payment, an opt-out, a dispute or a newer stage can arrive between release and send.
 * The message is judged as its events carried it: the step's template kind, its cycle and stage,
 * the zones its plan was made for, and `latestSendAt` (after it: `EXPIRED`). The dispatcher does
 * not wait: where the answer is to wait for a window, it stops with `OUTSIDE_WINDOW`. Pure.
 *
 * Frequency caps are not counted again here (`history: []`): the scheduler counted this message
 * when it released it, and counting it twice would stop every message at the edge of a cap.
 */
import type {
  ContactUpdatedV1Payload,
  MessageChannel,
  OutreachRenderedV1Payload,
} from '@kindly/contracts';
import { lastLook as lookAtMessage, type AccountState, type PlanningRules } from '@kindly/rules';
import type { DateTime } from 'luxon';

export type LastLookVerdict =
  | {
      readonly kind: 'send';
      /** The E.164 number, e-mail address, or `postal` (the letter's address is in `contact`). */
      readonly address: string;
      readonly contact: ContactUpdatedV1Payload;
    }
  /** Not to be sent: a suppression reason, or `EXPIRED` / `OUTSIDE_WINDOW`. */
  | { readonly kind: 'stop'; readonly reason: string }
  /** The account's facts have not reached the dispatcher yet (topics are not ordered together). */
  | { readonly kind: 'await' };

export function lastLook(
  rules: PlanningRules,
  message: OutreachRenderedV1Payload,
  state: AccountState | undefined,
  now: DateTime,
): LastLookVerdict {
  const templateKind =
    message.templateKind ??
    // Rendered before the step was carried (no strategy named): the old guess from the template.
    (message.strategyId === undefined
      ? templateKindOf(rules, message.channel, message.templateId)
      : undefined);
  const answer = lookAtMessage(
    rules,
    {
      channel: message.channel,
      purpose: message.purpose,
      ...(templateKind !== undefined ? { templateKind } : {}),
      cycleId: message.cycleId,
      stage: message.stage,
      ...(message.campaignId !== undefined ? { campaignId: message.campaignId } : {}),
      ...(message.windowZones !== undefined ? { zones: message.windowZones } : {}),
      latestSendAt: message.latestSendAt,
    },
    { state, history: [] },
    now,
  );
  switch (answer.kind) {
    case 'await':
      return answer;
    case 'defer':
      return { kind: 'stop', reason: 'OUTSIDE_WINDOW' };
    case 'stop':
      // No allowed time within the search is, here and now, a message outside its window.
      return {
        kind: 'stop',
        reason: answer.reason === 'NO_WINDOW' ? 'OUTSIDE_WINDOW' : answer.reason,
      };
    case 'allow':
      return { kind: 'send', address: answer.address, contact: answer.contact };
  }
}

/**
 * An `outreach.rendered` published before the step was carried does not name it, so the
 * template's kind (a notice a flag still allows) is read from the steps that use the template
 * on that channel, when they agree.
 */
function templateKindOf(
  rules: PlanningRules,
  channel: MessageChannel,
  templateId: string,
): string | undefined {
  const kinds = new Set(
    rules.strategies.strategies.flatMap((strategy) =>
      [
        ...strategy.stages.flatMap((stage) => stage.channels),
        ...(strategy.notices ?? []).flatMap((notice) => notice.channels),
      ]
        .filter((step) => step.channel === channel && step.templateId === templateId)
        .map((step) => step.templateKind),
    ),
  );
  return kinds.size === 1 ? [...kinds][0] : undefined;
}
