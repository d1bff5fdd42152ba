/**
 * Learning — transfer and blocking are separate tables (MODEL.md §4.2).
 *
 * For firm i and capability k, with effort e (firm-decisions.ts),
 * absorption multiplier g = e / (e + h) and absorptive capacity A:
 *
 *   gain_k = A · [ g · (T_k + S_k + P_k + X_k + J_k + C_k + Q_k) + ρ · e · a_k · (1 − c_k) ] · (1 − B_k)
 *   Δc_k   = gain_k − δ · c_k
 *   ΔA     = η · Σ_k gain_k · (1 − A) − δ_A · A + training support
 *
 * T_k  buyer transfer: Σ over links of w_l · τ[mode_l][k] · max(0, F_b − c_k),
 *      w_l the link's share of the firm's sales; captive transfer in process
 *      and product falls to `captive_plateau` once c_k meets the buyer's
 *      standard (Humphrey & Schmitz 2000 §3: "the gap has to be closed
 *      quickly"; Gancarczyk & Bohatkiewicz 2018 §GVC read captive learning as
 *      limited — the plateau is a parameter).
 * S_k  local spillovers: λ · mean over local ties of f(d_ij) · max(0, c_jk − c_k)
 *      — knowledge leaks inside a cluster (Humphrey & Schmitz §4.1) — with
 *      f(d) = 4(d/D)(1 − d/D) for technological distance d < D, else 0: too
 *      little distance gives nothing new, too much cannot be absorbed
 *      (moderate variety is best; Gancarczyk & Bohatkiewicz 2018 §LC;
 *      Nooteboom's cognitive distance). With the variety effect off, f is a
 *      flat 2/3 (the mean of the inverted U). Each tie's part of A·g·S_k·(1 − B_k),
 *      and the gross gain_k, go to the firm store (`gainTie`, `gain`): investment.ts's
 *      observed leakage counts only what a reader took through its tie to the firm.
 * P_k  pipelines: external ties bring their partners' knowledge, and lead
 *      firms reach the outside frontier (Gancarczyk & Bohatkiewicz §Lead F7).
 * X_k  policy support reaching the firm (policy.ts).
 * J_k  joint action in learning: a member of a running learning project catches up toward the
 *      co-members' best practice, `catch_up_rate` · (best_k − c_k)⁺, best_k the members' highest
 *      c_k; it pays dues for it (money.ts) and joined only if this beat what its dues buy alone
 *      (collective efficiency, a club good with costs; Humphrey & Schmitz 2000 §4.1; Kaplinsky
 *      2015 §3d; joint-action.ts). best_k is at least the outside best practice the member reaches,
 *      frontier × access × the spillovers' distance weight (`outsidePractice`; review S1: H&S 2000
 *      §2.1 joint visits to the leading cluster, Kaplinsky 2015 §3a service centres).
 * C_k  compliance: a buyer's standard above the firm's process/product
 *      capability pulls it up (Kaplinsky 2015 §4d).
 * Q_k  contract transfer (contractTransfer below): a contractor learns from each
 *      firm it works for, Σ over its contracts of w_s · τ_c,k · a_s/(a_s + h_c) ·
 *      max(0, c_outsourcer,k − c_k), w_s the contract's units over the
 *      contractor's units, a_s the contract's age: long-term links raise transfer
 *      (MODEL.md §5; Gancarczyk & Bohatkiewicz 2018 §Policy; ODD §7.7).
 * ρ·x_k·(1 − c_k)/(1 + x_k/x_h)  own investment, x_k = e·a_k the share of
 *      revenue spent on k (investment.ts); concave, half-saturated at x_h.
 * B_k  blocking: Σ over links of w_l · β[mode_l][k] · guard(chain, k): captive
 *      and hierarchy block design and marketing where the chain's driver
 *      makes them the buyer's core (Humphrey & Schmitz §4.2; Dai Table III).
 *
 * Investment multiplies every term (g = 0 and ρ·e = 0 when e = 0), so with
 * zero investment there is no upgrading. Technology positions converge toward
 * local ties and diverge toward external partners (Menzel & Fornahl 2010),
 * plus a small own search. All firms read the previous tick's state and write
 * scratch buffers, so firm order cannot matter.
 */
import type { PhaseContext } from '../../engine/scheduler.js';
import { CAPTIVE, J_LEARNING, K, LEAD, MODES } from '../constants.js';
import type { World } from '../world.js';

