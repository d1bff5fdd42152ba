/**
 * Bargained link prices (MODEL.md §4.4, §8 "Markets and money"; Kaplinsky
 * 2015 §2–§3; Humphrey & Schmitz 2000 §1, §4.2).
 *
 * Each link's price lies between the supplier's landed cost LC (unit labour
 * cost at its cluster's wage and exchange rate, plus logistics) and the
 * buyer's ceiling p̄ = V − g − (Ŝ − κ)⁺:
 *   - V is what the supplier's functions are worth per unit: the chain's
 *     price × quality × the smile-curve share of the role it holds on the
 *     link (design and brand shares only where buyer and mode allow them);
 *   - g is the buyer's governance cost per unit of the link;
 *   - Ŝ is the buyer's outside option: the surplus per unit, V − g − p, that
 *     the best alternative supplier it scouts this tick would leave it at
 *     the price that supplier would bargain on its own (the same reach as
 *     sourcing: home buyers look at home, others draw clusters by size,
 *     reputation and infrastructure), smoothed over ticks. An alternative
 *     does not sell at cost either, so only one that offers more than the
 *     incumbent — cheaper (wage, exchange rate, productivity, distance) or
 *     more capable — binds [M: not Bertrand competition at cost];
 *   - κ is what switching away from this supplier would cost the buyer:
 *     `switch_cost`[mode]·V, by the link's governance mode (GHS 2005: low
 *     in market and modular chains, high in relational ones; in captive
 *     chains the supplier, not the buyer, is locked in; hierarchy 1 = an
 *     in-house unit is not switched; ODD §7.6), plus its sunk investment in
 *     the supplier per unit (counted once: the share does not scale with it).
 * The uncontested bargain gives the supplier the share β of the room,
 * p₀ = LC + β(V − g − LC). The outside option is a constraint, not a threat
 * point (the outside-option principle; Binmore, Rubinstein & Wolinsky
 * 1986): p = min(p₀, p̄), so it binds only when the alternative would leave
 * the buyer more than its share of this bargain plus the switching cost. If
 * p̄ < LC the buyer would rather have its alternative: the supplier, which
 * never sells below its landed cost, asks LC, and the link lasts only until
 * the buyer moves its orders (sourcing). β is set by the
 * governance mode, the supplier's scarce competence (1 − the reachable
 * suppliers at least as competent / the chain's supplier places), the buyer's share of the supplier's output and
 * the concentration of the chain's buyer demand:
 *   β = clip01(β_mode·(1 + θ_s(2ρ − 1))·(1 − θ_d·d)·(1 − θ_H·H)).
 * So an exchange-rate fall in a rival country, a capable low-cost entrant,
 * or rivals that acquire the supplier's competence lower its price only
 * through the alternatives the buyer can reach: rent erosion and the moving
 * target are what this competition does, not a rule of their own. The
 * chain's price index (Σq·p over Σq·p at Ŝ = 0) records the erosion.
 *
 * Knockouts: `switches.bargaining` off prices every link at LC × (1 +
 * `fixed_markup`); `switches.outside_option` off sets Ŝ = 0.
 *
 * Cost per tick: O(N + links + buyers × scout_sample); no pair search. The
 * alternatives are drawn from stream `bargaining.outside/<tick>`, buyers in
 * id order.
 */
import type { PhaseContext } from '../../engine/scheduler.js';
import type { Rng } from '../../engine/rng.js';
import { EXCLUDED, FUNCTIONS, K, OBM, ODM, OEM, PRODUCT } from '../constants.js';
import { HIST_BINS } from '../state/chains.js';
import type { World } from '../world.js';
import { choice, costOf, evaluate, imposedMode } from './governance.js';
import { linkRoleFor, potentialRole } from './roles.js';
import { landedCost } from './costs.js';
import { canTake, closeTakers, clusterWeights, draw, openTakers, reachHome } from './reach.js';

