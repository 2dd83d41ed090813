/**
 * Builds one account's history as the audit keeps it, for the re-check's tests: the bank's
 * events and, for each send, its plan, its rendering and the provider's acceptance. Start from
 * the contracts' samples and change what a test is about.
 */
import {
  deterministicId,
  sampleEvents,
  type AnyEvent,
  type EventOf,
  type EventType,
  type OutreachPlannedV1Payload,
} from '@kindly/contracts';

type Payload<K extends EventType> = EventOf<K>['payload'];

export const ACCOUNT_ID = sampleEvents['account.overdue'].payload.accountId;
export const CYCLE_ID = sampleEvents['account.overdue'].payload.cycleId;
export const TENANT_ID = sampleEvents['account.overdue'].tenantId;

/** What a test says about a send; the rest comes from the samples. */
export interface SendSpec {
  readonly channel: 'sms' | 'email' | 'letter';
  /** The provider's acceptance, UTC. */
  readonly at: string;
  readonly to?: string;
  readonly purpose?: 'servicing' | 'marketing';
  readonly templateKind?: string;
  readonly messageId?: string;
  readonly stage?: number;
  readonly cycleId?: string;
}

const CONTENT = {
  sms: sampleEvents['outreach.rendered'].payload.content,
  email: { subject: 'Reminder', html: '<p>Reminder</p>', text: 'Reminder', headers: {} },
  letter: { pages: 1, storageRef: 'letters/test.pdf' },
} as const;

export class AuditHistory {
  readonly events: AnyEvent[] = [];
  private count = 0;

  private add<K extends EventType>(type: K, occurredAt: string, payload: Payload<K>): this {
    const sample = sampleEvents[type];
    this.count += 1;
    const event: EventOf<K> = {
      ...sample,
      eventId: deterministicId('audit-test', String(this.count)),
      occurredAt,
      payload,
    };
    this.events.push(event);
    return this;
  }

  contact(at: string, change: Partial<Payload<'contact.updated'>> = {}): this {
    const base = sampleEvents['contact.updated'].payload;
    const payload = {
      ...base,
      preferredWindows: [],
      appointments: [],
      doNotContactAtWork: false,
      ...change,
    };
    return this.add('contact.updated', at, payload);
  }

  /** Channel and address are checked together by the contract; a test names any pair. */
  consent(
    at: string,
    change: Partial<Omit<Payload<'contact.consent'>, 'channel' | 'address'>> & {
      readonly channel?: 'sms' | 'voice' | 'email' | 'letter';
      readonly address?: string;
    } = {},
  ): this {
    const payload = { ...sampleEvents['contact.consent'].payload, at, ...change };
    return this.add('contact.consent', at, payload as Payload<'contact.consent'>);
  }

  /** An address found unreachable; channel and address as for a consent. */
  unreachable(
    at: string,
    change: Partial<Omit<Payload<'contact.unreachable'>, 'channel' | 'address'>> & {
      readonly channel?: 'sms' | 'voice' | 'email' | 'letter';
      readonly address?: string;
    } = {},
  ): this {
    const payload = { ...sampleEvents['contact.unreachable'].payload, at, ...change };
    return this.add('contact.unreachable', at, payload as Payload<'contact.unreachable'>);
  }

  overdue(at: string, change: Partial<Payload<'account.overdue'>> = {}): this {
    return this.add('account.overdue', at, {
      ...sampleEvents['account.overdue'].payload,
      ...change,
    });
  }

  payment(at: string, change: Partial<Payload<'account.payment'>> = {}): this {
    const payload = { ...sampleEvents['account.payment'].payload, paidAt: at, ...change };
    return this.add('account.payment', at, payload);
  }

  status(at: string, change: Partial<Payload<'account.status'>>): this {
    const payload = { ...sampleEvents['account.status'].payload, effectiveAt: at, ...change };
    return this.add('account.status', at, payload);
  }

  arrangement(at: string, payload: Payload<'account.arrangement'>): this {
    return this.add('account.arrangement', at, payload);
  }

  /** An agent's call as the desk reports it: `delivered` is a conversation. */
  call(at: string, status: 'delivered' | 'undelivered' = 'delivered'): this {
    const outcome = {
      ...sampleEvents['delivery.outcome'].payload,
      messageId: deterministicId('call', ACCOUNT_ID, at),
      channel: 'agent-call' as const,
      provider: 'agent-desk',
      status,
      at,
    };
    return this.add('delivery.outcome', at, outcome);
  }

  /** A plan, its rendering and the provider's acceptance, all at the send's instant. */
  send(spec: SendSpec): this {
    const plan = sampleEvents['outreach.planned'].payload;
    const stage = spec.stage ?? 1;
    const cycleId = spec.cycleId ?? CYCLE_ID;
    const messageId =
      spec.messageId ??
      deterministicId('message', ACCOUNT_ID, cycleId, String(stage), spec.channel, spec.at);
    return this.sentAsPlanned(
      {
        ...plan,
        messageId,
        cycleId,
        stage,
        channel: spec.channel,
        purpose: spec.purpose ?? 'servicing',
        earliestSendAt: spec.at,
        latestSendAt: spec.at,
        ...(spec.templateKind ? { templateKind: spec.templateKind } : {}),
      },
      spec.at,
      spec.to,
    );
  }

  /** A planned message sent at `at` to `to`: what the pipeline records for it. */
  sentAsPlanned(plan: OutreachPlannedV1Payload, at: string, to?: string): this {
    const channel = plan.channel;
    if (channel === 'agent-call') throw new Error('an agent call is not a send');
    this.add('outreach.planned', at, plan);
    const rendered = sampleEvents['outreach.rendered'].payload;
    const carried = {
      ...rendered,
      messageId: plan.messageId,
      cycleId: plan.cycleId,
      stage: plan.stage,
      templateId: plan.templateId,
      locale: plan.locale,
      purpose: plan.purpose,
      latestSendAt: plan.latestSendAt,
      strategyId: plan.strategyId,
      strategyVersion: plan.strategyVersion,
      ...(plan.templateKind ? { templateKind: plan.templateKind } : {}),
    };
    const payload = {
      ...carried,
      channel,
      content: CONTENT[channel],
    };
    this.add('outreach.rendered', at, payload as Payload<'outreach.rendered'>);
    const outcome = {
      ...sampleEvents['delivery.outcome'].payload,
      messageId: plan.messageId,
      channel,
      status: 'accepted' as const,
      at,
      ...(to !== undefined ? { to } : {}),
    };
    return this.add('delivery.outcome', at, outcome);
  }
}
