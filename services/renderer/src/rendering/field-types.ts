/**
 * The types a template's front matter may give its fields, each a zod schema for the value and,
 * for the composite ones, the sub-paths a template may read from it. A field is checked against
 * its type before every render, so that a wrong value never reaches a customer's message.
 */
import { z } from 'zod';
import { CurrencyCode, IsoDate, UtcDateTime } from '@kindly/contracts';

const text = z.string().trim().min(1);

const Money = z.strictObject({ amountMinor: z.number().int(), currency: CurrencyCode });

/** The ways to pay of the customer's country (senders.yaml), in the customer's words. */
const PaymentMethod = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('card') }),
  z.strictObject({ kind: z.literal('ach') }),
  z.strictObject({ kind: z.literal('phone'), number: text }),
  z.strictObject({
    kind: z.literal('bank-transfer'),
    bankName: text,
    accountName: text,
    accountNumber: text,
    sortCode: text.optional(),
    fasterPayments: z.boolean().optional(),
  }),
  z.strictObject({ kind: z.literal('alipay'), account: text }),
  z.strictObject({ kind: z.literal('wechat-pay'), account: text }),
]);

const Payment = z.strictObject({
  link: z.url({ protocol: /^https$/ }),
  methods: z.array(PaymentMethod).min(1),
});
export type PaymentDetails = z.infer<typeof Payment>;

const Section = z.strictObject({ html: z.string(), text: z.string() });
export type RenderedSection = z.infer<typeof Section>;

interface FieldType {
  readonly schema: z.ZodType;
  /** Paths below the field a template may read, e.g. `link` of a `payment`. */
  readonly members?: readonly string[];
  /** For lists: what `{{#each}}` over the field may read inside the block. */
  readonly items?: readonly string[];
}

export const fieldTypes = {
  string: { schema: text },
  integer: { schema: z.number().int() },
  boolean: { schema: z.boolean() },
  percent: { schema: z.number().int().min(1).max(100) },
  money: { schema: Money, members: ['amountMinor', 'currency'] },
  date: { schema: IsoDate },
  datetime: { schema: UtcDateTime },
  url: { schema: z.url({ protocol: /^https$/ }) },
  last4: { schema: z.string().regex(/^\d{4}$/) },
  strings: { schema: z.array(text), items: ['this'] },
  sections: { schema: z.array(Section), items: ['html', 'text'] },
  // The methods differ per country: a template lists them with {{paymentInstructions}}.
  payment: { schema: Payment, members: ['link'] },
} as const satisfies Record<string, FieldType>;

export type FieldTypeName = keyof typeof fieldTypes;
export const FieldTypeName = z.enum(Object.keys(fieldTypes) as [FieldTypeName, ...FieldTypeName[]]);

/** The value at a dotted path of a render model, or `undefined`. */
export function valueAt(data: unknown, path: string): unknown {
  let value: unknown = data;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

/** The sub-paths a template may read below a field of this type. */
export function membersOf(type: FieldTypeName): readonly string[] {
  const spec: FieldType = fieldTypes[type];
  return spec.members ?? [];
}

/** What `{{#each}}` may read inside the block, for list types; undefined for others. */
export function itemsOf(type: FieldTypeName): readonly string[] | undefined {
  const spec: FieldType = fieldTypes[type];
  return spec.items;
}
