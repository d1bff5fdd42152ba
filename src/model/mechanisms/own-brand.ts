/**
 * Own brand as an investment (issue 9 item 6; ODD §7.3c). Sources: Dai, Zhu &
 * He §IV.1 (the own-brand dilemma: a supplier's brand competes with its brand
 * customers' products, and they withdraw orders); Humphrey & Schmitz 2000
 * §2.2 (OBM "cannot be taken for granted"); Kaplinsky 2015 (brand rents are
 * rents only while they are scarce).
 *
 * - **Launch.** An eligible firm (marketing ≥ `brand_threshold`, design ≥ the
 *   ODM threshold, investing, with links) considers a brand with probability
 *   = its dynamic capability, and launches if
 *     π·δ^T·H·q̂_B·(p_B − LC) − C_B − (A_T + π·δ^T/r)·Σ_lost (p − LC)·q > 0
 *   where a link to an intolerant customer is lost if the penalty ret·V
 *   makes its gap in the orders rule positive (orders.ts: it then loses share
 *   each tick and ends), so its whole margin is at risk, and the others lose nothing;
 *   with r the interest rate, H = 1/(r + `brand_decay`), δ = 1/(1 + r),
 *   A_T = (1 − δ^T)/r (the penalty is paid through the build-up whatever its
 *   outcome, and after it, undecayed, only if the brand succeeds), C_B = `brand_cost`·R̄,
 *   Ê = 1 − (1 − c_mkt/8)^T the equity expected after T = `brand_ticks`,
 *   π = Ê(0.5 + 0.5·Rep) its chance of success and q̂_B its sales at Ê, and
 *   only if wealth + credit line + T × operating profit ≥ C_B (money.ts: the
 *   cost is paid as it goes, from cash, credit and the build-up ticks' profit).
 *   A financeable launch whose brand margin alone would pay but that the
 *   orders at risk stop is recorded (`brand_forgone`: the own-brand dilemma).
 * - **Build-up.** For T ticks it pays C_B/T from wealth (so a brand can drive
 *   a firm insolvent) and E += (1 − E)·c_mkt/8. At the end it succeeds with
 *   probability E·(0.5 + 0.5·Rep) (`brand_success`; the OBM role opens, roles.ts)
 *   or fails (`brand_failure`, counted in `brand_failures`; the money is lost, E = 0).
 * - **Sales.** A brand sells q_B = D_c·E/(ΣE_c + `incumbent_equity`·n_c) units
 *   in its chain c (D_c the chain's buyer demand, n_c its buyers), at most its
 *   capacity in supplier places left free by its links, at p_B (the value per unit its customers got
 *   at launch, moving with the chain's price index). The chain's buyers lose
 *   the same share of their volume: `chainBrandShare` (orders.ts).
 * - **Reaction.** From launch on, a brand customer that does not tolerate
 *   supplier brands adds ret·V to the gap of its link with the firm (orders.ts),
 *   so its orders drift away by the orders rule when its surplus, so penalised,
 *   falls below its alternative; tolerant customers do not.
 * - **Decay.** After success E ← E(1 − `brand_decay`) + (1 − E)·c_mkt/8 while
 *   the firm invests (effort > 0), else only the decay.
 *
 * Runs after investment (it reads this tick's effort) and before orders.
 * Draws come from stream `own-brand/<tick>` in firm-id order. Cost O(N·L + B).
 */
import type { PhaseContext } from '../../engine/scheduler.js';
import type { Rng } from '../../engine/rng.js';
import { CAPTIVE, DESIGN, HIERARCHY, K, MARKETING } from '../constants.js';
import { C_BRAND_FAIL, type World } from '../world.js';
import { orderGap } from './bargaining.js';
import { creditLine, interestRate } from './money.js';

