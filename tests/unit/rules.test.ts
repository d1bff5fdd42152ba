// Unit tests of the full model's rules on hand-built states (issue 3, acceptance 1).
import { describe, expect, it } from 'vitest';
import { Simulation, K, CAPTIVE, STAGES, LEAD } from '../../src/index.js';
import { classify, TRANSITIONS } from '../../src/model/mechanisms/lifecycle.js';
import { distanceWeight } from '../../src/model/mechanisms/learning.js';
import { addLink, sourcingPhase } from '../../src/model/mechanisms/sourcing.js';
import { environmentPhase } from '../../src/model/mechanisms/environment.js';
import { firmDecisionsPhase } from '../../src/model/mechanisms/firm-decisions.js';
import { repositionVeto } from '../../src/model/mechanisms/joint-action.js';
import { leadFirmsPhase } from '../../src/model/mechanisms/lead-firms.js';
import { Streams } from '../../src/engine/rng.js';
import { defaultsOf, paramsSpec } from '../../src/index.js';
import { smallScenario } from '../helpers.js';

const lc = defaultsOf(paramsSpec).lifecycle;
const [E, G, S, D, R] = [0, 1, 2, 3, 4];
const ctx = (tick = 1) => ({ tick, streams: new Streams(3) });

describe('life-cycle classifier on constructed inputs (MODEL.md §4.8)', () => {
  const base = { dwell: 100, age: 100, growth: 0, variety: 0.1, openness: 0.2 };
  it('emergence → growth when the firm count grows', () => expect(classify(lc, { ...base, stage: E, growth: 0.02 })).toBe(G));
  it('growth → sustainment when growth settles', () => expect(classify(lc, { ...base, stage: G, growth: 0 })).toBe(S));
  it('growth → decline when the cluster shrinks', () => expect(classify(lc, { ...base, stage: G, growth: -0.02 })).toBe(D));
  it('sustainment → decline with focused technology and closed networks, even without shrinking', () =>
    expect(classify(lc, { ...base, stage: S, growth: 0, variety: 0.01, openness: 0 })).toBe(D));
  it('sustainment stays with open networks and no growth', () => expect(classify(lc, { ...base, stage: S, growth: 0 })).toBe(S));
  it('decline → renewal with new heterogeneity and growth', () =>
    expect(classify(lc, { ...base, stage: D, growth: 0.001, variety: 0.2 })).toBe(R));
  it('decline stays in decline while shrinking', () => expect(classify(lc, { ...base, stage: D, growth: -0.02, variety: 0.3 })).toBe(D));
  it('minimum dwell: no change before min_dwell ticks', () =>
    expect(classify(lc, { ...base, stage: E, growth: 0.5, dwell: lc.min_dwell - 1 })).toBe(E));
  it('hysteresis: growth just above the threshold (inside the margin) does not start growth', () =>
    expect(classify(lc, { ...base, stage: E, growth: lc.growth_high * (1 + lc.margin / 2) })).toBe(E));
  it('the classifier never leaves the transition graph (random inputs)', () => {
    let x = 12345;
    const rnd = () => ((x = (x * 1103515245 + 12345) % 2147483648) / 2147483648);
    for (let k = 0; k < 5000; k++) {
      const stage = Math.floor(rnd() * 5);
      const next = classify(lc, { stage, dwell: Math.floor(rnd() * 20), age: Math.floor(rnd() * 50), growth: (rnd() - 0.5) * 0.05, variety: rnd() * 0.3, openness: rnd() * 0.3 });
      if (next !== stage) expect(TRANSITIONS[stage]).toContain(next);
    }
  });
  it('no simulated stage change leaves the transition graph (baseline-like run)', () => {
    const sim = new Simulation(smallScenario((s) => ((s.ticks = 80), (s.world.clusters[0].firms = 200))), { seed: 4 });
    const ev: string[] = [];
    while (!sim.done) ev.push(...sim.step().events.filter((e) => e.kind === 'stage').map((e) => e.detail));
    for (const d of ev) {
      const [a, b] = d.split('->').map((n) => STAGES.indexOf(n as (typeof STAGES)[number]));
      expect(TRANSITIONS[a]).toContain(b);
    }
  });
});

describe('variety effect (Gancarczyk & Bohatkiewicz 2018 §LC)', () => {
  it('spillover weight is an inverted U in technological distance, zero at 0 and beyond D', () => {
    const D = 0.4;
    expect(distanceWeight(0, D)).toBe(0);
    expect(distanceWeight(D / 2, D)).toBeCloseTo(1, 12);
    expect(distanceWeight(D * 0.25, D)).toBeLessThan(distanceWeight(D / 2, D));
    expect(distanceWeight(D * 0.75, D)).toBeLessThan(distanceWeight(D / 2, D));
    expect(distanceWeight(D, D)).toBe(0);
    expect(distanceWeight(-D / 2, D)).toBeCloseTo(1, 12);
  });
});

