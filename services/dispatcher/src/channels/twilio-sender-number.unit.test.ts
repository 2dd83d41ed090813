import type twilio from 'twilio';
import { describe, expect, it } from 'vitest';
import type { SmsMessage } from '../domain/ports.js';
import { createTwilioSmsSender, type TwilioSmsOptions } from './twilio.sms-sender.js';

const message: SmsMessage = {
  tenantId: 'bank-1',
  accountId: 'acct-1',
  messageId: 'msg-1',
  attempt: 1,
  to: '+12125550199',
  body: 'Reminder',
  from: '+12125550111',
};

/** What the sender asks Twilio's create-message call for, through a client that records it. */
async function createParams(
  options: Omit<TwilioSmsOptions, 'client' | 'provider'>,
  sms: SmsMessage = message,
): Promise<Record<string, unknown>> {
  const asked: Record<string, unknown>[] = [];
  const client = {
    messages: {
      create: (params: Record<string, unknown>) => {
        asked.push(params);
        return Promise.resolve({ sid: 'SM1', status: 'queued', errorCode: null });
      },
    },
  } as unknown as twilio.Twilio;
  const result = await createTwilioSmsSender({ client, provider: 'twilio', ...options }).send(sms);
  expect(result.ok).toBe(true);
  return asked[0] ?? {};
}

describe('the From of a text', () => {
  it('is the tenant’s number the message carries, over the configured one', async () => {
    expect(await createParams({ from: '+12125550100', tenantNumbers: true })).toMatchObject({
      from: '+12125550111',
    });
  });

  it('is the configured one for a message without a number', async () => {
    const { from: _none, ...withoutFrom } = message;
    expect(
      await createParams({ from: '+12125550100', tenantNumbers: true }, withoutFrom),
    ).toMatchObject({ from: '+12125550100' });
  });

  it('goes with the Messaging Service, whose pool holds the number; without one the service picks', async () => {
    const both = await createParams({ messagingServiceSid: 'MG123', tenantNumbers: true });
    expect(both).toMatchObject({ messagingServiceSid: 'MG123', from: '+12125550111' });
    const { from: _none, ...withoutFrom } = message;
    const serviceOnly = await createParams(
      { messagingServiceSid: 'MG123', tenantNumbers: true },
      withoutFrom,
    );
    expect(serviceOnly).toMatchObject({ messagingServiceSid: 'MG123' });
    expect(serviceOnly).not.toHaveProperty('from');
  });

  it('is the failover account’s own: a tenant’s number is not in it', async () => {
    expect(await createParams({ from: '+12125550900', tenantNumbers: false })).toMatchObject({
      from: '+12125550900',
    });
  });
});
