/** Why an account is outside a campaign's segment: one code per filter, with the deciding numbers. */
export type SegmentReasonCode =
  | 'ACCOUNT_EXCLUDED'
  | 'FLAG_EXCLUDED'
  | 'DAYS_PAST_DUE_BELOW'
  | 'DAYS_PAST_DUE_ABOVE'
  | 'CURRENCY_NOT_IN_SEGMENT'
  | 'OVERDUE_BALANCE_BELOW'
  | 'OVERDUE_BALANCE_ABOVE'
  | 'PRODUCT_NOT_IN_SEGMENT'
  | 'JURISDICTION_NOT_IN_SEGMENT'
  | 'STAGE_NOT_IN_SEGMENT'
  | 'BROKEN_PROMISE_RECENT'
  | 'ACTIVE_PLAN'
  | 'OPEN_PROMISE'
  | 'CONTACTED_RECENTLY'
  | 'EXPOSED_TO_CAMPAIGN';

export interface SegmentReason {
  readonly code: SegmentReasonCode;
  /** The values that decided it (days, amounts, codes; never a name or an address). */
  readonly detail: string;
}

/** In the segment, or out with every reason (a preview counts accounts by each). */
export type SegmentMembership =
  { readonly in: true } | { readonly in: false; readonly reasons: readonly SegmentReason[] };

export function segmentReason(code: SegmentReasonCode, detail: string): SegmentReason {
  return { code, detail };
}
