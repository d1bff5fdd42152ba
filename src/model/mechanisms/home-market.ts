/**
 * The home market (MODEL.md §4.4, §8 "Markets and money"; Humphrey & Schmitz
 * 2000 §4.3 on domestic markets; Kaplinsky 2015 §2: liberalisation brings
 * "global competition into the domestic arena"). Each cluster sells its home
 * chain's product to its own demand, with its own competition, instead of a
 * fixed volume at a share of the export chain's price.
 *
 * - **Demand.** D_q = D0_q·(P_q/P0_q)^(−ε)·demand_h, where D0_q =
 *   `domestic_volume` × Σ size of the cluster's firms at its first tick (so
 *   the first tick sells what 0.5 did), P_q this tick's share-weighted home
 *   price in home currency (P0_q: the first tick's), and demand_h the home
 *   chain's demand (a `demand` shock moves the home market too).
 * - **Shares.** s_i ∝ z_i·(Q_i/u_i)^(σ−1): size z, quality Q, unit labour
 *   cost u (nested CES; the firm's weight rises with quality per unit cost).
 * - **Price.** p_i = min(cap_i, u_i/(1 − L_i))·b_i, with the Lerner index
 *   L_i = 1/σ + (1/ε − 1/σ)s_i (Atkeson & Burstein 2008: larger shares,
 *   larger markups). The import cap is cap_i = (1 + `import_margin`)·Q_i·
 *   min over the other active clusters of the chain of their mean unit cost
 *   per unit of quality plus freight: cheaper rivals elsewhere cap home
 *   prices. b_i = 1 + ω_D·[ODM+ at home]·(1 − Sh_D) + ω_B·[OBM]·(1 − Sh_B)
 *   is the design and brand premium, which erodes as the share of home sales
 *   by firms holding that role, Sh, grows.
 * - Units at home = s_i·D_q; revenue at home = units × p_i (production.ts).
 *
 * EXPERIMENTAL: `switches.home_competition` is off by default. Switched on
 * in the baseline, home prices follow local unit costs (markup pricing), so
 * a lead firm that buys standardised work from its SMEs at the fixed
 * subcontract price (production.ts) sells below what it pays and exits;
 * subcontracting gets bargained prices with issue 9 item 5, and fixed costs
 * come with item 3. It is switched on by default once those land.
 *
 * Off, it gives 0.5's rule: `domestic_volume`
 * × size units at `domestic_price` × Q × the value share of the firm's home
 * role.
 *
 * Firms in slot order; no draws; O(N + clusters²).
 */
import type { PhaseContext } from '../../engine/scheduler.js';
import { OBM, ODM } from '../constants.js';
import type { World } from '../world.js';
import { quality, valueShare } from './bargaining.js';
import { unitCost } from './costs.js';
import { clusterHomeChain, homeChain } from './production.js';

