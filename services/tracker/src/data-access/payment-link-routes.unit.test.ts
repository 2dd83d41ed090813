import { describe, expect, it } from 'vitest';
import { loadPaymentLinkRoutes, paymentLinkRoutesFrom } from './payment-link-routes.js';

const profile = (linkBase: string, tracking?: string) => `
        payment:
          linkBase: ${linkBase}
${tracking === undefined ? '' : `          tracking: { linkBase: ${tracking}, channels: [sms] }\n`}`;

const file = (...tenants: [string, string, string][]) =>
  `senders:\n${tenants
    .map(([tenant, country, body]) => `  ${tenant}:\n    jurisdictions:\n      ${country}:${body}`)
    .join('\n')}`;

describe('the click routes in the senders file', () => {
  it('are off unless a profile sets payment.tracking (the shipped file sets none)', () => {
    expect(loadPaymentLinkRoutes()).toEqual([]);
    expect(paymentLinkRoutesFrom(file(['bank-1', 'US', profile('https://pay.b1.com/r')]))).toEqual(
      [],
    );
  });

  it('serve the path of each tracked profile’s click route, for its payment page', () => {
    const routes = paymentLinkRoutesFrom(
      file(
        ['bank-1', 'US', profile('https://pay.b1.com/r/', 'https://exb.example/c')],
        ['bank-3', 'GB', profile('https://pay.b1.co.uk/r', 'https://exb.example/d')],
        ['bank-2', 'US', profile('https://pay.b1.com/r', 'https://exb.example/c')],
      ),
    );
    expect(routes).toEqual([
      { path: '/c', page: 'https://pay.b1.com/r', tenants: { only: ['bank-1', 'bank-2'] } },
      { path: '/d', page: 'https://pay.b1.co.uk/r', tenants: { only: ['bank-3'] } },
    ]);
  });

  it('count the tenants the file does not name on the fallback sender’s routes only', () => {
    const source = file(
      ['bank-1', 'US', profile('https://pay.b1.com/r', 'https://exb.example/c')],
      ['bank-2', 'US', profile('https://pay.b2.com/r', 'https://exb.example/d')],
      ['bank-3', 'US', profile('https://pay.b1.com/r', 'https://exb.example/c')],
    );
    expect(paymentLinkRoutesFrom(source, 'senders.yaml', 'bank-1')).toEqual([
      { path: '/c', page: 'https://pay.b1.com/r', tenants: { except: ['bank-2'] } },
      { path: '/d', page: 'https://pay.b2.com/r', tenants: { only: ['bank-2'] } },
    ]);
  });

  it('serve a retired route (no channel prints links through it) for the links already sent', () => {
    const retired = `
        payment:
          linkBase: https://pay.b1.com/r
          tracking: { linkBase: https://exb.example/old, channels: [] }
`;
    expect(paymentLinkRoutesFrom(file(['bank-1', 'US', retired]))).toEqual([
      { path: '/old', page: 'https://pay.b1.com/r', tenants: { only: ['bank-1'] } },
    ]);
  });

  it.each([
    ['a host out of the GSM-7-safe set', 'https://ex_b.example/c'],
    ['a dot-dot segment', 'https://exb.example/c/..'],
    ['a dot segment', 'https://exb.example/./c'],
    ['a percent-encoded path', 'https://exb.example/%63'],
    ['a port', 'https://exb.example:8443/c'],
    ['no path', 'https://exb.example'],
    ['a trailing slash', 'https://exb.example/c/'],
  ])('refuse a click route with %s, as the renderer does', (_what, linkBase) => {
    expect(() =>
      paymentLinkRoutesFrom(file(['bank-1', 'US', profile('https://pay.b1.com/r', linkBase)])),
    ).toThrow(/tracking\.linkBase/);
  });

  it('refuse one path for two payment pages, naming the path only', () => {
    expect(() =>
      paymentLinkRoutesFrom(
        file(
          ['bank-1', 'US', profile('https://pay.b1.com/r', 'https://exb.example/c')],
          ['bank-2', 'US', profile('https://pay.b2.com/r', 'https://exb.example/c')],
        ),
      ),
    ).toThrow('the click route /c stands for two payment pages');
  });
});
