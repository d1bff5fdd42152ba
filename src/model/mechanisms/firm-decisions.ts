/**
 * Firms decide (MODEL.md §3 phase 2). Strategic intent erodes with macro
 * instability (the absolute log change of the exchange rate) and recovers
 * toward its stable level in calm times (Humphrey & Schmitz 2000 §4.5:
 * intent is "eroded by frequent and drastic changes in the incentive
 * structure"). Then: whether to leave a buyer that caps their role, and
 * whether to take their competence into another chain. How much to invest,
 * and where, is decided in investment.ts after this phase; the chain
 * decisions read last tick's effort. The own brand is an investment decided
 * after investment (own-brand.ts).
 * - Seeking other buyers: a firm whose capabilities exceed the role a
 *   captive buyer allows leaves that buyer with probability ∝ its dynamic
 *   capability (Gancarczyk & Bohatkiewicz 2018 §RBV: dynamic capabilities
 *   enable changes in governance).
 * - Chain (inter-sectoral) upgrading (Humphrey & Schmitz 2000 fn 1): a firm
 *   with dynamic capability may enter the nearest chain in technology space
 *   it does not serve, paying a cost that rises with the distance (smart
 *   specialisation lowers it), financed from its cash and credit line (money.ts); it leaves a non-home chain after a long spell
 *   without links there (chain downgrading).
 * Draws come from one stream per tick in firm-id order; decisions of
 * different firms do not interact within the phase.
 */
import type { PhaseContext } from '../../engine/scheduler.js';
import { CAPTIVE, DESIGN, HIERARCHY, K, MARKETING, ODM, OEM } from '../constants.js';
import { creditLine } from './money.js';
import { potentialRole } from './roles.js';
import { C_DNG_CHAIN, C_UPG_CHAIN, type World } from '../world.js';

export function firmDecisionsPhase(w: World, ctx: PhaseContext): void {
  const p = w.params;
  const f = p.firms;
  const rng = ctx.streams.get(`decisions/${ctx.tick}`);
  const L = w.links.maxLinks;
  const C = w.chains.nChains;
  // macro instability per cluster: the absolute log change of its country's exchange rate
  const Q = w.clusters.nClusters;
  const shockOf = new Float64Array(Q);
  for (let q = 0; q < Q; q++) {
    const co = w.clusters.clusterCountry[q];
    shockOf[q] = Math.abs(Math.log(w.countries.countryFx[co] / w.countries.countryFxPrev[co]));
  }
  for (let i = 0; i < w.firms.N; i++) {
    if (!w.firms.alive[i]) continue;
    const o = i * K;
    // strategic intent: eroded by macro instability, recovering in calm times (Humphrey & Schmitz 2000 §4.5)
    const shock = shockOf[w.firms.firmCluster[i]];
    const it = w.firms.intent[i] + f.intent_recovery * (w.firms.intent0[i] - w.firms.intent[i]) - f.intent_erosion * shock * w.firms.intent[i];
    w.firms.intent[i] = it < 0 ? 0 : it > 1 ? 1 : it;
    const pot = potentialRole(w, i);
    // seeking other buyers: leave a captive buyer that caps the firm's role
    if (pot >= ODM) {
      for (let j = 0; j < L; j++) {
        const s = i * L + j;
        const b = w.links.linkBuyer[s];
        if (b < 0) continue;
        const m = w.links.linkMode[s];
        if ((m === CAPTIVE || m === HIERARCHY) && w.links.linkRole[s] <= OEM && rng.next() < f.seek_rate * w.firms.dynamic[i]) {
          w.emit(i, b, 'leave_buyer', 'role capped at OEM: seeks buyers that accept its design', -1);
          w.dropLink(s);
        }
      }
    }
    // chain upgrading and downgrading
    const home = w.clusters.clusterChains[w.firms.firmCluster[i]];
    for (let c = 0; c < C; c++) {
      if (!((w.firms.chainMask[i] >>> c) & 1) || (home >>> c) & 1) continue;
      const idle = ++w.firms.chainIdle[i * C + c];
      if (idle > f.chain_exit_ticks) {
        w.firms.chainMask[i] &= ~(1 << c);
        // downgrading only where the firm had entered or served the chain (market access that was never used is not)
        if ((w.firms.chainServed[i] >>> c) & 1) {
          w.firms.chainServed[i] &= ~(1 << c);
          w.emit(i, -1, 'dng_chain', `leaves chain ${w.chains.chainIds[c]} after ${idle} ticks without orders`, C_DNG_CHAIN);
        }
      }
    }
    if (p.switches.chain_upgrading && w.firms.effort[i] > 0 && rng.next() < f.chain_rate * w.firms.dynamic[i]) {
      let best = -1;
      let bestD = Infinity;
      for (let c = 0; c < C; c++) {
        if ((w.firms.chainMask[i] >>> c) & 1) continue;
        const d = Math.abs(w.firms.technology[i] - w.chains.chainTechnology[c]);
        if (d < bestD) {
          bestD = d;
          best = c;
        }
      }
      if (best >= 0 && bestD <= f.chain_distance_max) {
        const smart = p.switches.policy ? w.clusters.clusterSmart[w.firms.firmCluster[i]] : 0;
        const cost = f.chain_cost * bestD * (1 - Math.min(1, smart) * p.policy.smart_distance) * Math.max(w.firms.revenue[i], 0.1);
        // financed from cash and credit: the firm must stay solvent after paying (money.ts)
        if (w.firms.wealth[i] + creditLine(w, i) >= cost) {
          w.firms.wealth[i] -= cost;
          w.firms.chainMask[i] |= 1 << best;
          w.firms.chainServed[i] |= 1 << best;
          w.firms.chainIdle[i * C + best] = 0;
          w.firms.technology[i] += 0.5 * (w.chains.chainTechnology[best] - w.firms.technology[i]);
          w.emit(i, -1, 'upg_chain', `enters chain ${w.chains.chainIds[best]} (distance ${bestD.toFixed(3)}, cost ${cost.toFixed(3)})`, C_UPG_CHAIN);
        }
      }
    }
  }
}