export function homeMarketPhase(w: World, _ctx: PhaseContext): void {
  const p = w.params;
  const h = p.home_market;
  const N = w.firms.N;
  const Q = w.clusters.nClusters;
  const { homeUnits, homePrice } = w.firms;
  if (!p.switches.home_competition) {
    for (let i = 0; i < N; i++) {
      if (!w.firms.alive[i]) continue;
      const ci = w.firms.firmCluster[i];
      homeUnits[i] = w.clusters.clusterDomesticVolume[ci] * w.firms.sizeFactor[i];
      homePrice[i] = p.production.domestic_price * quality(w, i) * valueShare(w, homeChain(w, i), w.firms.domesticRole[i], false);
    }
    return;
  }
  const sigma = h.substitution;
  const eps = h.elasticity;
  // 1. each cluster's weights, quality-adjusted cost and role shares
  const weight = new Float64Array(Q);
  const costPerQuality = new Float64Array(Q);
  const size = new Float64Array(Q);
  const n = new Float64Array(Q);
  for (let i = 0; i < N; i++) {
    if (!w.firms.alive[i]) continue;
    const ci = w.firms.firmCluster[i];
    const u = unitCost(w, i);
    const qi = quality(w, i);
    const a = u > 0 ? w.firms.sizeFactor[i] * Math.pow(qi / u, sigma - 1) : 0;
    homePrice[i] = a; // scratch: the firm's weight, turned into its price below
    weight[ci] += a;
    costPerQuality[ci] += u / qi;
    size[ci] += w.firms.sizeFactor[i];
    n[ci]++;
  }
  // 2. the import cap: the cheapest other active cluster of the same home chain, per unit of quality, landed
  const cheapest = new Float64Array(Q).fill(Infinity);
  for (let q = 0; q < Q; q++) {
    if (!w.clusters.clusterActive[q] || n[q] === 0) continue;
    const landed = costPerQuality[q] / n[q] + p.production.logistics_cost * w.clusters.clusterDistance[q];
    for (let r = 0; r < Q; r++) {
      if (r === q || !w.clusters.clusterActive[r] || (w.clusters.clusterChains[r] & w.clusters.clusterChains[q]) === 0) continue;
      if (landed < cheapest[r]) cheapest[r] = landed;
    }
  }
  // 3. demand: fixed at the cluster's first tick, then moved by its price index (home currency) and chain demand
  for (let q = 0; q < Q; q++) {
    if (!w.clusters.clusterActive[q] || n[q] === 0) continue;
    if (w.clusters.clusterHomeDemand0[q] === 0) w.clusters.clusterHomeDemand0[q] = w.clusters.clusterDomesticVolume[q] * size[q];
  }
  const share = new Float64Array(Q * 2); // Sh_D, Sh_B
  const priceSum = new Float64Array(Q);
  // 4. shares and prices
  for (let i = 0; i < N; i++) {
    if (!w.firms.alive[i]) continue;
    const ci = w.firms.firmCluster[i];
    const s = weight[ci] > 0 ? homePrice[i] / weight[ci] : 0;
    homeUnits[i] = s; // scratch: the share, turned into units below
    const lerner = 1 / sigma + (1 / eps - 1 / sigma) * s;
    const u = unitCost(w, i);
    let price = u / (1 - (lerner < 0.95 ? lerner : 0.95));
    const cap = (1 + h.import_margin) * quality(w, i) * cheapest[ci];
    if (cap < price) price = cap;
    homePrice[i] = price;
    if (w.firms.domesticRole[i] >= ODM) share[ci * 2] += s;
    if (w.firms.domesticRole[i] >= OBM) share[ci * 2 + 1] += s;
  }
  for (let i = 0; i < N; i++) {
    if (!w.firms.alive[i]) continue;
    const ci = w.firms.firmCluster[i];
    const role = w.firms.domesticRole[i];
    let b = 1;
    if (role >= ODM) b += h.design_premium * (1 - share[ci * 2]);
    if (role >= OBM) b += h.brand_premium * (1 - share[ci * 2 + 1]);
    homePrice[i] *= b;
    priceSum[ci] += homeUnits[i] * homePrice[i];
  }
  // 5. demand and units
  for (let q = 0; q < Q; q++) {
    if (!w.clusters.clusterActive[q] || n[q] === 0) continue;
    const fx = w.countries.countryFx[w.clusters.clusterCountry[q]];
    const index = fx > 0 ? priceSum[q] / fx : priceSum[q];
    if (w.clusters.clusterHomePrice0[q] === 0) w.clusters.clusterHomePrice0[q] = index;
    const p0 = w.clusters.clusterHomePrice0[q];
    const rel = p0 > 0 && index > 0 ? index / p0 : 1;
    w.clusters.clusterHomeDemand[q] = w.clusters.clusterHomeDemand0[q] * Math.pow(rel, -eps) * w.chains.chainDemand[clusterHomeChain(w, q)];
  }
  for (let i = 0; i < N; i++) {
    if (!w.firms.alive[i]) continue;
    homeUnits[i] *= w.clusters.clusterHomeDemand[w.firms.firmCluster[i]];
  }
}
