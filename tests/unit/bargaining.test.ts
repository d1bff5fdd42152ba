// Wiring tests of bargained prices (bargaining.ts; issue 9 item 1) on
// hand-built states. They check the rule does what its header says; they are
// not findings (the pattern tests are tests/validation/a1-a2-prices.test.ts).
import { describe, expect, it } from 'vitest';
import { CAPTIVE, K, MARKET, Simulation, defaultsOf, paramsSpec } from '../../src/index.js';
import { bargain, bargainingPhase, deal } from '../../src/model/mechanisms/bargaining.js';
import { addLink } from '../../src/model/mechanisms/sourcing.js';
import { landedCost } from '../../src/model/mechanisms/costs.js';
import { evaluate } from '../../src/model/mechanisms/governance.js';
import { Streams } from '../../src/engine/rng.js';
import { smallScenario } from '../helpers.js';

const ctx = (tick = 1) => ({ tick, streams: new Streams(3) });
const bp = defaultsOf(paramsSpec).bargaining;

describe('bargain() on one link (wiring)', () => {
  const w = new Simulation(smallScenario(), { seed: 1 }).world;
  const V = 0.5;
  const LC = 0.1;
  const g = 0.05;

  it('with no outside option the supplier gets β of the room V − g − LC', () => {
    bargain(w, V, LC, g, 0, 0, MARKET, 0.5, 0, 0);
    expect(deal.beta).toBeCloseTo(bp.beta[MARKET], 12);
    expect(deal.price).toBeCloseTo(LC + bp.beta[MARKET] * (V - g - LC), 12);
    expect(deal.free).toBeCloseTo(deal.price, 12);
  });

  it('the price stays in [LC, ceiling] and falls as the outside option rises beyond the switching cost', () => {
    let last = Infinity;
    for (const outside of [0, 0.05, 0.1, 0.2, 0.3]) {
      bargain(w, V, LC, g, outside, 0.05, MARKET, 0.5, 0, 0);
      const ceiling = V - g - Math.max(0, outside - 0.05);
      expect(deal.price).toBeGreaterThanOrEqual(LC);
      expect(deal.price).toBeLessThanOrEqual(ceiling + 1e-12);
      expect(deal.price).toBeLessThanOrEqual(last);
      last = deal.price;
    }
    // an outside option within the switching cost does not bind
    bargain(w, V, LC, g, 0.05, 0.05, MARKET, 0.5, 0, 0);
    expect(deal.price).toBeCloseTo(deal.free, 12);
    // outside-option principle: an alternative worth no more to the buyer than its share of this bargain (plus the
    // switching cost) does not bind; one worth more sets the price at the ceiling
    bargain(w, V, LC, g, 0, 0, MARKET, 0.5, 0, 0);
    const share = V - g - deal.free;
    bargain(w, V, LC, g, share, 0, MARKET, 0.5, 0, 0);
    expect(deal.price).toBeCloseTo(deal.free, 12);
    bargain(w, V, LC, g, share + 0.1, 0, MARKET, 0.5, 0, 0);
    expect(deal.price).toBeCloseTo(V - g - (share + 0.1), 12);
  });

  it('a ceiling below the landed cost leaves the supplier at its landed cost, never below', () => {
    bargain(w, V, LC, g, 1, 0, MARKET, 0.5, 0, 0);
    expect(deal.price).toBe(LC);
  });

  it('each factor of β moves it in the stated direction: mode, scarcity, dependence, buyer concentration', () => {
    const beta = (mode: number, rho: number, d: number, h: number): number => (bargain(w, V, LC, g, 0, 0, mode, rho, d, h), deal.beta);
    expect(beta(CAPTIVE, 0.5, 0, 0)).toBeLessThan(beta(MARKET, 0.5, 0, 0));
    expect(beta(MARKET, 0.9, 0, 0)).toBeGreaterThan(beta(MARKET, 0.1, 0, 0));
    expect(beta(MARKET, 0.5, 0.9, 0)).toBeLessThan(beta(MARKET, 0.5, 0.1, 0));
    expect(beta(MARKET, 0.5, 0, 0.5)).toBeLessThan(beta(MARKET, 0.5, 0, 0.1));
    expect(beta(MARKET, 1, 0, 0)).toBeLessThanOrEqual(1);
  });
});

