/**
 * Local governance and joint action (MODEL.md §4.6; Humphrey & Schmitz 2000
 * §2.1, §4.1, §5; Kaplinsky 2015 §3a, §3d; EU clusters in GVCs 2018 on
 * inter-cluster co-operation; issue 9 item 7).
 *
 * - Joint action by kind (Kaplinsky 2015 §3d: joint action in learning,
 *   marketing and logistics), a club good with costs (Humphrey & Schmitz 2000
 *   §4.1). Each kind k is drawn separately: a cluster with no project of kind
 *   k running tries one with probability
 *   trust · (base_k · association · (1 + [crisis]·crisis_boost) + policy_k):
 *   policy adds coordination, trust still gates it. Candidates: each firm with
 *   probability trust, or in a crisis the lead and large firms and their SME
 *   ties (H&S §2.1). Each candidate joins only if membership pays its dues
 *   (`contribution` × revenue per tick, money.ts): learning, if its expected
 *   catch-up toward the other candidates' best practice beats what the dues
 *   buy alone; logistics, if the freight it saves beats them; marketing, always
 *   (its gain, reputation, reaches non-members too). Fewer than two members:
 *   no project. A project runs `duration` ticks; kinds overlap. Channels:
 *   learning members catch up toward the members' best practice (learning
 *   term J, clusterJointBest); a running marketing project raises the
 *   cluster's reputation by reputation_boost × the members' revenue share (the
 *   pooled budget), which buyers read; logistics members' freight falls by
 *   `logistics_saving` (costs.ts). Trust moves when a project ends, on the
 *   share of members whose realised gain covered their cost, and decays
 *   otherwise. Each kind draws from its own stream `joint.<kind>/<tick>`, so
 *   switching one kind off leaves the others' draws and the ties' unchanged.
 * - Reputation is a club good: it follows the members' mean competence and
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

/** Expected catch-up of firm i per tick in a learning project whose best practice per capability is `best` (its own excluded): Σ_k A·g·rate·(best_k − c_k)⁺ (learning term J). */
function expectedCatchUp(w: World, i: number, self: boolean): number {
  const f = w.firms;
  const e = f.effort[i];
  const g = e > 0 ? e / (e + w.params.learning.effort_half) : 0;
  const A = w.params.switches.absorptive_scaling ? f.absorptive[i] : 1;
  let sum = 0;
  for (let k = 0; k < K; k++) {
    const c = f.cap[i * K + k];
    const best = self && arg[k] === i ? top2[k] : top1[k];
    if (best > c) sum += best - c;
  }
  return A * g * w.params.joint_action.catch_up_rate * sum;
}

/** What the dues of firm i would buy in capability if it spent them alone, per tick: A·ρ·x·max_k(1 − c_k)/(1 + x/x_h), x = contribution (learning.ts, own investment). */
export function duesAlone(w: World, i: number): number {
  const l = w.params.learning;
  const x = w.params.joint_action.contribution;
  const A = w.params.switches.absorptive_scaling ? w.firms.absorptive[i] : 1;
  let head = 0;
  for (let k = 0; k < K; k++) {
    const h = 1 - w.firms.cap[i * K + k];
    if (h > head) head = h;
  }
  return (A * l.investment_return * x * head) / (1 + x / l.investment_half);
}

/**
 * Start a project of kind k in cluster c: draw the candidates (crisis rule or
 * each firm with probability trust), then each decides whether to join
 * (participation): a learning candidate joins if its expected catch-up toward
 * the other candidates' best practice exceeds what its dues would buy alone; a
 * logistics candidate if the freight it would save exceeds its dues; a
 * marketing candidate joins (its gain is the cluster's reputation, which it
 * cannot keep from non-members: no private test). Fewer than two members: the
 * project does not form. Returns how many joined.
 */
function startProject(w: World, c: number, k: number, crisis: boolean, rng: Rng): number {
  const bit = 1 << k;
  const keep = ~bit & 0xff;
  const f = w.firms;
  const { alive, status, joint, ties, tieSlots } = f;
  const lo = w.clusters.clusterStart[c];
  const hi = w.clusters.clusterEnd[c];
  const ja = w.params.joint_action;
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
    } else if (rng.next() < w.clusters.clusterTrust[c]) joint[i] |= bit;
  }
  // participation: the candidates' best practice (and second best, for the best firm itself) per capability
  if (k === J_LEARNING) {
    top1.fill(0);
    top2.fill(0);
    arg.fill(-1);
    for (let i = lo; i < hi; i++) {
      if (!alive[i] || !(joint[i] & bit)) continue;
      for (let q = 0; q < K; q++) {
        const v = f.cap[i * K + q];
        if (v > top1[q]) (top2[q] = top1[q]), (top1[q] = v), (arg[q] = i);
        else if (v > top2[q]) top2[q] = v;
      }
    }
  }
  let joined = 0;
  for (let i = lo; i < hi; i++) {
    if (!alive[i] || !(joint[i] & bit)) continue;
    let join = true;
    if (k === J_LEARNING) join = expectedCatchUp(w, i, true) > duesAlone(w, i);
    else if (k === J_LOGISTICS) {
      joint[i] &= keep;
      join = ja.logistics_saving * freightOf(w, i) > ja.contribution * f.revenue[i];
      joint[i] |= bit;
    }
    if (join) joined++;
    else joint[i] &= keep;
  }
  if (joined < 2) {
    for (let i = lo; i < hi; i++) joint[i] &= keep;
    return 0;
  }
  for (let i = lo; i < hi; i++) {
    if (!(joint[i] & bit)) continue;
    f.jointPaid[i * JK + k] = 0;
    // marketing's realised gain: the revenue of the project's ticks above `duration` ticks of the revenue at its start
    f.jointGain[i * JK + k] = k === J_MARKETING ? -ja.duration * f.revenue[i] : 0;
  }
  if (k === J_LEARNING) bestPractice(w, c);
  return joined;
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
}

