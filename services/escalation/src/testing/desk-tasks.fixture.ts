/**
 * Agent tasks made the real way, for another service's tests (the operator API's desk, the
 * console's end-to-end test): the escalation service runs on the namespace, an account's bank
 * events and a released stage-3 call go through the broker, and the task it makes is waited for.
 */
import type { Clock } from '@kindly/clock';
import type { AnyEvent, EventType } from '@kindly/contracts';
import { bindTopics, createEventPublisher, createKafka, createProducer } from '@kindly/kafka';
import type { ProvisionedNamespace } from '@kindly/testing';
import { AGENT_TASKS } from '../data-access/agent-tasks.repository.js';
import { producedTopics } from '../data-access/event-outbox.repository.js';
import { taskIdOf } from '../domain/agent-task.js';
import { escalationTopics } from '../entry-points/escalation-events.handlers.js';
import { ESCALATION_ACCOUNTS } from '../start-escalation.js';
import { anAccount, released, TENANT } from './escalation-fixtures.js';
import { startEscalationService, until } from './escalation-service.fixture.js';

export { TENANT };

export interface DeskTaskSeeder {
  /**
   * A New York customer's call task, released at the clock's now; `timeZone` puts the customer
   * elsewhere (their calling hours follow). Resolves with the task's id once it is stored.
   */
  task(options: { readonly accountId: string; readonly timeZone?: string }): Promise<string>;
  stop(): Promise<void>;
}

const topics = [...new Set<EventType>([...escalationTopics, ...producedTopics])];

export async function startDeskTaskSeeder(
  ns: ProvisionedNamespace,
  clock: Clock,
): Promise<DeskTaskSeeder> {
  const escalation = await startEscalationService(ns, clock);
  const producer = createProducer(
    createKafka({ brokers: ns.infra.kafkaBrokers, clientId: 'desk-task-seeder' }),
  );
  await producer.connect();
  const publisher = createEventPublisher(producer, bindTopics(topics, ns.prefix));
  const send = async (...events: AnyEvent[]) => {
    for (const event of events) await publisher.publish(event.type, [event] as never[]);
  };
  return {
    async task({ accountId, timeZone }) {
      const account = anAccount({ accountId, daysPastDue: 50 });
      const events = account.events.map((event) =>
        event.type === 'contact.updated' && timeZone !== undefined
          ? { ...event, payload: { ...event.payload, timeZone } }
          : event,
      );
      await send(...(events as AnyEvent[]));
      await until(`account ${accountId} known`, async () => {
        const doc = await ns.mongo.db
          .collection<{ _id: string; version: number }>(ESCALATION_ACCOUNTS)
          .findOne({ _id: `${TENANT}:${accountId}` });
        return (doc?.version ?? 0) >= events.length;
      });
      const at = clock.now().toUTC().toISO({ suppressMilliseconds: true }) ?? '';
      const call = released(account, 3, 'agent-call', at);
      await send(call);
      const taskId = taskIdOf(call.payload.messageId);
      await until(`the task of ${accountId}`, async () =>
        Boolean(
          await ns.mongo.db.collection<{ _id: string }>(AGENT_TASKS).findOne({ _id: taskId }),
        ),
      );
      return taskId;
    },
    async stop() {
      await producer.disconnect();
      await escalation.stop();
    },
  };
}