/** Source of the largest gain term, recorded for event attribution. */
export const SOURCES = ['own investment', 'buyer transfer', 'local spillover', 'pipeline', 'policy', 'joint action', 'contract transfer'] as const;

export class LearningScratch {
  readonly delta: Float64Array;
  readonly techNext: Float64Array;
  /** Largest gain source per firm and capability (index into SOURCES). */
  readonly source: Int8Array;
  /** Buyer whose transfer contributed most, per firm (-1 none). */
  readonly sourceBuyer: Int32Array;
  readonly transfer: Float64Array[];
  readonly blocking: Float64Array[];
  /** Contract transfer Q per firm and capability (firm-major), this tick. */
  readonly contract: Float64Array;
  constructor(w: World) {
    this.delta = new Float64Array(w.firms.N * K);
    this.contract = new Float64Array(w.firms.N * K);
    this.techNext = new Float64Array(w.firms.N);
    this.source = new Int8Array(w.firms.N * K);
    this.sourceBuyer = new Int32Array(w.firms.N).fill(-1);
    const l = w.params.learning;
    this.transfer = MODES.map((m) => Float64Array.from(l[`transfer_${m}`]));
    this.blocking = MODES.map((m) => Float64Array.from(l[`blocking_${m}`]));
  }
}

const scratchOf = new WeakMap<World, LearningScratch>();
export function learningScratch(w: World): LearningScratch {
  let s = scratchOf.get(w);
  if (!s) scratchOf.set(w, (s = new LearningScratch(w)));
  return s;
}

/** Spillover weight of a tie at technological distance d (inverted U on [0, D]). */
export function distanceWeight(d: number, D: number): number {
  if (d < 0) d = -d;
  if (d >= D) return 0;
  const r = d / D;
  return 4 * r * (1 - r);
}

/**
 * The outside best practice firm i reaches as a member of its cluster's learning project (review S1;
 * joint-action.ts `outsideFrontier`): the level × the spillovers' distance weight between the firm's technology
 * and the outside practice's (flat when the variety effect is off); 0 when there is none.
 */
export function outsidePractice(w: World, i: number): number {
  const c = w.firms.firmCluster[i];
  const pos = w.clusters.clusterJointOutTech[c];
  const lvl = w.clusters.clusterJointOutside[c];
  if (pos !== pos || lvl <= 0) return 0;
  const l = w.params.learning;
  return lvl * (w.params.switches.variety_effect ? distanceWeight(pos - w.firms.technology[i], l.distance_max) : l.flat_distance_weight);
}

/**
 * Local spillovers of firm i into `out`: λ · mean over live ties of
 * f(d) · max(0, c_jk − c_ik), per capability (out[0..3]), and the ties' mean
 * technology position (or the firm's own when it has none) into out[4]. Each tie's part
 * goes to the firm store's `gainTie` (before A, g and blocking, which the
 * caller applies) with the tie's firm id in `gainTieUid`.
 */
function localSpillover(w: World, i: number, lambda: number, D: number, useDistance: boolean, flat: number, out: Float64Array): void {
  const { cap, ties, alive, technology, gainTie, gainTieUid, firmUid } = w.firms;
  const T = w.firms.tieSlots;
  const o = i * K;
  const ti = technology[i];
  let s0 = 0;
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let n = 0;
  let tech = 0;
  for (let t = 0; t < T; t++) {
    const j = ties[i * T + t];
    const g = (i * T + t) * K;
    if (j < 0 || alive[j] === 0) {
      gainTie[g] = gainTie[g + 1] = gainTie[g + 2] = gainTie[g + 3] = 0;
      gainTieUid[i * T + t] = -1;
      continue;
    }
    n++;
    tech += technology[j];
    gainTieUid[i * T + t] = firmUid[j];
    // flat · 1: a double on both arms (a parameter is a tagged value, and a mixed choice boxes f at every tie)
    const f = useDistance ? distanceWeight(technology[j] - ti, D) : flat * 1;
    const q = j * K;
    // 2·max(d, 0) without a branch (random signs mispredict)
    let d = cap[q] - cap[o];
    let v = f * (d + Math.abs(d));
    s0 += v;
    gainTie[g] = v;
    d = cap[q + 1] - cap[o + 1];
    v = f * (d + Math.abs(d));
    s1 += v;
    gainTie[g + 1] = v;
    d = cap[q + 2] - cap[o + 2];
    v = f * (d + Math.abs(d));
    s2 += v;
    gainTie[g + 2] = v;
    d = cap[q + 3] - cap[o + 3];
    v = f * (d + Math.abs(d));
    s3 += v;
    gainTie[g + 3] = v;
  }
  const m = n > 0 ? (0.5 * lambda) / n : 0;
  out[0] = s0 * m;
  out[1] = s1 * m;
  out[2] = s2 * m;
  out[3] = s3 * m;
  // the tie's part is (raw · m) · (A·g·(1 − B_k)): the factors go to the store, not into every tie slot
  w.firms.tieScale[i] = m;
  // out[4]: the ties' mean technology, or the firm's own (written, not returned: a returned double is boxed)
  out[4] = n > 0 ? tech / n : ti;
}

