/**
 * A campaign's preview, without sending anything: how many accounts the segment holds, how many
 * are left out and why, how the hash splits them, and, for the treatment, what the planner would
 * decide now (a message now, one later in the customer's window, or suppressed, with the reason).
 * The same walk and the same planner rules as a launch; the frequency caps are left out (they
 * depend on what is sent until the message goes) and said to be.
 */
import { DateTime } from 'luxon';
import type { CampaignOfferV1Payload } from '@kindly/contracts';
import { decideCampaignOffer, type AccountState, type PlanningRules } from '@kindly/rules';
import { referenceFieldsOf, type PaymentReferenceFields } from '../attribution/index.js';
import type { Campaign } from '../definition/index.js';
import { noCounts, type LaunchCounts } from './launch.js';
import { countOutcome } from './launch-counts.js';
import { sendByOf } from './send-by.js';
import type { WalkedAccount } from './walk-page.js';
import { decideAccount } from './walk-page.js';

export interface PreviewSample {
  readonly variant: string;
  readonly state: AccountState;
  readonly message: Extract<ReturnType<typeof decideCampaignOffer>, { kind: 'plan' }>['message'];
}

export interface CampaignPreview {
  readonly counts: LaunchCounts;
  /** The treatment as the planner would decide it now. */
  readonly plannedNow: number;
  readonly plannedLater: number;
  readonly suppressedByReason: Readonly<Record<string, number>>;
  readonly notPlannedByWhy: Readonly<Record<string, number>>;
  readonly samples: readonly PreviewSample[];
}

export class PreviewTally {
  #counts: LaunchCounts = noCounts;
  #plannedNow = 0;
  #plannedLater = 0;
  readonly #suppressed: Record<string, number> = {};
  readonly #notPlanned: Record<string, number> = {};
  readonly #samples: PreviewSample[] = [];

  constructor(
    private readonly campaign: Campaign,
    private readonly rules: PlanningRules,
    private readonly samplesPerVariant: number,
    /** Signs a sample's payment reference as a launch would; absent, links end unsigned. */
    private readonly signReference?: (fields: PaymentReferenceFields) => string,
  ) {}

  add(account: WalkedAccount, now: Date): void {
    const outcome = decideAccount(this.campaign, account, now);
    this.#counts = countOutcome(this.#counts, outcome);
    if (outcome.kind !== 'offer') return;
    const offer: CampaignOfferV1Payload = {
      accountId: account.state.accountId,
      campaignId: this.campaign.campaignId,
      campaignVersion: this.campaign.version,
      campaignHash: '0'.repeat(64),
      variant: outcome.variant,
      strategyId: this.campaign.strategyId,
      steps: [...outcome.steps],
      sendBy: sendByOf(this.campaign),
      offers: [...outcome.offers],
      ...(this.signReference
        ? {
            paymentReference: this.signReference(
              referenceFieldsOf(
                account.state.tenantId,
                account.state.accountId,
                this.campaign.campaignId,
                outcome.variant,
              ),
            ),
          }
        : {}),
    };
    const at = DateTime.fromJSDate(now, { zone: 'utc' });
    const decision = decideCampaignOffer(
      this.rules,
      { state: account.state, history: [] },
      offer,
      at,
    );
    if (decision.kind === 'plan') {
      if (decision.sendableNow) this.#plannedNow += 1;
      else this.#plannedLater += 1;
      const taken = this.#samples.filter((s) => s.variant === outcome.variant).length;
      if (taken < this.samplesPerVariant) {
        this.#samples.push({
          variant: outcome.variant,
          state: account.state,
          message: decision.message,
        });
      }
    } else if (decision.kind === 'suppress') {
      for (const reason of decision.reasons) bump(this.#suppressed, reason);
    } else {
      bump(this.#notPlanned, decision.why);
    }
  }

  result(): CampaignPreview {
    return {
      counts: this.#counts,
      plannedNow: this.#plannedNow,
      plannedLater: this.#plannedLater,
      suppressedByReason: { ...this.#suppressed },
      notPlannedByWhy: { ...this.#notPlanned },
      samples: [...this.#samples],
    };
  }
}

function bump(counts: Record<string, number>, key: string): void {
  counts[key] = (counts[key] ?? 0) + 1;
}
