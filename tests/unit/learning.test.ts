// Learning: transfer and blocking are separate tables (MODEL.md §4.2), on hand-built states.
import { describe, expect, it } from 'vitest';
import { Simulation, CAPTIVE, MARKET, RELATIONAL, MODULAR, PROCESS, PRODUCT, DESIGN, MARKETING, K, OEM, ODM } from '../../src/index.js';
import { addLink } from '../../src/model/mechanisms/sourcing.js';
import { learningPhase } from '../../src/model/mechanisms/learning.js';
import { productionPhase } from '../../src/model/mechanisms/production.js';
import { upgradingPhase } from '../../src/model/mechanisms/upgrading.js';
import { Streams } from '../../src/engine/rng.js';
import { smallScenario } from '../helpers.js';

const ctx = { tick: 1, streams: new Streams(1) };

/**
 * Two identical firms (0 and 1) with one link each to the same global lead
 * buyer, governed in modes m0 and m1; no spillovers, so only the link differs.
 */
function pair(m0: number, m1: number, patch: (s: Record<string, any>) => void = () => {}) {
  const sc = smallScenario((s) => {
    s.world.clusters[0].firms = 2;
    s.world.clusters[0].ties = 0;
    s.world.clusters[0].lead_firms = 0;
    s.world.clusters[0].large_share = 0;
    s.world.buyers = [{ id: 'lead', type: 'small_foreign', chain: 'c', count: 1 }];
    // only the link differs between the two firms: no spillovers, pipelines, joint action or compliance pull
    s.params = {
      switches: { spillovers: false, pipelines: false, joint_action: false, standards: false, tech_drift: false },
      buyer_types: { small_foreign: { suppliers: 2 } },
    };
    patch(s);
  });
  const sim = new Simulation(sc);
  const w = sim.world;
  for (const i of [0, 1]) {
    for (let k = 0; k < K; k++) w.firms.cap[i * K + k] = [0.3, 0.3, 0.3, 0.3][k];
    w.firms.absorptive[i] = 0.5;
  }
  addLink(w, 0, 0, m0);
  addLink(w, 0, 1, m1);
  return { sim, w };
}

function learnTicks(w: any, n: number, split = [0.4, 0.3, 0.2, 0.1]) {
  for (let t = 0; t < n; t++) {
    // a fixed effort and split (0.5's defaults), so that these tests isolate the learning rule from the investment decision
    w.firms.alloc.set(Array.from({ length: w.firms.N * K }, (_, x) => split[x % K]));
    for (let i = 0; i < w.firms.N; i++) w.firms.effort[i] = w.params.switches.own_investment ? 0.08 : 0;
    productionPhase(w, ctx);
    learningPhase(w, ctx);
  }
}

describe('transfer table', () => {
  it('market transfer is zero: with own investment off, a market link teaches nothing', () => {
    const { w } = pair(MARKET, CAPTIVE, (s) => {
      s.params.learning = { investment_return: 0 };
      s.params.switches.depreciation = false;
    });
    learnTicks(w, 10);
    for (let k = 0; k < K; k++) expect(w.firms.cap[0 * K + k]).toBe(0.3);
    expect(w.firms.cap[1 * K + PROCESS]).toBeGreaterThan(0.3);
  });
  it('a captive link transfers process capability faster than a market link', () => {
    const { w } = pair(MARKET, CAPTIVE);
    learnTicks(w, 8);
    const market = w.firms.cap[0 * K + PROCESS] - 0.3;
    const captive = w.firms.cap[1 * K + PROCESS] - 0.3;
    expect(captive).toBeGreaterThan(1.5 * market);
  });
  it('captive transfer plateaus once the supplier meets the buyer standard', () => {
    const { w } = pair(CAPTIVE, CAPTIVE, (s) => {
      s.params.learning = { investment_return: 0 };
      s.params.switches.depreciation = false;
    });
    const sigma = w.buyers.buyerStd[0];
    w.firms.cap[0 * K + PROCESS] = sigma - 0.05; // below the standard
    w.firms.cap[1 * K + PROCESS] = sigma + 0.05; // above it
    learnTicks(w, 1);
    const below = w.firms.cap[0 * K + PROCESS] - (sigma - 0.05);
    const above = w.firms.cap[1 * K + PROCESS] - (sigma + 0.05);
    const F = w.buyerProfile(0).knowledge;
    // per unit of remaining gap to the buyer's frontier, transfer above the standard is the plateau share
    const ratio = above / (F - sigma - 0.05) / (below / (F - sigma + 0.05));
    expect(ratio).toBeCloseTo(w.params.learning.captive_plateau, 6);
  });
  it('relational links transfer design; captive links do not', () => {
    const { w } = pair(RELATIONAL, CAPTIVE, (s) => {
      s.params.learning = { investment_return: 0 };
      s.params.switches.depreciation = false;
    });
    learnTicks(w, 5);
    expect(w.firms.cap[0 * K + DESIGN]).toBeGreaterThan(0.3);
    expect(w.firms.cap[1 * K + DESIGN]).toBe(0.3);
  });
  it('modular transfer is low ("no tutelage"): below relational and captive in process', () => {
    const a = pair(MODULAR, RELATIONAL, (s) => (s.params.learning = { investment_return: 0 }));
    learnTicks(a.w, 5);
    expect(a.w.firms.cap[0 * K + PROCESS]).toBeLessThan(a.w.firms.cap[1 * K + PROCESS]);
  });
});

