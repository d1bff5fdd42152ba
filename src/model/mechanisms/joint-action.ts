/**
 * Local governance and joint action (MODEL.md §4.6; Humphrey & Schmitz 2000
 * §2.1, §4.1, §4.3, §5; Kaplinsky 2015 §3a, §3d; EU clusters in GVCs 2018 on
 * inter-cluster co-operation; issue 9 item 7; ODD §7.10).
 *
 * - Joint action by kind (Kaplinsky 2015 §3d: joint action in learning,
 *   marketing and logistics), paid for by its members' dues (Humphrey & Schmitz
 *   2000 §4.1 on appropriability; "club good" is our term, not the seeds'). Two trust stocks (Kaplinsky 2015 §3a): contractual trust (will the
 *   members keep their word?) per cluster, and competence trust (does this
 *   kind of project deliver?) per cluster and kind. Each kind k is drawn
 *   separately: a cluster with no project of kind k running tries one with
 *   probability contractual trust · base_k · (association + policy_k) · (1 +
 *   [crisis]·crisis_boost), where in a crisis the trust factor is at least the
 *   cluster's trust at the start (H&S 2000 §2.1: crises met by more
 *   co-operation): a programme adds coordination in units of the
 *   association (policy.ts), and its budget pays a share of members' dues. Candidates: each firm with probability the
 *   competence trust of kind k, or in a crisis the lead and large firms and
 *   their SME ties, who skip the trust draw (H&S §2.1). Each candidate joins
 *   only if membership pays its dues (`contribution` × revenue per tick,
 *   money.ts), `pays`: learning, if its expected catch-up toward the other
 *   candidates' best practice beats what the dues buy alone; logistics, if
 *   the freight it saves beats them; marketing, if it has room for one more
 *   buyer and the fair's share of scouting buyers × a buyer link's margin in
 *   the cluster beats its dues — so firms with full order books, and large
 *   firms whose dues exceed what the fair brings them, stay out; they keep the
 *   buyers they would meet anyway, since the fair's extra buyers meet only
 *   members (reach.ts `draw`), so there is no spillover to free ride on (H&S §4.1, §4.3: small firms exhibit only
 *   because their association organises the stand). Fewer than two members:
 *   no project. A project runs `duration` ticks; kinds overlap. Membership is
 *   binding for its duration (review F2): a member defects only when it cannot
 *   pay (wealth plus credit line below the dues), or when the test fails and the
 *   project has done worse for it than for matched non-members; a member whose
 *   purpose is met stays and pays. Below two members the project ends early.
 * - Channels: learning members catch up toward the members' best practice
 *   (learning term J, clusterJointBest) or the outside best practice they
 *   reach, whichever is higher (`outsideFrontier`: min(the visited practice's
 *   level, frontier) × access from
 *   pooled dues, programme funding and external ties, read through the
 *   spillovers' distance weight; H&S §2.1, §4.1; Kaplinsky §3a); a running marketing project makes the
 *   cluster visible to scouting buyers, V = visibility_gain × the members'
 *   share of the cluster's revenue (reach.ts: scouting weight × (1 + V), and
 *   buyers the fair brought meet members) — it buys visibility, never
 *   reputation; logistics members' freight falls by `logistics_saving`
 *   (costs.ts), which buyers see in the landed cost.
 * - Trust moves when a project ends, on what members can observe, not on the
 *   joining test recomputed: competence trust of its kind by trust_gain ×
 *   tanh((M − R)/σ), M the members' mean change of the outcome (learning:
 *   competence; marketing: buyer links; logistics: log export units), R that
 *   of non-members matched on the outcome at the start (5 strata; review F1:
 *   members are selected on headroom), firms that died at outcome 0, σ the
 *   non-members' spread (all joined: the other clusters' firms, unmatched);
 *   contractual trust by trust_gain × (κ − κ̄), κ the share of those who
 *   joined alive and paying at the end, κ̄ its running mean in the cluster. Both relax at trust_decay toward the
 *   cluster's trust at the start, not toward zero (review F3). Each kind draws from its own stream
 *   `joint.<kind>/<tick>`, so switching one kind off leaves the others' draws
 *   and the ties' unchanged.
 * - Reputation is collective (our "club good"): it follows the mean competence and
 *   every member, investing or not, is perceived through it (governance.ts).
 * - Ties form and decay: each tick a few firms replace a tie; the more the
 *   cluster sells to global buyers, the more new ties go to lead and large
 *   firms (hub-and-spoke drift, §5: "the more clusters are integrated into
 *   global markets … the more they move towards a hub and spoke organisation").
 * - Inter-cluster co-operation: horizontal agreements (same role) form
 *   external ties and pool reputation; vertical ones (different roles) form
 *   external ties and open the partner's chains (market access).
 * - The repositioning coalition: a reposition-tagged effort passes only if
 *   no lead firm vetoes; a lead firm vetoes with probability
 *   veto_sensitivity × its main buyer's share of its output (§4.2, §5).
 */