/** Pipelines of firm i into `out`: external ties' knowledge and, for lead firms, the frontier. Returns partners' mean technology or NaN. */
function pipelines(w: World, i: number, rate: number, frontier: number, out: Float64Array): number {
  const E = w.firms.extSlots;
  const o = i * K;
  for (let k = 0; k < K; k++) out[k] = 0;
  let n = 0;
  let tech = 0;
  for (let t = 0; t < E; t++) {
    const j = w.firms.ext[i * E + t];
    if (j < 0 || !w.firms.alive[j]) continue;
    n++;
    tech += w.firms.technology[j];
    for (let k = 0; k < K; k++) {
      const d = w.firms.cap[j * K + k] - w.firms.cap[o + k];
      if (d > 0) out[k] += d;
    }
  }
  for (let k = 0; k < K; k++) out[k] = n > 0 ? (rate * out[k]) / n : 0;
  if (w.firms.status[i] === LEAD) for (let k = 0; k < K; k++) out[k] += rate * Math.max(0, frontier - w.firms.cap[o + k]);
  return n > 0 ? tech / n : NaN;
}

/** Firm i's sales: home units plus its links' volumes (the weight base of linkTerms and linkBlocking). */
export function salesTotal(w: World, i: number): number {
  const { linkBuyer, linkVolume } = w.links;
  const L = w.links.maxLinks;
  let total = w.firms.homeUnits[i];
  for (let j = 0; j < L; j++) if (linkBuyer[i * L + j] >= 0) total += linkVolume[i * L + j];
  return total;
}

/**
 * Blocking B_k of firm i into `bk` (added to it, in link order): Σ over links of w_l · β[mode_l][k] · guard(chain, k),
 * w_l = the link's volume / `total` (salesTotal), guard 1 for process and product. `table` is the blocking table by
 * mode (LearningScratch.blocking). Shared by learning (linkTerms) and investment.ts, so both apply the same B_k.
 */
export function linkBlocking(w: World, i: number, total: number, table: readonly Float64Array[], bk: Float64Array): void {
  const { linkBuyer, linkVolume, linkMode } = w.links;
  const { buyerChain } = w.buyers;
  const guard = w.chains.chainGuard;
  const L = w.links.maxLinks;
  for (let j = 0; j < L; j++) {
    const s = i * L + j;
    const b = linkBuyer[s];
    if (b < 0) continue;
    const wl = linkVolume[s] / total;
    const beta = table[linkMode[s]];
    const g = buyerChain[b] * K;
    bk[0] += wl * beta[0];
    bk[1] += wl * beta[1];
    bk[2] += wl * beta[2] * guard[g + 2];
    bk[3] += wl * beta[3] * guard[g + 3];
  }
}

/**
 * Transfer T_k, compliance C_k and blocking B_k of firm i from its buyer
 * links, each weighted by its share of the firm's sales (the domestic outlet
 * is market: no transfer, no blocking). Returns the top transferring buyer.
 * K = 4 unrolled (process, product, design, marketing); blocking is
 * `linkBlocking`, which investment.ts calls too.
 */
