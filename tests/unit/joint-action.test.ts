// Wiring tests of joint action by kind (joint-action.ts; issue 9 item 7) on
// hand-built states: learning, marketing and logistics are drawn separately,
// gated by trust, run `duration` ticks, can overlap, and each moves only its
// own channel. Not findings.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { J_LEARNING, J_LOGISTICS, J_MARKETING, JK, K, PROCESS, Simulation, loadScenario } from '../../src/index.js';
import { endProject, jointActionPhase, outsideFrontier, ownDues } from '../../src/model/mechanisms/joint-action.js';
import { moneyPhase } from '../../src/model/mechanisms/money.js';
import { learningPhase, learningScratch, outsidePractice } from '../../src/model/mechanisms/learning.js';
import { investmentPhase } from '../../src/model/mechanisms/investment.js';
import { policyPhase } from '../../src/model/mechanisms/policy.js';
import { landedCost, logisticsCost, unitCost } from '../../src/model/mechanisms/costs.js';
import { clusterWeights, draw } from '../../src/model/mechanisms/reach.js';
import { C_JOINT, NC } from '../../src/model/world.js';
import { Streams } from '../../src/engine/rng.js';
import { smallScenario } from '../helpers.js';

const ctx = (tick = 1) => ({ tick, streams: new Streams(11) });

function world(params: Record<string, unknown> = {}, patch: (s: Record<string, any>) => void = () => {}) {
  const sc = smallScenario((s) => {
    s.world.clusters[0].firms = 30;
    s.world.clusters[0].lead_firms = 0;
    s.world.clusters[0].distance = 0.5;
    s.params = params;
    patch(s);
  });
  const w = new Simulation(sc, { seed: 11 }).world;
  w.clusters.clusterCrisis[0] = 0;
  return w;
}

/** Hand-set trade: every firm has one buyer link and sells 1 at a gross margin of 0.5, so one more buyer is worth something (marketing participation). */
const trade = (w: ReturnType<typeof world>): void => {
  const L = w.links.maxLinks;
  for (let i = 0; i < w.firms.N; i++) {
    if (!w.firms.alive[i]) continue;
    (w.firms.revenue[i] = 1), (w.firms.purchases[i] = 0), (w.firms.labourCost[i] = 0.5), (w.firms.wealth[i] = 1); // wealth: it can pay its dues
    if (w.links.linkBuyer[i * L] < 0) w.links.linkBuyer[i * L] = 0;
  }
};

const members = (w: ReturnType<typeof world>, k: number): number => {
  let n = 0;
  for (let i = 0; i < w.firms.N; i++) if (w.firms.alive[i] && (w.firms.joint[i] >>> k) & 1) n++;
  return n;
};

