import type { Producer } from 'kafkajs';
import { describe, expect, it } from 'vitest';
import { isOutOfStep, renewingProducer } from './renewing-producer.js';

/** A kafkajs producer's surface as the wrapper uses it: numbered, each failing as told. */
function producers(fails: (id: number, call: number) => Error | undefined) {
  const made: { id: number; sends: number; connected: boolean }[] = [];
  const make = (): Producer => {
    const self = { id: made.length + 1, sends: 0, connected: false };
    made.push(self);
    return {
      connect: async () => void (self.connected = true),
      disconnect: async () => void (self.connected = false),
      send: async () => {
        self.sends += 1;
        const error = fails(self.id, self.sends);
        if (error) throw error;
        return [{ topicName: 't', partition: 0, errorCode: 0, baseOffset: String(self.id) }];
      },
    } as unknown as Producer;
  };
  return { made, make };
}

const outOfOrder = () =>
  Object.assign(new Error('The broker received an out of order sequence number'), {
    name: 'KafkaJSProtocolError',
    type: 'OUT_OF_ORDER_SEQUENCE_NUMBER',
  });

describe('a producer that falls out of step with the broker', () => {
  it('knows the refusals that only a new producer id ends, also rethrown as non-retriable', () => {
    expect(isOutOfStep(outOfOrder())).toBe(true);
    const wrapped = new Error('The broker received an out of order sequence number');
    wrapped.name = 'KafkaJSNonRetriableError';
    expect(isOutOfStep(wrapped)).toBe(true);
    expect(isOutOfStep(new Error('x', { cause: outOfOrder() }))).toBe(true);
    expect(isOutOfStep(new Error('Connection error: connect ECONNREFUSED'))).toBe(false);
    expect(isOutOfStep('out of order sequence number')).toBe(false);
  });

  it('is replaced by a new one when a send is refused so; the send still fails, its retry goes through', async () => {
    let renewed = 0;
    const { made, make } = producers((id) => (id === 1 ? outOfOrder() : undefined));
    const producer = renewingProducer(make, () => (renewed += 1));
    await producer.connect();
    const send = () => producer.send({ topic: 't', messages: [{ value: 'v' }] });
    await expect(send()).rejects.toThrow('out of order');
    expect(renewed).toBe(1);
    expect(made.map((p) => p.connected)).toEqual([false, true]);
    await expect(send()).resolves.toEqual([expect.objectContaining({ baseOffset: '2' })]);
  });

  it('renews once for many refused sends at once, and not for other failures', async () => {
    const { made, make } = producers((id, call) =>
      id === 1 ? (call === 1 ? new Error('Connection error') : outOfOrder()) : undefined,
    );
    const producer = renewingProducer(make);
    await producer.connect();
    const send = () => producer.send({ topic: 't', messages: [{ value: 'v' }] });
    await expect(send()).rejects.toThrow('Connection error');
    expect(made).toHaveLength(1);
    const all = await Promise.allSettled([send(), send(), send()]);
    expect(all.every((r) => r.status === 'rejected')).toBe(true);
    expect(made).toHaveLength(2);
    await producer.disconnect();
    expect(made.map((p) => p.connected)).toEqual([false, false]);
  });
});
