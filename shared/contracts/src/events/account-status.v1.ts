import { z } from 'zod';
import { eventSchema } from '../envelope.js';
import { AccountId, noDuplicates, Reference, UtcDateTime } from '../primitives.js';

/**
 * Facts about an account that change what may be sent. All but `cured` and `charged-off`
 * suppress collection messages while set.
 */
export const AccountFlag = z.enum([
  'dispute',
  'bankruptcy',
  'deceased',
  'cease-communication',
  'attorney-represented',
  'legal-hold',
  'cured',
  'charged-off',
]);
export type AccountFlag = z.infer<typeof AccountFlag>;

const flags = z.array(AccountFlag).max(AccountFlag.options.length);

/** From the bank: flags were set or cleared on an account. */
export const AccountStatusV1Payload = z
  .strictObject({
    accountId: AccountId,
    set: flags,
    cleared: flags,
    effectiveAt: UtcDateTime.describe('When the change takes effect; may precede the event'),
    reference: Reference.optional().describe('A case or document number, never a note'),
    disputeVerified: z
      .literal(true)
      .optional()
      .describe(
        'With set: [dispute]: the bank has verified the disputed debt (FDCPA 1692g(b), Reg F 1006.38); the verification notice may go. The dispute stays set until the bank clears it.',
      ),
  })
  .refine((p) => p.set.length + p.cleared.length > 0, {
    path: ['set'],
    message: 'set or clear at least one flag',
  })
  .refine((p) => noDuplicates([...p.set, ...p.cleared]), {
    path: ['cleared'],
    message: 'a flag is named twice',
  })
  .refine((p) => p.disputeVerified === undefined || p.set.includes('dispute'), {
    path: ['disputeVerified'],
    message:
      'a verification goes with set: [dispute] (the dispute stands until the notice is mailed)',
  });
export type AccountStatusV1Payload = z.infer<typeof AccountStatusV1Payload>;

export const AccountStatusV1 = eventSchema('account.status', 1, AccountStatusV1Payload);
export type AccountStatusV1 = z.infer<typeof AccountStatusV1>;