describe('blocking table', () => {
  it('captive governance blocks strategic functions that market governance leaves open', () => {
    const { w } = pair(MARKET, CAPTIVE);
    learnTicks(w, 20);
    for (const k of [DESIGN, MARKETING]) {
      expect(w.firms.cap[0 * K + k]).toBeGreaterThan(0.3); // own investment works under the market
      expect(w.firms.cap[1 * K + k] - 0.3).toBeLessThan(0.25 * (w.firms.cap[0 * K + k] - 0.3));
    }
  });
  it('with blocking switched off, captive firms gain design from own investment like market firms', () => {
    const { w } = pair(MARKET, CAPTIVE, (s) => (s.params.switches.blocking = false));
    learnTicks(w, 20);
    expect(w.firms.cap[1 * K + DESIGN]).toBeGreaterThanOrEqual(w.firms.cap[0 * K + DESIGN]);
  });
  it('a captive buyer caps the supplier role at OEM even when its capabilities support ODM', () => {
    const { w } = pair(MARKET, CAPTIVE, (s) => {
      s.params.buyer_types.small_foreign.brand_tolerance = false;
    });
    for (const i of [0, 1]) (w.firms.cap[i * K + DESIGN] = 0.9), (w.firms.effort[i] = 0.08);
    upgradingPhase(w, ctx);
    expect(w.links.linkRole[0 * w.links.maxLinks]).toBe(ODM);
    expect(w.links.linkRole[1 * w.links.maxLinks]).toBe(OEM);
    expect(w.firms.domesticRole[1]).toBe(ODM); // the home market is not blocked: roles are a portfolio
  });
});

describe('investment', () => {
  it('with zero own investment there is no capability gain from any source', () => {
    const { w } = pair(CAPTIVE, RELATIONAL, (s) => (s.params.switches.own_investment = false));
    const before = Float64Array.from(w.firms.cap);
    learnTicks(w, 10);
    for (let x = 0; x < before.length; x++) expect(w.firms.cap[x]).toBeLessThanOrEqual(before[x]);
  });
  it('absorptive capacity grows with learning', () => {
    const { w } = pair(CAPTIVE, CAPTIVE);
    learnTicks(w, 10);
    expect(w.firms.absorptive[0]).toBeGreaterThan(0.5);
  });
});

describe('upgrading events', () => {
  it('crossing a process grade emits one upg_process event naming the firm, the buyer and the cause', () => {
    // own investment goes elsewhere, so the buyer's transfer is the largest source of process gains
    const { w } = pair(CAPTIVE, MARKET);
    w.firms.cap[0 * K + PROCESS] = 0.399;
    w.firms.grade[0 * K + PROCESS] = 3;
    learnTicks(w, 1, [0, 0.4, 0.4, 0.2]);
    w.events = [];
    upgradingPhase(w, ctx);
    const ev = w.events.filter((e) => e.kind === 'upg_process' && e.firm === 0);
    expect(ev).toHaveLength(1);
    expect(ev[0].buyer).toBe('lead');
    expect(ev[0].detail).toMatch(/via buyer transfer/);
  });
  it('a firm that invests nothing does not take up a higher role, though its capabilities would support it', () => {
    const { w } = pair(MARKET, MARKET);
    w.firms.cap[0 * K + DESIGN] = 0.9;
    w.firms.effort[0] = 0;
    upgradingPhase(w, ctx);
    expect(w.links.linkRole[0]).toBeLessThan(ODM);
    expect(w.events.some((e) => e.kind === 'upg_functional')).toBe(false);
  });
  it('depreciation below the band emits a downgrading event', () => {
    const { w } = pair(MARKET, MARKET);
    w.firms.cap[0 * K + PRODUCT] = 0.25;
    w.firms.grade[0 * K + PRODUCT] = 3;
    upgradingPhase(w, ctx);
    expect(w.events.some((e) => e.kind === 'dng_product' && e.firm === 0)).toBe(true);
  });
});