const F = FUNCTIONS.length;
const F_DESIGN = FUNCTIONS.indexOf('design');
const F_COMPONENTS = FUNCTIONS.indexOf('components');
const F_ASSEMBLY = FUNCTIONS.indexOf('assembly');
const F_LOGISTICS = FUNCTIONS.indexOf('logistics');
const F_MARKETING = FUNCTIONS.indexOf('marketing');
const F_SERVICES = FUNCTIONS.indexOf('services');

/** Smile-curve share of the final value that a supplier in `role` on chain c performs (Dai, Zhu & He Table III). */
export function valueShare(w: World, c: number, role: number, services: boolean): number {
  const va = w.chains.chainVa;
  const o = c * F;
  let v = va[o + F_ASSEMBLY];
  if (role >= OEM) v += va[o + F_COMPONENTS] + va[o + F_LOGISTICS];
  if (role >= ODM) v += va[o + F_DESIGN];
  if (role >= OBM) v += va[o + F_MARKETING];
  if (services) v += va[o + F_SERVICES];
  return v > 1 ? 1 : v;
}

/** Quality multiplier of firm i's product (product upgrading raises unit value). */
export function quality(w: World, i: number): number {
  return 1 + w.params.production.product_premium * w.firms.cap[i * K + PRODUCT];
}

/** Value per unit V of firm i's functions in `role` on chain c. */
export function unitValue(w: World, c: number, i: number, role: number): number {
  return w.chains.chainPrice[c] * quality(w, i) * valueShare(w, c, role, w.firms.services[i] === 1);
}

/** Competence bin of the chain histogram. */
function bin(s: number): number {
  const v = (s * HIST_BINS) | 0;
  return v < 0 ? 0 : v >= HIST_BINS ? HIST_BINS - 1 : v;
}

/**
 * Scarcity ρ of competence s for buyer b on chain c, in [0, 1]: 1 − (the
 * suppliers at least as competent as s that b can reach — its home cluster,
 * or every active cluster) / (the supplier places of the chain's buyers),
 * floored at 0. Rent is "scarcity in the context of demand" (Kaplinsky 2015
 * §2): less competent rivals or rivals out of reach leave it unchanged;
 * equally competent rivals in reach, or fewer buyers, lower it.
 */
export function competenceScarcity(w: World, b: number, s: number): number {
  const c = w.buyers.buyerChain[b];
  const places = w.chains.chainPlaces[c];
  if (places <= 0) return 0;
  const home = reachHome(w, b);
  const h = home >= 0 ? w.chains.chainClusterHist : w.chains.chainCompHist;
  const o = (home >= 0 ? c * w.clusters.nClusters + home : c) * HIST_BINS;
  return scarcityAt(h, o, bin(s), places);
}

/**
 * The rise of scarcity one histogram bin up, for buyer b at competence s:
 * competenceScarcity(s + 1/HIST_BINS) − competenceScarcity(s), with the lookups
 * of buyer, chain and reach done once (investment.ts reads it per link).
 * `out[0]` receives competenceScarcity(s).
 */
export function scarcityStep(w: World, b: number, s: number, out: Float64Array): number {
  const c = w.buyers.buyerChain[b];
  const places = w.chains.chainPlaces[c];
  if (places <= 0) return (out[0] = 0);
  const home = reachHome(w, b);
  const h = home >= 0 ? w.chains.chainClusterHist : w.chains.chainCompHist;
  const o = (home >= 0 ? c * w.clusters.nClusters + home : c) * HIST_BINS;
  const s0 = scarcityAt(h, o, bin(s), places);
  out[0] = s0;
  return scarcityAt(h, o, bin(s + 1 / HIST_BINS), places) - s0;
}

function scarcityAt(h: Float64Array, o: number, k: number, places: number): number {
  const atLeast = h[o + HIST_BINS - 1] - (k > 0 ? h[o + k - 1] : 0);
  const r = 1 - atLeast / places;
  return r < 0 ? 0 : r;
}