import type { PhaseContext } from '../../engine/scheduler.js';
import type { Rng } from '../../engine/rng.js';
import { JK, JOINT_KINDS, J_LEARNING, J_LOGISTICS, J_MARKETING, K, LARGE, LEAD, SME } from '../constants.js';
import { logisticsCost } from './costs.js';
import { creditLine } from './money.js';
import { outsidePractice } from './learning.js';
import { hasRoom } from './reach.js';
import { addExternalTie } from './ties.js';
import { C_JOINT, C_VETOES, NC, type World } from '../world.js';

/** The lead firms' veto on a repositioning effort in the given clusters; emits 'veto' events. */
export function repositionVeto(w: World, clusters: number[], rng: Rng): boolean {
  const s = w.params.joint_action.veto_sensitivity;
  let vetoed = false;
  for (const c of clusters) {
    for (let i = w.clusters.clusterStart[c]; i < w.clusters.clusterEnd[c]; i++) {
      if (!w.firms.alive[i] || w.firms.status[i] !== LEAD) continue;
      if (rng.next() < Math.min(1, s * w.firms.allegiance[i])) {
        vetoed = true;
        w.counters[c * NC + C_VETOES]++;
        w.emit(i, -1, 'veto', `lead firm vetoes repositioning (main buyer takes ${(100 * w.firms.allegiance[i]).toFixed(0)}% of its output)`, -1);
      }
    }
  }
  return vetoed;
}

const KIND_SWITCH = ['joint_learning', 'joint_marketing', 'joint_logistics'] as const;

// per-capability scratch for the candidates' best and second-best practice (K entries; no per-firm allocation)
const top1 = new Float64Array(K);
const top2 = new Float64Array(K);
const arg = new Int32Array(K);

/** Freight firm i pays on this tick's links at its current membership (costs.ts `logisticsCost`). */
function freightOf(w: World, i: number): number {
  const L = w.links.maxLinks;
  let f = 0;
  for (let j = 0; j < L; j++) {
    const b = w.links.linkBuyer[i * L + j];
    if (b >= 0) f += w.links.linkVolume[i * L + j] * logisticsCost(w, b, i);
  }
  return f;
}

/**
 * The outside best practice open to the learning candidates or members (bit set) of cluster c (review S1; H&S
 * 2000 §2.1: joint visits to the leading tile cluster in Italy and a Centre for Ceramics Technology; §4.1;
 * Kaplinsky 2015 §3a: service centres). Its level is `learning.frontier` × access, access = the mean of three
 * shares in [0, 1]: the members' share of the cluster's revenue (the pooled dues), the programme's funding (the
 * members' mean dues paid by policy / `policy.joint_action_dues`), and the share of members with an external tie
 * [M: equal weights]. Its position is the leading other cluster's mean technology when that cluster's mean
 * capability is above this one's (the visit), else the members' external partners' mean technology, else none.
 * A member reads it through the spillovers' distance weight (learning.ts `outsidePractice`).
 */
export function outsideFrontier(w: World, c: number, bit: number): void {
  const f = w.firms;
  const E = f.extSlots;
  let rev = 0;
  let pooled = 0;
  let funded = 0;
  let tied = 0;
  let m = 0;
  let tech = 0;
  let capSum = 0;
  let nt = 0;
  const share = w.params.policy.joint_action_dues;
  for (let i = w.clusters.clusterStart[c]; i < w.clusters.clusterEnd[c]; i++) {
    if (!f.alive[i]) continue;
    rev += f.revenue[i];
    if (!(f.joint[i] & bit)) continue;
    m++;
    pooled += f.revenue[i];
    if (share > 0) funded += f.supportJoint[i * JK + J_LEARNING] / share;
    let has = false;
    for (let t = 0; t < E; t++) {
      const j = f.ext[i * E + t];
      if (j < 0 || !f.alive[j]) continue;
      has = true;
      tech += f.technology[j];
      for (let q = 0; q < K; q++) capSum += f.cap[j * K + q] / K;
      nt++;
    }
    if (has) tied++;
  }
  let pos = NaN;
  let lead = w.clusters.clusterCapMean[c];
  for (let d = 0; d < w.clusters.nClusters; d++) {
    if (d === c || !w.clusters.clusterActive[d] || w.clusters.clusterCapMean[d] <= lead) continue;
    lead = w.clusters.clusterCapMean[d];
    pos = w.clusters.clusterTechMean[d];
  }
  // the level is what the visited practice holds, never above the world frontier (review S-c)
  let level = lead;
  if (pos !== pos && nt > 0) (pos = tech / nt), (level = capSum / nt);
  const frontier = w.params.learning.frontier;
  if (level > frontier) level = frontier;
  const access = m > 0 ? ((rev > 0 ? pooled / rev : 0) + Math.min(1, funded / m) + tied / m) / 3 : 0;
  w.clusters.clusterJointOutside[c] = pos === pos ? level * access : 0;
  w.clusters.clusterJointOutTech[c] = pos;
}

