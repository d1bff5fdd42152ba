// Wiring tests of buyers' final demand (final-demand.ts; issue 9 lines 7, 5, 1) on hand-built states. The rule does
// what its header says; these are not findings.
import { describe, expect, it } from 'vitest';
import { Simulation, defaultsOf, paramsSpec } from '../../src/index.js';
import { finalDemandPhase } from '../../src/model/mechanisms/final-demand.js';
import { ordersPhase } from '../../src/model/mechanisms/orders.js';
import { Streams } from '../../src/engine/rng.js';
import { smallScenario } from '../helpers.js';

const fd = defaultsOf(paramsSpec).final_demand;
const ctx = (tick: number) => ({ tick, streams: new Streams(3) });

/** A small world run to tick `ticks` (links priced and ordered), final demand on or off. */
function world(on: boolean, ticks = fd.reference_tick + 1) {
  const sc = smallScenario((s) => {
    s.ticks = 30;
    s.params = { switches: { final_demand: on } };
  });
  const sim = new Simulation(sc, { seed: 11 });
  while (sim.tick < ticks) sim.step();
  return sim.world;
}
type W = ReturnType<typeof world>;

/** Scale the bargained price of every link of buyer b by k (a cheaper or dearer source). */
function scalePrices(w: W, b: number, k: number): void {
  const S = w.firms.N * w.links.maxLinks;
  for (let s = 0; s < S; s++) if (w.links.linkBuyer[s] === b) w.links.linkPrice[s] *= k;
}
function buyerUnits(w: W, b: number): number {
  const S = w.firms.N * w.links.maxLinks;
  let u = 0;
  for (let s = 0; s < S; s++) if (w.links.linkBuyer[s] === b) u += w.links.linkVolume[s];
  return u;
}
const base = (w: W, b: number) => {
  const prof = w.buyerProfile(b);
  return (prof.volume / prof.suppliers) * w.chains.chainDemand[w.buyers.buyerChain[b]];
};

describe('final demand (wiring)', () => {
  it('the reference is the buyer’s own purchase price per unit of value at reference_tick; the factor is 1 until then', () => {
    const w = world(true, fd.reference_tick - 1);
    expect(w.buyers.buyerPriceRef[0]).toBe(0);
    expect(w.buyers.buyerDemand[0]).toBe(1);
    expect(w.buyers.buyerLinkVolume[0]).toBe(base(w, 0));
    const later = world(true, fd.reference_tick + 1);
    expect(later.buyers.buyerPriceRef[0]).toBeGreaterThan(0);
    expect(later.buyers.buyerPriceRef[0]).toBeLessThan(1.5);
  });

  it('a lower purchase price raises the buyer’s volume, partially adjusted, and the orders rule passes it to its links', () => {
    const w = world(true);
    const b = 0;
    const d0 = w.buyers.buyerDemand[b];
    const q0 = w.buyers.buyerLinkVolume[b];
    scalePrices(w, b, 0.5);
    finalDemandPhase(w, ctx(w.tick + 1));
    const m = w.buyers.buyerPriceIndex[b];
    const target = Math.min(fd.max_factor, Math.pow(1 - fd.pass_through + (fd.pass_through * m) / w.buyers.buyerPriceRef[b], -fd.elasticity));
    expect(w.buyers.buyerDemand[b]).toBeCloseTo(d0 + fd.adjustment * (target - d0), 12);
    expect(w.buyers.buyerDemand[b]).toBeGreaterThan(d0);
    expect(w.buyers.buyerLinkVolume[b]).toBeGreaterThan(q0);
    expect(w.buyers.buyerLinkVolume[b]).toBeCloseTo(base(w, b) * w.buyers.buyerDemand[b], 12);
    const u0 = buyerUnits(w, b);
    ordersPhase(w, ctx(w.tick + 1));
    expect(buyerUnits(w, b)).toBeGreaterThan(u0);
    // and a dearer source lowers it
    const v = world(true);
    const dv = v.buyers.buyerDemand[b];
    scalePrices(v, b, 2);
    finalDemandPhase(v, ctx(v.tick + 1));
    expect(v.buyers.buyerDemand[b]).toBeLessThan(dv);
  });

  it('the demand factor is capped at max_factor', () => {
    const w = world(true);
    scalePrices(w, 0, 1e-6);
    for (let t = 0; t < 200; t++) finalDemandPhase(w, ctx(w.tick + 1));
    expect(w.buyers.buyerDemand[0]).toBeLessThanOrEqual(fd.max_factor + 1e-9);
    expect(w.buyers.buyerDemand[0]).toBeGreaterThan(fd.max_factor * 0.99);
  });

  it('knockout switches.final_demand off: a lower purchase price moves nothing', () => {
    const w = world(false);
    const q0 = w.buyers.buyerLinkVolume[0];
    expect(q0).toBe(base(w, 0));
    scalePrices(w, 0, 0.5);
    finalDemandPhase(w, ctx(w.tick + 1));
    expect(w.buyers.buyerDemand[0]).toBe(1);
    expect(w.buyers.buyerPriceRef[0]).toBe(0);
    expect(w.buyers.buyerLinkVolume[0]).toBe(q0);
  });

  it('a scenario demand shock still multiplies the buyer’s volume, with the final-demand factor on top', () => {
    const w = world(true);
    scalePrices(w, 0, 0.5);
    finalDemandPhase(w, ctx(w.tick + 1));
    const d = w.buyers.buyerDemand[0];
    expect(d).toBeGreaterThan(1);
    const q = w.buyers.buyerLinkVolume[0];
    w.chains.chainDemand[0] *= 0.4; // what environment.ts does for a `demand` shock, before it refreshes the buyers
    w.refreshBuyers();
    expect(w.buyers.buyerLinkVolume[0]).toBeCloseTo(0.4 * q, 12);
    finalDemandPhase(w, ctx(w.tick + 2));
    expect(w.buyers.buyerLinkVolume[0]).toBeCloseTo(base(w, 0) * w.buyers.buyerDemand[0], 12);
    expect(base(w, 0)).toBeCloseTo(0.4 * (w.buyerProfile(0).volume / w.buyerProfile(0).suppliers), 12);
  });

  it('a scheduled demand shock in a scenario reaches the volume with final demand on', () => {
    const mk = (value: number) =>
      new Simulation(
        smallScenario((s) => {
          s.ticks = 12;
          s.world.shocks = [{ tick: 8, kind: 'demand', chain: 'c', value }];
        }),
        { seed: 11 },
      );
    const a = mk(0.5);
    const c = mk(1);
    while (a.tick < 8) {
      a.step();
      c.step();
    }
    const ratio = a.world.buyers.buyerLinkVolume[0] / a.world.buyers.buyerDemand[0] / (c.world.buyers.buyerLinkVolume[0] / c.world.buyers.buyerDemand[0]);
    expect(ratio).toBeCloseTo(0.5, 12);
  });

  it('bad input: a negative elasticity or a pass-through above 1 is rejected', () => {
    expect(() => smallScenario((s) => (s.params = { final_demand: { elasticity: -1 } }))).toThrow();
    expect(() => smallScenario((s) => (s.params = { final_demand: { pass_through: 1.5 } }))).toThrow();
  });
});
