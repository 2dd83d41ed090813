/**
 * The report's inputs from what the campaigns service kept: each assigned account's exposure
 * (its group, when it was assigned, and what its campaign messages met) and its payments. Pure.
 */
import type { attribution } from '../index.js';
import type { CampaignMessage } from '../data-access/campaign-messages.repository.js';
import type { KeptPayment } from '../data-access/payments.repository.js';
import type { Exposure } from '../launch/ports.js';

export function exposuresForReport(
  exposures: readonly Exposure[],
  messages: readonly CampaignMessage[],
): attribution.CampaignExposure[] {
  const byAccount = new Map<string, CampaignMessage[]>();
  for (const message of messages) {
    byAccount.set(message.accountId, [...(byAccount.get(message.accountId) ?? []), message]);
  }
  return exposures.map((exposure) => {
    const own = byAccount.get(exposure.accountId) ?? [];
    const sent = own.flatMap((m) => (m.sentAt === undefined ? [] : [m.sentAt]));
    const firstContactAt = sent.sort()[0];
    return {
      accountId: exposure.accountId,
      arm:
        exposure.group === 'holdout'
          ? { group: 'holdout' as const }
          : { group: 'treatment' as const, variant: exposure.variant ?? 'unknown' },
      assignedAt: exposure.assignedAt,
      ...(firstContactAt !== undefined
        ? { firstContactAt: new Date(firstContactAt).toISOString().replace(/\.000Z$/, 'Z') }
        : {}),
      messageIds: own.map((m) => m.messageId),
      delivered: own.some((m) => m.delivered === true),
      clicked: own.some((m) => m.clicked === true),
      smsSegments: own.reduce(
        (sum, m) => sum + (m.sentAt !== undefined ? (m.smsSegments ?? 0) : 0),
        0,
      ),
      letters: own.filter((m) => m.channel === 'letter' && m.sentAt !== undefined).length,
    };
  });
}

export function paymentsForReport(payments: readonly KeptPayment[]): attribution.CampaignPayment[] {
  return payments.map((p) => ({
    paymentId: p.paymentId,
    accountId: p.accountId,
    amount: p.amount,
    paidAt: p.paidAt,
    ...(p.reference !== undefined ? { reference: p.reference } : {}),
  }));
}
