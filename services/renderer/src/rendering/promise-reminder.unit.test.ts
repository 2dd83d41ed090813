import { describe, expect, it } from 'vitest';
import { sampleEvents, type EventOf } from '@kindly/contracts';
import { evolveAccountState, loadPlanningRules, type AccountState } from '@kindly/rules';
import { sampleAccountState } from '../samples/sample-facts.js';
import { sampleRequest } from '../samples/sample-request.js';
import { createHandlebarsRenderer } from './handlebars.renderer.js';
import { loadSenderDirectory, sendersFileIn } from './sender-directory.js';
import { loadTemplateCatalog } from './template-catalog.js';

/*
 * The reminder before a promised payment states the promise as the bank recorded it (the newest
 * promise to pay, while it stands), never an amount or a date written into the copy.
 */

const rules = loadPlanningRules();
const catalog = loadTemplateCatalog();
const senders = loadSenderDirectory(sendersFileIn(catalog.dir));
const renderer = createHandlebarsRenderer({ catalog, smsMaxSegments: 4 });

function withPromise(
  state: AccountState,
  status: 'made' | 'kept',
  promisedDate: string,
  amountMinor: number,
): AccountState {
  const sample = sampleEvents['account.arrangement'];
  if (sample.payload.kind !== 'promise-to-pay') throw new Error('expected a promise to pay');
  const currency = state.overdue?.value.overdueAmount.currency ?? 'CNY';
  const event: EventOf<'account.arrangement'> = {
    ...sample,
    eventId: `01J000000000000000PROM${status.toUpperCase().padEnd(4, 'X')}`,
    occurredAt: status === 'made' ? '2025-03-20T00:00:00Z' : '2025-03-21T00:00:00Z',
    payload: { ...sample.payload, status, promisedDate, amount: { amountMinor, currency } },
  };
  return evolveAccountState(state, event).state;
}

async function reminder(locale: string, state: AccountState): Promise<string> {
  const rendered = await renderer.render(
    sampleRequest({
      strategies: rules.strategies,
      senders,
      templateId: 'promise-reminder-sms',
      locale,
      state,
    }),
  );
  if (rendered.channel !== 'sms') throw new Error('not an SMS');
  return rendered.content.body;
}

describe('the reminder before a promised payment', () => {
  it('states the promised amount and date from the arrangement (en-US)', async () => {
    const state = withPromise(sampleAccountState('en-US'), 'made', '2025-04-02', 12_345);
    const text = await reminder('en-US', state);
    expect(text).toContain('$123.45');
    expect(text).toMatch(/April 2, 2025|04\/02\/2025|Apr 2, 2025/);
  });

  it('states them in Chinese from the same facts', async () => {
    const state = withPromise(sampleAccountState('zh-CN'), 'made', '2025-04-02', 50_000);
    const text = await reminder('zh-CN', state);
    expect(text).toContain('¥500.00');
    expect(text).toMatch(/2025年4月2日/);
  });

  it('cannot be rendered once the promise no longer stands', async () => {
    const made = withPromise(sampleAccountState('en-US'), 'made', '2025-04-02', 12_345);
    const kept = withPromise(made, 'kept', '2025-04-02', 12_345);
    await expect(reminder('en-US', kept)).rejects.toThrow(/promise/);
  });
});
