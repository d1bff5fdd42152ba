/**
 * How big a world a scenario asks for, checked before anything is allocated.
 *
 * The engine keeps its hot state in typed arrays sized by the firm slots of
 * every cluster (firms at arrival, or the capacity for entries), so the
 * memory a run needs is known from the scenario alone. A scenario that asks
 * for more than the documented limits is refused by `gvcsim validate`, with
 * the figure, instead of dying while allocating or running for hours.
 */
import { totalmem } from 'node:os';
import type { Scenario } from './schema.js';

/** Most firm slots (all clusters' capacities together) a run may hold. */
export const MAX_FIRM_SLOTS = 20_000_000;
/** Most buyers (all groups together). */
export const MAX_BUYERS = 1_000_000;
/** Most memory a run may plan for: 16 GiB, or three quarters of this machine's memory if that is less. */
export const MAX_BYTES = Math.min(16 * 2 ** 30, Math.floor(0.75 * totalmem()));

export interface WorldSize {
  /** Firm slots over all clusters. */
  slots: number;
  buyers: number;
  /** Estimated bytes of the engine's typed arrays, with a margin for the rest. */
  bytes: number;
}

/**
 * Estimate of a world's size. Bytes per firm slot were measured on the
 * engine's typed arrays (0.4: about 290 bytes of firm state, 4 per chain,
 * 4 per tie slot and 90 per buyer-link slot (0.6: with bargaining and orders)), plus 25% for JavaScript objects.
 */
export function worldSize(s: Scenario): WorldSize {
  const W = s.world;
  let slots = 0;
  for (const c of W.clusters) slots += Math.max(c.firms, c.capacity > 0 ? c.capacity : Math.ceil(1.5 * c.firms));
  const buyers = W.buyers.reduce((a, b) => a + b.count, 0);
  const ties = Math.max(0, ...W.clusters.map((c) => c.ties));
  const ext = Math.max(0, ...W.clusters.map((c) => c.external_ties));
  const perSlot = 300 + 4 * W.chains.length + 4 * ties + 4 * ext + 90 * s.params.sourcing.max_links;
  const bytes = Math.ceil(1.25 * (slots * perSlot + buyers * 400));
  return { slots, buyers, bytes };
}

/** Human-readable bytes (GiB with two decimals, or MiB). */
export function formatBytes(b: number): string {
  return b >= 2 ** 30 ? `${(b / 2 ** 30).toFixed(2)} GiB` : `${(b / 2 ** 20).toFixed(1)} MiB`;
}
