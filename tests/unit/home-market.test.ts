// Wiring tests of the home market (home-market.ts; issue 9 item 1, home market; experimental, off by default) on
// hand-built states. The rule does what its header says; these are not findings.
import { describe, expect, it } from 'vitest';
import { K, ODM, PRODUCT, Simulation, defaultsOf, paramsSpec } from '../../src/index.js';
import { homeMarketPhase } from '../../src/model/mechanisms/home-market.js';
import { unitCost } from '../../src/model/mechanisms/costs.js';
import { Streams } from '../../src/engine/rng.js';
import { smallScenario } from '../helpers.js';

const ctx = (tick = 1) => ({ tick, streams: new Streams(3) });
const hm = defaultsOf(paramsSpec).home_market;

function world(opts: { on?: boolean; rivalWage?: number } = {}) {
  const sc = smallScenario((s) => {
    s.world.countries = [{ id: 'a' }, { id: 'b' }];
    s.world.clusters = [
      { id: 'k', country: 'a', firms: 30, wage: 0.1, ties: 4, tie_window: 10, lead_firms: 0, large_share: 0 },
      ...(opts.rivalWage !== undefined ? [{ id: 'r', country: 'b', firms: 30, wage: opts.rivalWage, ties: 4, tie_window: 10, lead_firms: 0, large_share: 0 }] : []),
    ];
    s.params = { switches: { home_competition: opts.on ?? true } };
  });
  return new Simulation(sc, { seed: 5 }).world;
}
const clusterUnits = (w: Simulation['world'], q: number) => {
  let u = 0;
  for (let i = w.clusters.clusterStart[q]; i < w.clusters.clusterEnd[q]; i++) if (w.firms.alive[i]) u += w.firms.homeUnits[i];
  return u;
};

describe('home market (wiring)', () => {
  it('shares add up: the cluster sells its demand, which starts at domestic_volume × the firms’ sizes', () => {
    const w = world();
    homeMarketPhase(w, ctx());
    expect(clusterUnits(w, 0)).toBeCloseTo(w.clusters.clusterHomeDemand[0], 9);
    expect(w.clusters.clusterHomeDemand0[0]).toBeCloseTo(30 * w.clusters.clusterDomesticVolume[0], 9);
  });

  it('more quality per unit cost wins a larger share', () => {
    const w = world();
    w.firms.cap[0 * K + PRODUCT] = 0.9;
    w.firms.cap[1 * K + PRODUCT] = 0.1;
    homeMarketPhase(w, ctx());
    expect(w.firms.homeUnits[0]).toBeGreaterThan(w.firms.homeUnits[1]);
  });

  it('prices carry at least the markup 1/(1 − 1/σ) over unit cost, until the import cap binds', () => {
    const w = world();
    homeMarketPhase(w, ctx());
    const i = 2;
    const floor = unitCost(w, i) / (1 - 1 / hm.substitution);
    expect(w.firms.homePrice[i]).toBeGreaterThanOrEqual(floor * (1 - 1e-12));
    // a much cheaper cluster of the same chain caps the home price
    const capped = world({ rivalWage: 0.01 });
    homeMarketPhase(capped, ctx());
    expect(capped.firms.homePrice[i]).toBeLessThan(unitCost(capped, i) / (1 - 1 / hm.substitution));
  });

  it('the design premium shrinks as more of the home sales are by firms with their own designs', () => {
    const few = world();
    few.firms.domesticRole[0] = ODM;
    homeMarketPhase(few, ctx());
    const many = world();
    for (let i = 0; i < 30; i++) many.firms.domesticRole[i] = ODM;
    homeMarketPhase(many, ctx());
    const base = (w: Simulation['world']) => w.firms.homePrice[0] / (unitCost(w, 0) / (1 - (1 / hm.substitution + (1 / hm.elasticity - 1 / hm.substitution) * (w.firms.homeUnits[0] / w.clusters.clusterHomeDemand[0]))));
    expect(base(few)).toBeGreaterThan(base(many));
  });

  it('demand falls when home prices rise (a wage rise in home currency)', () => {
    const w = world();
    homeMarketPhase(w, ctx(1));
    const d0 = w.clusters.clusterHomeDemand[0];
    w.countries.countryWageIndex[0] *= 1.5;
    homeMarketPhase(w, ctx(2)); // prices rise; demand answers to this tick's price index
    expect(w.clusters.clusterHomeDemand[0]).toBeLessThan(d0);
  });

  it('knockout switches.home_competition off: 0.5’s fixed volume per firm', () => {
    const w = world({ on: false });
    homeMarketPhase(w, ctx());
    for (let i = 0; i < 30; i++) expect(w.firms.homeUnits[i]).toBe(w.clusters.clusterDomesticVolume[0] * w.firms.sizeFactor[i]);
  });
});
