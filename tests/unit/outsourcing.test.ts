// Wiring tests of outsourcing and contracts (outsourcing.ts, their booking in
// production.ts; issue 9 item 5) on hand-built states: the rules do what
// their headers say. Not findings.
import { describe, expect, it } from 'vitest';
import { K, ODM, OEM, PROCESS, SME, Simulation, clusterRows } from '../../src/index.js';
import { outsourcingPhase } from '../../src/model/mechanisms/outsourcing.js';
import { productionPhase } from '../../src/model/mechanisms/production.js';
import { logisticsCost, unitCost, unitLabour } from '../../src/model/mechanisms/costs.js';
import { ContractStore } from '../../src/model/state/contracts.js';
import { Streams } from '../../src/engine/rng.js';
import { smallScenario } from '../helpers.js';

const ctx = (tick = 1) => ({ tick, streams: new Streams(5) });
const SL = ContractStore.SLOTS;

/** Two clusters of one chain: "hi" (wage 0.5) and "lo" (wage 0.05); every firm reviews when eligible. */
function world(params: Record<string, any> = {}) {
  const sc = smallScenario((s) => {
    s.world.clusters = [
      { id: 'hi', firms: 10, wage: 0.5, ties: 2, tie_window: 2, external_ties: 2, lead_firms: 0, large_share: 0 },
      { id: 'lo', firms: 10, wage: 0.05, ties: 2, tie_window: 2, external_ties: 2, lead_firms: 0, large_share: 0 },
    ];
    s.params = { outsourcing: { review_rate: 1 }, switches: { wages: false }, ...params };
  });
  const w = new Simulation(sc, { seed: 5 }).world;
  // a clean slate: no ties, no work, full dynamic capability; the contractor-to-be can take OEM work
  w.firms.ties.fill(-1);
  w.firms.ext.fill(-1);
  w.firms.dynamic.fill(1);
  for (let i = 0; i < w.firms.N; i++) w.firms.status[i] = SME;
  J = w.clusters.clusterStart[1];
  return w;
}

type W = ReturnType<typeof world>;
const I = 0; // outsourcer, the first firm of "hi"
let J = -1; // contractor, the first firm of "lo" (set by world())

/**
 * Firm I: an ODM firm with one export link of 10 units (a firm contracts work on export orders); firm J: capable of
 * OEM work, with spare capacity.
 */
function setUp(w: W, tie = true): void {
  w.firms.domesticRole[I] = ODM;
  const L = w.links.maxLinks;
  w.links.linkBuyer[I * L] = 0;
  w.links.linkRole[I * L] = ODM;
  w.links.linkVolume[I * L] = 10;
  w.buyers.buyerLinks[0]++;
  w.firms.cap[J * K + PROCESS] = 0.5;
  w.firms.units[J] = 50; // last tick's sales
  w.firms.made[J] = 50; // last tick's work in its own plant: its capacity in units
  w.firms.homeUnits[J] = 20;
  if (tie) w.firms.ext[I * w.firms.extSlots] = J;
}