/** Expected catch-up of firm i per tick in a learning project whose best practice per capability is `best` (its own excluded): Σ_k A·g·rate·(best_k − c_k)⁺ (learning term J). */
function expectedCatchUp(w: World, i: number, self: boolean): number {
  const f = w.firms;
  const e = f.effort[i];
  const g = e > 0 ? e / (e + w.params.learning.effort_half) : 0;
  const A = w.params.switches.absorptive_scaling ? f.absorptive[i] : 1;
  let sum = 0;
  const out = outsidePractice(w, i);
  for (let k = 0; k < K; k++) {
    const c = f.cap[i * K + k];
    const own = self && arg[k] === i ? top2[k] : top1[k];
    const best = own > out ? own : out;
    if (best > c) sum += best - c;
  }
  return A * g * w.params.joint_action.catch_up_rate * sum;
}

/** The share of its revenue firm i itself pays as dues of kind k per tick: `contribution`, less what a joint_action programme pays (policy.ts). */
export function ownDues(w: World, i: number, k: number): number {
  return w.params.joint_action.contribution * (1 - w.firms.supportJoint[i * JK + k]);
}

/** What the dues of firm i would buy in capability if it spent them alone, per tick: A·ρ·x·max_k(1 − c_k)/(1 + x/x_h), x = contribution (learning.ts, own investment). */
export function duesAlone(w: World, i: number): number {
  const l = w.params.learning;
  const x = ownDues(w, i, J_LEARNING);
  const A = w.params.switches.absorptive_scaling ? w.firms.absorptive[i] : 1;
  let head = 0;
  for (let k = 0; k < K; k++) {
    const h = 1 - w.firms.cap[i * K + k];
    if (h > head) head = h;
  }
  return (A * l.investment_return * x * head) / (1 + x / l.investment_half);
}

/** The observable outcome of firm i that a project of kind k is judged on: learning, its competence; marketing, its buyer links; logistics, log(1 + its export units). */
export function jointOutcome(w: World, i: number, k: number): number {
  if (k === J_LEARNING) return w.competence(i);
  const L = w.links.maxLinks;
  let n = 0;
  let u = 0;
  for (let j = 0; j < L; j++) {
    if (w.links.linkBuyer[i * L + j] < 0) continue;
    n++;
    u += w.links.linkVolume[i * L + j];
  }
  return k === J_MARKETING ? n : Math.log1p(u);
}

/** The candidates' (bit set) best and second-best practice per capability, into top1/top2/arg. */
function tops(w: World, c: number, bit: number): void {
  const f = w.firms;
  top1.fill(0);
  top2.fill(0);
  arg.fill(-1);
  for (let i = w.clusters.clusterStart[c]; i < w.clusters.clusterEnd[c]; i++) {
    if (!f.alive[i] || !(f.joint[i] & bit)) continue;
    for (let q = 0; q < K; q++) {
      const v = f.cap[i * K + q];
      if (v > top1[q]) (top2[q] = top1[q]), (top1[q] = v), (arg[q] = i);
      else if (v > top2[q]) top2[q] = v;
    }
  }
}

