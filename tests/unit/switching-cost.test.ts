// Wiring tests of the per-mode switching cost (bargaining.ts `switchingCost`, orders.ts, sourcing.ts' trial orders)
// on hand-built states: κ = switch_cost[mode of the link]·V + sunk investment per unit. Not findings.
import { describe, expect, it } from 'vitest';
import { CAPTIVE, HIERARCHY, MARKET, MODES, MODULAR, RELATIONAL, Simulation, defaultsOf, paramsSpec } from '../../src/index.js';
import { bargain, deal, switchShare, switchingCost } from '../../src/model/mechanisms/bargaining.js';
import { ordersPhase } from '../../src/model/mechanisms/orders.js';
import { addLink } from '../../src/model/mechanisms/sourcing.js';
import { Streams } from '../../src/engine/rng.js';
import { loadScenarioText } from '../../src/scenario/load.js';
import { smallScenario } from '../helpers.js';

const bp = defaultsOf(paramsSpec).bargaining;

/** One global lead buyer linked to SMEs 1..n, every link in `mode`, value 1, no sunk investment. */
function world(n: number, mode: number, switchCost?: number[]) {
  const sc = smallScenario((s) => {
    s.world.clusters[0].firms = 40;
    s.world.clusters[0].lead_firms = 1;
    s.world.buyers = [{ id: 'lead', type: 'global_lead', chain: 'c', count: 1 }];
    if (switchCost) s.params = { bargaining: { switch_cost: switchCost } };
  });
  const w = new Simulation(sc, { seed: 3 }).world;
  const slots: number[] = [];
  for (let i = 1; i <= n; i++) {
    const s = addLink(w, 0, i, mode);
    w.links.linkMode[s] = mode;
    w.links.linkValue[s] = 1;
    w.links.linkInvestment[s] = 0;
    slots.push(s);
  }
  return { w, slots };
}

describe('switching cost by governance mode (defaults)', () => {
  it('is one value per mode, in the documented order: market ≤ modular < captive < relational < hierarchy = 1', () => {
    expect(bp.switch_cost).toHaveLength(MODES.length);
    const k = bp.switch_cost;
    expect(k[MARKET]).toBeLessThanOrEqual(k[MODULAR]);
    expect(k[MODULAR]).toBeLessThan(k[CAPTIVE]);
    expect(k[CAPTIVE]).toBeLessThan(k[RELATIONAL]);
    expect(k[RELATIONAL]).toBeLessThan(k[HIERARCHY]);
    expect(k[HIERARCHY]).toBe(1);
  });
});

describe('switchingCost() reads the link’s mode (wiring)', () => {
  it('κ = switch_cost[mode]·V for a link with no sunk investment, whatever the mode', () => {
    const { w, slots } = world(1, MARKET, [0.01, 0.02, 0.03, 0.04, 0.05]);
    const s = slots[0];
    w.links.linkValue[s] = 2;
    for (let m = 0; m < MODES.length; m++) {
      w.links.linkMode[s] = m;
      expect(switchingCost(w, s, 0)).toBeCloseTo([0.01, 0.02, 0.03, 0.04, 0.05][m] * 2, 12);
      expect(switchShare(w, m)).toBe([0.01, 0.02, 0.03, 0.04, 0.05][m]);
    }
  });

  it('the sunk investment per unit of one supplier place is added once, not scaled by the mode’s share', () => {
    const { w, slots } = world(1, CAPTIVE);
    const s = slots[0];
    const q0 = w.buyers.buyerLinkVolume[0];
    expect(q0).toBeGreaterThan(0);
    const before = switchingCost(w, s, 0);
    w.links.linkInvestment[s] = 0.3 * q0;
    expect(switchingCost(w, s, 0) - before).toBeCloseTo(0.3, 12);
    expect(before).toBeCloseTo(bp.switch_cost[CAPTIVE] * w.links.linkValue[s], 12);
  });

  it('the same alternative binds on a market link and not on a relational or hierarchy link (defaults)', () => {
    const { w } = world(0, MARKET);
    const v = 1;
    const lc = 0.3;
    const outside = 0.6; // beats the uncontested bargain's buyer share (0.35 at β = .5) by 0.25 per unit
    const price = (m: number) => {
      bargain(w, v, lc, 0, outside, bp.switch_cost[m] * v, m, 0.5, 0, 0);
      return { price: deal.price, free: deal.free };
    };
    const mk = price(MARKET);
    expect(mk.price).toBeLessThan(mk.free); // (0.6 − 0.05) − 0.35 > 0: the ceiling binds
    const rel = price(RELATIONAL);
    expect(rel.price).toBe(rel.free); // 0.6 − 0.30 = 0.30 < 0.35: it does not
    const hi = price(HIERARCHY);
    expect(hi.price).toBe(hi.free); // κ = V: an in-house unit's price is not set by outside offers
  });
});