/** Refresh the chains' competence histograms (active clusters) and buyer concentration (O(N + buyers)). */
function chainStatistics(w: World): void {
  const C = w.chains.nChains;
  const Q = w.clusters.nClusters;
  const hq = w.chains.chainClusterHist;
  const h = w.chains.chainCompHist;
  hq.fill(0);
  h.fill(0);
  for (let i = 0; i < w.firms.N; i++) {
    if (!w.firms.alive[i]) continue;
    const q = w.firms.firmCluster[i];
    if (!w.clusters.clusterActive[q]) continue;
    const k = bin(w.competence(i));
    const mask = w.firms.chainMask[i];
    for (let c = 0; c < C; c++) if ((mask >>> c) & 1) hq[(c * Q + q) * HIST_BINS + k]++;
  }
  for (let c = 0; c < C; c++) {
    for (let q = 0; q < Q; q++) {
      const o = (c * Q + q) * HIST_BINS;
      for (let k = 0; k < HIST_BINS; k++) {
        if (k > 0) hq[o + k] += hq[o + k - 1];
        h[c * HIST_BINS + k] += hq[o + k];
      }
    }
  }
  const hhi = w.chains.chainBuyerHHI;
  hhi.fill(0);
  const total = new Float64Array(C);
  const places = w.chains.chainPlaces;
  places.fill(0);
  for (let b = 0; b < w.buyers.nBuyers; b++) {
    if (!w.buyers.buyerActive[b]) continue;
    const n = w.buyers.buyerSuppliers[b];
    places[w.buyers.buyerChain[b]] += n;
    total[w.buyers.buyerChain[b]] += w.buyers.buyerLinkVolume[b] * n;
  }
  for (let b = 0; b < w.buyers.nBuyers; b++) {
    if (!w.buyers.buyerActive[b]) continue;
    const c = w.buyers.buyerChain[b];
    const sh = total[c] > 0 ? (w.buyers.buyerLinkVolume[b] * w.buyers.buyerSuppliers[b]) / total[c] : 0;
    hhi[c] += sh * sh;
  }
}

/**
 * What candidate j would offer buyer b per unit: the surplus V − g − p the
 * buyer keeps at the price j would bargain with no outside option against
 * it (its own β, scarcity and dependence), or -Infinity when b cannot or
 * would not take j (its mode into `offered.mode`). An alternative supplier
 * does not sell at cost either: only one that offers the buyer more than
 * the incumbent does binds. Sourcing ranks candidates by the same offer.
 */
export const offered = { mode: EXCLUDED };
export function offer(w: World, b: number, j: number, imposed: number): number {
  offered.mode = EXCLUDED;
  if (!canTake(w, b, j)) return -Infinity;
  // valued in the mode the buyer would choose freely, even under a clamp: a clamp changes the mode of a link,
  // not which supplier a buyer prefers (ODD §7.5.7; pattern 3 follows the same suppliers in clamped arms)
  const mode = evaluate(w, b, j);
  if (mode === EXCLUDED) return -Infinity;
  const cost = choice.cost;
  const q = w.buyers.buyerLinkVolume[b];
  if (q <= 0) return -Infinity;
  const c = w.buyers.buyerChain[b];
  const v = unitValue(w, c, j, linkRoleFor(w, b, mode, potentialRole(w, j)));
  const g = cost / q;
  offered.mode = imposed === -2 ? mode : imposed;
  const units = firmUnits(w, j) + q;
  bargain(w, v, landedCost(w, b, j), g, 0, 0, mode, competenceScarcity(w, b, w.competence(j)), q / units, w.chains.chainBuyerHHI[c]);
  return v - g - deal.free;
}

/** Units of firm i before subcontracted work: its domestic sales and its links' current order volumes. */
function firmUnits(w: World, i: number): number {
  const L = w.links.maxLinks;
  let units = w.firms.homeUnits[i];
  for (let k = 0; k < L; k++) if (w.links.linkBuyer[i * L + k] >= 0) units += w.links.linkVolume[i * L + k];
  return units;
}

