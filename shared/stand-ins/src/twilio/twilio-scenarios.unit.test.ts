import { describe, expect, it } from 'vitest';
import { ScenarioBook, twilioScenarios } from './twilio-scenarios.js';

describe('scenario book', () => {
  it('serves next-N scenarios first, then per-destination ones until their times run out', () => {
    const book = new ScenarioBook();
    book.forDestination('+1', twilioScenarios.rateLimited, 2);
    book.forDestination('+2', twilioScenarios.invalidNumber);
    book.forNext(1, twilioScenarios.serverError);
    expect(book.take('+1')).toBe(twilioScenarios.serverError);
    expect(book.take('+1')).toBe(twilioScenarios.rateLimited);
    expect(book.take('+1')).toBe(twilioScenarios.rateLimited);
    expect(book.take('+1')).toBeUndefined();
    expect(book.take('+2')).toBe(twilioScenarios.invalidNumber);
    expect(book.take('+2')).toBe(twilioScenarios.invalidNumber);
    book.clear();
    expect(book.take('+2')).toBeUndefined();
  });
});
