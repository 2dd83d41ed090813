import type { Db } from '@kindly/mongo';
import type { Money } from '@kindly/contracts';
import type { PaymentReferenceFields } from '../attribution/index.js';

/** A payment as the campaigns service keeps it, with its reference once verified. */
export interface KeptPayment {
  readonly paymentId: string;
  readonly tenantId: string;
  readonly accountId: string;
  readonly amount: Money;
  readonly paidAt: string;
  readonly reference?: PaymentReferenceFields;
}

interface PaymentDocument extends KeptPayment {
  /** `tenant:paymentId`: a redelivered payment is kept once. */
  _id: string;
}

/** The bank's payments (`campaign-payments`), for attribution. */
export function createPaymentsRepository(db: Db) {
  const payments = db.collection<PaymentDocument>('campaign-payments');
  return {
    async record(payment: KeptPayment): Promise<void> {
      await payments.updateOne(
        { _id: `${payment.tenantId}:${payment.paymentId}` },
        { $setOnInsert: payment },
        { upsert: true },
      );
    },
    /** The payments of these accounts of one tenant. */
    async ofAccounts(tenantId: string, accountIds: readonly string[]): Promise<KeptPayment[]> {
      if (accountIds.length === 0) return [];
      const documents = await payments
        .find({ tenantId, accountId: { $in: [...accountIds] } })
        .toArray();
      return documents.map(({ _id, ...payment }) => payment);
    },
  };
}
export type Payments = ReturnType<typeof createPaymentsRepository>;
