/**
 * Production, prices, wages and the division of value (MODEL.md §4.4).
 *
 * A unit of final product on chain c is worth V = price_c·(1 + premium·product)
 * (product upgrading raises unit value). Value added is split along the
 * chain's functions by the driver's smile curve (Dai, Zhu & He Table III):
 * a supplier captures the functions its role covers — OEA: assembly; OEM: +
 * components and logistics; ODM: + design; OBM: + marketing — plus services
 * once it has moved into services (Kaplinsky 2015 figure; Humphrey & Schmitz
 * 2000 §4.5). How much of that value a supplier keeps is bargained
 * (bargaining.ts), its order volumes are set by the orders rule (orders.ts)
 * and its home sales by the home market (home-market.ts); this phase books
 * them, with freight as a purchase. Labour per unit falls with process
 * capability, infrastructure and joint action (process upgrading lowers unit
 * cost). Wages rise with the country's upgrading. The outsourcing phase
 * (outsourcing.ts) has set the work bought and taken in: lead and large
 * firms buy a structural share from the SMEs tied to them (hub and spoke;
 * services firms more: triangle manufacturing, Gereffi 1999; Dai §IV.3), and
 * upgraded firms contract assembly out (Kaplinsky §4e). This phase books it:
 * the contractor counts the units, their revenue and the workers; the buyer
 * of the work a purchase and fewer workers. A selectively relocated firm
 * makes `selective_share` of its own work in its plant abroad, booked as a
 * purchase at the wage of the region its relocation ties reach.
 * It books revenue, purchases and labour cost; money.ts turns them into
 * profit and wealth. Value added = revenue − purchases (freight included).
 */
import type { PhaseContext } from '../../engine/scheduler.js';
import { FUNCTIONS, SME } from '../constants.js';
import { quality as qualityOf, valueShare } from './bargaining.js';
import { logisticsCost, unitLabour } from './costs.js';
import { brandSales } from './own-brand.js';

const F = FUNCTIONS.length;
const F_COMPONENTS = FUNCTIONS.indexOf('components');
const F_ASSEMBLY = FUNCTIONS.indexOf('assembly');
import type { World } from '../world.js';

/** Country wage index rises with the mean capability of its firms (MODEL.md §2). */
function wages(w: World): void {
  if (!w.params.switches.wages) return;
  const sum = new Float64Array(w.countries.nCountries);
  const n = new Float64Array(w.countries.nCountries);
  for (let i = 0; i < w.firms.N; i++) {
    if (!w.firms.alive[i]) continue;
    const co = w.clusters.clusterCountry[w.firms.firmCluster[i]];
    sum[co] += w.firms.meanCap(i);
    n[co]++;
  }
  for (let co = 0; co < w.countries.nCountries; co++) {
    if (n[co] === 0) continue;
    const v = 1 + w.countries.countryElasticity[co] * (sum[co] / n[co] - w.countries.countryCap0[co]);
    w.countries.countryWageIndex[co] = v < 0.5 ? 0.5 : v;
  }
}

