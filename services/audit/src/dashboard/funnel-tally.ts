/**
 * The funnel the dashboard draws, folded from the audit's records in the order they occurred:
 * planned → sent → delivered → paid, by channel, by stage and by campaign, and per day; and the
 * suppressions by reason, and each provider channel's attempts and failures. Pure: the records
 * come from the caller.
 *
 * Counting rules (each message counted once per step, whatever the number of reports):
 * - planned: each `outreach.planned` message id;
 * - sent: a message a provider took (`delivery.outcome` accepted, sent or later);
 * - delivered: a message reported delivered (or opened, clicked: they prove it);
 * - paid: an account that paid (`account.payment`) after one of its messages was sent, counted
 *   under that message's channel, stage and campaign, once per message;
 * - a day is the UTC date the step happened on;
 * - a provider channel's attempts are the distinct (message, attempt) pairs a provider took or
 *   refused, its failures those refused or reported failed, undelivered or bounced afterwards
 *   (one attempt that fails after it was taken is one attempt and one failure); agent calls are
 *   not a provider's;
 * - only messages planned within the period are followed: the first days undercount the reports
 *   and payments of messages planned before it.
 */

export interface TallyRecord {
  readonly type: string;
  readonly occurredAt: string;
  readonly tenantId: string;
  readonly accountId: string;
  readonly payload: unknown;
}

export interface FunnelRow {
  readonly key: string;
  readonly planned: number;
  readonly sent: number;
  readonly delivered: number;
  readonly paid: number;
}

export interface Funnel {
  readonly byChannel: FunnelRow[];
  readonly byStage: FunnelRow[];
  readonly byCampaign: FunnelRow[];
  readonly daily: ({ readonly date: string } & Omit<FunnelRow, 'key'>)[];
  readonly suppressions: { readonly reason: string; readonly count: number }[];
  readonly providers: {
    readonly channel: string;
    readonly attempts: number;
    readonly failed: number;
  }[];
}

type Step = 'planned' | 'sent' | 'delivered' | 'paid';
interface Message {
  readonly channel: string;
  readonly stage: string;
  readonly campaign?: string;
  readonly steps: Set<Step>;
}

const SENT = new Set([
  'accepted',
  'sent',
  'delivered',
  'opened',
  'clicked',
  'undelivered',
  'bounced',
]);
const DELIVERED = new Set(['delivered', 'opened', 'clicked']);
const FAILED = new Set(['failed', 'undelivered', 'bounced']);
const NO_CAMPAIGN = '(none)';

export class FunnelTally {
  readonly #messages = new Map<string, Message>();
  /** Each account's messages sent so far, waiting for a payment to count under. */
  readonly #sentByAccount = new Map<string, string[]>();
  readonly #rows = {
    channel: new Map<string, Counts>(),
    stage: new Map<string, Counts>(),
    campaign: new Map<string, Counts>(),
  };
  readonly #days = new Map<string, Counts>();
  readonly #suppressions = new Map<string, number>();
  readonly #attempts = new Map<string, { readonly channel: string; failed: boolean }>();

  add(record: TallyRecord): void {
    const p = record.payload as Record<string, unknown>;
    const day = record.occurredAt.slice(0, 10);
    switch (record.type) {
      case 'outreach.planned': {
        const id = String(p['messageId']);
        if (this.#messages.has(id)) return;
        const campaign = typeof p['campaignId'] === 'string' ? p['campaignId'] : undefined;
        const message: Message = {
          channel: String(p['channel']),
          stage: String(p['stage']),
          ...(campaign !== undefined ? { campaign } : {}),
          steps: new Set(),
        };
        this.#messages.set(id, message);
        this.#step(message, 'planned', day);
        return;
      }
      case 'outreach.suppressed': {
        for (const reason of (p['reasons'] as unknown[] | undefined) ?? []) {
          const key = String(reason);
          this.#suppressions.set(key, (this.#suppressions.get(key) ?? 0) + 1);
        }
        return;
      }
      case 'delivery.outcome': {
        const status = String(p['status']);
        const channel = String(p['channel']);
        if (channel !== 'agent-call' && (status === 'accepted' || FAILED.has(status))) {
          const key = `${String(p['messageId'])}\u0000${String(p['attempt'])}`;
          const attempt = this.#attempts.get(key) ?? { channel, failed: false };
          if (FAILED.has(status)) attempt.failed = true;
          this.#attempts.set(key, attempt);
        }
        const message = this.#messages.get(String(p['messageId']));
        if (message === undefined) return;
        if (SENT.has(status) && !message.steps.has('sent')) {
          this.#step(message, 'sent', day);
          const account = `${record.tenantId}:${record.accountId}`;
          this.#sentByAccount.set(account, [
            ...(this.#sentByAccount.get(account) ?? []),
            String(p['messageId']),
          ]);
        }
        if (DELIVERED.has(status)) this.#step(message, 'delivered', day);
        return;
      }
      case 'account.payment': {
        const account = `${record.tenantId}:${record.accountId}`;
        for (const id of this.#sentByAccount.get(account) ?? []) {
          const message = this.#messages.get(id);
          if (message !== undefined) this.#step(message, 'paid', day);
        }
        return;
      }
    }
  }

  result(): Funnel {
    const rows = (counts: Map<string, Counts>) =>
      [...counts.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([key, c]) => ({ key, ...c }));
    return {
      byChannel: rows(this.#rows.channel),
      byStage: rows(this.#rows.stage),
      byCampaign: rows(this.#rows.campaign),
      daily: [...this.#days.entries()]
        .sort(([a], [b]) => a.localeCompare(b))
        .map(([date, c]) => ({ date, ...c })),
      suppressions: [...this.#suppressions.entries()]
        .sort(([, a], [, b]) => b - a)
        .map(([reason, count]) => ({ reason, count })),
      providers: this.#providerRows(),
    };
  }

  #providerRows(): { channel: string; attempts: number; failed: number }[] {
    const rows = new Map<string, { channel: string; attempts: number; failed: number }>();
    for (const { channel, failed } of this.#attempts.values()) {
      const row = rows.get(channel) ?? { channel, attempts: 0, failed: 0 };
      row.attempts += 1;
      if (failed) row.failed += 1;
      rows.set(channel, row);
    }
    return [...rows.values()];
  }

  #step(message: Message, step: Step, day: string): void {
    if (message.steps.has(step)) return;
    message.steps.add(step);
    bump(this.#rows.channel, message.channel, step);
    bump(this.#rows.stage, message.stage, step);
    bump(this.#rows.campaign, message.campaign ?? NO_CAMPAIGN, step);
    bump(this.#days, day, step);
  }
}

interface Counts {
  planned: number;
  sent: number;
  delivered: number;
  paid: number;
}

function bump(counts: Map<string, Counts>, key: string, step: Step): void {
  const row = counts.get(key) ?? { planned: 0, sent: 0, delivered: 0, paid: 0 };
  row[step] += 1;
  counts.set(key, row);
}
