/**
 * One valid event of every type, for tests in any package: start from a sample and change what
 * the test is about. The values are made up (a card holder in Shanghai, reached by SMS in
 * zh-CN); ids are deterministic so that snapshots and assertions stay stable.
 */
import { deterministicId } from '../ids.js';
import type { EventOf, EventType } from '../topic-catalog.js';

const ACCOUNT_ID = 'acc-0001';
const TENANT_ID = 'demo-bank';
const CYCLE_ID = 'acc-0001-2025-03-01';
const CORRELATION_ID = deterministicId('cycle', ACCOUNT_ID, CYCLE_ID);
const MESSAGE_ID = deterministicId('message', ACCOUNT_ID, CYCLE_ID, '1', 'sms');

/** The envelope fields every sample shares; `type` is set per sample. */
function envelope(type: EventType, occurredAt: string, causedBy: EventType | null) {
  return {
    eventId: deterministicId('sample-event', type),
    schemaVersion: '1.0.0',
    occurredAt,
    correlationId: CORRELATION_ID,
    causationId: causedBy === null ? null : deterministicId('sample-event', causedBy),
    tenantId: TENANT_ID,
  };
}

const cny = (amountMinor: number) => ({ amountMinor, currency: 'CNY' });

/** A valid sample of every event type, keyed by type. */
export const sampleEvents: { readonly [K in EventType]: EventOf<K> } = {
  'account.overdue': {
    ...envelope('account.overdue', '2025-03-04T01:00:00Z', null),
    type: 'account.overdue',
    payload: {
      accountId: ACCOUNT_ID,
      cycleId: CYCLE_ID,
      product: 'credit-card',
      segment: 'retail-standard',
      accountLast4: '4821',
      dueDate: '2025-03-01',
      daysPastDue: 3,
      overdueAmount: cny(128_050),
      totalBalance: cny(1_520_000),
      minimumPayment: cny(76_000),
    },
  },
  'account.payment': {
    ...envelope('account.payment', '2025-03-06T02:15:00Z', null),
    type: 'account.payment',
    payload: {
      accountId: ACCOUNT_ID,
      paymentId: 'pay-7781',
      amount: cny(76_000),
      paidAt: '2025-03-06T02:14:31Z',
      remainingOverdue: cny(52_050),
      curesAccount: false,
    },
  },
  'account.arrangement': {
    ...envelope('account.arrangement', '2025-03-07T03:00:00Z', null),
    type: 'account.arrangement',
    payload: {
      accountId: ACCOUNT_ID,
      arrangementId: 'arr-311',
      status: 'made',
      kind: 'promise-to-pay',
      promisedDate: '2025-03-15',
      amount: cny(52_050),
    },
  },
  'account.status': {
    ...envelope('account.status', '2025-03-08T04:00:00Z', null),
    type: 'account.status',
    payload: {
      accountId: ACCOUNT_ID,
      set: ['dispute'],
      cleared: [],
      effectiveAt: '2025-03-08T03:45:00Z',
      reference: 'CASE-2025-0042',
    },
  },
  'contact.updated': {
    ...envelope('contact.updated', '2025-03-01T00:00:00Z', null),
    type: 'contact.updated',
    payload: {
      accountId: ACCOUNT_ID,
      name: { family: '李', given: '伟' },
      phones: [{ number: '+8613800138000', type: 'mobile', primary: true }],
      emails: [{ address: 'li.wei@example.com', type: 'personal' }],
      postalAddresses: [
        {
          lines: ['浦东新区世纪大道 100 号', '12 楼 1203 室'],
          city: '上海',
          region: '上海市',
          postalCode: '200120',
          country: 'CN',
        },
      ],
      locale: 'zh-CN',
      timeZone: 'Asia/Shanghai',
      candidateTimeZones: [],
      jurisdiction: 'CN',
      preferredWindows: [{ days: [6, 7], start: '10:00', end: '12:00' }],
      appointments: [{ at: '2025-03-10T11:00:00Z' }],
      doNotContactAtWork: true,
    },
  },
  'contact.consent': {
    ...envelope('contact.consent', '2025-03-01T00:00:00Z', null),
    type: 'contact.consent',
    payload: {
      accountId: ACCOUNT_ID,
      channel: 'sms',
      address: '+8613800138000',
      purpose: 'servicing',
      status: 'granted',
      basis: 'contract',
      source: 'branch',
      at: '2024-11-20T06:30:00Z',
      evidenceRef: 'form-88412',
    },
  },
  'contact.unreachable': {
    ...envelope('contact.unreachable', '2025-03-05T02:00:01Z', 'delivery.outcome'),
    type: 'contact.unreachable',
    payload: {
      accountId: ACCOUNT_ID,
      channel: 'sms',
      address: '+8613800138000',
      reason: 'landline',
      source: 'tracker',
      at: '2025-03-05T02:00:01Z',
      evidenceRef: 'twilio-sms:SM0123456789abcdef0123456789abcdef',
      errorCode: '30006',
    },
  },
  'outreach.planned': {
    ...envelope('outreach.planned', '2025-03-04T01:00:02Z', 'account.overdue'),
    type: 'outreach.planned',
    payload: {
      accountId: ACCOUNT_ID,
      messageId: MESSAGE_ID,
      cycleId: CYCLE_ID,
      stage: 1,
      channel: 'sms',
      templateId: 'overdue-notice-1',
      locale: 'zh-CN',
      purpose: 'servicing',
      earliestSendAt: '2025-03-04T02:00:00Z',
      latestSendAt: '2025-03-04T12:00:00Z',
      window: { zones: ['Asia/Shanghai'], start: '10:00', end: '20:00' },
      strategyId: 'card-standard',
      strategyVersion: 3,
      reasons: ['DPD_1_TO_7', 'PRIMARY_MOBILE'],
    },
  },
  'outreach.suppressed': {
    ...envelope('outreach.suppressed', '2025-03-08T04:00:01Z', 'account.status'),
    type: 'outreach.suppressed',
    payload: {
      accountId: ACCOUNT_ID,
      messageId: deterministicId('message', ACCOUNT_ID, CYCLE_ID, '2', 'sms'),
      cycleId: CYCLE_ID,
      stage: 2,
      channel: 'sms',
      purpose: 'servicing',
      templateId: 'overdue-notice-2',
      checkpoint: 'plan',
      reasons: ['DISPUTE'],
    },
  },
  'outreach.released': {
    ...envelope('outreach.released', '2025-03-04T02:00:00Z', 'outreach.planned'),
    type: 'outreach.released',
    payload: {
      accountId: ACCOUNT_ID,
      messageId: MESSAGE_ID,
      cycleId: CYCLE_ID,
      stage: 1,
      channel: 'sms',
      templateId: 'overdue-notice-1',
      locale: 'zh-CN',
      purpose: 'servicing',
      strategyId: 'card-standard',
      strategyVersion: 3,
      reasons: ['DPD_1_TO_7', 'PRIMARY_MOBILE'],
      latestSendAt: '2025-03-04T12:00:00Z',
    },
  },
  'outreach.cancelled': {
    ...envelope('outreach.cancelled', '2025-03-06T02:15:01Z', 'account.payment'),
    type: 'outreach.cancelled',
    payload: {
      accountId: ACCOUNT_ID,
      messageId: MESSAGE_ID,
      cycleId: CYCLE_ID,
      stage: 1,
      channel: 'sms',
      reason: 'PAID',
    },
  },
  'outreach.rendered': {
    ...envelope('outreach.rendered', '2025-03-04T02:00:01Z', 'outreach.released'),
    type: 'outreach.rendered',
    payload: {
      accountId: ACCOUNT_ID,
      messageId: MESSAGE_ID,
      cycleId: CYCLE_ID,
      stage: 1,
      channel: 'sms',
      templateId: 'overdue-notice-1',
      templateVersion: '1.0.0',
      locale: 'zh-CN',
      purpose: 'servicing',
      latestSendAt: '2025-03-04T12:00:00Z',
      reasons: ['DPD_1_TO_7', 'PRIMARY_MOBILE'],
      contentHash: '9f2c7e3d1b5a48c6e0f7a9d2b4c6e8f0a1b3c5d7e9f1a3b5c7d9e1f3a5b7c9d1',
      content: {
        body: '【示例银行】尊敬的客户，您尾号4821的信用卡已逾期3天，逾期金额¥1,280.50。回T退订',
        encoding: 'UCS-2',
        segments: 1,
        units: 47,
      },
    },
  },
  'delivery.outcome': {
    ...envelope('delivery.outcome', '2025-03-04T02:00:05Z', 'outreach.rendered'),
    type: 'delivery.outcome',
    payload: {
      accountId: ACCOUNT_ID,
      messageId: MESSAGE_ID,
      attempt: 1,
      channel: 'sms',
      provider: 'twilio',
      providerMessageId: 'SM3f2a9c1e0b7d4a6f8e2c1b0a9d8e7f6c',
      status: 'delivered',
      retryable: false,
      at: '2025-03-04T02:00:04Z',
    },
  },
  'outreach.escalated': {
    ...envelope('outreach.escalated', '2025-03-11T01:00:00Z', 'delivery.outcome'),
    type: 'outreach.escalated',
    payload: {
      accountId: ACCOUNT_ID,
      cycleId: CYCLE_ID,
      from: { stage: 1, channel: 'sms' },
      to: { stage: 2, channel: 'agent' },
      reason: 'NO_PAYMENT',
    },
  },
  'agent.task': {
    ...envelope('agent.task', '2025-03-11T01:00:01Z', 'outreach.escalated'),
    type: 'agent.task',
    payload: {
      accountId: ACCOUNT_ID,
      taskId: deterministicId('agent-task', ACCOUNT_ID, CYCLE_ID, '2'),
      cycleId: CYCLE_ID,
      windows: [
        { start: '2025-03-11T02:00:00Z', end: '2025-03-11T10:00:00Z', zone: 'Asia/Shanghai' },
      ],
      callAttemptsLeft: 3,
      facts: { overdueAmount: cny(52_050), daysPastDue: 10, stage: 2 },
      suggestedOffer: { kind: 'instalment-plan', instalments: 6 },
    },
  },
  'campaign.offer': {
    ...envelope('campaign.offer', '2025-03-10T02:00:00Z', null),
    type: 'campaign.offer',
    payload: {
      accountId: ACCOUNT_ID,
      campaignId: 'instalment-plan-2025-spring',
      campaignVersion: 1,
      campaignHash: 'a'.repeat(64),
      variant: 'champion',
      strategyId: 'repayment-offer-campaign',
      steps: [
        { channel: 'email', templateId: 'campaign-instalment-plan-email' },
        { channel: 'sms', templateId: 'campaign-instalment-plan-sms' },
      ],
      sendBy: '2025-03-31T15:59:59Z',
      offers: [
        {
          kind: 'instalment-plan',
          offerId: 'spring-plan-6-24',
          instalments: { min: 6, max: 12 },
          validForDays: 30,
          templates: { email: 'offer-instalment-plan-email' },
        },
      ],
    },
  },
  'operator.action': {
    ...envelope('operator.action', '2025-03-10T03:00:00Z', null),
    type: 'operator.action',
    payload: {
      accountId: ACCOUNT_ID,
      actor: { keyId: 'ops-li', label: 'Collections operations, Shanghai', role: 'operator' },
      action: 'call.report',
      subject: { kind: 'task', id: 'task-1' },
      reason: 'customer asked to be called back after 18:00',
      at: '2025-03-10T03:00:00Z',
    },
  },
};
