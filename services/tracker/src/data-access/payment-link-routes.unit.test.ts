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
      { path: '/c', page: 'https://pay.b1.com/r' },
      { path: '/d', page: 'https://pay.b1.co.uk/r' },
    ]);
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
