/**
 * A contact strategy as data: which stages an overdue account goes through, on which channels,
 * with which templates and waits. Strategies are versioned and validated at load
 * (`load-strategy.ts`); this file is the shape, `check-strategy.ts` the rules across fields.
 */
import { z } from 'zod';
import {
  CreditProduct,
  CurrencyCode,
  DaysPastDue,
  OutreachChannel,
  Purpose,
  Slug,
  Stage as StageNumber,
} from '@kindly/contracts';
import { ContactFactList } from '../facts/contact-facts.js';
import { Offer } from './offer-schema.js';
import { WaitText } from './wait.js';

/** What a strategy is for: the staged flow of an overdue account, or a repayment-offer campaign. */
export const StrategyKind = z.enum(['collections', 'campaign']);
export type StrategyKind = z.infer<typeof StrategyKind>;

/**
 * Which accounts a strategy is for. `default: true` catches every account no other strategy
 * matches; otherwise the lists narrow by product and by segment (a missing list matches any).
 */
export const AppliesTo = z
  .strictObject({
    default: z.boolean().optional(),
    products: z.array(CreditProduct).min(1).max(20).optional(),
    segments: z.array(Slug).min(1).max(100).optional(),
  })
  .superRefine((value, ctx) => {
    const narrowed = value.products !== undefined || value.segments !== undefined;
    if (value.default === true && narrowed) {
      ctx.addIssue({
        code: 'custom',
        path: ['default'],
        message: 'a default strategy catches the rest: it cannot also list products or segments',
      });
    } else if (value.default !== true && !narrowed) {
      ctx.addIssue({
        code: 'custom',
        message: 'expected "default: true", or products and/or segments',
      });
    }
  });
export type AppliesTo = z.infer<typeof AppliesTo>;

/**
 * When an account is in a stage. `daysPastDue` is the stage's range (inclusive; the last stage
 * has no `to`); `minOverdueBalance` keeps firmer steps for balances worth them, per currency in
 * minor units. An account whose currency is not listed does not meet the minimum: a threshold
 * nobody set for a currency is no ground for an agent's call or a lawyer.
 */
export const StageEntry = z.strictObject({
  daysPastDue: z.strictObject({ from: DaysPastDue, to: DaysPastDue.optional() }),
  minOverdueBalance: z.record(CurrencyCode, z.number().int().nonnegative()).optional(),
});
export type StageEntry = z.infer<typeof StageEntry>;

/**
 * Another wording of a step's message that states facts about the customer's contact history
 * (`../facts/contact-facts.ts`): "we tried to call you" asserts `call-attempted`. The planner
 * uses the first wording whose facts all hold, else the step's `templateId`; the template's own
 * front matter must assert no fact that is not listed here.
 */
export const Wording = z.strictObject({
  templateId: Slug,
  asserts: ContactFactList.refine((facts) => facts.length > 0, 'a wording asserts some fact'),
});
export type Wording = z.infer<typeof Wording>;

/**
 * One channel of a stage, in order of preference. `fallbackAfter` is how long to wait for a
 * delivery outcome before the next channel is tried.
 *
 * `templateKind` says what the template is for, when it is one of the notices the policy lets
 * through a flag or an arrangement pause (`allowTemplateKinds` there): after a cease request,
 * Reg F 1006.6(c) still allows `cease-efforts-terminated`, `cease-remedy-may-be-invoked` and
 * `cease-remedy-intended`. A step without one is an ordinary message, stopped by every flag
 * that suppresses its purpose. Tagging a template is a compliance decision: its wording must be
 * the notice and nothing more.
 */
export const ChannelStep = z.strictObject({
  channel: OutreachChannel,
  /** The message's template; it states nothing about the contact history (no `asserts`). */
  templateId: Slug,
  purpose: Purpose,
  fallbackAfter: WaitText,
  templateKind: Slug.optional(),
  /** Wordings that say more, each only for a customer of whom its facts hold (in order). */
  wordings: z.array(Wording).min(1).max(5).optional(),
});
export type ChannelStep = z.infer<typeof ChannelStep>;