/** Update every active buyer's outside option Ŝ from this tick's scouted alternatives. */
function outsideOptions(w: World, ctx: PhaseContext): void {
  const p = w.params;
  const out = w.buyers.buyerOutside;
  w.buyers.buyerBestAlt.fill(-1);
  w.buyers.buyerBestOffer.fill(0);
  if (!p.switches.outside_option) {
    out.fill(0);
    return;
  }
  const phi = p.bargaining.smoothing;
  const imposed = imposedMode(p);
  const cum = clusterWeights(w);
  const rng = ctx.streams.get(`bargaining.outside/${ctx.tick}`);
  openTakers(w); // canTake's compact table (reach.ts): nothing below changes links
  try {
    scoutAlternatives(w, cum, rng, imposed, phi, out);
  } finally {
    closeTakers();
  }
}

/** Each active buyer's best scouted alternative and its smoothed outside option (buyers in id order). */
function scoutAlternatives(w: World, cum: Float64Array, rng: Rng, imposed: number, phi: number, out: Float64Array): void {
  for (let b = 0; b < w.buyers.nBuyers; b++) {
    if (!w.buyers.buyerActive[b]) {
      out[b] = 0;
      continue;
    }
    const home = reachHome(w, b);
    let best = 0;
    let alt = -1;
    const tries = w.buyers.buyerScout[b];
    for (let t = 0; t < tries; t++) {
      const j = draw(w, cum, rng, home);
      if (j < 0) continue;
      const sj = offer(w, b, j, imposed);
      if (sj > best) {
        best = sj;
        alt = j;
      }
    }
    w.buyers.buyerBestAlt[b] = alt;
    w.buyers.buyerBestOffer[b] = best;
    out[b] = (1 - phi) * out[b] + phi * best;
  }
}

/**
 * What switching away from link s would cost its buyer per unit, κ: `switch_cost`[m] × the link's value, m the
 * link's governance mode, plus the buyer's sunk investment in the supplier per unit of one supplier place.
 * Bargaining and the orders rule read the same κ.
 */
export function switchingCost(w: World, s: number, b: number): number {
  const q0 = w.buyers.buyerLinkVolume[b];
  return switchShare(w, w.links.linkMode[s]) * w.links.linkValue[s] + (q0 > 0 ? w.links.linkInvestment[s] / q0 : 0);
}

/** The switching-cost share of value for governance mode m (`bargaining.switch_cost`[m]; 0 for a mode out of range). */
export function switchShare(w: World, m: number): number {
  const v = w.params.bargaining.switch_cost[m];
  return v === undefined ? 0 : v;
}

/**
 * The orders gap of link s with buyer b, per unit: how far the buyer's outside option net of switching, Ŝ_b − κ, exceeds
 * what the link leaves it even at the supplier's landed cost, V − g − LC. Positive: the supplier cannot match and the
 * link loses share (orders.ts); own-brand.ts reads the same gap to value the orders a brand puts at risk.
 */
export function orderGap(w: World, s: number, b: number): number {
  return w.buyers.buyerOutside[b] - switchingCost(w, s, b) - (w.links.linkValue[s] - w.links.linkGov[s] - w.links.linkCost[s]);
}

/**
 * The bargaining split: a seller whose cost is `lc` and a buyer to whom the
 * deal is worth `v` agree on lc + β(v − lc); with no room (v < lc) the seller
 * asks its cost. Used for link prices (`bargain`) and contract prices
 * (outsourcing.ts).
 */
export function split(lc: number, v: number, beta: number): number {
  return v < lc ? lc : lc + beta * (v - lc);
}

/** Scratch output of `bargain` (no allocation per link). */
export const deal = { price: 0, free: 0, beta: 0 };

