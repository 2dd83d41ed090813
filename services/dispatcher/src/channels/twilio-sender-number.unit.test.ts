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

const MG_SHARED = `MG${'0'.repeat(32)}`;
const MG_BANK_1 = `MG${'1'.repeat(32)}`;

describe('each tenant’s own Messaging Service', () => {
  it('carries a listed tenant’s texts; a tenant not listed uses the configured one', async () => {
    const tenantServices = new Map([['bank-1', MG_BANK_1]]);
    const options = { messagingServiceSid: MG_SHARED, tenantNumbers: true, tenantServices };
    expect(await createParams(options)).toMatchObject({
      messagingServiceSid: MG_BANK_1,
      from: '+12125550111',
    });
    expect(await createParams(options, { ...message, tenantId: 'bank-2' })).toMatchObject({
      messagingServiceSid: MG_SHARED,
    });
    // Not the failover account's: its numbers and services are its own.
    expect(
      await createParams({ from: '+12125550900', tenantNumbers: false, tenantServices }),
    ).not.toHaveProperty('messagingServiceSid');
  });
});

describe('a 21610 (opted out) on a text', () => {
  /** The failure a send gets when Twilio answers 21610, with these options. */
  async function optedOut(options: Omit<TwilioSmsOptions, 'client' | 'provider'>) {
    const client = {
      messages: {
        create: () =>
          Promise.reject(Object.assign(new Error('opted out'), { status: 400, code: 21610 })),
      },
    } as unknown as twilio.Twilio;
    const result = await createTwilioSmsSender({ client, provider: 'twilio', ...options }).send(
      message,
    );
    if (result.ok) throw new Error('expected a failure');
    return result.failure;
  }

  it('revokes the tenant’s consent when the text went from its number alone or its own service', async () => {
    expect(await optedOut({ from: '+12125550100', tenantNumbers: true })).toMatchObject({
      code: '21610',
      effect: 'revoke-consent',
    });
    const own = await optedOut({
      messagingServiceSid: MG_SHARED,
      tenantNumbers: true,
      tenantServices: new Map([['bank-1', MG_BANK_1]]),
    });
    expect(own).toMatchObject({ code: '21610', effect: 'revoke-consent' });
  });

  it('fails without revoking through a service other tenants share: the STOP may be another’s', async () => {
    const shared = await optedOut({ messagingServiceSid: MG_SHARED, tenantNumbers: true });
    expect(shared).toMatchObject({ code: '21610', effect: 'none', retryable: false });
  });
});
