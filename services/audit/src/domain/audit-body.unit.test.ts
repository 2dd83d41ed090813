import { sampleEvents, type AnyEvent } from '@kindly/contracts';
import { describe, expect, it } from 'vitest';
import { addressKeyer } from './address-keys.js';
import { keepEvent } from './audit-body.js';
import { canonicalJson, hashOf } from './canonical-hash.js';

const key = addressKeyer('a-test-address-key-of-at-least-32-chars');

describe('keepEvent', () => {
  it('keeps a contact record with every address and the name as keyed hashes only', () => {
    const event = sampleEvents['contact.updated'];
    const kept = keepEvent(event, key);
    const text = canonicalJson(kept.body);
    const p = event.payload;
    const clear = [
      ...p.phones.map((x) => x.number),
      ...p.emails.map((x) => x.address),
      ...p.postalAddresses.flatMap((x) => [...x.lines, x.city, x.postalCode ?? '']),
      p.name.family,
      p.name.given ?? '',
    ].filter((value) => value.length > 2);
    expect(clear.length).toBeGreaterThan(3);
    for (const value of clear) expect(text).not.toContain(value);
    // The same address has the same key wherever it appears: a query by address finds it.
    expect(kept.addressKeys).toContain(key('phone', p.phones[0]!.number));
    expect(kept.addressKeys).toContain(key('email', p.emails[0]!.address.toUpperCase()));
    // What the rules read stays: the zones, the jurisdiction, the windows.
    expect(kept.body.payload).toMatchObject({
      timeZone: p.timeZone,
      jurisdiction: p.jurisdiction,
      preferredWindows: p.preferredWindows,
    });
  });

  it('keys the address of a consent and of an accepted send the same way', () => {
    const consent = sampleEvents['contact.consent'];
    const outcome: AnyEvent = {
      ...sampleEvents['delivery.outcome'],
      payload: {
        ...sampleEvents['delivery.outcome'].payload,
        status: 'accepted',
        to: consent.payload.address,
      },
    };
    const a = keepEvent(consent, key).body.payload as { address: string };
    const b = keepEvent(outcome, key).body.payload as { to: string };
    expect(a.address).toMatch(/^ah:[0-9a-f]{64}$/);
    expect(b.to).toBe(a.address);
  });

  it('moves a rendered message’s content out to the evidence, keeping its hash', () => {
    const rendered = sampleEvents['outreach.rendered'];
    const kept = keepEvent(rendered, key);
    expect(kept.content).toEqual(rendered.payload.content);
    expect(kept.body.payload).not.toHaveProperty('content');
    expect(kept.body.evidence).toEqual({
      id: rendered.eventId,
      contentHash: rendered.payload.contentHash,
      // What an opened seal must match, held in the chain.
      contentDigest: hashOf(rendered.payload.content),
    });
  });

  it('keeps other events as they came', () => {
    const overdue = sampleEvents['account.overdue'];
    expect(keepEvent(overdue, key).body.payload).toEqual(overdue.payload);
  });
});

describe('canonicalJson', () => {
  it('is RFC 8785: sorted keys, ECMAScript numbers, no whitespace', () => {
    expect(canonicalJson({ b: 2, a: [1e21, 0.1, -0], c: { z: 'é', y: null } })).toBe(
      '{"a":[1e+21,0.1,0],"b":2,"c":{"y":null,"z":"é"}}',
    );
  });
});
