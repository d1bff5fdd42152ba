// Wiring tests of joint action by kind (joint-action.ts; issue 9 item 7) on
// hand-built states: learning, marketing and logistics are drawn separately,
// gated by trust, run `duration` ticks, can overlap, and each moves only its
// own channel. Not findings.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { J_LEARNING, J_LOGISTICS, J_MARKETING, JK, K, PROCESS, Simulation, loadScenario } from '../../src/index.js';
import { jointActionPhase } from '../../src/model/mechanisms/joint-action.js';
import { learningPhase, learningScratch } from '../../src/model/mechanisms/learning.js';
import { investmentPhase } from '../../src/model/mechanisms/investment.js';
import { policyPhase } from '../../src/model/mechanisms/policy.js';
import { landedCost, logisticsCost, unitCost } from '../../src/model/mechanisms/costs.js';
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

const members = (w: ReturnType<typeof world>, k: number): number => {
  let n = 0;
  for (let i = 0; i < w.firms.N; i++) if (w.firms.alive[i] && (w.firms.joint[i] >>> k) & 1) n++;
  return n;
};

describe('joint action by kind (wiring)', () => {
  it('no project of any kind at zero trust', () => {
    const w = world();
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
    w.clusters.clusterAssociation[0] = 1;
    for (let i = 0; i < w.firms.N; i++) {
      w.firms.effort[i] = 0.2;
      w.firms.cap[i * K + PROCESS] = 0.1 + (0.8 * i) / w.firms.N; // a spread of practice to catch up to
    }
    w.firms.effort[0] = 0; // no absorptive effort: no expected catch-up, so it does not pay dues for it
    w.clusters.clusterJointBoost.fill(1); // coordination: with trust 1 a certain start for every kind
    jointActionPhase(w, ctx(1));
    const alive = w.aliveIn(0);
    const m0 = members(w, J_MARKETING);
    expect(m0).toBeGreaterThan(0.9 * alive); // trust (after its decay) ≈ 1: nearly every candidate joins marketing
    const learners = members(w, J_LEARNING);
    expect(learners).toBeGreaterThan(1);
    expect(learners).toBeLessThan(alive); // participation: firm 0 would not gain its dues
    expect((w.firms.joint[0] >>> J_LEARNING) & 1).toBe(0);
    expect(w.clusters.clusterTrust[0]).toBe(1 * (1 - w.params.joint_action.trust_decay)); // no rise at the start
    expect(w.clusters.clusterJointTicks[J_MARKETING]).toBe(4);
    w.clusters.clusterJointBoost.fill(0);
    w.clusters.clusterTrust[0] = 0;
    for (let t = 2; t <= 4; t++) {
      jointActionPhase(w, ctx(t));
      expect(members(w, J_MARKETING)).toBe(m0);
    }
    // realised outcome: every marketing member's revenue rose above its dues (s = 1, + trust_gain)
    for (let i = 0; i < w.firms.N; i++) {
      w.firms.jointGain[i * JK + J_MARKETING] = 1;
      w.firms.jointPaid[i * JK + J_MARKETING] = 0.5;
    }
    w.clusters.clusterTrust[0] = 0.5;
    const learnersEnd = (ok: boolean) => {
      for (let i = 0; i < w.firms.N; i++) (w.firms.jointGain[i * JK + J_LEARNING] = ok ? 1 : 0), (w.firms.jointPaid[i * JK + J_LEARNING] = 0.5);
    };
    learnersEnd(false); // every learner paid more than it gained: trust falls by trust_gain
    jointActionPhase(w, ctx(5));
    for (let k = 0; k < JK; k++) expect(members(w, k)).toBe(0);
    const g = w.params.joint_action.trust_gain;
    const expected = 0.5 * (1 - w.params.joint_action.trust_decay) - g + g;
    expect(w.clusters.clusterTrust[0]).toBeCloseTo(expected, 12);
  });

  it('participation: without freight no firm gains its dues from logistics, so the project fails to form', () => {
    const w = world();
    w.clusters.clusterTrust[0] = 1;
    w.clusters.clusterJointBoost.fill(1);
    for (let s = 0; s < w.links.linkBuyer.length; s++) w.links.linkVolume[s] = 0;
    for (let i = 0; i < w.firms.N; i++) w.firms.revenue[i] = 1;
    jointActionPhase(w, ctx(1));
    expect(members(w, J_LOGISTICS)).toBe(0);
    expect(w.clusters.clusterJointTicks[J_LOGISTICS]).toBe(0);
  });

  it('one switch per kind: a kind switched off never starts, the others do', () => {
    const w = world({ switches: { joint_learning: false } });
    w.clusters.clusterTrust[0] = 1;
    w.clusters.clusterJointBoost.fill(1);
    jointActionPhase(w, ctx(1));
    expect(members(w, J_MARKETING)).toBeGreaterThan(0);
    expect(members(w, J_LEARNING)).toBe(0);
    expect(w.clusters.clusterJointTicks[J_LEARNING]).toBe(0);
  });

  it('policy adds coordination but trust still gates it: trust 0 and the full instrument, no project', () => {
    const w = world();
    w.clusters.clusterTrust[0] = 0;
    w.clusters.clusterJointBoost.fill(1);
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

  it('learning moves only learning: the J term; co-members’ catch-up is leakage like any other (no written exemption); freight unchanged', () => {
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
      investmentPhase(x, ctx());
      return x.firms.leakage[1];
    };
    expect(leak(0, 0)).toBeGreaterThan(0);
    expect(leak(1 << J_LEARNING, 0)).toBeGreaterThan(0); // only one side a member: still leakage
    expect(leak(1 << J_LEARNING, 1 << J_LEARNING)).toBe(leak(0, 0)); // membership exempts nothing by rule
    expect(leak(1 << J_LOGISTICS, 1 << J_LOGISTICS)).toBe(leak(0, 0));
  });

  it('marketing moves only reputation: a running project adds reputation_boost × the members’ share of the cluster’s revenue', () => {
    const rep = (running: boolean, share: number) => {
      const w = world();
      w.clusters.clusterTrust[0] = 0; // no new project
      w.clusters.clusterReputation[0] = 0.4;
      const n = w.aliveIn(0);
      let k = 0;
      for (let i = 0; i < w.firms.N; i++) {
        if (!w.firms.alive[i]) continue;
        w.firms.revenue[i] = 1;
        if (running && k++ < share * n) w.firms.joint[i] |= 1 << J_MARKETING;
      }
      if (running) w.clusters.clusterJointTicks[J_MARKETING] = 3;
      jointActionPhase(w, ctx(2));
      return w.clusters.clusterReputation[0];
    };
    expect(rep(true, 1) - rep(false, 0)).toBeCloseTo(0.02, 12);
    expect(rep(true, 0.5) - rep(false, 0)).toBeCloseTo(0.01, 12);
    // a running learning or logistics project does not touch reputation
    const other = world();
    other.clusters.clusterTrust[0] = 0;
    other.clusters.clusterReputation[0] = 0.4;
    for (let i = 0; i < other.firms.N; i++) other.firms.revenue[i] = 1;
    other.clusters.clusterJointTicks[J_LEARNING] = 3;
    other.clusters.clusterJointTicks[J_LOGISTICS] = 3;
    jointActionPhase(other, ctx(2));
    expect(other.clusters.clusterReputation[0]).toBe(rep(false, 0));
  });

  it('the removed parameters name their replacements; kind only on joint_action', () => {
    const file = fileURLToPath(new URL('../validation/fixtures/a4-leakage.yaml', import.meta.url));
    expect(() => loadScenario(file, ['params.joint_action.cost_saving=0.05'])).toThrow(/removed in 0\.6\.0.*logistics_saving/);
    expect(() => loadScenario(file, ['params.joint_action.base=0.3'])).toThrow(/removed in 0\.6\.0.*base_learning/);
    expect(() => loadScenario(file, ['params.joint_action.learning_boost=0.02'])).toThrow(/removed in 0\.6\.0.*catch_up_rate/);
    expect(() => loadScenario(file, ['world.policies=[{instrument: training, level: regional, clusters: [district], kind: learning}]'])).toThrow(/only joint_action has kinds/);
  });
});
