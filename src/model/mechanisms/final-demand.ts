/**
 * Buyers' final demand answers the final price their sourcing costs imply
 * (MODEL.md §8 "Markets and money"; Kaplinsky 2015 fn 3 and §2–§4:
 * immiserising growth, "the level of economic activity increases but is
 * associated with falling real incomes", needs a market that can grow when
 * the goods get cheaper; Humphrey & Schmitz 2000 §4.2 on buyers passing
 * low-cost sources on to their markets). Without it the export market is a
 * fixed pie: a low-cost entrant only takes share from incumbents.
 *
 * Each active buyer b, after bargaining has priced this tick's links and
 * before the orders rule spreads its volume over them:
 *   m_b  = Σ q·p / Σ q·V over its links (q the link's current order volume,
 *          p its bargained price, V the value of the supplier's functions
 *          per unit: the purchase price per unit of value, so a better
 *          product or a higher role at a proportionally higher price does
 *          not count as dearer; the index the line-1 test reads);
 *   r_b  = 1 − α + α·m_b/m_ref, the buyer's final price against its own
 *          reference (α = `pass_through`: the share of its final price that
 *          moves with its cost of goods; 1 = a constant mark-up on it);
 *   D*_b = min(`max_factor`, r_b^(−ε)), ε = `elasticity` (isoelastic final
 *          demand, the home market's form and default, home-market.ts);
 *   D_b ← D_b + λ(D*_b − D_b), λ = `adjustment` (partial adjustment: final
 *          consumers and the buyer's own plans answer over several ticks).
 * The buyer's volume per supplier place is its type's volume / suppliers ×
 * its chain's demand (scenario demand shocks multiply in) × D_b
 * (`World.linkVolumeOf`); orders.ts spreads it over the links by shares, so
 * the new volume flows to suppliers through the usual rule, capacity
 * included. m_ref is the buyer's own m_b at tick `reference_tick` (default
 * 1, the first tick, as the home market's P0; or its first tick with
 * purchases after it, for a buyer that arrives later), the same in every arm
 * of an experiment that differs only after that tick: a reference from the
 * buyer's own history, not a target. Until it is set D_b = 1.
 * A buyer with no purchases this tick keeps its D_b.
 *
 * Knockout: `switches.final_demand` off keeps D_b = 1 (every volume as before
 * this rule, byte-identical).
 *
 * Buyers and link slots in id order; no draws, no allocation in the loops
 * (scratch arrays on the buyer store). Cost O(links + buyers).
 */
import type { PhaseContext } from '../../engine/scheduler.js';
import type { World } from '../world.js';

export function finalDemandPhase(w: World, ctx: PhaseContext): void {
  const p = w.params;
  if (!p.switches.final_demand) return;
  const f = p.final_demand;
  const B = w.buyers.nBuyers;
  const S = w.firms.N * w.links.maxLinks;
  const { linkBuyer, linkVolume, linkPrice, linkValue } = w.links;
  const paid = w.buyers.buyerPriceIndex; // Σ q·p, then m_b
  const worth = w.buyers.buyerWorth; // scratch: Σ q·V
  paid.fill(0);
  worth.fill(0);
  for (let s = 0; s < S; s++) {
    const b = linkBuyer[s];
    if (b < 0) continue;
    const q = linkVolume[s];
    const v = linkValue[s];
    if (!(q > 0) || !(v > 0)) continue;
    paid[b] += q * linkPrice[s];
    worth[b] += q * v;
  }
  const demand = w.buyers.buyerDemand;
  const ref = w.buyers.buyerPriceRef;
  const alpha = f.pass_through;
  const eps = f.elasticity;
  for (let b = 0; b < B; b++) {
    const m = worth[b] > 0 ? paid[b] / worth[b] : 0;
    paid[b] = m;
    if (!w.buyers.buyerActive[b] || !(m > 0)) continue;
    if (ref[b] === 0) {
      if (ctx.tick >= f.reference_tick) ref[b] = m;
      continue;
    }
    const r = 1 - alpha + (alpha * m) / ref[b];
    let target = r > 0 ? Math.pow(r, -eps) : f.max_factor;
    if (target > f.max_factor) target = f.max_factor;
    demand[b] += f.adjustment * (target - demand[b]);
    w.buyers.buyerLinkVolume[b] = w.linkVolumeOf(b);
  }
}