export function ownBrandPhase(w: World, ctx: PhaseContext): void {
  const p = w.params;
  const f = p.firms;
  const F = w.firms;
  const C = w.chains.nChains;
  const T = f.brand_ticks;
  // each chain's buyer demand (units) and buyers
  const demand = new Float64Array(C);
  const buyersIn = new Float64Array(C);
  const places = new Float64Array(C);
  for (let b = 0; b < w.buyers.nBuyers; b++) {
    // only active buyers have demand a brand can take (inactive ones have not arrived or have exited)
    if (!w.buyers.buyerActive[b]) continue;
    const c = w.buyers.buyerChain[b];
    demand[c] += w.buyers.buyerLinkVolume[b] * w.buyers.buyerSuppliers[b];
    places[c] += w.buyers.buyerSuppliers[b];
    buyersIn[c]++;
  }
  const equity = new Float64Array(C);
  let rng: Rng | null = null;
  for (let i = 0; i < F.N; i++) {
    if (!F.alive[i]) continue;
    const mkt = F.cap[i * K + MARKETING];
    if (F.brandBuild[i] > 0) {
      // build-up: pay this tick's part of the cost from wealth; equity grows with marketing capability
      F.wealth[i] -= F.brandCost[i];
      F.brandEquity[i] += (1 - F.brandEquity[i]) * (mkt / 8);
      if (--F.brandBuild[i] === 0) {
        rng ??= ctx.streams.get(`own-brand/${ctx.tick}`);
        const rep = w.clusters.clusterReputation[F.firmCluster[i]];
        const prob = F.brandEquity[i] * (0.5 + 0.5 * rep);
        if (rng.next() < prob) {
          F.brand[i] = 1;
          w.emit(i, -1, 'brand_success', `own brand established (equity ${F.brandEquity[i].toFixed(3)}, chance ${prob.toFixed(3)})`, -1);
        } else {
          w.emit(i, -1, 'brand_failure', `own brand fails after ${T} ticks (equity ${F.brandEquity[i].toFixed(3)}, chance ${prob.toFixed(3)}); the cost is lost`, C_BRAND_FAIL);
          F.brandEquity[i] = 0;
          F.brandChain[i] = -1;
        }
      }
    } else if (F.brand[i]) {
      const e = F.brandEquity[i];
      F.brandEquity[i] = e * (1 - f.brand_decay) + (F.effort[i] > 0 ? (1 - e) * (mkt / 8) : 0);
    } else if (
      p.switches.own_brand &&
      mkt >= f.brand_threshold &&
      F.cap[i * K + DESIGN] >= p.roles.odm_design &&
      F.effort[i] > 0
    ) {
      rng ??= ctx.streams.get(`own-brand/${ctx.tick}`);
      if (rng.next() < F.dynamic[i]) launch(w, i, demand, buyersIn, places);
    }
    if (F.brand[i] && F.brandChain[i] >= 0) equity[F.brandChain[i]] += F.brandEquity[i];
  }
  // sales: brands take their share of the chain's demand from its buyers
  const sold = new Float64Array(C);
  for (let i = 0; i < F.N; i++) {
    F.brandUnits[i] = 0;
    const c = F.brandChain[i];
    if (!F.alive[i] || !F.brand[i] || c < 0 || demand[c] <= 0) continue;
    const q = (demand[c] * F.brandEquity[i]) / (equity[c] + f.incumbent_equity * buyersIn[c]);
    const cap = freePlaces(w, i) * (demand[c] / places[c]);
    F.brandUnits[i] = q < cap ? q : cap;
    sold[c] += F.brandUnits[i];
  }
  for (let c = 0; c < C; c++) w.chains.chainBrandShare[c] = demand[c] > 0 ? sold[c] / demand[c] : 0;
}