/** Marketing: the share V/(1 + V) of scouting buyers the fair brings, V = visibility_gain × the candidates' (bit set) share of the cluster's revenue, and the cluster's mean gross margin per buyer link (what one more buyer is worth). */
function fairTerms(w: World, c: number, bit: number): { fair: number; margin: number } {
  const f = w.firms;
  let rev = 0;
  let pooled = 0;
  let gross = 0;
  let links = 0;
  for (let i = w.clusters.clusterStart[c]; i < w.clusters.clusterEnd[c]; i++) {
    if (!f.alive[i]) continue;
    rev += f.revenue[i];
    if (f.joint[i] & bit) pooled += f.revenue[i];
    const n = jointOutcome(w, i, J_MARKETING);
    if (n > 0) {
      const g = f.revenue[i] - f.purchases[i] - f.labourCost[i];
      if (g > 0) gross += g;
      links += n;
    }
  }
  const V = rev > 0 ? (w.params.joint_action.visibility_gain * pooled) / rev : 0;
  return { fair: V / (1 + V), margin: links > 0 ? gross / links : 0 };
}

/**
 * Participation (the same test when a candidate decides to join and, each tick, when a member decides to keep
 * paying): learning, the expected catch-up toward the others' best practice beats what its dues buy alone;
 * logistics, the freight it saves beats its dues; marketing, it has room for one more buyer and the fair's share
 * of scouting buyers × a buyer link's margin beats its dues (a firm with full order books, or one large enough
 * that its dues exceed what the fair brings it, stays out and keeps the buyers it would meet without the fair).
 */
function pays(w: World, i: number, k: number, fair: { fair: number; margin: number }): boolean {
  const ja = w.params.joint_action;
  const f = w.firms;
  if (k === J_LEARNING) return expectedCatchUp(w, i, true) > duesAlone(w, i);
  if (k === J_LOGISTICS) {
    const bit = 1 << k;
    const was = f.joint[i] & bit;
    f.joint[i] &= ~bit & 0xff;
    const ok = ja.logistics_saving * freightOf(w, i) > ownDues(w, i, k) * f.revenue[i];
    f.joint[i] |= was;
    return ok;
  }
  return hasRoom(w, i) && fair.fair * fair.margin > ownDues(w, i, k) * f.revenue[i];
}

// Matched comparison (review F1): the non-members' mean change of the outcome, by stratum of the outcome at the
// project's start (NB equal-width strata over the range of the firms seen at the start) [M: 5 strata]
const NB = 5;
const binSum = new Float64Array(NB);
const binSq = new Float64Array(NB);
const binN = new Float64Array(NB);
let binLo = 0;
let binW = 0;

const binOf = (base: number): number => {
  if (!(binW > 0)) return 0;
  const b = Math.floor((base - binLo) / binW);
  return b < 0 ? 0 : b >= NB ? NB - 1 : b;
};

/** Firm i's outcome of kind k now, for the end-of-project comparison: 0 for a firm that died (it lost everything the project could measure; members and non-members alike). */
function outcomeNow(w: World, i: number, k: number): number {
  return w.firms.alive[i] ? jointOutcome(w, i, k) : 0;
}

/** Fill the strata with the non-members' outcome changes (dead ones at outcome 0) for the project of kind k in cluster c; false when there is no non-member. */
function matchStrata(w: World, c: number, k: number): boolean {
  const f = w.firms;
  const bit = 1 << k;
  let lo = Infinity;
  let hi = -Infinity;
  for (let i = w.clusters.clusterStart[c]; i < w.clusters.clusterEnd[c]; i++) {
    if (!(f.jointSeen[i] & bit)) continue;
    const b = f.jointBase[i * JK + k];
    if (b < lo) lo = b;
    if (b > hi) hi = b;
  }
  binSum.fill(0);
  binSq.fill(0);
  binN.fill(0);
  binLo = lo;
  binW = hi > lo ? (hi - lo) / NB : 0;
  let any = false;
  for (let i = w.clusters.clusterStart[c]; i < w.clusters.clusterEnd[c]; i++) {
    if (!(f.jointSeen[i] & bit) || f.jointIn[i] & bit) continue;
    const b = binOf(f.jointBase[i * JK + k]);
    const d = outcomeNow(w, i, k) - f.jointBase[i * JK + k];
    binSum[b] += d;
    binSq[b] += d * d;
    binN[b]++;
    any = true;
  }
  return any;
}

/** The non-members' pooled within-stratum standard deviation of the outcome change (0 with fewer than two per stratum). */
function strataSd(): number {
  let ss = 0;
  let n = 0;
  let used = 0;
  for (let b = 0; b < NB; b++) {
    if (binN[b] === 0) continue;
    ss += binSq[b] - (binSum[b] * binSum[b]) / binN[b];
    n += binN[b];
    used++;
  }
  return n - used > 0 && ss > 0 ? Math.sqrt(ss / (n - used)) : 0;
}

