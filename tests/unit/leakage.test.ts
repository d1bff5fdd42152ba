// Wiring test of the observed leakage ℓ̂ (investment.ts observeLeakage; ODD §7.3b; issue 9 line 4/4b) on a
// hand-built state, through the real learning step: a reader's gain counts as the firm's leak only when it came
// through the reader's local tie to the firm (the spillover channel, Humphrey & Schmitz 2000 §4.1), not when it came
// from another source (joint learning's pooled catch-up, buyer transfer, own investment). Not findings.
import { describe, expect, it } from 'vitest';
import { CAPTIVE, J_LEARNING, K, PROCESS, Simulation } from '../../src/index.js';
import { investmentPhase } from '../../src/model/mechanisms/investment.js';
import { learningPhase } from '../../src/model/mechanisms/learning.js';
import { addLink } from '../../src/model/mechanisms/sourcing.js';
import { Streams } from '../../src/engine/rng.js';
import { smallScenario } from '../helpers.js';

const ctx = (tick = 1) => ({ tick, streams: new Streams(7) });

type Source = 'none' | 'tie' | 'joint' | 'buyer' | 'own';

/**
 * Firm 1 (the leader, process 0.5, no effort) is read by firm 3 alone (process 0.1, effort 0.2); firm 3 reads only
 * firm 1. `source` picks where firm 3's process gain comes from in one learning step; returns firm 1's ℓ̂ after it.
 */
function leakOn(source: Source): number {
  const sc = smallScenario((s) => {
    s.world.clusters[0].firms = 20;
    s.world.clusters[0].lead_firms = 0;
    s.world.buyers = [{ id: 'lead', type: 'global_lead', chain: 'c', count: 1 }];
    s.params = {
      switches: { spillovers: source === 'tie', tech_drift: false, absorptive: false },
      // the same absorption g in every case; no own spending unless asked
    };
  });
  const w = new Simulation(sc, { seed: 7 }).world;
  const f = w.firms;
  const T = f.tieSlots;
  for (let i = 0; i < f.N; i++) {
    f.effort[i] = 0;
    f.joint[i] = 0;
    for (let k = 0; k < K; k++) f.alloc[i * K + k] = 0;
    for (let t = 0; t < T; t++) if (i === 1 || i === 3 || f.ties[i * T + t] === 1 || f.ties[i * T + t] === 3) f.ties[i * T + t] = -1;
  }
  f.ties[3 * T] = 1;
  f.technology[1] = 0.5;
  f.technology[3] = 0.3; // moderate distance: the tie carries knowledge
  f.cap[1 * K + PROCESS] = 0.5;
  f.cap[3 * K + PROCESS] = 0.1;
  f.effort[3] = 0.2;
  if (source === 'own') f.alloc[3 * K + PROCESS] = 1;
  if (source === 'joint') {
    f.joint[3] = 1 << J_LEARNING;
    w.clusters.clusterJointBest[f.firmCluster[3] * K + PROCESS] = 0.5; // the co-members' best practice: the leader's
  }
  if (source === 'buyer') {
    const slot = addLink(w, 0, 3, CAPTIVE);
    w.links.linkVolume[slot] = 10;
  }
  f.leakage[1] = 0;
  const c3 = f.cap[3 * K + PROCESS];
  learningPhase(w, ctx(1));
  // the step gave the reader a gain in every case but 'none'
  if (source !== 'none') expect(f.cap[3 * K + PROCESS]).toBeGreaterThan(c3 + 1e-4);
  investmentPhase(w, ctx(2));
  return f.leakage[1];
}

describe('observed leakage ℓ̂ (wiring)', () => {
  it('a reader’s gain through its tie to the firm raises the firm’s ℓ̂', () => {
    expect(leakOn('tie')).toBeGreaterThan(leakOn('none') + 1e-4);
  });

  it('a reader’s gain from joint learning’s pooled catch-up, its buyer’s transfer or its own spending does not', () => {
    const none = leakOn('none');
    for (const s of ['joint', 'buyer', 'own'] as const) expect(leakOn(s), s).toBeCloseTo(none, 12);
  });
});
