import { describe, expect, it } from 'vitest';
import { decodeEvent } from './decode.js';
import { aProbeEvent, ProbeEvent } from './testing/probe-event.js';

const bytes = (value: unknown) =>
  Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));

describe('decodeEvent', () => {
  it('accepts a valid event', () => {
    const event = aProbeEvent('succeed');
    expect(decodeEvent(bytes(event), ProbeEvent, 'probe.happened')).toEqual({ ok: true, event });
  });

  it('names each kind of bad record', () => {
    expect(decodeEvent(null, ProbeEvent, 'probe.happened')).toMatchObject({
      ok: false,
      reason: 'EMPTY_VALUE',
    });
    expect(decodeEvent(bytes('{"a":'), ProbeEvent, 'probe.happened')).toMatchObject({
      ok: false,
      reason: 'MALFORMED_JSON',
    });
    expect(
      decodeEvent(
        bytes({ ...aProbeEvent('succeed'), type: 'other.thing' }),
        ProbeEvent,
        'probe.happened',
      ),
    ).toMatchObject({
      ok: false,
      reason: 'UNKNOWN_TYPE',
    });
  });

  it('names the invalid fields but never copies their values', () => {
    const event = aProbeEvent('succeed');
    const bad = { ...event, payload: { ...event.payload, accountId: 42, phone: '+8613800138000' } };
    const result = decodeEvent(bytes(bad), ProbeEvent, 'probe.happened');
    expect(result).toMatchObject({ ok: false, reason: 'SCHEMA_INVALID' });
    const detail = result.ok ? '' : result.detail;
    expect(detail).toMatch(/payload\.accountId/);
    expect(detail).toMatch(/phone/);
    expect(detail).not.toContain('8613800138000');
  });
});
