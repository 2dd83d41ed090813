/**
 * What a message may say about the customer's contact history ("we tried to call you", "we have
 * written to you several times, by text and e-mail"), as a small closed vocabulary of facts, each
 * defined once here as a pure predicate over a history of contact attempts.
 *
 * A template declares the facts its wording states (`asserts:` in its front matter); a strategy
 * step offers such wordings with the same facts, and the planner picks one only when its facts
 * hold in the planner's log; the renderer refuses a message whose facts do not hold in its own,
 * separately kept history. Both apply the predicates below, each to data it keeps itself.
 */
import { z } from 'zod';
import { OutreachChannel } from '@kindly/contracts';

/**
 * One attempt to reach the customer about the current overdue cycle: a message a provider took
 * (sent, even if it later bounced) or a call an agent made (answered or not). Messages that never
 * left, and agent tasks nobody worked, are not attempts.
 */
export interface ContactAttempt {
  readonly channel: OutreachChannel;
  /** When it was made, UTC ISO-8601. */
  readonly at: string;
  /** The customer was reached: a conversation on a call, a delivery report on a message. */
  readonly reached: boolean;
}

/** The vocabulary. Adding a fact means adding its text form, its predicate and its reason code. */
export type ContactFact =
  | { readonly kind: 'call-attempted' }
  | { readonly kind: 'call-reached' }
  | { readonly kind: 'call-unanswered' }
  | { readonly kind: 'contacted-by'; readonly channel: OutreachChannel }
  | { readonly kind: 'contacted-before-count'; readonly atLeast: number };

/** The most attempts a fact may ask for: wording never needs to count higher. */
export const MAX_FACT_COUNT = 20;

const CONTACTED_BY = /^contacted-by:(.+)$/;
const CONTACTED_BEFORE = /^contacted-before-count>=([1-9][0-9]?)$/;

/**
 * A fact's text as front matter and strategies write it:
 *
 * - `call-attempted`: an agent called the customer (answered or not);
 * - `call-reached`: a call reached the customer (a conversation);
 * - `call-unanswered`: calls were made and none reached the customer;
 * - `contacted-by:<channel>` (`sms`, `email`, `letter`, `agent-call`): an attempt on that channel;
 * - `contacted-before-count>=N` (1–20): at least N attempts, all channels together.
 *
 * Undefined for anything else.
 */
export function parseContactFact(text: string): ContactFact | undefined {
  if (text === 'call-attempted' || text === 'call-reached' || text === 'call-unanswered')
    return { kind: text };
  const by = CONTACTED_BY.exec(text);
  if (by) {
    const channel = OutreachChannel.safeParse(by[1]);
    return channel.success ? { kind: 'contacted-by', channel: channel.data } : undefined;
  }
  const before = CONTACTED_BEFORE.exec(text);
  const atLeast = Number(before?.[1]);
  if (before && atLeast >= 1 && atLeast <= MAX_FACT_COUNT)
    return { kind: 'contacted-before-count', atLeast };
  return undefined;
}

/** The text form of a fact (the inverse of `parseContactFact`). */
export function contactFactText(fact: ContactFact): string {
  switch (fact.kind) {
    case 'call-attempted':
    case 'call-reached':
    case 'call-unanswered':
      return fact.kind;
    case 'contacted-by':
      return `contacted-by:${fact.channel}`;
    case 'contacted-before-count':
      return `contacted-before-count>=${fact.atLeast}`;
  }
}

/** A fact in YAML (front matter, strategies), checked and parsed. */
export const ContactFactText = z.string().transform((text, ctx) => {
  const fact = parseContactFact(text);
  if (fact === undefined) {
    ctx.addIssue({
      code: 'custom',
      message: `"${text}" is not a fact: expected call-attempted, call-reached, call-unanswered, contacted-by:<channel> or contacted-before-count>=N (1-${MAX_FACT_COUNT})`,
    });
    return z.NEVER;
  }
  return fact;
});

/** The facts a wording states, at most a handful, each once. */
export const ContactFactList = z
  .array(ContactFactText)
  .max(5)
  .refine(
    (facts) => new Set(facts.map(contactFactText)).size === facts.length,
    'a fact is listed twice',
  );

/** Whether `fact` holds for a customer with `history` (the attempts before the message). */
export function factHolds(fact: ContactFact, history: readonly ContactAttempt[]): boolean {
  switch (fact.kind) {
    case 'call-attempted':
      return history.some((a) => a.channel === 'agent-call');
    case 'call-reached':
      return history.some((a) => a.channel === 'agent-call' && a.reached);
    case 'call-unanswered': {
      const calls = history.filter((a) => a.channel === 'agent-call');
      return calls.length > 0 && calls.every((a) => !a.reached);
    }
    case 'contacted-by':
      return history.some((a) => a.channel === fact.channel);
    case 'contacted-before-count':
      return history.length >= fact.atLeast;
  }
}

/** The facts of `facts` that do not hold (empty: the wording is true for this customer). */
export function factsNotHeld(
  facts: readonly ContactFact[],
  history: readonly ContactAttempt[],
): ContactFact[] {
  return facts.filter((fact) => !factHolds(fact, history));
}

/**
 * Whether a wording asserting `stated` may rely on the checks `checked`: every stated fact is
 * one of them. (A strategy's wording must check at least what its template states.)
 */
export function factsCovered(
  stated: readonly ContactFact[],
  checked: readonly ContactFact[],
): boolean {
  const known = new Set(checked.map(contactFactText));
  return stated.every((fact) => known.has(contactFactText(fact)));
}

/** The channels tried, each once, in the order of `OutreachChannel` (for a list in a message). */
export function channelsTried(history: readonly ContactAttempt[]): OutreachChannel[] {
  return OutreachChannel.options.filter((channel) => history.some((a) => a.channel === channel));
}

/**
 * The reason code that records, on a planned message, a fact its wording relies on:
 * `ASSERTS_CALL_ATTEMPTED`, `ASSERTS_CONTACTED_BY_SMS`, `ASSERTS_CONTACTED_BEFORE_COUNT_2`.
 */
export function factReasonCode(fact: ContactFact): string {
  const text =
    fact.kind === 'contacted-before-count'
      ? `contacted-before-count-${fact.atLeast}`
      : contactFactText(fact);
  return `ASSERTS_${text.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase()}`;
}