/**
 * Work handed to people rather than a message: a call by an agent (the escalation service
 * turns it into an `agent.task`), or the hand-off of the account to legal.
 */
export const StageAction = z.discriminatedUnion('type', [
  z.strictObject({
    type: z.literal('agent-call'),
    /** The agents' queue the task goes to. */
    queue: Slug,
    /** Calls this stage may place at most; the policy's caps can allow fewer, never more. */
    maxCallAttempts: z.number().int().min(1).max(21),
  }),
  z.strictObject({
    type: z.literal('legal-handoff'),
    /** Who takes the account on: the bank's legal team or a named firm. */
    queue: Slug,
  }),
]);
export type StageAction = z.infer<typeof StageAction>;

/** One step of the flow, polite first and firmer later. */
export const StrategyStage = z.strictObject({
  stage: StageNumber,
  name: Slug,
  entry: StageEntry,
  channels: z.array(ChannelStep).max(6),
  /** How long, after this stage's last message, to wait for a payment before the next stage. */
  escalateAfter: WaitText.optional(),
  action: StageAction.optional(),
  offers: z.array(Offer).max(6).optional(),
});
export type StrategyStage = z.infer<typeof StrategyStage>;

/**
 * One arm of a champion–challenger test. Accounts are split by a hash of their id (see
 * `assign-variant.ts`); the variant travels on `outreach.planned` so that the renderer picks
 * the arm's wording and reports can compare payments that follow.
 */
export const Variant = z.strictObject({
  id: Slug,
  role: z.enum(['champion', 'challenger']),
  weight: z.number().int().min(1).max(10_000),
});
export type Variant = z.infer<typeof Variant>;

/**
 * The notices that are sent because something happened to the account, not because of how long
 * it is overdue: each kind has its trigger (`../decide/notice-triggers.ts`), and its template is
 * that notice and nothing more. A flag or a pause lets it through only where the policy's
 * `allowTemplateKinds` lists the kind.
 */
export const NoticeKind = z.enum([
  'dispute-verification',
  'cease-efforts-terminated',
  'promise-reminder',
]);
export type NoticeKind = z.infer<typeof NoticeKind>;

/**
 * One notice and its channels in order of preference (the first the policy allows is used; a
 * notice goes once per overdue cycle, on one channel). Its steps carry the notice's kind as
 * their `templateKind`.
 */
export const Notice = z
  .strictObject({
    kind: NoticeKind,
    channels: z.array(ChannelStep).min(1).max(4),
  })
  .refine((n) => n.channels.every((step) => step.templateKind === n.kind), {
    path: ['channels'],
    message: "each step of a notice names the notice's kind as its templateKind",
  })
  .refine((n) => n.channels.every((step) => step.wordings === undefined), {
    path: ['channels'],
    message: 'a notice states no contact history (no wordings)',
  });
export type Notice = z.infer<typeof Notice>;

/** A whole strategy, one version of it. */
export const Strategy = z.strictObject({
  strategyId: Slug,
  version: z
    .number({ error: 'expected a positive integer version' })
    .int({ error: 'expected a positive integer version' })
    .min(1, { error: 'expected a positive integer version' }),
  kind: StrategyKind,
  description: z.string().max(500).optional(),
  appliesTo: AppliesTo,
  stages: z.array(StrategyStage).min(1).max(20),
  /** Notices their triggers send whatever the stage (`Notice`); at most one per kind. */
  notices: z
    .array(Notice)
    .max(NoticeKind.options.length)
    .refine(
      (ns) => new Set(ns.map((n) => n.kind)).size === ns.length,
      'a notice kind is listed twice',
    )
    .optional(),
  /**
   * Names the experiment in the assignment hash, so that a new version of the strategy keeps
   * each account in its arm; change it to reshuffle. Defaults to the strategy id.
   */
  experimentId: Slug.optional(),
  variants: z.array(Variant).min(2).max(10).optional(),
});
export type Strategy = z.infer<typeof Strategy>;