/** Weigh and, if it pays and can be financed, start firm i's brand (build-up begins). */
function launch(w: World, i: number, demand: Float64Array, buyersIn: Float64Array, places: Float64Array): void {
  const f = w.params.firms;
  const F = w.firms;
  const L = w.links.maxLinks;
  // the chain of the firm's largest link; the value per unit and landed cost its customers see
  let c = -1;
  let top = -1;
  let qSum = 0;
  let vSum = 0;
  let lcSum = 0;
  let atRisk = 0;
  for (let j = 0; j < L; j++) {
    const s = i * L + j;
    const b = w.links.linkBuyer[s];
    if (b < 0) continue;
    const q = w.links.linkVolume[s];
    if (q > top) {
      top = q;
      c = w.buyers.buyerChain[b];
    }
    qSum += q;
    vSum += q * w.links.linkValue[s];
    lcSum += q * w.links.linkCost[s];
    if (!w.buyerProfile(b).brand_tolerance) {
      // the customer's reaction as orders.ts has it: a link whose gap the penalty ret·V makes positive loses share every
      // tick and ends, so its whole margin is at risk; a link that still matches its buyer's alternative loses nothing
      const gap = orderGap(w, s, b);
      const m = w.links.linkPrice[s] - w.links.linkCost[s];
      if (gap + brandPenalty(w, b, w.links.linkMode[s]) * w.links.linkValue[s] > 0 && m > 0) atRisk += m * q;
    }
  }
  if (c < 0 || qSum <= 0 || demand[c] <= 0) return;
  const pB = vSum / qSum;
  const lc = lcSum / qSum;
  const T = f.brand_ticks;
  const mkt = F.cap[i * K + MARKETING];
  const eHat = 1 - Math.pow(1 - mkt / 8, T);
  const rep = w.clusters.clusterReputation[F.firmCluster[i]];
  const pi = eHat * (0.5 + 0.5 * rep);
  let qHat = (demand[c] * eHat) / (eHat + f.incumbent_equity * buyersIn[c]);
  const cap = freePlaces(w, i) * (demand[c] / places[c]);
  if (qHat > cap) qHat = cap;
  // discounting on one time line: the brand's margin starts after the T build-up ticks, only if it succeeds (π), and
  // decays with its equity (H_B = 1/(r + brand_decay)); the intolerant customers' penalty starts at launch, lasts the
  // whole build-up whatever its outcome (A_T = (1 − δ^T)/r) and after it only if the brand succeeds, without decay,
  // since it depends on the brand, not its equity (δ^T/r; brandGap)
  const r = interestRate(w, i);
  const rate = r + f.brand_decay;
  const H = rate > 0 ? 1 / rate : 1e6;
  const dT = Math.pow(1 + r, -T);
  const annuityT = r > 0 ? (1 - dT) / r : T;
  const after = r > 0 ? dT / r : 1e6;
  const cost = f.brand_cost * (F.revenueAvg[i] > 0 ? F.revenueAvg[i] : F.revenue[i]);
  const gross = pi * dT * H * qHat * (pB - lc) - cost;
  const risk = (annuityT + pi * after) * atRisk;
  const value = gross - risk;
  // financed as it is paid: from cash, the credit line and the operating profit of the build-up ticks (money.ts)
  const op = F.opProfit[i] > 0 ? F.opProfit[i] : 0;
  if (F.wealth[i] + creditLine(w, i) + T * op < cost) return;
  if (value <= 0) {
    // the own-brand dilemma: the brand's margin alone would pay, the orders at risk from its brand customers do not
    if (gross > 0) w.emit(i, -1, 'brand_forgone', `own brand not launched in ${w.chains.chainIds[c]}: net value without the orders at risk ${gross.toFixed(3)}, orders at risk ${risk.toFixed(3)}`, -1);
    return;
  }
  F.brandBuild[i] = T;
  F.brandCost[i] = cost / T;
  F.brandEquity[i] = 0;
  F.brandChain[i] = c;
  const index = w.chains.chainPrice[c] * w.chains.chainPriceIndex[c];
  F.brandPrice[i] = index > 0 ? pB / index : 1;
  w.emit(i, -1, 'brand_launch', `own brand build-up starts in ${w.chains.chainIds[c]} (cost ${cost.toFixed(3)} over ${T} ticks, net value ${value.toFixed(3)}, orders at risk ${risk.toFixed(3)})`, -1);
}

/** Supplier places firm i has free beyond its links' (orders.ts counts capacity in places: `capacity_places` × size). */
function freePlaces(w: World, i: number): number {
  const L = w.links.maxLinks;
  let used = 0;
  for (let j = 0; j < L; j++) {
    const b = w.links.linkBuyer[i * L + j];
    if (b >= 0) used += w.links.linkShare[i * L + j] * w.buyers.buyerSuppliers[b];
  }
  const free = w.params.orders.capacity_places * w.firms.sizeFactor[i] - used;
  return free > 0 ? free : 0;
}

/** ret: weight of the penalty an intolerant brand customer b puts on a brand-building supplier's link in mode m. */
export function brandPenalty(w: World, b: number, mode: number): number {
  const f = w.params.firms;
  const d = w.chains.chainDriver[w.buyers.buyerChain[b]];
  const r = d === 0 ? f.brand_retaliation_buyer : d === 1 ? f.brand_retaliation_producer : f.brand_retaliation_mixed;
  return mode === CAPTIVE || mode === HIERARCHY ? r : r / 2;
}

/** Gap a brand customer adds to supplier i's link s with buyer b: ret·V if i builds or sells a brand and b does not tolerate it. */
export function brandGap(w: World, i: number, s: number, b: number): number {
  if (!w.firms.brand[i] && w.firms.brandBuild[i] === 0) return 0;
  if (w.buyerProfile(b).brand_tolerance) return 0;
  return brandPenalty(w, b, w.links.linkMode[s]) * w.links.linkValue[s];
}

/** Units firm i's brand sells this tick and their price (production.ts books them). */
export function brandSales(w: World, i: number): number {
  const c = w.firms.brandChain[i];
  if (c < 0 || w.firms.brandUnits[i] <= 0) return 0;
  return w.firms.brandUnits[i] * w.firms.brandPrice[i] * w.chains.chainPrice[c] * w.chains.chainPriceIndex[c];
}
