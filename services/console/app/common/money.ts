import type { Money } from '../api/types';

/** Minor units to the currency's own decimals (JPY has none, USD two), in the viewer's language. */
export function formatMoney(money: Money, language: string): string {
  const format = new Intl.NumberFormat(language, { style: 'currency', currency: money.currency });
  const digits = format.resolvedOptions().maximumFractionDigits ?? 2;
  return format.format(money.amountMinor / 10 ** digits);
}
