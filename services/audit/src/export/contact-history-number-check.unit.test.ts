/**
 * The reassigned-numbers answer a text was sent or stopped on (issue 20, item 2) is shown with
 * the message's outcome in the contact history: the safe-harbour evidence, by its query id.
 */
import { describe, expect, it } from 'vitest';
import { contactHistoryOf } from './contact-history.js';
import { anEvent, AuditRecords } from './testing/export-fixtures.js';

describe('the contact history of a text checked against the reassigned-numbers database', () => {
  it('shows the answer and its query id with the outcome', async () => {
    const stopped = anEvent('delivery.outcome', '2026-03-04T14:00:00Z', (p) => ({
      ...p,
      channel: 'sms',
      status: 'failed',
      retryable: false,
      errorCode: 'LAST_LOOK:REASSIGNED_NUMBER',
      at: '2026-03-04T14:00:00Z',
      numberCheck: {
        database: 'fcc-rnd',
        answer: 'yes',
        since: '2026-02-01',
        queryId: 'rnd-000042-ab12cd34',
        askedAt: '2026-03-04T14:00:00Z',
      },
    }));
    const history = await contactHistoryOf(new AuditRecords().add(stopped).found());
    const facts = history.messages[0]?.outcomes[0]?.facts ?? [];
    expect(facts).toContainEqual({
      label: 'numberCheck',
      value: 'fcc-rnd yes since 2026-02-01, query rnd-000042-ab12cd34, 2026-03-04T14:00:00Z',
    });
    expect(facts).toContainEqual({ label: 'errorCode', value: 'LAST_LOOK:REASSIGNED_NUMBER' });
  });
});