/** Bounded effect of a gap in mean changes: tanh(gap / sd), or its sign when there is no spread to scale it by. */
function effectOf(gap: number, sd: number): number {
  if (sd > 0) return Math.tanh(gap / sd);
  return gap > 1e-12 ? 1 : gap < -1e-12 ? -1 : 0;
}

/** The matched non-members' mean change for a firm whose outcome at the start was `base`: its stratum, else the nearest strata with non-members (pooled when two are equally near). */
function matchedRef(base: number): number {
  const b0 = binOf(base);
  for (let r = 0; r < NB; r++) {
    let s = 0;
    let n = 0;
    if (b0 - r >= 0) (s += binSum[b0 - r]), (n += binN[b0 - r]);
    if (r > 0 && b0 + r < NB) (s += binSum[b0 + r]), (n += binN[b0 + r]);
    if (n > 0) return s / n;
  }
  return NaN;
}

/** Mean outcome of kind k over the alive firms of the active clusters other than c (NaN if none). */
function otherMean(w: World, c: number, k: number): number {
  let s = 0;
  let n = 0;
  for (let d = 0; d < w.clusters.nClusters; d++) {
    if (d === c || !w.clusters.clusterActive[d]) continue;
    for (let i = w.clusters.clusterStart[d]; i < w.clusters.clusterEnd[d]; i++) if (w.firms.alive[i]) (s += jointOutcome(w, i, k)), n++;
  }
  return n > 0 ? s / n : NaN;
}

/**
 * Start a project of kind k in cluster c: draw the candidates (crisis rule, which skips the trust draw, or each
 * firm with probability the competence trust of kind k), then each decides whether to join (`pays`). Fewer than
 * two members: the project does not form. Otherwise record every firm's outcome at the start (the counterfactual
 * the members will judge it against). Returns how many joined.
 */
function startProject(w: World, c: number, k: number, crisis: boolean, rng: Rng): number {
  const bit = 1 << k;
  const keep = ~bit & 0xff;
  const f = w.firms;
  const { alive, status, joint, ties, tieSlots } = f;
  const lo = w.clusters.clusterStart[c];
  const hi = w.clusters.clusterEnd[c];
  const slot = c * JK + k;
  const willing = w.clusters.clusterCompetenceTrust[slot];
  for (let i = lo; i < hi; i++) {
    if (!alive[i]) continue;
    if (crisis) {
      if (status[i] === LEAD || status[i] === LARGE) {
        joint[i] |= bit;
        for (let t = 0; t < tieSlots; t++) {
          const j = ties[i * tieSlots + t];
          if (j >= 0 && alive[j] && status[j] === SME) joint[j] |= bit;
        }
      }
    } else if (rng.next() < willing) joint[i] |= bit;
  }
  if (k === J_LEARNING) tops(w, c, bit), outsideFrontier(w, c, bit);
  const fair = k === J_MARKETING ? fairTerms(w, c, bit) : NO_FAIR;
  let joined = 0;
  for (let i = lo; i < hi; i++) {
    if (!alive[i] || !(joint[i] & bit)) continue;
    if (pays(w, i, k, fair)) joined++;
    else joint[i] &= keep;
  }
  if (joined < 2) {
    for (let i = lo; i < hi; i++) joint[i] &= keep;
    if (k === J_LEARNING) clearOutside(w, c);
    return 0;
  }
  for (let i = lo; i < hi; i++) {
    f.jointIn[i] &= keep;
    f.jointSeen[i] &= keep;
    if (!alive[i]) continue;
    f.jointBase[i * JK + k] = jointOutcome(w, i, k);
    f.jointSeen[i] |= bit;
    if (joint[i] & bit) f.jointIn[i] |= bit;
  }
  w.clusters.clusterJointJoined[slot] = joined;
  w.clusters.clusterJointLeft[slot] = 0;
  w.clusters.clusterJointRef[slot] = otherMean(w, c, k);
  if (k === J_LEARNING) bestPractice(w, c);
  return joined;
}
const NO_FAIR = { fair: 0, margin: 0 };

/** No learning project: no outside practice is open to the cluster. */
function clearOutside(w: World, c: number): void {
  w.clusters.clusterJointOutside[c] = 0;
  w.clusters.clusterJointOutTech[c] = NaN;
}

/**
 * A running project's members are bound to it for `duration` (review F2; Kaplinsky 2015 §3a, contractual trust:
 * "will they adhere to their commitments?"): the dues are owed. A member defects — stops paying, which
 * contractual trust reads — only when it cannot pay (its wealth plus its credit line, money.ts, does not cover this tick's
 * dues), or when the project no longer pays it (`pays` fails) and has so far done worse for it
 * than for comparable non-members (its outcome change below the matched non-members', `matchedRef`; when all
 * joined, the other clusters' firms). A member whose purpose is met (a marketing member with a full order book, a
 * learning member that has caught up) stays to the end and pays. Returns the members left.
 */