describe('outsourcing (wiring)', () => {
  it('an upgraded high-wage firm contracts assembly to the low-wage firm it is tied to, and the contractor books the work', () => {
    const w = world();
    setUp(w);
    outsourcingPhase(w, ctx());
    const C = w.contracts;
    expect(C.contractor[I * SL]).toBe(J);
    const x = C.units[I * SL];
    expect(x).toBeCloseTo(0.6 * 10, 12); // max_share of its work (the contractor has room)
    expect(w.events.some((e) => e.kind === 'outsourcing')).toBe(true);
    productionPhase(w, ctx());
    expect(w.firms.units[J]).toBeCloseTo(20 + x, 12);
    // its revenue: its home sales (as in the same world without the contract) plus x at the contract price
    const w0 = world({ switches: { wages: false, outsourcing: false } });
    setUp(w0);
    outsourcingPhase(w0, ctx());
    productionPhase(w0, ctx());
    expect(w.firms.revenue[J]).toBeCloseTo(w0.firms.revenue[J] + x * C.price[I * SL], 12);
    expect(w.firms.workers[J]).toBeCloseTo(20 * unitLabour(w, J) + x * 0.6 * unitLabour(w, J), 12);
    expect(w.firms.workers[I]).toBeCloseTo(10 * unitLabour(w, I) - x * 0.6 * unitLabour(w, I), 12);
    const rows = clusterRows(w);
    expect(rows[1].contract_units_in).toBeCloseTo(x, 12);
    expect(rows[0].contract_units_out).toBeCloseTo(x, 12);
  });

  it('the outsourcer’s value added excludes the payment (price, freight and co-ordination are purchases)', () => {
    const w = world();
    setUp(w);
    outsourcingPhase(w, ctx());
    productionPhase(w, ctx());
    const C = w.contracts;
    const x = C.units[I * SL];
    const lam = w.params.production.logistics_cost * 0.5 * (1 - w.params.production.infrastructure_saving * w.clusters.clusterInfrastructure[1]);
    const own = logisticsCost(w, 0, I); // the outsourcer's freight per unit to its buyer
    // freight is paid once per unit: the 10 − x units it makes from its cluster, the x contracted units from the contractor's
    const pay = (10 - x) * own + x * (C.price[I * SL] + lam + w.params.outsourcing.coordination_cost);
    expect(w.firms.purchases[I]).toBeCloseTo(pay, 12);
    const rows = clusterRows(w);
    const va = w.firms.revenue[I] - pay;
    expect(rows[0].income_per_worker).toBeCloseTo(va / w.firms.workers[I], 10);
  });

  it('the price lies between the contractor’s cost and the outsourcer’s own cost', () => {
    const w = world();
    setUp(w);
    outsourcingPhase(w, ctx());
    const p = w.contracts.price[I * SL];
    expect(p).toBeGreaterThan(0.6 * unitCost(w, J));
    expect(p).toBeLessThan(0.6 * unitCost(w, I));
  });

  it('with no tie and no shared buyer there is no contract', () => {
    const w = world();
    setUp(w, false);
    outsourcingPhase(w, ctx());
    expect(w.contracts.contractor[I * SL]).toBe(-1);
    expect(w.contracts.unitsIn[J]).toBe(0);
  });

  it('a shared main buyer is enough (triangle manufacturing): the buyer’s other supplier gets the contract', () => {
    const w = world();
    setUp(w, false);
    const L = w.links.maxLinks;
    for (const [i, role] of [[J, OEM]] as const) {
      w.links.linkBuyer[i * L] = 0;
      w.links.linkRole[i * L] = role;
      w.links.linkVolume[i * L] = 10;
      w.buyers.buyerLinks[0]++;
    }
    outsourcingPhase(w, ctx());
    expect(w.contracts.contractor[I * SL]).toBe(J);
  });

  it('the contractor’s spare capacity bounds the contract', () => {
    const w = world();
    setUp(w);
    w.firms.made[J] = 22; // capacity 22, room 1.05 × 22 − 20 = 3.1 units of work, α = 0.6 of it per contract unit
    outsourcingPhase(w, ctx());
    expect(w.contracts.units[I * SL]).toBeCloseTo((1.05 * 22 - 20) / 0.6, 12);
  });

  it('a contract ends after end_ticks ticks with a negative saving', () => {
    const w = world();
    setUp(w);
    outsourcingPhase(w, ctx(1));
    expect(w.contracts.contractor[I * SL]).toBe(J);
    w.clusters.clusterWage[1] = 5; // the contractor's wage now far above the outsourcer's
    for (let t = 2; t < 2 + w.params.outsourcing.end_ticks; t++) {
      w.firms.made[J] = 50;
      outsourcingPhase(w, ctx(t));
    }
    expect(w.contracts.contractor[I * SL]).toBe(-1);
    expect(w.events.some((e) => e.kind === 'contract_end')).toBe(true);
  });

  it('switches.outsourcing off: no contract', () => {
    const w = world({ switches: { wages: false, outsourcing: false } });
    setUp(w);
    outsourcingPhase(w, ctx());
    expect(w.contracts.contractor[I * SL]).toBe(-1);
    productionPhase(w, ctx());
    expect(w.firms.units[J]).toBe(20);
  });
});