export function linkTerms(w: World, i: number, sc: LearningScratch, tk: Float64Array, ck: Float64Array, bk: Float64Array): number {
  const p = w.params;
  const { cap } = w.firms;
  const { linkBuyer, linkVolume, linkMode } = w.links;
  const { buyerKnowledge, buyerStd } = w.buyers;
  const L = w.links.maxLinks;
  const o = i * K;
  tk[0] = tk[1] = tk[2] = tk[3] = 0;
  bk[0] = bk[1] = bk[2] = bk[3] = 0;
  ck[0] = ck[1] = ck[2] = ck[3] = 0;
  const total = salesTotal(w, i);
  if (total <= 0) return -1;
  const plateau = p.learning.captive_plateau;
  const comply = p.switches.standards ? p.learning.compliance_gain : 0;
  const transferOn = p.switches.transfer;
  const blockingOn = p.switches.blocking;
  const c0 = cap[o];
  const c1 = cap[o + 1];
  const c2 = cap[o + 2];
  const c3 = cap[o + 3];
  let topBuyer = -1;
  let topTransfer = 0;
  for (let j = 0; j < L; j++) {
    const s = i * L + j;
    const b = linkBuyer[s];
    if (b < 0) continue;
    const wl = linkVolume[s] / total;
    const m = linkMode[s];
    const sigma = buyerStd[b];
    if (transferOn) {
      const tau = sc.transfer[m];
      const F = buyerKnowledge[b];
      // captive transfer in process and product plateaus once the firm meets the buyer's standard
      let t0 = tau[0] * (F > c0 ? F - c0 : 0);
      if (m === CAPTIVE && c0 >= sigma) t0 *= plateau;
      t0 *= wl;
      let t1 = tau[1] * (F > c1 ? F - c1 : 0);
      if (m === CAPTIVE && c1 >= sigma) t1 *= plateau;
      t1 *= wl;
      const t2 = tau[2] * (F > c2 ? F - c2 : 0) * wl;
      const t3 = tau[3] * (F > c3 ? F - c3 : 0) * wl;
      tk[0] += t0;
      tk[1] += t1;
      tk[2] += t2;
      tk[3] += t3;
      const tsum = 0 + t0 + t1 + t2 + t3; // the same steps as a sum started at 0
      if (tsum > topTransfer) {
        topTransfer = tsum;
        topBuyer = b;
      }
    }
    if (sigma > c0) ck[0] += wl * comply * (sigma - c0);
    if (sigma > c1) ck[1] += wl * comply * (sigma - c1);
  }
  if (blockingOn) linkBlocking(w, i, total, sc.blocking, bk);
  return topBuyer;
}

/**
 * Contract transfer Q into `out` (firm-major, zeroed first): one pass over the contract slots (O(N·SLOTS), no
 * allocation). Each live contract s of outsourcer i with contractor j adds to j, per capability k,
 * w_s·τ_c,k·a_s/(a_s + h_c)·max(0, c_ik − c_jk), with w_s = units_s / units_j (at most 1) and a_s the contract's age.
 */
export function contractTransfer(w: World, out: Float64Array): void {
  out.fill(0);
  const l = w.params.learning;
  if (!w.params.switches.transfer) return;
  const tau = l.contract_transfer;
  const h = l.contract_age_half;
  const C = w.contracts;
  const { cap, alive, units } = w.firms;
  const SL = C.contractor.length / w.firms.N;
  for (let s = 0; s < C.contractor.length; s++) {
    const j = C.contractor[s];
    if (j < 0 || !alive[j]) continue;
    const x = C.units[s];
    const uj = units[j];
    if (x <= 0 || uj <= 0) continue;
    const age = C.age[s];
    const f = (x < uj ? x / uj : 1) * (age + h > 0 ? age / (age + h) : 1);
    if (f <= 0) continue;
    const oi = ((s / SL) | 0) * K;
    const oj = j * K;
    for (let k = 0; k < K; k++) {
      const d = cap[oi + k] - cap[oj + k];
      if (d > 0) out[oj + k] += tau[k] * f * d;
    }
  }
}

/** Firm i took nothing through its local ties this step (no spillover channel, or dead). */
function noTieGain(w: World, i: number): void {
  const T = w.firms.tieSlots;
  w.firms.gainTie.fill(0, i * T * K, (i + 1) * T * K);
  w.firms.gainTieUid.fill(-1, i * T, (i + 1) * T);
  w.firms.tieScale[i] = 0;
}