/** Two clusters of one chain: the incumbent k holds firm 0's link with the buyer; the rival r is cheaper or not. */
function twoClusters(rivalWage: number, opts: { home?: string; switches?: Record<string, boolean> } = {}) {
  const sc = smallScenario((s) => {
    s.world.countries = [{ id: 'a' }, { id: 'b' }];
    s.world.clusters = [
      { id: 'k', country: 'a', firms: 40, wage: 0.1, ties: 4, tie_window: 10 },
      { id: 'r', country: 'b', firms: 40, wage: rivalWage, ties: 4, tie_window: 10 },
    ];
    s.world.buyers = [{ id: 'lead', type: 'global_lead', chain: 'c', count: 1, ...(opts.home ? { home: opts.home } : {}) }];
    // no switching cost, so that any better alternative binds (the rule under test is the outside option's path)
    s.params = { switches: opts.switches ?? {}, bargaining: { switch_cost: [0, 0, 0, 0, 0] } };
  });
  const w = new Simulation(sc, { seed: 4 }).world;
  for (let i = 0; i < w.firms.N; i++) for (let k = 0; k < K; k++) w.firms.cap[i * K + k] = 0.6;
  // the link in the mode the buyer would choose for it
  addLink(w, 0, 0, evaluate(w, 0, 0));
  // several ticks, so the smoothed outside option settles
  for (let t = 1; t <= 8; t++) bargainingPhase(w, ctx(t));
  return w;
}

describe('bargainingPhase in a world (wiring)', () => {
  it('a cheaper rival the buyer can reach lowers the incumbent’s price', () => {
    const dear = twoClusters(0.1);
    const cheap = twoClusters(0.02);
    expect(cheap.buyers.buyerOutside[0]).toBeGreaterThan(dear.buyers.buyerOutside[0]);
    expect(cheap.links.linkPrice[0]).toBeLessThan(dear.links.linkPrice[0]);
  });

  it('a cheaper rival the buyer cannot reach (it sources at home) changes nothing', () => {
    const dear = twoClusters(0.1, { home: 'k' });
    const cheap = twoClusters(0.02, { home: 'k' });
    expect(cheap.links.linkPrice[0]).toBe(dear.links.linkPrice[0]);
  });

  it('the price lies between the landed cost and the link’s value net of governance', () => {
    const w = twoClusters(0.02);
    expect(w.links.linkPrice[0]).toBeGreaterThanOrEqual(landedCost(w, 0, 0));
    expect(w.links.linkPrice[0]).toBeLessThanOrEqual(w.links.linkValue[0] - w.links.linkGov[0]);
  });

  it('knockout switches.outside_option: no alternative counts, so the rival’s wage does not move the price', () => {
    const dear = twoClusters(0.1, { switches: { outside_option: false } });
    const cheap = twoClusters(0.02, { switches: { outside_option: false } });
    expect(cheap.buyers.buyerOutside[0]).toBe(0);
    expect(cheap.links.linkPrice[0]).toBe(dear.links.linkPrice[0]);
  });

  it('knockout switches.bargaining: the price is the landed cost times (1 + fixed_markup)', () => {
    const w = twoClusters(0.02, { switches: { bargaining: false } });
    expect(w.links.linkPrice[0]).toBeCloseTo(landedCost(w, 0, 0) * (1 + bp.fixed_markup), 12);
    expect(w.chains.chainPriceIndex[0]).toBe(1);
  });

  it('the landed cost counts distance: a buyer at home pays no freight', () => {
    const away = twoClusters(0.1);
    const home = twoClusters(0.1, { home: 'k' });
    expect(landedCost(home, 0, 0)).toBeLessThan(landedCost(away, 0, 0));
  });
});