describe('standards and exclusion (Humphrey & Schmitz 2000 §2.2)', () => {
  it('a tightened standard excludes a supplier that met the old one', () => {
    const sc = smallScenario((s) => {
      s.world.clusters[0].firms = 3;
      s.world.clusters[0].lead_firms = 0;
      s.world.buyers = [{ id: 'lead', type: 'global_lead', chain: 'c', count: 1 }];
      s.world.shocks = [{ tick: 1, kind: 'standard', chain: 'c', value: 0.3 }];
      s.params = { switches: { scouting: false } };
    });
    const sim = new Simulation(sc, { seed: 1 });
    const w = sim.world;
    for (let k = 0; k < K; k++) w.firms.cap[0 * K + k] = 0.55;
    addLink(w, 0, 0, CAPTIVE);
    w.tick = 1;
    sourcingPhase(w, ctx(1)); // before the shock: kept
    expect(w.links.linkBuyer[0]).toBe(0);
    environmentPhase(w, ctx(1)); // standard rises by 0.3
    sourcingPhase(w, ctx(1));
    expect(w.links.linkBuyer[0]).toBe(-1);
    expect(w.events.some((e) => e.kind === 'exclusion' && e.firm === 0)).toBe(true);
  });
});

describe('allegiance veto (Humphrey & Schmitz 2000 §5)', () => {
  it('a lead firm whose main buyer takes all its output vetoes; one with no main buyer does not', () => {
    const sim = new Simulation(smallScenario((s) => (s.world.clusters[0].lead_firms = 1)), { seed: 1 });
    const w = sim.world;
    const lead = [...Array(w.firms.N).keys()].find((i) => w.firms.status[i] === LEAD) as number;
    w.firms.allegiance[lead] = 1;
    expect(repositionVeto(w, [0], new Streams(1).get('x'))).toBe(true);
    w.firms.allegiance[lead] = 0;
    expect(repositionVeto(w, [0], new Streams(1).get('x'))).toBe(false);
  });
});

describe('relocation (Gancarczyk & Bohatkiewicz 2018 §Lead)', () => {
  function relocated(mode: 'full' | 'selective') {
    const sc = smallScenario((s) => {
      s.world.clusters[0].firms = 100;
      s.world.clusters[0].lead_firms = 5;
      s.world.relocation = [{ cluster: 'k', tick: 1, mode, share: 1 }];
    });
    const sim = new Simulation(sc, { seed: 1 });
    const w = sim.world;
    w.tick = 1;
    leadFirmsPhase(w, ctx(1));
    return w;
  }
  it('full relocation removes the lead firms from the cluster', () => {
    const w = relocated('full');
    expect([...Array(w.firms.N).keys()].filter((i) => w.firms.status[i] === LEAD && w.firms.alive[i])).toHaveLength(0);
  });
  it('selective relocation keeps them, moves production out and opens external ties', () => {
    const w = relocated('selective');
    const leads = [...Array(w.firms.N).keys()].filter((i) => w.firms.status[i] === LEAD && w.firms.alive[i]);
    expect(leads).toHaveLength(5);
    for (const i of leads) expect(w.firms.relocated[i]).toBe(1);
  });
});

describe('chain upgrading (Humphrey & Schmitz 2000 fn 1)', () => {
  it('a firm with dynamic capability and funds enters the nearest chain and pays more for a farther one', () => {
    const sc = smallScenario((s) => {
      s.world.chains.push({ id: 'near', technology: 0.55 }, { id: 'far', technology: 0.95 });
      s.world.clusters[0].chains = ['c'];
      s.world.clusters[0].firms = 20;
      s.world.clusters[0].dynamic = { mean: 1, sd: 0 };
      s.world.clusters[0].technology = { mean: 0.5, sd: 0 };
      s.params = { firms: { chain_rate: 1 } };
    });
    const sim = new Simulation(sc, { seed: 1 });
    const w = sim.world;
    for (let i = 0; i < w.firms.N; i++) (w.firms.wealth[i] = 100), (w.firms.revenue[i] = 1), (w.firms.effort[i] = 0.08); // investing firms (last tick's effort)
    firmDecisionsPhase(w, ctx(1));
    const entered = w.events.filter((e) => e.kind === 'upg_chain');
    expect(entered.length).toBeGreaterThan(0);
    for (const e of entered) expect(e.detail).toMatch(/enters chain near/);
  });
});


describe('initial links (issue 4: initial links, governance and roles where a case needs them)', () => {
  it('creates the declared links at tick 0 with the given mode and the role capped by the buyer', () => {
    const sc = smallScenario((s) => {
      s.world.clusters[0].firms = 60;
      s.world.links = [
        { buyers: 'lead', cluster: 'k', per_buyer: 5, mode: 'captive', role: 'ODM' },
        { buyers: 'trader', cluster: 'k', per_buyer: 4, mode: 'market', role: 'OEM' },
      ];
    });
    const sim = new Simulation(sc, { seed: 3 });
    const w = sim.world;
    const links = [...Array(w.firms.N * w.links.maxLinks).keys()].filter((s) => w.links.linkBuyer[s] >= 0);
    expect(links).toHaveLength(9);
    for (const s of links) {
      if (w.buyers.buyerIds[w.links.linkBuyer[s]] === 'lead') {
        expect(w.links.linkMode[s]).toBe(CAPTIVE);
        expect(w.links.linkRole[s]).toBe(1); // OEM: a captive global lead allows no supplier design
      } else {
        expect(w.links.linkMode[s]).toBe(0);
        expect(w.links.linkRole[s]).toBe(1);
      }
    }
    expect(sim.metrics()[0].links).toBe(9);
  });
});