export function learningPhase(w: World, ctx: PhaseContext): void {
  const p = w.params;
  const l = p.learning;
  const sw = p.switches;
  const sc = learningScratch(w);
  const { delta, source, sourceBuyer, techNext } = sc;
  const { cap, alive, effort, absorptive, alloc, support, joint, gain, tieBlock } = w.firms;
  const h = l.effort_half;
  const rho = l.investment_return;
  const lambda = sw.spillovers ? l.spillover_rate : 0;
  const dep = sw.depreciation ? l.depreciation : 0;
  const D = l.distance_max;
  const useDistance = sw.variety_effect;
  const pipeRate = sw.pipelines ? l.pipeline_rate : 0;
  const policyRate = sw.policy ? l.policy_rate : 0;
  const jointRate = sw.joint_action ? p.joint_action.catch_up_rate : 0;
  const best = w.clusters.clusterJointBest;
  const { firmCluster } = w.firms;
  const drift = sw.tech_drift;
  const scaleByAbsorptive = sw.absorptive_scaling;
  const search = drift ? ctx.streams.get(`learning.search/${ctx.tick}`) : null;
  const tk = new Float64Array(K);
  const ck = new Float64Array(K);
  const bk = new Float64Array(K);
  const sk = new Float64Array(K + 1); // the spillovers per capability, then the ties' mean technology
  const pk = new Float64Array(K);
  const xh = l.investment_half;
  const qk = sc.contract;
  contractTransfer(w, qk);

  for (let i = 0; i < w.firms.N; i++) {
    const o = i * K;
    techNext[i] = w.firms.technology[i];
    if (!alive[i]) {
      for (let k = 0; k < K; k++) delta[o + k] = gain[o + k] = 0;
      // a dead slot's tie records are not cleared here: observed leakage skips dead readers, and a birth into the
      // slot clears them (world.ts), so nothing reads them
      continue;
    }
    const e = effort[i];
    const g = e > 0 ? e / (e + h) : 0;
    const A = scaleByAbsorptive ? absorptive[i] : 1;
    sourceBuyer[i] = linkTerms(w, i, sc, tk, ck, bk);
    let localTech = w.firms.technology[i];
    if (lambda > 0 || drift) {
      localSpillover(w, i, lambda, D, useDistance, l.flat_distance_weight, sk);
      localTech = sk[4];
    }
    else noTieGain(w, i);
    const extTech = pipeRate > 0 || drift ? pipelines(w, i, pipeRate, l.frontier, pk) : NaN;
    if (pipeRate === 0) for (let k = 0; k < K; k++) pk[k] = 0;
    let gainSum = 0;
    const member = (joint[i] >>> J_LEARNING) & 1;
    const bo = firmCluster[i] * K;
    const outside = member ? outsidePractice(w, i) : 0;
    for (let k = 0; k < K; k++) {
      const c = cap[o + k];
      // own spending x = e·a_k, concave: ρ·x/(1 + x/x_h) (investment.ts chooses x at the margin)
      const x = e * alloc[o + k];
      const own = (rho * x * (1 - c)) / (1 + x / xh);
      const tr = g * (tk[k] + ck[k]);
      const sp = g * sk[k];
      const pi = g * pk[k];
      const po = g * policyRate * support[o + k] * (1 - c);
      // joint learning: catch-up toward the co-members' best practice (joint-action.ts sets it each tick)
      const bk0 = best[bo + k] > outside ? best[bo + k] : outside;
      const jo = member && bk0 > c ? g * jointRate * (bk0 - c) : 0;
      const co = g * qk[o + k];
      const block = bk[k] > 1 ? 0 : 1 - bk[k];
      const gk = A * (tr + sp + pi + po + jo + own + co) * block;
      gainSum += gk;
      delta[o + k] = gk - dep * c;
      gain[o + k] = gk;
      // each tie's part of sp, through the same A, g and blocking (investment.ts's observed leakage reads it)
      tieBlock[o + k] = A * g * block;
      // largest source, for event attribution
      let src = 0;
      let top = own;
      if (tr > top) (top = tr), (src = 1);
      if (sp > top) (top = sp), (src = 2);
      if (pi > top) (top = pi), (src = 3);
      if (po > top) (top = po), (src = 4);
      if (jo > top) (top = jo), (src = 5);
      if (co > top) (top = co), (src = 6);
      source[o + k] = src;
    }
    if (sw.absorptive) {
      const A0 = absorptive[i];
      const next = A0 + l.absorptive_growth * gainSum * (1 - A0) - l.absorptive_decay * A0 + w.firms.supportAbsorptive[i] * (1 - A0);
      absorptive[i] = next < 0 ? 0 : next > 1 ? 1 : next;
    }
    if (drift && search) {
      let t = w.firms.technology[i] + l.convergence * (localTech - w.firms.technology[i]);
      if (extTech === extTech) t += l.divergence * (extTech - w.firms.technology[i]);
      t += l.innovation_noise * (e < xh ? e / xh : 1) * search.normal();
      techNext[i] = t < 0 ? 0 : t > 1 ? 1 : t;
    }
  }
  for (let x = 0; x < cap.length; x++) {
    const v = cap[x] + delta[x];
    cap[x] = v < 0 ? 0 : v > 1 ? 1 : v;
  }
  if (drift) w.firms.technology.set(techNext);
}