function keepPaying(w: World, c: number, k: number): number {
  const bit = 1 << k;
  const keep = ~bit & 0xff;
  const f = w.firms;
  if (k === J_LEARNING) tops(w, c, bit), outsideFrontier(w, c, bit);
  const fair = k === J_MARKETING ? fairTerms(w, c, bit) : NO_FAIR;
  const hasNon = matchStrata(w, c, k);
  const other = hasNon ? NaN : otherMean(w, c, k) - w.clusters.clusterJointRef[c * JK + k];
  let left = 0;
  let stay = 0;
  // each member's decision reads only its own state and the project's terms computed above (order cannot matter)
  for (let i = w.clusters.clusterStart[c]; i < w.clusters.clusterEnd[c]; i++) {
    if (!f.alive[i] || !(f.joint[i] & bit)) continue;
    let quit = f.wealth[i] + creditLine(w, i) < ownDues(w, i, k) * f.revenue[i];
    if (!quit && !pays(w, i, k, fair)) {
      const base = f.jointBase[i * JK + k];
      const ref = hasNon ? matchedRef(base) : other;
      quit = ref === ref && jointOutcome(w, i, k) - base < ref - 1e-12;
    }
    if (quit) (f.joint[i] &= keep), left++;
    else stay++;
  }
  w.clusters.clusterJointLeft[c * JK + k] += left; // a count of defections, for the record; κ reads the bits at the end
  return stay;
}

/** The running learning project's best practice: the members' highest capability per capability (clusterJointBest). */
function bestPractice(w: World, c: number): void {
  const f = w.firms;
  const o = c * K;
  for (let q = 0; q < K; q++) w.clusters.clusterJointBest[o + q] = 0;
  for (let i = w.clusters.clusterStart[c]; i < w.clusters.clusterEnd[c]; i++) {
    if (!f.alive[i] || !((f.joint[i] >>> J_LEARNING) & 1)) continue;
    for (let q = 0; q < K; q++) if (f.cap[i * K + q] > w.clusters.clusterJointBest[o + q]) w.clusters.clusterJointBest[o + q] = f.cap[i * K + q];
  }
  outsideFrontier(w, c, 1 << J_LEARNING);
}

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

/**
 * End the project of kind k in cluster c (Kaplinsky 2015 §3a: competence trust and contractual trust).
 * Competence trust of kind k moves by trust_gain × e, e = tanh((M − R)/σ): M the members' mean outcome change
 * (those who joined, defectors included; a member that died counts at outcome 0), R the mean over the same
 * members of the change of non-members matched on the outcome at the start (`matchedRef`; dead non-members at
 * outcome 0 too), σ the non-members' within-stratum standard deviation (review F1, and B2 of the third review: a
 * share of members above the matched mean read the shape of an integer outcome — most members of a fair gain no
 * link in four ticks — not the fair's effect; means do not). When every firm joined, R is the other clusters'
 * firms' mean change and σ the members' own spread; with neither, competence trust does not move. Contractual
 * trust moves by trust_gain × (κ − κ̄), κ the share of those who joined that are alive and still paying at the
 * end, κ̄ the cluster's running mean of κ (review B1: with binding membership κ is near 1 in every project, so
 * reading κ against ½ wrote a rise; members keeping their word as usual is no news, a wave of defection is).
 * Then clear the bits.
 */
