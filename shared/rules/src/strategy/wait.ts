import { z } from 'zod';

/** The units a strategy's waits are written in. */
export const WaitUnit = z.enum(['minutes', 'hours', 'days']);
export type WaitUnit = z.infer<typeof WaitUnit>;

/**
 * A wait in a strategy: a positive whole number of minutes, hours or days. Days are calendar
 * days in the customer's zone when the policy applies them (a wait of `1d` across a DST change
 * is 23 or 25 hours), which is why the unit is kept rather than converted to milliseconds here.
 */
export interface Wait {
  readonly amount: number;
  readonly unit: WaitUnit;
}

const UNITS: Readonly<Record<string, WaitUnit>> = { m: 'minutes', h: 'hours', d: 'days' };
const WAIT_TEXT = /^(\d{1,5})([mhd])$/;

/**
 * A wait as operators write it: `30m`, `48h`, `14d`. One unit per wait, so that a reader never
 * has to add `1d12h` in their head; a value of zero or less is refused, because a zero wait
 * turns a polite cadence into a burst of messages.
 */
export const WaitText = z
  .string({ error: 'expected a wait such as "30m", "48h" or "14d"' })
  .transform((text, ctx): Wait => {
    const match = WAIT_TEXT.exec(text.trim());
    const digits = match?.[1];
    const unit = match?.[2] === undefined ? undefined : UNITS[match[2]];
    if (digits === undefined || unit === undefined) {
      ctx.addIssue({ code: 'custom', message: 'expected a wait such as "30m", "48h" or "14d"' });
      return z.NEVER;
    }
    const amount = Number(digits);
    if (amount <= 0) {
      ctx.addIssue({ code: 'custom', message: `a wait must be positive, got "${text}"` });
      return z.NEVER;
    }
    return { amount, unit };
  });

/** The wait as an operator would write it, for messages and reasons. */
export function waitText(wait: Wait): string {
  return `${wait.amount}${wait.unit.charAt(0)}`;
}

/**
 * The wait in milliseconds, for units with a fixed length. Days are left to the caller, who
 * knows the zone (see {@link Wait}); for them this returns undefined.
 */
export function fixedWaitMillis(wait: Wait): number | undefined {
  if (wait.unit === 'minutes') return wait.amount * 60_000;
  if (wait.unit === 'hours') return wait.amount * 3_600_000;
  return undefined;
}
