/**
 * Production, prices, wages and the division of value (MODEL.md §4.4).
 *
 * A unit of final product on chain c is worth V = price_c·(1 + premium·product)
 * (product upgrading raises unit value). Value added is split along the
 * chain by function (assembly, production/sourcing, design, brand, the rest
 * to retail); a supplier captures the shares of the functions its role on
 * the link covers (OEA: assembly; OEM: + production; ODM: + design; OBM: +
 * brand; Kaplinsky 2015 figure; Humphrey & Schmitz 2000 §4.5). Labour per
 * unit falls with process capability (process upgrading lowers unit cost).
 * Revenue − wages − learning investment goes to the firm's wealth.
 */
import type { PhaseContext } from '../engine/scheduler.js';
import { K, PROCESS, PRODUCT } from './constants.js';
import type { Params } from './params.js';
import type { World } from './world.js';

/** Share of final value a supplier in `role` captures. */
export function capturedShare(p: Params['production'], role: number): number {
  let v = p.va_assembly;
  if (role >= 1) v += p.va_production;
  if (role >= 2) v += p.va_design;
  if (role >= 3) v += p.va_brand;
  return v > 1 ? 1 : v;
}

export function productionPhase(w: World, _ctx: PhaseContext): void {
  const p = w.params.production;
  const L = w.maxLinks;
  for (let i = 0; i < w.N; i++) {
    if (!w.alive[i]) {
      w.revenue[i] = 0;
      w.workers[i] = 0;
      continue;
    }
    const ci = w.firmCluster[i];
    const quality = 1 + p.product_premium * w.cap[i * K + PRODUCT];
    const labour = p.labour_per_unit * (1 - p.process_saving * w.cap[i * K + PROCESS]);
    const dv = w.clusterDomesticVolume[ci];
    let units = dv;
    let rev = dv * p.domestic_price * quality * capturedShare(p, w.domesticRole[i]);
    for (let j = 0; j < L; j++) {
      const s = i * L + j;
      const b = w.linkBuyer[s];
      if (b < 0) continue;
      const q = w.buyerLinkVolume[b];
      const price = w.chainPrice[w.buyerChain[b]] * quality * capturedShare(p, w.linkRole[s]);
      w.linkVolume[s] = q;
      w.linkPrice[s] = price;
      w.linkAge[s]++;
      units += q;
      rev += q * price;
    }
    const workers = units * labour;
    w.workers[i] = workers;
    w.revenue[i] = rev;
    w.wealth[i] += rev - workers * w.clusterWage[ci] - w.effort[i] * rev;
  }
}
