import type { CollectionSpec } from '@kindly/mongo';

/**
 * Every MongoDB collection Kindly keeps and the indexes its queries and guarantees need. Unique
 * indexes carry idempotency: a second write of the same fact fails with a duplicate key, which the
 * writer treats as "already done". Every query path has an index here.
 *
 * Indexes a hot path uses have exactly the keys its filter tests for equality (other conditions and
 * the sort apply to what the index finds): the local MongoDB-wire server serves a filter from an
 * index only then (see shared/mongo/MONGODB-SUBSET.md), and MongoDB serves it either way.
 *
 * No TTL index: the Docker-less server rejects `expireAfterSeconds`, so expiry is a periodic
 * delete on an indexed `expiresAt` field instead (see shared/mongo/MONGODB-SUBSET.md).
 */
export const collectionCatalog: readonly CollectionSpec[] = [
  {
    name: 'accounts',
    indexes: [{ name: 'account', keys: { tenantId: 1, accountId: 1 }, unique: true }],
  },
  {
    name: 'contacts',
    indexes: [{ name: 'account', keys: { tenantId: 1, accountId: 1 }, unique: true }],
  },
  {
    name: 'strategies',
    indexes: [{ name: 'version', keys: { strategyId: 1, version: 1 }, unique: true }],
  },
  {
    name: 'outreach',
    indexes: [
      { name: 'message', keys: { messageId: 1 }, unique: true },
      { name: 'due', keys: { state: 1, releaseAt: 1 } },
      { name: 'account-cycle', keys: { tenantId: 1, accountId: 1, cycleId: 1 } },
    ],
  },
  {
    name: 'deliveries',
    indexes: [
      { name: 'attempt', keys: { messageId: 1, attempt: 1 }, unique: true },
      { name: 'provider-message', keys: { provider: 1, providerMessageId: 1 } },
    ],
  },
  {
    // The planner's own record of the messages it planned, keyed by message id in `_id`.
    name: 'planned-messages',
    indexes: [
      // Every look at an account reads its messages by these two keys.
      { name: 'by-account', keys: { tenantId: 1, accountId: 1 } },
      // One open message per account, cycle and stage: two handlers of one account's events
      // (different topics, different partitions) racing to plan cannot both succeed.
      { name: 'open-slot', keys: { slot: 1 }, unique: true },
      // Plans claimed and not yet published (the field exists only until they are): recovery.
      { name: 'unpublished', keys: { pendingSince: 1 } },
    ],
  },
  {
    // The scheduler's waiting room: one document per planned message (`_id` is its id).
    name: 'scheduled-messages',
    indexes: [
      { name: 'due', keys: { state: 1, dueAt: 1 } },
      { name: 'lease', keys: { state: 1, leaseUntil: 1 } },
      { name: 'by-account', keys: { accountKey: 1 } },
    ],
  },
  {
    // The one copy of each account's state that the scheduler, renderer and dispatcher read when
    // one process hosts them (`kindly run all`), folded once for the three (`_id`: tenant:account).
    name: 'account-facts',
    indexes: [{ name: 'account', keys: { tenantId: 1, accountId: 1 }, unique: true }],
  },
  {
    // How `account-facts` took over the scheduler's copy on its first start (one document, `_id`
    // 'seed': the offsets it took and whether it finished), so a crash part-way is finished alike.
    name: 'account-facts-seed',
    indexes: [],
  },
  {
    // The scheduler's own copy of each account's state, for its last look (`_id`: tenant:account).
    name: 'scheduler-accounts',
    indexes: [{ name: 'account', keys: { tenantId: 1, accountId: 1 }, unique: true }],
  },
  {
    // The renderer's own copy of each account (the amounts, name, address and zone a message
    // states), folded from the bank's events; keyed by `tenant:account` in `_id`.
    name: 'renderer-accounts',
    indexes: [{ name: 'account', keys: { tenantId: 1, accountId: 1 }, unique: true }],
  },
  {
    // The renderer's own record of the contacts with each customer (`_id`: messageId): each
    // released message's cycle and what its provider or the agent desk reported, for the facts a
    // message states about earlier contacts; read by account.
    name: 'renderer-contacts',
    indexes: [{ name: 'account', keys: { tenantId: 1, accountId: 1 } }],
  },
  {
    // Suppressions the planner has announced, so that it announces each only once.
    name: 'planner-suppressions',
    indexes: [{ name: 'message', keys: { messageId: 1 } }],
  },
  {
    // The dispatcher's record of each message it sends (`_id`: messageId): its claim, attempt,
    // provider id or error, so that each is sent once. Read by `_id`; the index serves an
    // operator's (or a sweeper's) look at claims left `sending` and attempts waiting to retry.
    name: 'dispatches',
    indexes: [
      { name: 'state', keys: { state: 1, updatedAt: 1 } },
      // Claims not yet settled (the field exists only until they are): recovery.
      { name: 'pending', keys: { pendingSince: 1 } },
    ],
  },
  {
    // The dispatcher's own copy of each account's state, for its last look (`_id`: tenant:account).
    name: 'dispatcher-accounts',
    indexes: [{ name: 'account', keys: { tenantId: 1, accountId: 1 }, unique: true }],
  },
  {
    // The dispatcher's latest reassigned-numbers answer per number (`_id`: a keyed hash of the
    // number), so that a number is asked once per period. Read and written by `_id`; answers
    // past their keeping are deleted by `expiresAt`.
    name: 'dispatcher-number-checks',
    indexes: [{ name: 'expiry', keys: { expiresAt: 1 } }],
  },
  {
    // The tracker's record of each send attempt it heard of (`_id`: messageId/attempt): status
    // rank, pending outcome, history. Bounces and unsubscribes name the message only; a payment
    // link followed through the tracker names its short reference.
    name: 'tracker-deliveries',
    indexes: [
      { name: 'by-message', keys: { messageId: 1 } },
      { name: 'by-reference', keys: { reference: 1 } },
    ],
  },
  {
    // The messages whose payment link was followed (`_id`: messageId), each once, with its
    // `clicked` outcome's event and whether it is still to be published. Read and written by
    // `_id`; events not yet published (`pendingSince` exists only until they are): recovery.
    name: 'tracker-payment-clicks',
    indexes: [{ name: 'pending', keys: { pendingSince: 1 } }],
  },
  {
    // The tracker's own copy of each account's contact details and consents (`_id`:
    // tenant:account), searched by address when a STOP, a bounce or an unsubscribe comes in.
    name: 'tracker-accounts',
    indexes: [
      { name: 'account', keys: { tenantId: 1, accountId: 1 }, unique: true },
      { name: 'phone', keys: { 'contact.value.phones.number': 1 } },
      { name: 'email', keys: { 'contact.value.emails.address': 1 } },
    ],
  },
  {
    // Numbers that opted out by reply, by a keyed hash (`_id`), so that each STOP is confirmed once.
    name: 'tracker-sms-opt-outs',
    indexes: [],
  },
  {
    // Each e-mail address's recent soft bounces, by a keyed hash of the address (`_id`), counted
    // toward making it unreachable. Read and written by `_id`; deleted by `expiresAt` once the
    // newest bounce has left the window.
    name: 'tracker-soft-bounces',
    indexes: [{ name: 'expiry', keys: { expiresAt: 1 } }],
  },
  {
    // Customers' replies in their own words an agent reads (`_id`: task id), with their text:
    // written by the tracker, read by the desk, oldest first.
    name: 'tracker-reply-tasks',
    indexes: [{ name: 'queue', keys: { status: 1, receivedAtDate: 1 } }],
  },
  {
    // The escalation service's record of each released message (`_id`: messageId): its release,
    // what its provider reported, and its two timers (the fallback wait, the final notice's wait
    // for legal), which the timer rounds look up by due time.
    name: 'escalation-messages',
    indexes: [
      { name: 'by-account', keys: { accountKey: 1 } },
      { name: 'fallback-due', keys: { fallbackDueAt: 1 } },
      { name: 'legal-due', keys: { legalDueAt: 1 } },
    ],
  },
  {
    // The escalation service's own copy of each account's state (`_id`: tenant:account).
    name: 'escalation-accounts',
    indexes: [{ name: 'account', keys: { tenantId: 1, accountId: 1 }, unique: true }],
  },
  {
    // Events the escalation service decided, by event id (`_id`), published once.
    name: 'escalation-outbox',
    // Events not yet published (the field exists only until they are): recovery.
    indexes: [{ name: 'pending', keys: { pendingSince: 1 } }],
  },
  {
    // Agents' call tasks (`_id`: taskId): the desk's queue by status and age, the calls already
    // made on an account (for the caps) by account.
    name: 'agent-tasks',
    indexes: [
      { name: 'queue', keys: { status: 1, createdAtDate: 1 } },
      { name: 'account', keys: { accountKey: 1 } },
    ],
  },
  {
    // The campaigns service's launches (`_id`: the campaign id), walked while running.
    name: 'campaign-launches',
    indexes: [
      { name: 'status', keys: { status: 1 } },
      { name: 'live', keys: { sendBy: 1 } },
    ],
  },
  {
    // Each account's assignment to a campaign (`_id`: campaign:tenant:account), holdout included.
    name: 'campaign-exposures',
    indexes: [
      { name: 'campaign', keys: { campaignId: 1, group: 1 } },
      // An account's assignments: the messages a payment's signed reference may name.
      { name: 'account', keys: { tenantId: 1, accountId: 1 } },
    ],
  },
  {
    // When each customer was last reached (`_id`: tenant:account), from the delivery reports.
    name: 'campaign-last-contacts',
    indexes: [],
  },
  {
    // Campaign messages (`_id`: the message id) and what they met, for the report and breaker.
    name: 'campaign-messages',
    indexes: [
      { name: 'campaign', keys: { campaignId: 1 } },
      { name: 'waiting', keys: { campaignId: 1, waiting: 1 } },
      { name: 'account-sms', keys: { tenantId: 1, accountId: 1, channel: 1, sentAt: 1 } },
    ],
  },
  {
    // The bank's payments (`_id`: tenant:payment id), attributed by the campaign report.
    name: 'campaign-payments',
    indexes: [{ name: 'account', keys: { tenantId: 1, accountId: 1 } }],
  },
  {
    // Dead letters read from every .dlq topic (`_id`: dlq topic:partition:offset), to replay.
    name: 'operator-dead-letters',
    indexes: [
      { name: 'newest', keys: { atDate: -1 } },
      { name: 'topic-reason', keys: { topic: 1, reason: 1, atDate: -1 } },
    ],
  },
  {
    // The operator API's keys (`_id`: the key id): role, label and the hash of the secret.
    name: 'operator-api-keys',
    indexes: [],
  },
  {
    // Rule versions proposed through the operator API (`_id`: the proposal id), newest first.
    name: 'rule-proposals',
    indexes: [{ name: 'newest', keys: { proposedAt: -1 } }],
  },
  {
    // The approved versions in force (`_id`: `policy` or `strategy:<id>`), read at every start.
    name: 'rules-in-force',
    indexes: [],
  },
  {
    // The campaigns service's copy of each account, which a launch walks in `_id` order.
    name: 'campaign-accounts',
    indexes: [{ name: 'account', keys: { tenantId: 1, accountId: 1 }, unique: true }],
  },
  {
    // The audit service's record of every event (`_id`: the event id), hash-chained per account.
    name: 'audit-records',
    indexes: [
      // One record per place in an account's chain: of two writers of one place, one wins.
      { name: 'chain', keys: { tenantId: 1, accountId: 1, seq: 1 }, unique: true },
      // An account's chain: its end before an append, its records for a query.
      { name: 'by-account', keys: { tenantId: 1, accountId: 1 } },
      // Anchoring and verification stream a period's records in the order they were kept.
      { name: 'recorded-order', keys: { recordedAtDate: 1, _id: 1 } },
      // A query by address: the keyed hashes a record names (a multikey index).
      { name: 'address', keys: { addressKeys: 1 } },
      { name: 'occurred', keys: { occurredAtDate: 1 } },
      { name: 'message', keys: { messageId: 1 } },
    ],
  },
  {
    // The content of each rendered message, sealed (`_id`: the rendered event's id).
    name: 'audit-evidence',
    indexes: [{ name: 'by-account', keys: { tenantId: 1, accountId: 1 } }],
  },
  {
    // One per account the audit holds (`_id`: tenant, a space, account): when its last record was
    // kept, for retention to find the inactive ones.
    name: 'audit-accounts',
    indexes: [{ name: 'last-recorded', keys: { lastRecordedAtDate: 1 } }],
  },
  {
    // Legal holds, one per account and matter (`_id`: account id, a space, the matter).
    name: 'audit-holds',
    indexes: [{ name: 'by-account', keys: { tenantId: 1, accountId: 1 } }],
  },
  {
    // The audit's anchors, one per period, by sequence number (`_id`).
    name: 'audit-anchors',
    indexes: [],
  },
  {
    name: 'processed',
    indexes: [
      { name: 'event', keys: { consumer: 1, eventId: 1 }, unique: true },
      { name: 'expiry', keys: { expiresAt: 1 } },
    ],
  },
];