describe('orders and trial orders read the per-mode cost (wiring)', () => {
  it('orders: a link that loses share in market mode keeps it in relational mode, the alternative the same', () => {
    const run = (mode: number) => {
      const { w, slots } = world(2, mode);
      for (const s of slots) {
        w.links.linkGov[s] = 0;
        w.links.linkCost[s] = 0.8; // leaves the buyer at most 0.2 per unit
        w.links.linkPrice[s] = 0.8;
      }
      w.buyers.buyerOutside[0] = 0.35; // beyond 0.2 + the market κ (.05), within 0.2 + the relational κ (.30)
      ordersPhase(w, { tick: 1, streams: new Streams(3) });
      return w.links.linkShare[slots[0]];
    };
    expect(run(MARKET)).toBeLessThan(1 / 20);
    expect(run(RELATIONAL)).toBeCloseTo(1 / 20, 12);
  });

  it('the buyer’s mean switching cost is the share-weighted mean of switch_cost[mode]·V over its links', () => {
    const { w, slots } = world(2, MARKET);
    w.links.linkMode[slots[1]] = RELATIONAL;
    w.links.linkValue[slots[1]] = 2;
    ordersPhase(w, { tick: 1, streams: new Streams(3) });
    const sh0 = w.links.linkShare[slots[0]];
    const sh1 = w.links.linkShare[slots[1]];
    const want = (sh0 * bp.switch_cost[MARKET] * 1 + sh1 * bp.switch_cost[RELATIONAL] * 2) / (sh0 + sh1);
    expect(w.buyers.buyerMeanSwitch[0]).toBeCloseTo(want, 12);
  });

  it('the mean leaves out in-house (hierarchy) links and counts each link’s sunk investment per unit, as bargaining does', () => {
    const { w, slots } = world(3, MARKET);
    w.links.linkMode[slots[1]] = HIERARCHY;
    w.links.linkInvestment[slots[2]] = 0.6;
    ordersPhase(w, { tick: 1, streams: new Streams(3) });
    const sh0 = w.links.linkShare[slots[0]];
    const sh2 = w.links.linkShare[slots[2]];
    const want = (sh0 * switchingCost(w, slots[0], 0) + sh2 * switchingCost(w, slots[2], 0)) / (sh0 + sh2);
    expect(switchingCost(w, slots[2], 0)).toBeGreaterThan(bp.switch_cost[MARKET]); // the investment term is there
    expect(w.buyers.buyerMeanSwitch[0]).toBeCloseTo(want, 12);
    expect(w.buyers.buyerMeanSwitch[0]).toBeLessThan(0.5); // an in-house unit's κ = V would have pulled it up
  });
});

describe('scenario files (wiring)', () => {
  it('a vector is accepted; a single number (a file from before the per-mode cost) is refused naming the field', () => {
    const base = 'name: s\nworld:\n  chains: [{ id: c }]\n  clusters: [{ id: k, firms: 10 }]\n  buyers: [{ id: b, type: global_lead, chain: c }]\nparams:\n  bargaining:\n';
    const ok = loadScenarioText(`${base}    switch_cost: [0.1, 0.1, 0.2, 0.1, 1]\n`, 'ok.yaml');
    expect(ok.scenario.params.bargaining.switch_cost).toEqual([0.1, 0.1, 0.2, 0.1, 1]);
    expect(() => loadScenarioText(`${base}    switch_cost: 0.15\n`, 'old.yaml')).toThrow(/params\.bargaining\.switch_cost: expected a list of 5 numbers/);
  });
});
