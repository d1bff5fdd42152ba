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
 * cost). Wages rise with the country's upgrading; upgraded firms whose wage
 * is far above the cheapest active cluster's outsource assembly there
 * (Kaplinsky §4e). Services firms subcontract manufacturing to the SMEs they
 * are tied to (triangle manufacturing; Gereffi 1999; Dai §IV.3).
 * It books revenue, purchases and labour cost; money.ts turns them into
 * profit and wealth.
 */
import type { PhaseContext } from '../../engine/scheduler.js';
import { FUNCTIONS, LARGE, LEAD, ODM, SME } from '../constants.js';
import { quality as qualityOf, valueShare } from './bargaining.js';
import { logisticsCost, unitLabour } from './costs.js';

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
  // the cheapest active cluster's wage: where outsourced assembly goes
  let minWage = Infinity;
  for (let c = 0; c < w.clusters.nClusters; c++) if (w.clusters.clusterActive[c]) minWage = Math.min(minWage, w.wage(c));
  // lead and large firms buy standardised work from the SMEs tied to them (hub and spoke);
  // services firms subcontract more of their orders; selectively relocated firms buy less locally
  const sub = new Float64Array(w.firms.N);
  w.firms.subcontracted.fill(0);
  w.firms.purchases.fill(0);
  const lf = p.lead_firms;
  for (let i = 0; i < w.firms.N; i++) {
    if (!w.firms.alive[i] || (w.firms.status[i] !== LEAD && w.firms.status[i] !== LARGE)) continue;
    let share = p.switches.lead_firms ? lf.local_sourcing : 0;
    if (p.switches.services && w.firms.services[i]) share += lf.services_share;
    if (w.firms.relocated[i]) share *= 1 - lf.selective_share;
    if (share <= 0) continue;
    let q = w.firms.homeUnits[i];
    for (let j = 0; j < L; j++) if (w.links.linkBuyer[i * L + j] >= 0) q += w.links.linkVolume[i * L + j];
    let n = 0;
    for (let t = 0; t < w.firms.tieSlots; t++) {
      const j = w.firms.ties[i * w.firms.tieSlots + t];
      if (j >= 0 && w.firms.alive[j] && w.firms.status[j] === SME) n++;
    }
    if (n === 0) continue;
    const each = (q * share) / n;
    for (let t = 0; t < w.firms.tieSlots; t++) {
      const j = w.firms.ties[i * w.firms.tieSlots + t];
      if (j >= 0 && w.firms.alive[j] && w.firms.status[j] === SME) sub[j] += each;
    }
    w.firms.subcontracted[i] = share;
    w.firms.purchases[i] = q * share * subcontractPrice(w, homeChain(w, i));
  }
  const revenueNow = new Float64Array(w.clusters.nClusters);
  for (let i = 0; i < w.firms.N; i++) {
    if (!w.firms.alive[i]) continue;
    const ci = w.firms.firmCluster[i];
    let labour = unitLabour(w, i);
    const wage = w.wage(ci);
    const home = homeChain(w, i);
    // home sales at the home market's units and price (home-market.ts; with home competition off, 0.5's rule,
    // written as before so that its output is unchanged to the last digit)
    let units = w.firms.homeUnits[i];
    let rev = p.switches.home_competition ? units * w.firms.homePrice[i] : units * pr.domestic_price * qualityOf(w, i) * valueShare(w, home, w.firms.domesticRole[i], false);
    let freight = 0;
    let main = 0;
    let topRole = w.firms.domesticRole[i];
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
      if (w.links.linkRole[s] > topRole) topRole = w.links.linkRole[s];
      w.firms.chainIdle[i * w.chains.nChains + c] = 0;
      w.firms.chainServed[i] |= 1 << c;
    }
    // work bought by the lead and large firms the SME is tied to
    if (sub[i] > 0) {
      units += sub[i];
      rev += sub[i] * subcontractPrice(w, home);
    }
    w.firms.purchases[i] += freight;
    w.firms.allegiance[i] = units > 0 ? main / units : 0;
    // outsourcing of assembly by upgraded firms facing high wages
    let cheapCost = 0;
    // (sticky: a firm that outsources brings assembly back only when its wage falls to 80% of the trigger)
    const trigger = pr.outsourcing_ratio * minWage;
    if (p.switches.outsourcing && topRole >= ODM && wage > trigger) {
      if (w.firms.outsourced[i] === 0) w.emit(i, -1, 'outsourcing', `assembly moves to a cluster with wage ${minWage.toFixed(3)} (own ${wage.toFixed(3)})`, -1);
      w.firms.outsourced[i] = pr.outsourcing_share;
    } else if (!p.switches.outsourcing || wage < 0.8 * trigger) {
      w.firms.outsourced[i] = 0;
    }
    // a selectively relocated firm produces that share in the cheapest region
    if (w.firms.relocated[i]) w.firms.outsourced[i] = Math.max(w.firms.outsourced[i], lf.selective_share);
    // work bought from SMEs or moved out is not done by the firm's own workers
    if (w.firms.status[i] !== SME) labour *= 1 - w.firms.subcontracted[i];
    if (w.firms.outsourced[i] > 0) {
      cheapCost = units * labour * w.firms.outsourced[i] * minWage;
      labour *= 1 - w.firms.outsourced[i];
    }
    const workers = units * labour;
    w.firms.workers[i] = workers;
    w.firms.units[i] = units;
    w.firms.revenue[i] = rev;
    // labour bought abroad counts with the firm's own wages; money.ts turns these into profit
    w.firms.labourCost[i] = workers * wage + cheapCost;
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

