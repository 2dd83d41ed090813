// A small service built the way every Kindly service is (runService, catalog bindings, the Kafka
// runtime, processed events), for the runtime's tests: it consumes contact.updated, logs what it
// received at debug level, records one effect per event, and fails on purpose for two accounts;
// told to, its stop hangs.
import { z } from 'zod';
import { AppError } from '@kindly/errors';
import { ack, bindTopics, skip, startConsumer } from '@kindly/kafka';
import { createProcessedEvents } from '@kindly/mongo';
import { runService } from '@kindly/service';

await runService({
  name: 'contact-echo',
  settings: z.object({
    ECHO_FAIL_ACCOUNT: z.string().default('acct-fails'),
    /** A stop that never finishes, as a Kafka group join held by the broker can make one. */
    ECHO_HANG_ON_STOP: z.enum(['yes', 'no']).default('no'),
  }),
  async start({ settings, logger, metrics, kafka, producer, mongo, clock }) {
    const processed = createProcessedEvents(mongo.db, 'contact-echo');
    const seen = mongo.db.collection<{ _id: string; accountId: string }>('echo-effects');
    const consumer = await startConsumer({
      kafka,
      service: 'contact-echo',
      bindings: bindTopics(['contact.updated'], settings.KAFKA_TOPIC_PREFIX),
      producer,
      logger,
      metrics: metrics.consumer,
      sessionTimeoutMs: 6_000,
      retry: { inPlaceAttempts: 1, inPlaceBackoffMs: 10, retryTopicDelaysMs: [], jitter: 0 },
      handlers: {
        'contact.updated': async (event) => {
          // Careless on purpose: whole events, personal data included, go to the log.
          logger.debug({ event }, `received contact ${event.payload.phones[0]?.number ?? ''}`);
          const contact = event.payload;
          if (contact.accountId === settings.ECHO_FAIL_ACCOUNT) {
            throw new AppError(
              'ECHO_REJECTED',
              `cannot reach ${contact.phones[0]?.number ?? ''} or ${contact.emails[0]?.address ?? ''}`,
            );
          }
          const result = await processed.once(event.eventId, clock.now().toJSDate(), async () => {
            await seen.updateOne(
              { _id: event.eventId },
              { $set: { accountId: contact.accountId } },
              { upsert: true },
            );
          });
          return result.ran ? ack() : skip('duplicate');
        },
      },
    });
    return {
      isReady: () => consumer.isReady(),
      stop: async () => {
        await consumer.stop();
        if (settings.ECHO_HANG_ON_STOP === 'yes')
          await new Promise(() => setInterval(() => {}, 1_000));
      },
    };
  },
});