/**
 * End the project of kind k in cluster c: trust moves on its realised outcome,
 * + trust_gain × (2s − 1) with s the share of members whose realised gain
 * covered their contribution; then clear the bit on the cluster's firms.
 */
function endProject(w: World, c: number, k: number): void {
  const f = w.firms;
  const keep = ~(1 << k) & 0xff;
  let members = 0;
  let paid = 0;
  for (let i = w.clusters.clusterStart[c]; i < w.clusters.clusterEnd[c]; i++) {
    if (f.alive[i] && (f.joint[i] >>> k) & 1) {
      members++;
      if (f.jointGain[i * JK + k] >= f.jointPaid[i * JK + k]) paid++;
    }
    f.joint[i] &= keep;
  }
  if (members === 0) return;
  const t = w.clusters.clusterTrust[c] + w.params.joint_action.trust_gain * ((2 * paid) / members - 1);
  w.clusters.clusterTrust[c] = t < 0 ? 0 : t > 1 ? 1 : t;
}

export function jointActionPhase(w: World, ctx: PhaseContext): void {
  const p = w.params;
  const ja = p.joint_action;
  const rng = ctx.streams.get(`joint/${ctx.tick}`);
  const base = [ja.base_learning, ja.base_marketing, ja.base_logistics];
  const kindRng = JOINT_KINDS.map((k) => ctx.streams.get(`joint.${k}/${ctx.tick}`));
  for (let c = 0; c < w.clusters.nClusters; c++) {
    if (!w.clusters.clusterActive[c]) continue;
    const lo = w.clusters.clusterStart[c];
    const hi = w.clusters.clusterEnd[c];
    // reputation: the members' mean competence, smoothed (a club good)
    let comp = 0;
    let n = 0;
    let global = 0;
    let total = 0;
    let revenue = 0;
    let pooled = 0;
    for (let i = lo; i < hi; i++) {
      if (!w.firms.alive[i]) continue;
      comp += w.competence(i);
      n++;
      total += w.firms.units[i];
      revenue += w.firms.revenue[i];
      if ((w.firms.joint[i] >>> J_MARKETING) & 1) pooled += w.firms.revenue[i];
      // joint logistics: the freight a member saved this tick (its realised gain; trust reads it at the project's end)
      if ((w.firms.joint[i] >>> J_LOGISTICS) & 1 && ja.logistics_saving < 1) w.firms.jointGain[i * JK + J_LOGISTICS] += (freightOf(w, i) * ja.logistics_saving) / (1 - ja.logistics_saving);
      for (let j = 0; j < w.links.maxLinks; j++) if (w.links.linkBuyer[i * w.links.maxLinks + j] >= 0) global += w.links.linkVolume[i * w.links.maxLinks + j];
    }
    if (n === 0) continue;
    w.clusters.clusterReputation[c] = w.tick <= 1 && w.clusters.clusterReputation[c] === 0 ? comp / n : 0.9 * w.clusters.clusterReputation[c] + 0.1 * (comp / n);
    w.clusters.clusterIntegration[c] = total > 0 ? global / total : 0;
    w.clusters.clusterTrust[c] = Math.max(0, w.clusters.clusterTrust[c] * (1 - ja.trust_decay));
    // joint action by kind, gated by trust: a running project ages and ends (trust moves on its outcome); an idle
    // kind may start one. Policy adds coordination to association's, and trust still gates both
    const crisis = w.clusters.clusterCrisis[c] === 1;
    for (let k = 0; k < JK; k++) {
      const slot = c * JK + k;
      if (w.clusters.clusterJointTicks[slot] > 0 && --w.clusters.clusterJointTicks[slot] === 0) endProject(w, c, k);
      if (k === J_LEARNING && w.clusters.clusterJointTicks[slot] > 0) bestPractice(w, c);
      if (!p.switches.joint_action || !p.switches[KIND_SWITCH[k]] || w.clusters.clusterJointTicks[slot] > 0) continue;
      const r = kindRng[k];
      const prob = w.clusters.clusterTrust[c] * (base[k] * w.clusters.clusterAssociation[c] * (crisis ? 1 + ja.crisis_boost : 1) + w.clusters.clusterJointBoost[slot]);
      if (r.next() >= prob) continue;
      const joined = startProject(w, c, k, crisis, r);
      if (joined === 0) continue; // too few found it worth their dues: joint action fails to form
      w.clusters.clusterJointTicks[slot] = ja.duration;
      w.counters[c * NC + C_JOINT]++;
      w.emit(-1, -1, 'joint_action', `${JOINT_KINDS[k]}: ${joined} firms for ${ja.duration} ticks${crisis ? ' (crisis: selective, vertical, led by large firms)' : ''}`, -1, c);
    }
    // joint marketing: a running project's pooled budget (the members' share of the cluster's revenue, since each
    // pays the same share of its revenue) raises the cluster's reputation, which buyers read when they scout
    if (w.clusters.clusterJointTicks[c * JK + J_MARKETING] > 0 && revenue > 0) w.clusters.clusterReputation[c] = Math.min(1, w.clusters.clusterReputation[c] + (ja.reputation_boost * pooled) / revenue);
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
