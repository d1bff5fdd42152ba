/**
 * Production, prices, wages and the division of value (MODEL.md §4.4).
 *
 * A unit of final product on chain c is worth V = price_c·(1 + premium·product)
 * (product upgrading raises unit value). Value added is split along the
 * chain's functions by the driver's smile curve (Dai, Zhu & He Table III):
 * a supplier captures the functions its role covers — OEA: assembly; OEM: +
 * components and logistics; ODM: + design; OBM: + marketing — plus services
 * once it has moved into services (Kaplinsky 2015 figure; Humphrey & Schmitz
 * 2000 §4.5). Production rents (assembly, components, logistics) erode as
 * capable suppliers multiply relative to demand (Kaplinsky 2015: rents and
 * barriers to entry); design and brand rents are protected by barriers. A
 * supplier's price also moves with its competence relative to the chain's
 * suppliers (Kaplinsky's moving target). Labour per unit falls with process
 * capability, infrastructure and joint action (process upgrading lowers unit
 * cost). Wages rise with the country's upgrading; upgraded firms whose wage
 * is far above the cheapest active cluster's outsource assembly there
 * (Kaplinsky §4e). Services firms subcontract manufacturing to the SMEs they
 * are tied to (triangle manufacturing; Gereffi 1999; Dai §IV.3).
 * Revenue − wages − investment goes to wealth; losses are counted for exit.
 */
import type { PhaseContext } from '../../engine/scheduler.js';
import { FUNCTIONS, K, LARGE, LEAD, OBM, ODM, OEM, PROCESS, PRODUCT, SME } from '../constants.js';
import type { World } from '../world.js';

const F = FUNCTIONS.length;
const F_DESIGN = FUNCTIONS.indexOf('design');
const F_COMPONENTS = FUNCTIONS.indexOf('components');
const F_ASSEMBLY = FUNCTIONS.indexOf('assembly');
const F_LOGISTICS = FUNCTIONS.indexOf('logistics');
const F_MARKETING = FUNCTIONS.indexOf('marketing');
const F_SERVICES = FUNCTIONS.indexOf('services');

/** Share of final value a supplier in `role` on chain c captures (price index applied to production functions). */
export function capturedShare(w: World, c: number, role: number, services: boolean): number {
  const va = w.chains.chainVa;
  const o = c * F;
  let prod = va[o + F_ASSEMBLY];
  if (role >= OEM) prod += va[o + F_COMPONENTS] + va[o + F_LOGISTICS];
  let v = prod * w.chains.chainPriceIndex[c];
  if (role >= ODM) v += va[o + F_DESIGN];
  if (role >= OBM) v += va[o + F_MARKETING];
  if (services) v += va[o + F_SERVICES];
  return v > 1 ? 1 : v;
}

/** Chain-level prices: rent erosion and the suppliers' mean competence (moving target). */
function chainPrices(w: World): void {
  const p = w.params;
  const C = w.chains.nChains;
  const capable = new Float64Array(C);
  const slots = new Float64Array(C);
  const compSum = new Float64Array(C);
  const compN = new Float64Array(C);
  // a capable firm erodes rents only if some active buyer of the chain can scout its cluster
  // (a buyer with an active home cluster scouts there; the others scout every cluster)
  const Q = w.clusters.nClusters;
  const reach = new Uint8Array(C * Q);
  for (let b = 0; b < w.buyers.nBuyers; b++) {
    if (!w.buyers.buyerActive[b]) continue;
    const ch = w.buyers.buyerChain[b];
    slots[ch] += w.buyerProfile(b).suppliers;
    const h = w.buyers.buyerHome[b];
    if (h >= 0 && w.clusters.clusterActive[h]) reach[ch * Q + h] = 1;
    else for (let q = 0; q < Q; q++) reach[ch * Q + q] = 1;
  }
  for (let i = 0; i < w.firms.N; i++) {
    if (!w.firms.alive[i]) continue;
    const s = w.competence(i);
    const mask = w.firms.chainMask[i];
    const ci = w.firms.firmCluster[i];
    for (let c = 0; c < C; c++) if ((mask >>> c) & 1 && reach[c * Q + ci] && s >= w.chains.chainStandard[c]) capable[c]++;
    for (let j = 0; j < w.links.maxLinks; j++) {
      const b = w.links.linkBuyer[i * w.links.maxLinks + j];
      if (b < 0) continue;
      compSum[w.buyers.buyerChain[b]] += s;
      compN[w.buyers.buyerChain[b]]++;
    }
  }
  for (let c = 0; c < C; c++) {
    w.chains.chainMeanCompetence[c] = compN[c] > 0 ? compSum[c] / compN[c] : 0;
    let target = 1;
    if (p.switches.rent_erosion && slots[c] > 0 && capable[c] > slots[c]) {
      // scale barriers (producer-driven chains) hold off part of the erosion
      const d = w.chains.chainDriver[c];
      const barrier = d === 1 ? p.production.scale_barrier : d === 2 ? p.production.scale_barrier / 2 : 0;
      target = Math.max(p.production.erosion_floor, Math.pow(capable[c] / slots[c], -p.production.erosion * (1 - barrier)));
    }
    w.chains.chainPriceIndex[c] = 0.8 * w.chains.chainPriceIndex[c] + 0.2 * target;
  }
}

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
  chainPrices(w);
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
    let q = w.clusters.clusterDomesticVolume[w.firms.firmCluster[i]] * w.firms.sizeFactor[i];
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
    const o = i * K;
    const quality = 1 + pr.product_premium * w.firms.cap[o + PRODUCT];
    let labour =
      pr.labour_per_unit *
      (1 - pr.process_saving * w.firms.cap[o + PROCESS]) *
      (1 - pr.infrastructure_saving * w.clusters.clusterInfrastructure[ci]) *
      (w.firms.joint[i] ? 1 - p.joint_action.cost_saving : 1);
    const wage = w.wage(ci);
    const comp = w.competence(i);
    const home = homeChain(w, i);
    const dv = w.clusters.clusterDomesticVolume[ci] * w.firms.sizeFactor[i];
    let units = dv;
    let rev = dv * pr.domestic_price * quality * capturedShare(w, home, w.firms.domesticRole[i], false);
    let main = 0;
    let topRole = w.firms.domesticRole[i];
    for (let j = 0; j < L; j++) {
      const s = i * L + j;
      const b = w.links.linkBuyer[s];
      if (b < 0) continue;
      const c = w.buyers.buyerChain[b];
      const q = w.buyers.buyerLinkVolume[b];
      let price = w.chains.chainPrice[c] * quality * capturedShare(w, c, w.links.linkRole[s], w.firms.services[i] === 1);
      if (p.switches.moving_target) price *= Math.max(0.2, 1 + pr.relative_quality * (comp - w.chains.chainMeanCompetence[c]));
      w.links.linkVolume[s] = q;
      w.links.linkPrice[s] = price;
      w.links.linkAge[s]++;
      units += q;
      rev += q * price;
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
    const spend = w.firms.effort[i] * rev * (1 + p.firms.finance_cost);
    const profit = rev - w.firms.purchases[i] - workers * wage - cheapCost - spend;
    w.firms.wealth[i] += profit;
    w.firms.lossTicks[i] = profit < 0 ? w.firms.lossTicks[i] + 1 : 0;
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

/** The firm's home chain: the lowest-numbered chain its cluster serves. */
export function homeChain(w: World, i: number): number {
  const m = w.clusters.clusterChains[w.firms.firmCluster[i]];
  for (let c = 0; c < w.chains.nChains; c++) if ((m >>> c) & 1) return c;
  return 0;
}

