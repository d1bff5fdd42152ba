/**
 * Policy instruments (MODEL.md §5; Humphrey & Schmitz 2000 §5;
 * Gancarczyk & Bohatkiewicz 2018 §Policy; EU clusters in GVCs 2018).
 *
 * Each scheduled instrument runs from its start to its end tick on the
 * clusters within its level's reach (regional: one cluster; national: the
 * country's clusters; international: several countries), on firms of the
 * target status. Its intensity is a budget per tick spread evenly over the
 * firms it reaches, so the support per firm is intensity / firms reached;
 * spending is counted in `policy_spend`. A policy tagged `reposition` must
 * first pass the lead firms' veto (joint-action.ts `repositionVeto`) when it
 * starts; vetoed, it never runs. Levers, one per instrument:
 *
 * | instrument | lever |
 * |---|---|
 * | training | process support; absorptive capacity |
 * | rnd | product and design support |
 * | certification | firms above the standard become certified (verifiable competence) |
 * | matchmaking | new external ties to other clusters |
 * | export_promotion | free a slot for alternative buyers: firm becomes visible (sourcing) |
 * | infrastructure | cluster infrastructure rises |
 * | finance | investment effort (cost of investment falls) |
 * | joint_action | for the kinds the instrument's `kind` names (learning, marketing, logistics; all: each): coordination in units of the association, P = trust × base_k × (association + boost), so trust still gates it; and its budget pays `joint_action_dues` of each reached firm's dues of those kinds (Kaplinsky 2015 §3a: local governments funded service centres; H&S 2000 §2.1: the state part-funded the Centre for Ceramics Technology) |
 * | fdi | foreign lead firms arrive with a parent buyer abroad and source locally (fdi.ts; long-term contracts raise transfer) |
 * | smart_specialisation | cost of entering near chains falls |
 * | local_content | share of buyers' suppliers from the target clusters |
 * | repositioning | collective design and marketing upgrade (needs the coalition) |
 */
import type { PhaseContext } from '../../engine/scheduler.js';
import { DESIGN, JK, JOINT_KINDS, K, MARKETING, PROCESS, PRODUCT } from '../constants.js';
import { fdiEntry } from './fdi.js';
import { repositionVeto } from './joint-action.js';
import { addExternalTie } from './ties.js';
import { homeChain } from './production.js';
import { C_SPEND, NC, type World } from '../world.js';

