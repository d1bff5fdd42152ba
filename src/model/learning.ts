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

/**
 * Local spillovers of firm i into `out`: λ · mean over live ties of
 * max(0, c_jk − c_ik), per capability.
 */
function localSpillover(
  i: number,
  cap: Float64Array,
  ties: Int32Array,
  alive: Uint8Array,
  T: number,
  lambda: number,
  out: Float64Array,
): void {
  const o = i * K;
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let n = 0;
  for (let t = 0; t < T; t++) {
    const j = ties[i * T + t];
    if (j < 0 || alive[j] === 0) continue;
    n++;
    const q = j * K;
    // 2·max(d, 0) without a branch (random signs mispredict)
    let d = cap[q] - cap[o];
    s0 += d + Math.abs(d);
    d = cap[q + 1] - cap[o + 1];
    s1 += d + Math.abs(d);
    d = cap[q + 2] - cap[o + 2];
    s2 += d + Math.abs(d);
    d = cap[q + 3] - cap[o + 3];
    s3 += d + Math.abs(d);
  }
  const f = n > 0 ? (0.5 * lambda) / n : 0;
  out[0] = s0 * f;
  out[1] = s1 * f;
  out[2] = s2 * f;
  out[3] = s3 * f;
}

/**
 * Transfer T_k and blocking B_k of firm i from its buyer links, each link
 * weighted by its share of the firm's sales (the domestic outlet is market:
 * no transfer, no blocking). Returns the buyer that transferred most (-1 none).
 */
function linkTerms(
  w: World,
  i: number,
  doTransfer: boolean,
  doBlocking: boolean,
  plateau: number,
  transfer: Float64Array[],
  blocking: Float64Array[],
  tk: Float64Array,
  bk: Float64Array,
): number {
  const { cap, linkBuyer, linkVolume, linkMode, buyerKnowledge, buyerStd } = w;
  const L = w.maxLinks;
  const o = i * K;
  tk.fill(0);
  bk.fill(0);
  let total = w.clusterDomesticVolume[w.firmCluster[i]];
  for (let j = 0; j < L; j++) if (linkBuyer[i * L + j] >= 0) total += linkVolume[i * L + j];
  if (total <= 0) return -1;
  let topBuyer = -1;
  let topTransfer = 0;
  for (let j = 0; j < L; j++) {
    const s = i * L + j;
    const b = linkBuyer[s];
    if (b < 0) continue;
    const wl = linkVolume[s] / total;
    const m = linkMode[s];
    if (doTransfer) {
      const tau = transfer[m];
      const F = buyerKnowledge[b];
      const sigma = buyerStd[b];
      let tsum = 0;
      for (let k = 0; k < K; k++) {
        const c = cap[o + k];
        let t = tau[k] * (F > c ? F - c : 0);
        if (m === CAPTIVE && (k === PROCESS || k === PRODUCT) && c >= sigma) t *= plateau;
        t *= wl;
        tk[k] += t;
        tsum += t;
      }
      if (tsum > topTransfer) {
        topTransfer = tsum;
        topBuyer = b;
      }
    }
    if (doBlocking) {
      const beta = blocking[m];
      for (let k = 0; k < K; k++) bk[k] += wl * beta[k];
    }
  }
  return topBuyer;
}

export function learningPhase(w: World, _ctx: PhaseContext): void {
  const p = w.params;
  const l = p.learning;
  const sw = p.switches;
  const sc = learningScratch(w);
  const { delta, source, sourceBuyer, transfer, blocking, alloc } = sc;
  const cap = w.cap;
  const { alive, ties, effort, absorptive } = w;
  const T = w.tieSlots;
  const h = l.effort_half;
  const rho = l.investment_return;
  const lambda = sw.spillovers ? l.spillover_rate : 0;
  const dep = sw.depreciation ? l.depreciation : 0;
  const plateau = l.captive_plateau;
  const doTransfer = sw.transfer;
  const doBlocking = sw.blocking;
  const doAbsorptive = sw.absorptive;
  const growA = l.absorptive_growth;
  const decayA = l.absorptive_decay;
  const tk = new Float64Array(K);
  const bk = new Float64Array(K);
  const sk = new Float64Array(K);

  for (let i = 0; i < w.N; i++) {
    const o = i * K;
    if (!alive[i]) {
      for (let k = 0; k < K; k++) delta[o + k] = 0;
      continue;
    }
    const e = effort[i];
    const g = e > 0 ? e / (e + h) : 0;
    const A = absorptive[i];
    const topBuyer = linkTerms(w, i, doTransfer, doBlocking, plateau, transfer, blocking, tk, bk);
    sourceBuyer[i] = topBuyer;
    if (lambda > 0 && T > 0) localSpillover(i, cap, ties, alive, T, lambda, sk);
    else sk.fill(0);
    let gainSum = 0;
    for (let k = 0; k < K; k++) {
      const c = cap[o + k];
      const spill = sk[k];
      const own = rho * e * alloc[k] * (1 - c);
      const tr = g * tk[k];
      const sp = g * spill;
      const block = bk[k] > 1 ? 0 : 1 - bk[k];
      const gk = A * (tr + sp + own) * block;
      gainSum += gk;
      delta[o + k] = gk - dep * c;
      source[o + k] = own >= tr && own >= sp ? 0 : tr >= sp ? 1 : 2;
    }
    if (doAbsorptive) {
      const next = A + growA * gainSum * (1 - A) - decayA * A;
      absorptive[i] = next < 0 ? 0 : next > 1 ? 1 : next;
    }
  }
  for (let x = 0; x < cap.length; x++) {
    const v = cap[x] + delta[x];
    cap[x] = v < 0 ? 0 : v > 1 ? 1 : v;
  }
}

// localSpillover is unrolled for the four capabilities of constants.ts.
if (K !== 4) throw new Error('learning.ts: localSpillover assumes K = 4 capabilities');