/**
 * The bargain of one link: price (into `deal.price`), the price the same
 * link would fetch with no outside option (`deal.free`) and the supplier's
 * power (`deal.beta`). Inputs are per unit: V, LC, g, the buyer's outside
 * option Ŝ and switching cost κ; β's factors: mode, competence scarcity
 * ρ, dependence d and buyer concentration H.
 */
export function bargain(w: World, v: number, lc: number, g: number, outside: number, kappa: number, mode: number, rho: number, d: number, hhi: number): void {
  const bp = w.params.bargaining;
  let beta = bp.beta[mode] * (1 + bp.scarcity * (2 * rho - 1)) * (1 - bp.dependence * d) * (1 - bp.concentration * hhi);
  beta = beta < 0 ? 0 : beta > 1 ? 1 : beta;
  deal.beta = beta;
  const room = outside - kappa;
  const ceiling = v - g - (room > 0 ? room : 0);
  const free = v - g;
  deal.free = split(lc, free, beta);
  // the outside option is a constraint, not a threat point (Binmore, Rubinstein & Wolinsky 1986): it binds only
  // when the buyer's share of the uncontested bargain is worth less to it than its alternative net of switching
  deal.price = ceiling < lc ? lc : ceiling < deal.free ? ceiling : deal.free;
}

export function bargainingPhase(w: World, ctx: PhaseContext): void {
  const p = w.params;
  const L = w.links.maxLinks;
  const C = w.chains.nChains;
  const on = p.switches.bargaining;
  const learning = p.switches.governance_learning;
  if (on) {
    chainStatistics(w);
    outsideOptions(w, ctx);
  }
  const paid = w.chains.chainPriceIndex;
  const free = new Float64Array(C);
  paid.fill(0);
  for (let i = 0; i < w.firms.N; i++) {
    if (!w.firms.alive[i]) continue;
    let linked = false;
    for (let j = 0; j < L; j++) if (w.links.linkBuyer[i * L + j] >= 0) linked = true;
    if (!linked) continue;
    // the firm's units before subcontracted work: domestic + export orders (its buyers' dependence)
    const units = firmUnits(w, i);
    const s0 = on ? w.competence(i) : 0;
    for (let j = 0; j < L; j++) {
      const s = i * L + j;
      const b = w.links.linkBuyer[s];
      if (b < 0) continue;
      const c = w.buyers.buyerChain[b];
      const q = w.links.linkVolume[s];
      // governance and switching costs per unit at one supplier place's volume, as for a candidate: a link that
      // loses orders does not become dearer per unit to govern (no spiral), and incumbents and candidates compare alike
      const q0 = w.buyers.buyerLinkVolume[b];
      const mode = w.links.linkMode[s];
      const v = unitValue(w, c, i, w.links.linkRole[s]);
      const lc = landedCost(w, b, i);
      w.links.linkValue[s] = v;
      w.links.linkCost[s] = lc;
      if (!on || q0 <= 0) {
        w.links.linkGov[s] = 0;
        w.links.linkBeta[s] = 0;
        w.links.linkPrice[s] = lc * (1 + p.bargaining.fixed_markup);
        continue;
      }
      // the governance phase's cost of this mode, computed moments ago from the same state (not with learning on:
      // a buyer's attractions change link by link there)
      const known = w.links.linkModeCost[s];
      const g = (known === known && !learning ? known : costOf(w, b, i, mode, w.links.linkCodified[s])) / q0;
      const kappa = switchingCost(w, s, b);
      const rho = competenceScarcity(w, b, s0);
      bargain(w, v, lc, g, w.buyers.buyerOutside[b], kappa, mode, rho, units > 0 ? q / units : 1, w.chains.chainBuyerHHI[c]);
      w.links.linkGov[s] = g;
      w.links.linkBeta[s] = deal.beta;
      w.links.linkPrice[s] = deal.price;
      paid[c] += q * deal.price;
      free[c] += q * deal.free;
    }
  }
  for (let c = 0; c < C; c++) paid[c] = on && free[c] > 0 ? paid[c] / free[c] : 1;
}