describe('joint action by kind (wiring)', () => {
  it('no project of any kind at zero trust (a cluster whose trust at the start is 0: trust relaxes toward it)', () => {
    const w = world({}, (s) => (s.world.clusters[0].trust = 0));
    w.clusters.clusterTrust[0] = 0;
    w.clusters.clusterAssociation[0] = 1;
    for (let t = 1; t <= 200; t++) jointActionPhase(w, ctx(t));
    expect(w.counters[0 * NC + C_JOINT]).toBe(0);
    for (let k = 0; k < JK; k++) {
      expect(w.clusters.clusterJointTicks[k]).toBe(0);
      expect(members(w, k)).toBe(0);
    }
  });

  it('kinds start in one tick and a project runs `duration` ticks with its members, then ends; trust moves on the outcome, not the start', () => {
    const w = world();
    w.clusters.clusterTrust[0] = 1;
    w.clusters.clusterCompetenceTrust.fill(1);
    w.clusters.clusterAssociation[0] = 1;
    for (let i = 0; i < w.firms.N; i++) {
      w.firms.effort[i] = 0.2;
      w.firms.cap[i * K + PROCESS] = 0.1 + (0.8 * i) / w.firms.N; // a spread of practice to catch up to
    }
    w.firms.effort[0] = 0; // no absorptive effort: no expected catch-up, so it does not pay dues for it
    trade(w);
    w.clusters.clusterJointBoost.fill(10); // coordination: with trust 1, base 0.1 × (α + 10) ≥ 1, a certain start for every kind
    jointActionPhase(w, ctx(1));
    const alive = w.aliveIn(0);
    const m0 = members(w, J_MARKETING);
    expect(m0).toBeGreaterThan(1); // competence trust ≈ 1: every firm is a candidate; those the fair pays join
    const learners = members(w, J_LEARNING);
    expect(learners).toBeGreaterThan(1);
    expect(learners).toBeLessThan(alive); // participation: firm 0 would not gain its dues
    expect((w.firms.joint[0] >>> J_LEARNING) & 1).toBe(0);
    // no rise at the start; trust relaxes toward the cluster's trust at the start (review F3), not toward zero
    const rest = w.def(0).trust;
    expect(w.clusters.clusterTrust[0]).toBe(1 + w.params.joint_action.trust_decay * (rest - 1));
    expect(w.clusters.clusterJointTicks[J_MARKETING]).toBe(4);
    w.clusters.clusterJointBoost.fill(0);
    w.clusters.clusterTrust[0] = 0;
    for (let t = 2; t <= 4; t++) {
      jointActionPhase(w, ctx(t));
      expect(members(w, J_MARKETING)).toBe(m0 - w.clusters.clusterJointLeft[J_MARKETING]); // members leave only by defecting
    }
    // the end: trust moves on the outcome against the counterfactual and on the dues kept (tested below)
    jointActionPhase(w, ctx(5));
    for (let k = 0; k < JK; k++) expect(members(w, k)).toBe(0);
  });

  it('trust at a project’s end (Kaplinsky 2015 §3a): competence trust of its kind by g·tanh((M − R)/σ) against matched non-members; contractual trust by g·(κ − κ̄), κ̄ the running mean of κ', () => {
    const w = world();
    const g = w.params.joint_action.trust_gain;
    const lo = w.clusters.clusterStart[0];
    const hi = w.clusters.clusterEnd[0];
    const B = 1 << J_LEARNING;
    // every firm starts at competence 0.5 (one stratum); members gain memberGain, non-members outsiderGain + spread ×
    // (+1, −1, 0, …), so the non-members' mean is outsiderGain
    const offsets: number[] = [];
    const setup = (memberGain: number, outsiderGain: number, spread = 0) => {
      let n = 0;
      let o = 0;
      offsets.length = 0;
      for (let i = lo; i < hi; i++) {
        if (!w.firms.alive[i]) continue;
        const inside = n++ % 2 === 0;
        w.firms.jointSeen[i] |= B;
        if (inside) (w.firms.jointIn[i] |= B), (w.firms.joint[i] |= B);
        const u = inside ? 0 : [1, -1, 0][o++ % 3] * spread;
        if (!inside) offsets.push(u);
        const gain = inside ? memberGain : outsiderGain + u;
        for (let q = 0; q < K; q++) w.firms.cap[i * K + q] = 0.5 + gain;
        w.firms.jointBase[i * JK + J_LEARNING] = 0.5;
      }
      w.clusters.clusterJointJoined[J_LEARNING] = Math.ceil(n / 2);
      return Math.ceil(n / 2);
    };
    const memberIds = (): number[] => {
      const out: number[] = [];
      for (let i = lo; i < hi; i++) if (w.firms.alive[i] && w.firms.jointIn[i] & B) out.push(i);
      return out;
    };
    w.clusters.clusterTrust[0] = 0.5;
    w.clusters.clusterCompetenceTrust.fill(0.5);
    // no spread among non-members: the effect is the sign of M − R; the first end sets κ̄ and moves no contractual trust
    setup(0.02, 0.01);
    endProject(w, 0, J_LEARNING);
    expect(w.clusters.clusterCompetenceTrust[J_LEARNING]).toBeCloseTo(0.5 + g, 12);
    expect(w.clusters.clusterCompetenceTrust[J_MARKETING]).toBe(0.5); // the other kinds' competence trust does not move
    expect(w.clusters.clusterTrust[0]).toBe(0.5);
    expect(w.clusters.clusterKeepMean[0]).toBe(1);
    for (let i = lo; i < hi; i++) expect(w.firms.joint[i] | w.firms.jointIn[i] | w.firms.jointSeen[i]).toBe(0);
    // equal means (a placebo): no competence change, whatever the spread; everyone kept paying as usual: no news
    w.clusters.clusterCompetenceTrust.fill(0.5);
    setup(0.01, 0.01, 0.005);
    endProject(w, 0, J_LEARNING);
    expect(w.clusters.clusterCompetenceTrust[J_LEARNING]).toBeCloseTo(0.5, 12);
    expect(w.clusters.clusterTrust[0]).toBe(0.5);
    // members gain 0.005 more than non-members, whose spread is 0.005: e = tanh(0.005/σ)
    w.clusters.clusterCompetenceTrust.fill(0.5);
    setup(0.015, 0.01, 0.005);
    const m = w.clusters.clusterJointJoined[J_LEARNING];
    const mu = offsets.reduce((a, x) => a + x, 0) / offsets.length;
    expect(Math.abs(mu)).toBeLessThan(1e-15); // the layout keeps the non-members' mean at outsiderGain
    const sd = Math.sqrt(offsets.reduce((a, x) => a + (x - mu) ** 2, 0) / (offsets.length - 1));
    // half the members stopped paying: κ = (m − half)/m against κ̄ = 1
    const half = Math.floor(m / 2);
    memberIds()
      .slice(0, half)
      .forEach((i) => (w.firms.joint[i] &= ~B & 0xff));
    endProject(w, 0, J_LEARNING);
    expect(w.clusters.clusterCompetenceTrust[J_LEARNING]).toBeCloseTo(0.5 + g * Math.tanh(0.005 / sd), 9);
    const kappa = (m - half) / m;
    expect(w.clusters.clusterTrust[0]).toBeCloseTo(0.5 + g * (kappa - 1), 12);
    expect(w.clusters.clusterKeepMean[0]).toBeCloseTo(1 + 0.25 * (kappa - 1), 12);
  });

  it('trust at a project’s end (review F1): members are compared with non-members matched on the outcome at the start, so selection on headroom reads as no effect; a member that died counts at outcome 0 and as not paying', () => {
    const w = world();
    const g = w.params.joint_action.trust_gain;
    const lo = w.clusters.clusterStart[0];
    const hi = w.clusters.clusterEnd[0];
    const B = 1 << J_LEARNING;
    const ids: number[] = [];
    for (let i = lo; i < hi; i++) if (w.firms.alive[i]) ids.push(i);
    // laggards (capability 0.2 at the start) and leaders (0.8); laggards catch up by 0.1 whether they join or not,
    // leaders do not move. Members are half of the laggards only: unmatched, they beat the non-members' mean
    const low = ids.slice(0, 16);
    const high = ids.slice(16);
    const setOutcome = (i: number, start: number, gain: number) => {
      for (let q = 0; q < K; q++) w.firms.cap[i * K + q] = start + gain;
      w.firms.jointSeen[i] |= B;
      w.firms.jointBase[i * JK + J_LEARNING] = w.competence(i) - gain;
    };
    low.forEach((i) => setOutcome(i, 0.2, 0.1));
    high.forEach((i) => setOutcome(i, 0.8, 0));
    const mem = low.filter((_, x) => x % 2 === 0);
    mem.forEach((i) => ((w.firms.jointIn[i] |= B), (w.firms.joint[i] |= B)));
    w.clusters.clusterJointJoined[J_LEARNING] = mem.length;
    w.clusters.clusterTrust[0] = 0.5;
    w.clusters.clusterCompetenceTrust.fill(0.5);
    endProject(w, 0, J_LEARNING);
    expect(w.clusters.clusterCompetenceTrust[J_LEARNING]).toBeCloseTo(0.5, 12); // matched: M = R
    // the same, with members that beat their matched non-members, but one of them died before the end: it counts at
    // competence 0, which drags M below R
    low.forEach((i) => setOutcome(i, 0.2, 0.1));
    high.forEach((i) => setOutcome(i, 0.8, 0));
    mem.forEach((i) => ((w.firms.jointIn[i] |= B), (w.firms.joint[i] |= B), setOutcome(i, 0.2, 0.11)));
    w.clusters.clusterJointJoined[J_LEARNING] = mem.length;
    const base0 = w.firms.jointBase[mem[0] * JK + J_LEARNING];
    w.firms.alive[mem[0]] = 0;
    w.clusters.clusterCompetenceTrust.fill(0.5);
    const keepBefore = w.clusters.clusterKeepMean[0];
    endProject(w, 0, J_LEARNING);
    const n = mem.length;
    const M = ((n - 1) * 0.11 + (0 - base0)) / n; // without the death M = 0.11 > R = 0.1 and trust would rise
    expect(M).toBeLessThan(0.1);
    expect(w.clusters.clusterCompetenceTrust[J_LEARNING]).toBeCloseTo(0.5 - g, 12); // no spread among non-members: the sign
    // κ = (n − 1)/n against the running mean (1 after the first end)
    expect(keepBefore).toBe(1);
    expect(w.clusters.clusterTrust[0]).toBeCloseTo(0.5 + g * ((n - 1) / n - 1), 12);
  });

  it('binding membership (review F2): a member whose purpose is met stays and pays; one that cannot pay, or whose project no longer pays and has done worse for it than for matched non-members, defects; below two members the project ends early', () => {
    const w = world();
    w.clusters.clusterTrust[0] = 1;
    w.clusters.clusterCompetenceTrust.fill(1);
    w.clusters.clusterAssociation[0] = 1;
    for (let i = 0; i < w.firms.N; i++) {
      w.firms.effort[i] = 0.2;
      w.firms.cap[i * K + PROCESS] = 0.1 + (0.8 * i) / w.firms.N;
    }
    w.firms.effort[0] = 0; // no absorptive effort: firm 0 does not join, and stays as the non-member comparison
    w.clusters.clusterJointBoost.fill(10); // base 0.1 × (α + 10) ≥ 1: a certain start at trust 1
    w.params.switches.joint_marketing = false;
    w.params.switches.joint_logistics = false;
    jointActionPhase(w, ctx(1));
    const joined = members(w, J_LEARNING);
    expect(joined).toBeGreaterThan(4);
    expect((w.firms.joint[0] >>> J_LEARNING) & 1).toBe(0);
    expect(w.clusters.clusterJointJoined[J_LEARNING]).toBe(joined);
    w.clusters.clusterJointBoost.fill(0);
    const mem: number[] = [];
    for (let i = 0; i < w.firms.N; i++) if ((w.firms.joint[i] >>> J_LEARNING) & 1) mem.push(i);
    // purpose met: every member but two reaches the top, so its catch-up no longer beats its dues; it stays
    for (const i of mem.slice(2)) for (let q = 0; q < K; q++) w.firms.cap[i * K + q] = 1;
    // member 0: no effort (the project cannot pay it) and its competence fell, while non-members' did not: defects
    w.firms.effort[mem[0]] = 0;
    for (let q = 0; q < K; q++) w.firms.cap[mem[0] * K + q] *= 0.5;
    // member 1: cannot pay (wealth far below its credit line): defects
    w.firms.wealth[mem[1]] = -1e9;
    w.firms.revenue[mem[1]] = 1;
    jointActionPhase(w, ctx(2));
    expect(members(w, J_LEARNING)).toBe(joined - 2);
    expect(w.clusters.clusterJointLeft[J_LEARNING]).toBe(2);
    expect(w.clusters.clusterJointTicks[J_LEARNING]).toBe(w.params.joint_action.duration - 1);
    // all but one cannot pay: the project ends early and its bits clear
    for (const i of mem.slice(3)) (w.firms.wealth[i] = -1e9), (w.firms.revenue[i] = 1);
    jointActionPhase(w, ctx(3));
    expect(w.clusters.clusterJointTicks[J_LEARNING]).toBe(0);
    expect(members(w, J_LEARNING)).toBe(0);
  });

  it('participation: without freight no firm gains its dues from logistics, so the project fails to form', () => {
    const w = world();
    w.clusters.clusterTrust[0] = 1;
    w.clusters.clusterJointBoost.fill(10); // base 0.1 × (α + 10) ≥ 1: a certain start at trust 1
    for (let s = 0; s < w.links.linkBuyer.length; s++) w.links.linkVolume[s] = 0;
    for (let i = 0; i < w.firms.N; i++) w.firms.revenue[i] = 1;
    jointActionPhase(w, ctx(1));
    expect(members(w, J_LOGISTICS)).toBe(0);
    expect(w.clusters.clusterJointTicks[J_LOGISTICS]).toBe(0);
  });

  it('one switch per kind: a kind switched off never starts, the others do', () => {
    const w = world({ switches: { joint_learning: false } });
    w.clusters.clusterTrust[0] = 1;
    w.clusters.clusterCompetenceTrust.fill(1);
    w.clusters.clusterJointBoost.fill(10); // base 0.1 × (α + 10) ≥ 1: a certain start at trust 1
    trade(w);
    jointActionPhase(w, ctx(1));
    expect(members(w, J_MARKETING)).toBeGreaterThan(0);
    expect(members(w, J_LEARNING)).toBe(0);
    expect(w.clusters.clusterJointTicks[J_LEARNING]).toBe(0);
  });

  it('policy adds coordination but trust still gates it: trust 0 and the full instrument, no project', () => {
    const w = world();
    w.clusters.clusterTrust[0] = 0;
    w.clusters.clusterJointBoost.fill(10); // base 0.1 × (α + 10) ≥ 1: a certain start at trust 1
    for (let t = 1; t <= 50; t++) jointActionPhase(w, ctx(t));
    expect(w.counters[0 * NC + C_JOINT]).toBe(0);
  });

  it('the policy instrument boosts only the kind it names', () => {
    const w = world({}, (s) => {
      s.world.policies = [{ instrument: 'joint_action', level: 'regional', clusters: ['k'], start: 1, intensity: 100, kind: 'logistics' }];
    });
    policyPhase(w, ctx(1));
    expect(w.clusters.clusterJointBoost[J_LOGISTICS]).toBeCloseTo(1, 12);
    expect(w.clusters.clusterJointBoost[J_LEARNING]).toBe(0);
    expect(w.clusters.clusterJointBoost[J_MARKETING]).toBe(0);
    const all = world({}, (s) => {
      s.world.policies = [{ instrument: 'joint_action', level: 'regional', clusters: ['k'], start: 1, intensity: 100 }];
    });
    policyPhase(all, ctx(1));
    for (let k = 0; k < JK; k++) expect(all.clusters.clusterJointBoost[k]).toBeCloseTo(1, 12);
  });

  it('the programme (review S3): coordination in units of the association, P = Θ·base·(α + boost), and its budget pays joint_action_dues of the dues of the kinds it names', () => {
    const w = world({}, (s) => {
      s.world.policies = [{ instrument: 'joint_action', level: 'regional', clusters: ['k'], start: 1, intensity: 100, kind: 'logistics' }];
    });
    policyPhase(w, ctx(1));
    const share = w.params.policy.joint_action_dues;
    for (let i = 0; i < w.firms.N; i++) {
      if (!w.firms.alive[i]) continue;
      expect(w.firms.supportJoint[i * JK + J_LOGISTICS]).toBeCloseTo(share, 12);
      expect(w.firms.supportJoint[i * JK + J_LEARNING]).toBe(0);
    }
    expect(ownDues(w, 0, J_LOGISTICS)).toBeCloseTo(w.params.joint_action.contribution * (1 - share), 12);
    expect(ownDues(w, 0, J_MARKETING)).toBe(w.params.joint_action.contribution);
    // money: a member of logistics and marketing pays its own share of each kind's dues
    const profit = (bits: number) => {
      const x = world({}, (s) => {
        s.world.policies = [{ instrument: 'joint_action', level: 'regional', clusters: ['k'], start: 1, intensity: 100, kind: 'logistics' }];
      });
      policyPhase(x, ctx(1));
      for (let i = 0; i < x.firms.N; i++) if (x.firms.alive[i]) (x.firms.revenue[i] = 100), (x.firms.thrift[i] = 1);
      x.firms.joint[0] = bits;
      moneyPhase(x, ctx(2));
      return x.firms.profit[0];
    };
    const c = w.params.joint_action.contribution * 100;
    expect(profit(0) - profit(1 << J_LOGISTICS)).toBeCloseTo(c * (1 - share), 9);
    expect(profit(0) - profit(1 << J_MARKETING)).toBeCloseTo(c, 9);
    // probability: with trust 1, association 0 and no programme nothing starts; the programme makes it base × boost
    const p = world();
    p.clusters.clusterTrust[0] = 1;
    p.clusters.clusterAssociation[0] = 0;
    for (let t = 1; t <= 50; t++) jointActionPhase(p, ctx(t));
    expect(p.counters[0 * NC + C_JOINT]).toBe(0);
  });

  it('outside frontier (review S1, S-c): with no spread among members, catch-up still acts toward min(the outside practice’s level, frontier) × access × the distance weight, access the mean of pooled dues, programme funding and external ties', () => {
    const w = world();
    const lo = w.clusters.clusterStart[0];
    const E = w.firms.extSlots;
    let m = 0;
    for (let i = lo; i < w.clusters.clusterEnd[0]; i++) {
      if (!w.firms.alive[i]) continue;
      for (let q = 0; q < K; q++) w.firms.cap[i * K + q] = 0.3; // no spread: the members' best is their own level
      w.firms.technology[i] = 0.5;
      w.firms.revenue[i] = 1;
      w.firms.joint[i] = 1 << J_LEARNING;
      m++;
    }
    for (let t = 0; t < E; t++) w.firms.ext[lo * E + t] = -1;
    const partner = lo + 1;
    w.firms.ext[lo * E] = partner; // one member with an external tie, to a firm at technology 0.5 + D/2
    w.firms.technology[partner] = 0.5 + w.params.learning.distance_max / 2;
    // the partner is not a member and holds capability 0.95, above the frontier: the level is capped at the frontier
    w.firms.joint[partner] = 0;
    for (let q = 0; q < K; q++) w.firms.cap[partner * K + q] = 0.95;
    m--;
    for (let i = lo; i < w.clusters.clusterEnd[0]; i++) if (i !== lo) for (let t = 0; t < E; t++) w.firms.ext[i * E + t] = -1;
    w.clusters.clusterCapMean.fill(0); // no leading cluster elsewhere: the partners' position counts
    outsideFrontier(w, 0, 1 << J_LEARNING);
    const access = (m / (m + 1) + 0 + 1 / m) / 3; // all firms but the partner members (revenue share m/(m+1)), no programme, one tied member
    expect(w.clusters.clusterJointOutside[0]).toBeCloseTo(w.params.learning.frontier * access, 12);
    expect(w.clusters.clusterJointOutTech[0]).toBeCloseTo(w.firms.technology[partner], 12);
    // review S-c: a partner below the frontier teaches its own level, not the frontier
    for (let q = 0; q < K; q++) w.firms.cap[partner * K + q] = 0.6;
    outsideFrontier(w, 0, 1 << J_LEARNING);
    expect(w.clusters.clusterJointOutside[0]).toBeCloseTo(0.6 * access, 12);
    for (let q = 0; q < K; q++) w.firms.cap[partner * K + q] = 0.95;
    outsideFrontier(w, 0, 1 << J_LEARNING);
    // the member at the partner's distance D/2 has weight 1; one at the partner's own position has weight 0
    w.firms.technology[lo + 2] = w.firms.technology[partner];
    expect(outsidePractice(w, lo)).toBeCloseTo(w.params.learning.frontier * access, 12);
    expect(outsidePractice(w, lo + 2)).toBe(0);
    // and learning's J reads it: the member gains at zero spread, a non-member does not
    for (let k = 0; k < K; k++) w.clusters.clusterJointBest[k] = 0.3;
    w.firms.effort[lo] = 0.2;
    w.firms.effort[lo + 3] = 0.2;
    w.firms.joint[lo + 3] = 0;
    const before = [w.firms.cap[lo * K + PROCESS], w.firms.cap[(lo + 3) * K + PROCESS]];
    const solo = world();
    void solo;
    learningPhase(w, ctx(1));
    expect(w.firms.cap[lo * K + PROCESS] - before[0]).toBeGreaterThan(w.firms.cap[(lo + 3) * K + PROCESS] - before[1]);
  });

  it('logistics moves only freight: λ × (1 − logistics_saving), labour cost and learning unchanged', () => {
    const w = world();
    const b = 0;
    const lc0 = logisticsCost(w, b, 0);
    const u0 = unitCost(w, 0);
    expect(lc0).toBeGreaterThan(0);
    w.firms.joint[0] = 1 << J_LOGISTICS;
    expect(logisticsCost(w, b, 0)).toBeCloseTo(0.7 * lc0, 12);
    expect(unitCost(w, 0)).toBe(u0);
    expect(landedCost(w, b, 0)).toBeCloseTo(u0 + 0.7 * lc0, 12);
    // the learning step does not see it
    const gain = (bits: number) => {
      const x = world();
      x.firms.effort[0] = 0.2;
      x.firms.joint[0] = bits;
      x.clusters.clusterJointBest[PROCESS] = 1; // the co-members' best practice (set by the joint-action phase)
      learningPhase(x, ctx(1));
      return x.firms.cap[0 * K + PROCESS];
    };
    expect(gain(1 << J_LOGISTICS)).toBe(gain(0));
    expect(gain(1 << J_MARKETING)).toBe(gain(0));
    expect(gain(1 << J_LEARNING)).toBeGreaterThan(gain(0));
    // dues: a member pays contribution × revenue per kind (money.ts)
  });

  it('learning moves only learning: the J term; co-members’ catch-up through a tie is leakage like any other (no written exemption); freight unchanged', () => {
    const w = world();
    const lc0 = logisticsCost(w, 0, 0);
    w.firms.joint[0] = 1 << J_LEARNING;
    expect(logisticsCost(w, 0, 0)).toBe(lc0);
    // firm 3 reads firm 1 and lags it; the last learning step closed part of the gap
    const leak = (bits3: number, bits1: number) => {
      const x = world();
      const T = x.firms.tieSlots;
      for (let t = 0; t < T; t++) x.firms.ties[1 * T + t] = -1;
      for (let t = 0; t < T; t++) x.firms.ties[3 * T + t] = -1;
      for (let i = 0; i < x.firms.N; i++) for (let t = 0; t < T; t++) if (x.firms.ties[i * T + t] === 1) x.firms.ties[i * T + t] = -1;
      x.firms.ties[3 * T] = 1;
      x.firms.cap[3 * K + PROCESS] = 0.1;
      x.firms.cap[1 * K + PROCESS] = 0.5;
      x.firms.leakage[1] = 0;
      x.firms.joint[3] = bits3;
      x.firms.joint[1] = bits1;
      const sc = learningScratch(x);
      sc.delta.fill(0);
      sc.delta[3 * K + PROCESS] = 0.05;
      // through its tie to firm 1 (the spillover channel: leakage; a gain from the pool is not, tests/unit/leakage.test.ts)
      x.firms.gain[3 * K + PROCESS] = 0.05;
      x.firms.gainTie[3 * T * K + PROCESS] = 0.05;
      x.firms.gainTieUid[3 * T] = x.firms.firmUid[1];
      // the tie's gain is (raw · tieScale) · tieBlock (learning.ts): factors of 1 make the raw value the gain
      x.firms.tieScale[3] = 1;
      x.firms.tieBlock[3 * K + PROCESS] = 1;
      investmentPhase(x, ctx());
      return x.firms.leakage[1];
    };
    expect(leak(0, 0)).toBeGreaterThan(0);
    expect(leak(1 << J_LEARNING, 0)).toBeGreaterThan(0); // only one side a member: still leakage
    expect(leak(1 << J_LEARNING, 1 << J_LEARNING)).toBe(leak(0, 0)); // membership exempts nothing by rule
    expect(leak(1 << J_LOGISTICS, 1 << J_LOGISTICS)).toBe(leak(0, 0));
  });

  it('marketing moves only visibility, never reputation: a running project sets V = visibility_gain × the members’ revenue share, read only by scouting (reach.ts)', () => {
    const run = (running: boolean, share: number) => {
      const w = world();
      w.clusters.clusterTrust[0] = 0; // no new project
      w.clusters.clusterReputation[0] = 0.4;
      const n = w.aliveIn(0);
      let k = 0;
      trade(w);
      for (let i = 0; i < w.firms.N; i++) {
        if (!w.firms.alive[i]) continue;
        if (running && k++ < share * n) w.firms.joint[i] |= 1 << J_MARKETING;
      }
      w.params.joint_action.contribution = 0; // dues 0: no member defects this tick (defection is tested above)
      if (running) w.clusters.clusterJointTicks[J_MARKETING] = 3;
      jointActionPhase(w, ctx(2));
      return { rep: w.clusters.clusterReputation[0], vis: w.clusters.clusterVisibility[0], w };
    };
    const v = run(true, 1).w.params.joint_action.visibility_gain;
    expect(run(true, 1).vis).toBeCloseTo(v, 12);
    expect(run(true, 0.5).vis).toBeCloseTo(v / 2, 12);
    expect(run(false, 0).vis).toBe(0);
    expect(run(true, 1).rep).toBe(run(false, 0).rep); // reputation follows members' true competence only
    // scouting weight × (1 + V); the extra share of buyers drawn meets members
    const x = run(true, 0.5).w;
    const vis = x.clusters.clusterVisibility[0];
    const w1 = clusterWeights(x)[0];
    x.clusters.clusterVisibility[0] = 0;
    expect(w1).toBeCloseTo(clusterWeights(x)[0] * (1 + vis), 9);
    x.clusters.clusterVisibility[0] = vis;
    const cum = clusterWeights(x);
    const rng = new Streams(3).get('t');
    let met = 0;
    for (let t = 0; t < 4000; t++) if ((x.firms.joint[draw(x, cum, rng, -1)] >>> J_MARKETING) & 1) met++;
    const base = members(x, J_MARKETING) / (x.clusters.clusterEnd[0] - x.clusters.clusterStart[0]); // a uniform slot draw meets a member
    const fair = (vis / (1 + vis)) * (1 - (1 - base) ** 8); // the fair's share of buyers, who find an exhibitor within 8 draws
    expect(met / 4000).toBeCloseTo(fair + (1 - fair) * base, 1);
    expect(met / 4000).toBeGreaterThan(base + 0.1);
    x.params.switches.visibility = false;
    expect(clusterWeights(x)[0]).toBeCloseTo(w1 / (1 + vis), 9);
    // a running learning or logistics project does not touch reputation or visibility
    const other = world();
    other.clusters.clusterTrust[0] = 0;
    other.clusters.clusterReputation[0] = 0.4;
    for (let i = 0; i < other.firms.N; i++) other.firms.revenue[i] = 1;
    other.clusters.clusterJointTicks[J_LEARNING] = 3;
    other.clusters.clusterJointTicks[J_LOGISTICS] = 3;
    jointActionPhase(other, ctx(2));
    expect(other.clusters.clusterReputation[0]).toBe(run(false, 0).rep);
    expect(other.clusters.clusterVisibility[0]).toBe(0);
  });

  it('marketing participation is a decision: a firm without room for another buyer, or whose dues exceed what the fair brings it, stays out (it keeps the buyers it would meet anyway; no spillover to free ride on)', () => {
    const w = world();
    w.params.switches.joint_learning = false;
    w.params.switches.joint_logistics = false;
    w.clusters.clusterTrust[0] = 1;
    w.clusters.clusterCompetenceTrust.fill(1);
    w.clusters.clusterJointBoost.fill(10); // base 0.1 × (α + 10) ≥ 1: a certain start at trust 1
    const L = w.links.maxLinks;
    const big = 2;
    const full = 3;
    for (let i = 0; i < w.firms.N; i++) if (w.firms.alive[i]) (w.firms.revenue[i] = 1), (w.firms.purchases[i] = 0), (w.firms.labourCost[i] = 0.5);
    w.firms.revenue[big] = 1000; // dues 10 against a link's margin of about 0.5 × the fair's share
    for (let j = 0; j < L; j++) if (w.links.linkBuyer[full * L + j] < 0) w.links.linkBuyer[full * L + j] = 0; // no free slot
    jointActionPhase(w, ctx(1));
    expect(members(w, J_MARKETING)).toBeGreaterThan(2);
    expect((w.firms.joint[big] >>> J_MARKETING) & 1).toBe(0);
    expect((w.firms.joint[full] >>> J_MARKETING) & 1).toBe(0);
  });

  it('logistics knockout wiring: with switches.logistics_landed off the member still pays less freight, but buyers’ landed cost does not see it', () => {
    const w = world({ switches: { logistics_landed: false } });
    const lc0 = logisticsCost(w, 0, 0);
    const land0 = landedCost(w, 0, 0);
    w.firms.joint[0] = 1 << J_LOGISTICS;
    expect(logisticsCost(w, 0, 0)).toBeCloseTo(0.7 * lc0, 12);
    expect(landedCost(w, 0, 0)).toBe(land0);
  });

  it('the removed parameters name their replacements; kind only on joint_action', () => {
    const file = fileURLToPath(new URL('../validation/fixtures/a4-leakage.yaml', import.meta.url));
    expect(() => loadScenario(file, ['params.joint_action.cost_saving=0.05'])).toThrow(/removed in 0\.6\.0.*logistics_saving/);
    expect(() => loadScenario(file, ['params.joint_action.base=0.3'])).toThrow(/removed in 0\.6\.0.*base_learning/);
    expect(() => loadScenario(file, ['params.joint_action.learning_boost=0.02'])).toThrow(/removed in 0\.6\.0.*catch_up_rate/);
    expect(() => loadScenario(file, ['params.joint_action.reputation_boost=0.02'])).toThrow(/removed in 0\.6\.0.*visibility_gain/);
    expect(() => loadScenario(file, ['world.policies=[{instrument: training, level: regional, clusters: [district], kind: learning}]'])).toThrow(/only joint_action has kinds/);
  });
});