export function policyPhase(w: World, ctx: PhaseContext): void {
  const p = w.params;
  const pp = p.policy;
  w.firms.support.fill(0);
  w.firms.supportAbsorptive.fill(0);
  w.firms.supportFinance.fill(0);
  w.firms.supportJoint.fill(0);
  w.clusters.clusterJointBoost.fill(0);
  w.clusters.clusterSmart.fill(0);
  w.clusters.clusterLocalContent.fill(0);
  if (!p.switches.policy) return;
  const t = ctx.tick;
  const rng = ctx.streams.get(`policy/${t}`);
  for (let k = 0; k < w.policies.list.length; k++) {
    const ps = w.policies.list[k];
    const d = ps.def;
    const on = t >= d.start && t <= d.end;
    if (on && !ps.active) {
      ps.active = true;
      const c0 = ps.clusters[0] ?? 0;
      if (d.tag === 'reposition' && p.switches.veto) ps.vetoed = repositionVeto(w, ps.clusters, rng);
      w.emit(-1, -1, ps.vetoed ? 'policy_vetoed' : 'policy_start', `${d.instrument} (${d.level}, ${d.tag})`, -1, c0);
      if (!ps.vetoed && d.instrument === 'fdi') fdiEntry(w, ps, ps.intensity(t), ctx.streams, t);
    } else if (!on && ps.active) {
      ps.active = false;
      const c0 = ps.clusters[0] ?? 0;
      w.emit(-1, -1, 'policy_end', `${d.instrument} (${d.level})`, -1, c0);
    }
    if (!on || ps.vetoed) continue;
    // firms reached
    let reached = 0;
    for (const c of ps.clusters) {
      if (!w.clusters.clusterActive[c]) continue;
      for (let i = w.clusters.clusterStart[c]; i < w.clusters.clusterEnd[c]; i++) if (w.firms.alive[i] && (ps.status < 0 || w.firms.status[i] === ps.status)) reached++;
    }
    if (reached === 0) continue;
    const intensity = ps.intensity(t);
    const per = intensity / reached;
    for (const c of ps.clusters) {
      if (!w.clusters.clusterActive[c]) continue;
      let spent = 0;
      for (let i = w.clusters.clusterStart[c]; i < w.clusters.clusterEnd[c]; i++) {
        if (!w.firms.alive[i] || (ps.status >= 0 && w.firms.status[i] !== ps.status)) continue;
        spent += per;
        apply(w, d.instrument, i, per, rng);
        // the programme's budget pays a share of the members' dues of the kinds it names (money.ts; joint-action.ts participation)
        if (d.instrument === 'joint_action') for (let k = 0; k < JK; k++) if (d.kind === 'all' || d.kind === JOINT_KINDS[k]) w.firms.supportJoint[i * JK + k] = Math.min(1, w.firms.supportJoint[i * JK + k] + pp.joint_action_dues * Math.min(1, per));
      }
      w.counters[c * NC + C_SPEND] += spent;
      if (d.instrument === 'infrastructure') w.clusters.clusterInfrastructure[c] = Math.min(1, w.clusters.clusterInfrastructure[c] + pp.infrastructure_gain * per);
      if (d.instrument === 'joint_action') {
        const boost = pp.joint_action_boost * Math.min(1, intensity / Math.max(1, w.aliveIn(c)));
        for (let k = 0; k < JK; k++) if (d.kind === 'all' || d.kind === JOINT_KINDS[k]) w.clusters.clusterJointBoost[c * JK + k] += boost;
      }
      if (d.instrument === 'smart_specialisation') w.clusters.clusterSmart[c] += Math.min(1, intensity / Math.max(1, w.aliveIn(c)));
      if (d.instrument === 'local_content') w.clusters.clusterLocalContent[c] = Math.min(1, pp.local_content * intensity);
    }
  }
}

function apply(w: World, instrument: string, i: number, per: number, rng: { next(): number; int(n: number): number }): void {
  const pp = w.params.policy;
  const o = i * K;
  switch (instrument) {
    case 'training':
      w.firms.support[o + PROCESS] += per;
      w.firms.supportAbsorptive[i] += pp.training_absorptive * per * 0.01;
      break;
    case 'rnd':
      w.firms.support[o + PRODUCT] += per;
      w.firms.support[o + DESIGN] += per;
      break;
    case 'repositioning':
      w.firms.support[o + DESIGN] += per;
      w.firms.support[o + MARKETING] += per;
      break;
    case 'certification':
      if (w.competence(i) >= w.chains.chainStandard[homeChain(w, i)] - 0.05 * Math.min(1, per)) w.firms.certified[i] = 1;
      break;
    case 'finance':
      // finance support: a cheaper loan (money.ts interestRate), at most one unit per firm
      w.firms.supportFinance[i] = Math.min(1, w.firms.supportFinance[i] + Math.min(1, per));
      break;
    case 'matchmaking':
      if (rng.next() < pp.matchmaking_ties * Math.min(1, per)) addExternalTie(w, i, rng);
      break;
    case 'export_promotion':
      // export promotion widens the chains a firm can reach: the nearest chain it does not serve
      if (rng.next() < pp.export_links * Math.min(1, per)) {
        let best = -1;
        let bestD = Infinity;
        for (let c = 0; c < w.chains.nChains; c++) {
          if ((w.firms.chainMask[i] >>> c) & 1) continue;
          const dd = Math.abs(w.firms.technology[i] - w.chains.chainTechnology[c]);
          if (dd < bestD) (bestD = dd), (best = c);
        }
        if (best >= 0) {
          w.firms.chainMask[i] |= 1 << best;
          w.firms.chainIdle[i * w.chains.nChains + best] = 0;
        }
      }
      break;
    default:
      break;
  }
}
