/**
 * Learning — transfer and blocking are separate tables (MODEL.md §4.2).
 *
 * For firm i and capability k, with effort e (firm-decisions.ts),
 * absorption multiplier g = e / (e + h) and absorptive capacity A:
 *
 *   gain_k = A · [ g · (T_k + S_k) + ρ · e · a_k · (1 − c_k) ] · (1 − B_k)
 *   Δc_k   = gain_k − δ · c_k
 *   ΔA     = η · Σ_k gain_k · (1 − A) − δ_A · A
 *
 * T_k  transfer: Σ over links of w_l · τ[mode_l][k] · max(0, F_b − c_k), with
 *      w_l the link's share of the firm's sales; captive transfer in process
 *      and product falls to `captive_plateau` once c_k meets the buyer's
 *      standard (Humphrey & Schmitz 2000 §3: "the gap has to be closed
 *      quickly"; Gancarczyk & Bohatkiewicz 2018 read captive learning as
 *      limited — the plateau is a parameter).
 * S_k  local spillovers: λ · mean over local ties of max(0, c_jk − c_k)
 *      (knowledge leaks inside a cluster, Humphrey & Schmitz §4.1).
 * ρ·e·a_k·(1 − c_k)  own investment, split by allocation a.
 * B_k  blocking: Σ over links of w_l · β[mode_l][k] (captive and hierarchy
 *      block design and marketing: self-restraint and retaliation, §4.2).
 *
 * Investment multiplies every term (g = 0 and ρ·e = 0 when e = 0), so with
 * zero investment there is no upgrading. All firms read the capabilities of
 * the previous tick and write to a scratch buffer, so firm order cannot
 * matter. Variety effects, pipelines and policy terms come with the full
 * model (issue 3).
 */
import type { PhaseContext } from '../engine/scheduler.js';
import { CAPTIVE, K, MODES, PROCESS, PRODUCT } from './constants.js';
import type { World } from './world.js';

/** Source of the largest gain term, recorded for event attribution. */
export const SOURCES = ['own investment', 'buyer transfer', 'local spillover'] as const;

export class LearningScratch {
  readonly delta: Float64Array;
  /** Largest gain source per firm and capability (index into SOURCES). */
  readonly source: Int8Array;
  /** Buyer whose transfer contributed most, per firm (-1 none). */
  readonly sourceBuyer: Int32Array;
  readonly transfer: Float64Array[];
  readonly blocking: Float64Array[];
  readonly alloc: Float64Array;
  constructor(w: World) {
    this.delta = new Float64Array(w.N * K);
    this.source = new Int8Array(w.N * K);
    this.sourceBuyer = new Int32Array(w.N).fill(-1);
    const l = w.params.learning;
    this.transfer = MODES.map((m) => Float64Array.from(l[`transfer_${m}`]));
    this.blocking = MODES.map((m) => Float64Array.from(l[`blocking_${m}`]));
    const a = l.allocation;
    const sum = a.reduce((x, y) => x + y, 0);
    this.alloc = Float64Array.from(a, (v) => (sum > 0 ? v / sum : 0));
  }
}

const scratchOf = new WeakMap<World, LearningScratch>();
export function learningScratch(w: World): LearningScratch {
  let s = scratchOf.get(w);
  if (!s) scratchOf.set(w, (s = new LearningScratch(w)));
  return s;
}

export function learningPhase(w: World, _ctx: PhaseContext): void {
  const p = w.params;
  const l = p.learning;
  const sw = p.switches;
  const sc = learningScratch(w);
  const { delta, source, sourceBuyer, transfer, blocking, alloc } = sc;
  const cap = w.cap;
  const L = w.maxLinks;
  const T = w.tieSlots;
  const h = l.effort_half;
  const rho = l.investment_return;
  const lambda = sw.spillovers ? l.spillover_rate : 0;
  const dep = sw.depreciation ? l.depreciation : 0;
  const plateau = l.captive_plateau;
  const tk = [0, 0, 0, 0];
  const bk = [0, 0, 0, 0];

  for (let i = 0; i < w.N; i++) {
    const o = i * K;
    if (!w.alive[i]) {
      for (let k = 0; k < K; k++) delta[o + k] = 0;
      continue;
    }
    const e = w.effort[i];
    const g = e > 0 ? e / (e + h) : 0;
    const A = w.absorptive[i];
    // sales weights of links (the domestic outlet is market: no transfer, no blocking)
    let total = w.clusterDomesticVolume[w.firmCluster[i]];
    for (let j = 0; j < L; j++) if (w.linkBuyer[i * L + j] >= 0) total += w.linkVolume[i * L + j];
    for (let k = 0; k < K; k++) {
      tk[k] = 0;
      bk[k] = 0;
    }
    let topBuyer = -1;
    let topTransfer = 0;
    if (total > 0) {
      for (let j = 0; j < L; j++) {
        const s = i * L + j;
        const b = w.linkBuyer[s];
        if (b < 0) continue;
        const wl = w.linkVolume[s] / total;
        const m = w.linkMode[s];
        const prof = w.buyerProfile(b);
        const F = prof.knowledge;
        const sigma = w.buyerStandard(b);
        let tsum = 0;
        if (sw.transfer) {
          const tau = transfer[m];
          for (let k = 0; k < K; k++) {
            const c = cap[o + k];
            let t = tau[k] * (F > c ? F - c : 0);
            if (m === CAPTIVE && (k === PROCESS || k === PRODUCT) && c >= sigma) t *= plateau;
            t *= wl;
            tk[k] += t;
            tsum += t;
          }
        }
        if (tsum > topTransfer) {
          topTransfer = tsum;
          topBuyer = b;
        }
        if (sw.blocking) {
          const beta = blocking[m];
          for (let k = 0; k < K; k++) bk[k] += wl * beta[k];
        }
      }
    }
    sourceBuyer[i] = topBuyer;
    let gainSum = 0;
    for (let k = 0; k < K; k++) {
      const c = cap[o + k];
      let spill = 0;
      if (lambda > 0 && T > 0) {
        let n = 0;
        for (let t = 0; t < T; t++) {
          const j = w.ties[i * T + t];
          if (j < 0 || !w.alive[j]) continue;
          const d = cap[j * K + k] - c;
          if (d > 0) spill += d;
          n++;
        }
        spill = n > 0 ? (lambda * spill) / n : 0;
      }
      const own = rho * e * alloc[k] * (1 - c);
      const tr = g * tk[k];
      const sp = g * spill;
      const block = bk[k] > 1 ? 0 : 1 - bk[k];
      const gk = A * (tr + sp + own) * block;
      gainSum += gk;
      delta[o + k] = gk - dep * c;
      source[o + k] = own >= tr && own >= sp ? 0 : tr >= sp ? 1 : 2;
    }
    if (sw.absorptive) {
      const next = A + l.absorptive_growth * gainSum * (1 - A) - l.absorptive_decay * A;
      w.absorptive[i] = next < 0 ? 0 : next > 1 ? 1 : next;
    }
  }
  for (let x = 0; x < cap.length; x++) {
    const v = cap[x] + delta[x];
    cap[x] = v < 0 ? 0 : v > 1 ? 1 : v;
  }
}
