import type { CreditProduct, Slug } from '@kindly/contracts';
import { tiedBest } from './strategy-catalog.js';
import type { StrategyCatalog } from './strategy-catalog.js';
import type { Strategy, StrategyKind } from './strategy-schema.js';

/** What a strategy is chosen by. */
export interface StrategySelector {
  readonly product: CreditProduct;
  /** The bank's segment, when it sends one; strategies listing segments match only accounts in one. */
  readonly segment?: Slug | undefined;
  /** Collections unless said otherwise. */
  readonly kind?: StrategyKind | undefined;
}

/**
 * The strategy for an account: the most specific match of the kind asked for. The catalog
 * refused ties when it was built, so the answer is unique. Undefined only for a kind without a
 * default that nothing matches (collections always have their default).
 */
export function selectStrategy(
  catalog: StrategyCatalog,
  selector: StrategySelector,
): Strategy | undefined {
  const kind = selector.kind ?? 'collections';
  const ofKind = catalog.strategies.filter((strategy) => strategy.kind === kind);
  return tiedBest(ofKind, selector.product, selector.segment)[0];
}
