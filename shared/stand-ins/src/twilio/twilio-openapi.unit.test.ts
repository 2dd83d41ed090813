import { describe, expect, it } from 'vitest';
import { TwilioOpenApi } from './twilio-openapi.js';

const ACCOUNT = `AC${'0'.repeat(32)}`;
const MESSAGES = `/2010-04-01/Accounts/${ACCOUNT}/Messages.json`;
const spec = TwilioOpenApi.load();

describe("Twilio's OpenAPI description", () => {
  it('accepts a Messages create request as the twilio client sends it', () => {
    const form = {
      To: '+15005550006',
      From: '+15005550001',
      Body: 'Hi',
      StatusCallback: 'https://tracker.example/twilio/status',
      ValidityPeriod: '3600',
      SmartEncoded: 'true',
      MediaUrl: ['https://a.example/1.png', 'https://a.example/2.png'],
    };
    expect(spec.check({ method: 'POST', path: MESSAGES, query: {}, form })).toEqual({
      operation: 'POST /2010-04-01/Accounts/{AccountSid}/Messages.json',
      problems: [],
    });
  });

  it('reports a missing required parameter, an unknown one and a wrong type', () => {
    const form = { Body: 'Hi', From: '+15005550001', Statuscallback: 'x', SmartEncoded: 'maybe' };
    expect(spec.check({ method: 'POST', path: MESSAGES, query: {}, form }).problems).toEqual([
      'form: missing required parameter To',
      'form: unknown parameter Statuscallback',
      'form: SmartEncoded must be boolean',
    ]);
  });

  it('checks path and query parameters of fetch and list', () => {
    expect(
      spec.check({ method: 'GET', path: MESSAGES, query: { To: '+15005550006', PageSize: '5000' } })
        .problems,
    ).toEqual(['query: PageSize must be <= 1000']);
    expect(
      spec.check({
        method: 'GET',
        path: `/2010-04-01/Accounts/${ACCOUNT}/Messages/XX1.json`,
        query: {},
      }).problems,
    ).toContain('path: Sid must match pattern "^(SM|MM)[0-9a-fA-F]{32}$"');
  });

  it('reports paths and methods the spec does not have', () => {
    expect(spec.check({ method: 'GET', path: '/2010-04-01/Nothing.json', query: {} })).toEqual({
      operation: undefined,
      problems: ['no path in the spec matches /2010-04-01/Nothing.json'],
    });
    expect(spec.check({ method: 'PUT', path: MESSAGES, query: {} }).operation).toBeUndefined();
  });

  it('checks response bodies against the schema, without coercing their types', () => {
    const fetch = {
      method: 'GET',
      path: `/2010-04-01/Accounts/${ACCOUNT}/Messages/SM${'1'.repeat(32)}.json`,
    };
    const good = {
      sid: `SM${'1'.repeat(32)}`,
      status: 'delivered',
      error_code: null,
      num_segments: '1',
    };
    expect(spec.checkResponse(fetch, 200, good)).toEqual([]);
    expect(
      spec.checkResponse(fetch, 200, { ...good, status: 'lost', error_code: '30003' }),
    ).toEqual([
      'response: status must be equal to one of the allowed values',
      'response: error_code must be integer',
    ]);
    expect(spec.checkResponse(fetch, 404, { code: 20404 })).toEqual([]);
  });
});