export function endProject(w: World, c: number, k: number): void {
  const f = w.firms;
  const bit = 1 << k;
  const keep = ~bit & 0xff;
  const slot = c * JK + k;
  const hasNon = matchStrata(w, c, k);
  const other = hasNon ? NaN : otherMean(w, c, k) - w.clusters.clusterJointRef[slot];
  let kept = 0;
  let n = 0;
  let sumD = 0;
  let sumD2 = 0;
  let sumRef = 0;
  for (let i = w.clusters.clusterStart[c]; i < w.clusters.clusterEnd[c]; i++) {
    if (f.jointIn[i] & bit && f.jointSeen[i] & bit) {
      if (f.alive[i] && f.joint[i] & bit) kept++;
      const base = f.jointBase[i * JK + k];
      const ref = hasNon ? matchedRef(base) : other;
      const d = outcomeNow(w, i, k) - base;
      if (ref === ref) (n++, (sumD += d), (sumD2 += d * d), (sumRef += ref));
    }
    f.joint[i] &= keep;
    f.jointIn[i] &= keep;
    f.jointSeen[i] &= keep;
  }
  if (k === J_LEARNING) clearOutside(w, c);
  const g = w.params.joint_action.trust_gain;
  if (n > 0) {
    const M = sumD / n;
    const sd = hasNon ? strataSd() : n > 1 ? Math.sqrt(Math.max(0, (sumD2 - n * M * M) / (n - 1))) : 0;
    const e = effectOf(M - sumRef / n, sd);
    w.clusters.clusterCompetenceTrust[slot] = clamp01(w.clusters.clusterCompetenceTrust[slot] + g * e);
  }
  const joined = w.clusters.clusterJointJoined[slot];
  if (joined > 0) {
    const kappa = kept / joined;
    const norm = w.clusters.clusterKeepMean[c];
    if (norm === norm) w.clusters.clusterTrust[c] = clamp01(w.clusters.clusterTrust[c] + g * (kappa - norm));
    w.clusters.clusterKeepMean[c] = norm === norm ? norm + 0.25 * (kappa - norm) : kappa;
  }
  w.clusters.clusterJointJoined[slot] = 0;
  w.clusters.clusterJointLeft[slot] = 0;
}

/** Visibility of cluster c to scouting buyers from its running marketing project: visibility_gain × the members' share of the cluster's revenue. */
function visibility(w: World, c: number): number {
  let rev = 0;
  let pooled = 0;
  for (let i = w.clusters.clusterStart[c]; i < w.clusters.clusterEnd[c]; i++) {
    if (!w.firms.alive[i]) continue;
    rev += w.firms.revenue[i];
    if ((w.firms.joint[i] >>> J_MARKETING) & 1) pooled += w.firms.revenue[i];
  }
  return rev > 0 ? (w.params.joint_action.visibility_gain * pooled) / rev : 0;
}