export function productionPhase(w: World, _ctx: PhaseContext): void {
  const p = w.params;
  const pr = p.production;
  const L = w.links.maxLinks;
  wages(w);
  const C = w.contracts;
  const sel = p.lead_firms.selective_share;
  const alpha = p.outsourcing.assembly_share;
  // what the outsourcing phase booked: hub-and-spoke work bought from SME ties, contracts bought (outsourcing.ts)
  for (let i = 0; i < w.firms.N; i++) w.firms.purchases[i] = C.localCost[i] + C.costOut[i];
  const revenueNow = new Float64Array(w.clusters.nClusters);
  for (let i = 0; i < w.firms.N; i++) {
    if (!w.firms.alive[i]) continue;
    const ci = w.firms.firmCluster[i];
    const ul = unitLabour(w, i);
    let labour = ul;
    const wage = w.wage(ci);
    const home = homeChain(w, i);
    // home sales at the home market's units and price (home-market.ts; with home competition off, 0.5's rule,
    // written as before so that its output is unchanged to the last digit)
    let units = w.firms.homeUnits[i];
    let rev = p.switches.home_competition ? units * w.firms.homePrice[i] : units * pr.domestic_price * qualityOf(w, i) * valueShare(w, home, w.firms.domesticRole[i], false);
    let freight = 0;
    let main = 0;
    for (let j = 0; j < L; j++) {
      const s = i * L + j;
      const b = w.links.linkBuyer[s];
      if (b < 0) continue;
      const c = w.buyers.buyerChain[b];
      // the volume was set by the orders phase and the price bargained this tick; the supplier pays the freight
      const q = w.links.linkVolume[s];
      w.links.linkAge[s]++;
      units += q;
      rev += q * w.links.linkPrice[s];
      freight += q * logisticsCost(w, b, i);
      if (q > main) main = q;
      w.firms.chainIdle[i * w.chains.nChains + c] = 0;
      w.firms.chainServed[i] |= 1 << c;
    }
    // the firm's own brand: units sold under it, at its price (own-brand.ts)
    if (w.firms.brandUnits[i] > 0) {
      units += w.firms.brandUnits[i];
      rev += brandSales(w, i);
    }
    // work bought by the lead and large firms the SME is tied to
    const sub = C.localIn[i];
    if (sub > 0) {
      units += sub;
      rev += sub * subcontractPrice(w, home);
    }
    w.firms.purchases[i] += freight;
    w.firms.allegiance[i] = units > 0 ? main / units : 0;
    // work bought from SMEs is not done by the firm's own workers
    if (w.firms.status[i] !== SME) labour *= 1 - w.firms.subcontracted[i];
    // a selectively relocated firm makes selective_share of the rest in its plant abroad, at the wage of the region
    // its relocation ties reach: a purchase, not value added in the cluster
    const own = units - sub;
    if (w.firms.relocated[i]) {
      w.firms.purchases[i] += own * labour * sel * abroadWage(w, i);
      labour *= 1 - sel;
    }
    // assembly contracted out is done by the contractor's workers; contract work taken in by its own
    let workers = own * labour - C.unitsOut[i] * alpha * ul;
    if (workers < 0) workers = 0;
    if (sub > 0) workers += sub * ul;
    const xin = C.unitsIn[i];
    if (xin > 0) {
      units += xin;
      rev += C.revenueIn[i];
      workers += xin * alpha * ul;
    }
    // the work of its own plant, in whole-unit labour: the base of its capacity (outsourcing.ts), each unit's work counted
    // once, at the firm that does it (the outsourcer keeps the non-assembly 1 − α of a contracted unit)
    let made = own * (w.firms.status[i] !== SME ? 1 - w.firms.subcontracted[i] : 1) * (w.firms.relocated[i] ? 1 - sel : 1) - alpha * C.unitsOut[i];
    if (made < 0) made = 0;
    w.firms.made[i] = made + sub + alpha * xin;
    w.firms.workers[i] = workers;
    w.firms.units[i] = units;
    w.firms.revenue[i] = rev;
    // the firm's own workers; money.ts turns these into profit
    w.firms.labourCost[i] = workers * wage;
    revenueNow[ci] += rev - w.firms.purchases[i];
  }
  // crisis: cluster revenue fell by crisis_drop over the last 4 ticks
  const slot = w.tick % 4;
  for (let c = 0; c < w.clusters.nClusters; c++) {
    const old = w.clusters.clusterRevenueHist[c * 4 + slot];
    w.clusters.clusterCrisis[c] = old > 0 && revenueNow[c] < (1 - p.joint_action.crisis_drop) * old ? 1 : 0;
    w.clusters.clusterRevenueHist[c * 4 + slot] = revenueNow[c];
  }
}

/** Wage of the region a selectively relocated firm moved to: the cheapest cluster its live external ties reach (its own without one). */
function abroadWage(w: World, i: number): number {
  const E = w.firms.extSlots;
  let best = w.wage(w.firms.firmCluster[i]);
  for (let t = 0; t < E; t++) {
    const j = w.firms.ext[i * E + t];
    if (j < 0 || !w.firms.alive[j]) continue;
    const v = w.wage(w.firms.firmCluster[j]);
    if (v < best) best = v;
  }
  return best;
}

/** Unit price of standardised work (assembly and components) bought locally on chain c. */
export function subcontractPrice(w: World, c: number): number {
  return w.chains.chainPrice[c] * (w.chains.chainVa[c * F + F_ASSEMBLY] + w.chains.chainVa[c * F + F_COMPONENTS]) * w.chains.chainPriceIndex[c];
}

/** Cluster q's home chain: the lowest-numbered chain it serves. */
export function clusterHomeChain(w: World, q: number): number {
  const m = w.clusters.clusterChains[q];
  for (let c = 0; c < w.chains.nChains; c++) if ((m >>> c) & 1) return c;
  return 0;
}

/** The firm's home chain: its cluster's. */
export function homeChain(w: World, i: number): number {
  return clusterHomeChain(w, w.firms.firmCluster[i]);
}