export function jointActionPhase(w: World, ctx: PhaseContext): void {
  const p = w.params;
  const ja = p.joint_action;
  const rng = ctx.streams.get(`joint/${ctx.tick}`);
  const base = [ja.base_learning, ja.base_marketing, ja.base_logistics];
  const kindRng = JOINT_KINDS.map((k) => ctx.streams.get(`joint.${k}/${ctx.tick}`));
  for (let c = 0; c < w.clusters.nClusters; c++) {
    w.clusters.clusterVisibility[c] = 0;
    if (!w.clusters.clusterActive[c]) continue;
    const lo = w.clusters.clusterStart[c];
    const hi = w.clusters.clusterEnd[c];
    // reputation: the members' mean competence, smoothed (a club good)
    let comp = 0;
    let n = 0;
    let global = 0;
    let total = 0;
    for (let i = lo; i < hi; i++) {
      if (!w.firms.alive[i]) continue;
      comp += w.competence(i);
      n++;
      total += w.firms.units[i];
      for (let j = 0; j < w.links.maxLinks; j++) if (w.links.linkBuyer[i * w.links.maxLinks + j] >= 0) global += w.links.linkVolume[i * w.links.maxLinks + j];
    }
    if (n === 0) continue;
    w.clusters.clusterReputation[c] = w.tick <= 1 && w.clusters.clusterReputation[c] === 0 ? comp / n : 0.9 * w.clusters.clusterReputation[c] + 0.1 * (comp / n);
    w.clusters.clusterIntegration[c] = total > 0 ? global / total : 0;
    // both trust stocks relax toward the cluster's own trust at the start (its social capital, a given of the
    // scenario), not toward zero: outcomes move them away from it (review F3)
    const rest = w.def(c).trust;
    w.clusters.clusterTrust[c] += ja.trust_decay * (rest - w.clusters.clusterTrust[c]);
    for (let k = 0; k < JK; k++) w.clusters.clusterCompetenceTrust[c * JK + k] += ja.trust_decay * (rest - w.clusters.clusterCompetenceTrust[c * JK + k]);
    // joint action by kind, gated by trust: a running project ages and ends (trust moves on its outcome); an idle
    // kind may start one. Policy adds coordination to association's, and trust still gates both
    const crisis = w.clusters.clusterCrisis[c] === 1;
    for (let k = 0; k < JK; k++) {
      const slot = c * JK + k;
      if (w.clusters.clusterJointTicks[slot] > 0) {
        // a running project ages; its members decide again whether to keep paying; it ends at `duration`, or early
        // when fewer than two members are left
        if (--w.clusters.clusterJointTicks[slot] === 0 || keepPaying(w, c, k) < 2) (w.clusters.clusterJointTicks[slot] = 0), endProject(w, c, k);
      }
      if (k === J_LEARNING && w.clusters.clusterJointTicks[slot] > 0) bestPractice(w, c);
      if (!p.switches.joint_action || !p.switches[KIND_SWITCH[k]] || w.clusters.clusterJointTicks[slot] > 0) continue;
      const r = kindRng[k];
      // in a crisis the lead and large firms push co-operation whatever trust has become: the trust factor is at
      // least the cluster's trust at the start (H&S 2000 §2.1; review F3)
      const theta = crisis && w.clusters.clusterTrust[c] < rest ? rest : w.clusters.clusterTrust[c];
      const prob = theta * base[k] * (w.clusters.clusterAssociation[c] + w.clusters.clusterJointBoost[slot]) * (crisis ? 1 + ja.crisis_boost : 1);
      if (r.next() >= prob) continue;
      const joined = startProject(w, c, k, crisis, r);
      if (joined === 0) continue; // too few found it worth their dues: joint action fails to form
      w.clusters.clusterJointTicks[slot] = ja.duration;
      w.counters[c * NC + C_JOINT]++;
      w.emit(-1, -1, 'joint_action', `${JOINT_KINDS[k]}: ${joined} firms for ${ja.duration} ticks${crisis ? ' (crisis: selective, vertical, led by large firms)' : ''}`, -1, c);
    }
    // joint marketing: a running project's pooled budget (the members' share of the cluster's revenue, since each
    // pays the same share of its revenue) buys visibility to scouting buyers (reach.ts), not reputation
    w.clusters.clusterVisibility[c] = w.clusters.clusterJointTicks[c * JK + J_MARKETING] > 0 ? visibility(w, c) : 0;
    // ties form and decay; hub-and-spoke drift with global integration
    if (p.switches.tie_dynamics && w.firms.tieSlots > 0) {
      const window = w.def(c).tie_window;
      const hubP = ja.hub_bias * w.clusters.clusterIntegration[c];
      for (let i = lo; i < hi; i++) {
        if (!w.firms.alive[i] || rng.next() >= ja.tie_formation) continue;
        const slot = i * w.firms.tieSlots + rng.int(w.firms.tieSlots);
        let j = -1;
        if (rng.next() < hubP) {
          for (let tries = 0; tries < 6 && j < 0; tries++) {
            const k = lo + rng.int(hi - lo);
            if (w.firms.alive[k] && k !== i && (w.firms.status[k] === LEAD || w.firms.status[k] === LARGE)) j = k;
          }
        }
        if (j < 0) {
          const off = 1 + rng.int(Math.max(1, Math.min(window, hi - lo - 1)));
          const k = lo + ((((i - lo + (rng.next() < 0.5 ? off : -off)) % (hi - lo)) + (hi - lo)) % (hi - lo));
          if (w.firms.alive[k] && k !== i) j = k;
        }
        if (j >= 0 && !w.firms.hasTie(i, j)) w.firms.ties[slot] = j;
      }
    }
  }
  // inter-cluster co-operation
  if (p.switches.cooperation) {
    for (const co of w.definition.cooperation) {
      if (co.start > ctx.tick) continue;
      const a = w.clusters.clusterIds.indexOf(co.a);
      const b = w.clusters.clusterIds.indexOf(co.b);
      if (!w.clusters.clusterActive[a] || !w.clusters.clusterActive[b]) continue;
      for (const [x, y] of [
        [a, b],
        [b, a],
      ] as const) {
        for (let i = w.clusters.clusterStart[x]; i < w.clusters.clusterEnd[x]; i++) {
          if (!w.firms.alive[i] || rng.next() >= ja.tie_formation) continue;
          addExternalTie(w, i, rng, y);
          if (co.kind === 'vertical') {
            const add = w.clusters.clusterChains[y] & ~w.firms.chainMask[i];
            for (let c = 0; c < w.chains.nChains; c++) if ((add >>> c) & 1) w.firms.chainIdle[i * w.chains.nChains + c] = 0;
            w.firms.chainMask[i] |= add;
          }
        }
      }
      if (co.kind === 'horizontal') {
        const r = Math.max(w.clusters.clusterReputation[a], w.clusters.clusterReputation[b]);
        w.clusters.clusterReputation[a] += 0.05 * (r - w.clusters.clusterReputation[a]);
        w.clusters.clusterReputation[b] += 0.05 * (r - w.clusters.clusterReputation[b]);
      }
    }
  }
}
