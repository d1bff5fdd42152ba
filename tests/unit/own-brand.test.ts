// Wiring tests of the own brand as an investment (own-brand.ts; issue 9 item 6;
// ODD §7.3c) on hand-built states: the rule does what its header says. Not
// findings. Default parameters; the small scenario's two buyers are a global
// lead firm (does not tolerate supplier brands) and a trading company (does).
import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { CAPTIVE, K, MARKETING, OBM, ODM, Simulation, defaultsOf, loadScenario, paramsSpec } from '../../src/index.js';
import { ownBrandPhase } from '../../src/model/mechanisms/own-brand.js';
import { ordersPhase } from '../../src/model/mechanisms/orders.js';
import { bargainingPhase, switchingCost } from '../../src/model/mechanisms/bargaining.js';
import { productionPhase } from '../../src/model/mechanisms/production.js';
import { potentialRole } from '../../src/model/mechanisms/roles.js';
import { addLink } from '../../src/model/mechanisms/sourcing.js';
import { Streams } from '../../src/engine/rng.js';
import { C_BRAND_FAIL, NC } from '../../src/model/world.js';
import { smallScenario } from '../helpers.js';

const ctx = (tick = 1) => ({ tick, streams: new Streams(3) });
const fd = defaultsOf(paramsSpec).firms;
const LEAD_BUYER = 0; // global_lead: brand-intolerant
const TRADER = 1; // trading_company: brand-tolerant

function world() {
  const w = new Simulation(smallScenario((s) => (s.world.clusters[0].lead_firms = 0)), { seed: 3 }).world;
  for (let k = 0; k < K; k++) w.firms.cap[1 * K + k] = 0.9; // firm 1 could be OBM but for the brand
  return w;
}
/** Put firm i in the middle of a build-up with `left` ticks to go. */
function building(w: ReturnType<typeof world>, i: number, left: number, equity: number, perTick = 0) {
  w.firms.brandBuild[i] = left;
  w.firms.brandEquity[i] = equity;
  w.firms.brandCost[i] = perTick;
  w.firms.brandChain[i] = 0;
  w.firms.brandPrice[i] = 1;
}

describe('own brand as an investment (wiring)', () => {
  it('no OBM before the build-up ends (wiring)', () => {
    const w = world();
    w.clusters.clusterReputation[0] = 1;
    building(w, 1, fd.brand_ticks, 1);
    for (let t = 1; t < fd.brand_ticks; t++) {
      ownBrandPhase(w, ctx(t));
      expect(w.firms.brand[1]).toBe(0);
      expect(potentialRole(w, 1)).toBe(ODM);
    }
    // the last tick: equity 1 at reputation 1 succeeds for sure
    ownBrandPhase(w, ctx(fd.brand_ticks));
    expect(w.firms.brand[1]).toBe(1);
    expect(potentialRole(w, 1)).toBe(OBM);
    expect(w.events.some((e) => e.kind === 'brand_success')).toBe(true);
  });

  it('a brand with zero equity fails, its money lost, and counts in brand_failures (wiring)', () => {
    const w = world();
    w.firms.cap[1 * K + MARKETING] = 0; // no marketing capability: equity never grows
    building(w, 1, 1, 0, 0.5);
    w.firms.wealth[1] = 3;
    ownBrandPhase(w, ctx(1));
    expect(w.firms.brand[1]).toBe(0);
    expect(w.firms.wealth[1]).toBeCloseTo(2.5, 12);
    expect(w.events.some((e) => e.kind === 'brand_failure')).toBe(true);
    expect(w.counters[0 * NC + C_BRAND_FAIL]).toBe(1); // brand_failures of cluster 0
  });

  it('the build-up cost drains wealth tick by tick (wiring)', () => {
    const w = world();
    building(w, 1, 4, 0, 0.75);
    w.firms.wealth[1] = 10;
    ownBrandPhase(w, ctx(1));
    ownBrandPhase(w, ctx(2));
    expect(w.firms.wealth[1]).toBeCloseTo(8.5, 12);
    expect(w.firms.brandBuild[1]).toBe(2);
  });

  it('a brand takes its customers’ demand: the chain’s buyers order fewer units from every supplier (wiring)', () => {
    const volume = (brand: boolean) => {
      const w = world();
      const s = addLink(w, TRADER, 2, CAPTIVE);
      if (brand) {
        w.firms.brand[1] = 1;
        w.firms.brandEquity[1] = 0.6;
        w.firms.brandChain[1] = 0;
        w.firms.brandPrice[1] = 1;
      }
      ownBrandPhase(w, ctx(1));
      ordersPhase(w, ctx(1));
      return { q: w.links.linkVolume[s], sold: w.firms.brandUnits[1], share: w.chains.chainBrandShare[0] };
    };
    const without = volume(false);
    const withBrand = volume(true);
    expect(without.share).toBe(0);
    expect(withBrand.sold).toBeGreaterThan(0);
    expect(withBrand.share).toBeGreaterThan(0);
    expect(withBrand.q).toBeCloseTo(without.q * (1 - withBrand.share), 12);
  });

  it('only active buyers carry demand a brand can take: with every buyer of the chain inactive it sells nothing (wiring)', () => {
    const sold = (active: boolean) => {
      const w = world();
      if (!active) w.buyers.buyerActive.fill(0);
      w.firms.brand[1] = 1;
      w.firms.brandEquity[1] = 0.6;
      w.firms.brandChain[1] = 0;
      w.firms.brandPrice[1] = 1;
      ownBrandPhase(w, ctx(1));
      return w.firms.brandUnits[1];
    };
    expect(sold(true)).toBeGreaterThan(0);
    expect(sold(false)).toBe(0);
  });

  it('only intolerant brand customers cut orders: the penalty enters their gap, not the tolerant one’s (wiring)', () => {
    const w = world();
    const sLead = addLink(w, LEAD_BUYER, 1, CAPTIVE);
    const sTrader = addLink(w, TRADER, 1, CAPTIVE);
    for (const s of [sLead, sTrader]) {
      w.links.linkValue[s] = 1;
      w.links.linkGov[s] = 0;
      w.links.linkCost[s] = 0.5;
      w.links.linkPrice[s] = 0.6;
    }
    w.buyers.buyerOutside[LEAD_BUYER] = 0;
    w.buyers.buyerOutside[TRADER] = 0;
    const before = [w.links.linkShare[sLead], w.links.linkShare[sTrader]];
    building(w, 1, fd.brand_ticks, 0);
    ordersPhase(w, ctx(1));
    expect(w.links.linkShare[sLead]).toBeLessThan(before[0]);
    expect(w.links.linkGap[sLead]).toBe(1);
    expect(w.links.linkGap[sTrader]).toBe(0);
    expect(w.links.linkShare[sTrader]).toBeGreaterThanOrEqual(before[1]);
  });

  it('brand customers react, and the penalty is upstream: with ret 0 the intolerant customer keeps its orders (wiring)', () => {
    const share = (ret: number, brand: boolean) => {
      const w = world();
      const s = addLink(w, LEAD_BUYER, 1, CAPTIVE);
      w.links.linkValue[s] = 1;
      w.links.linkGov[s] = 0;
      w.links.linkCost[s] = 0.5;
      w.links.linkPrice[s] = 0.6;
      w.buyers.buyerOutside[LEAD_BUYER] = 0;
      (w.params.firms as { brand_retaliation_buyer: number }).brand_retaliation_buyer = ret;
      (w.params.firms as { brand_retaliation_mixed: number }).brand_retaliation_mixed = ret;
      (w.params.firms as { brand_retaliation_producer: number }).brand_retaliation_producer = ret;
      if (brand) {
        w.firms.brand[1] = 1; // owns a brand (not building)
        w.firms.brandEquity[1] = 0.5;
        w.firms.brandChain[1] = 0;
        w.firms.brandPrice[1] = 1;
      }
      const before = w.links.linkShare[s];
      ordersPhase(w, ctx(1));
      return { before, after: w.links.linkShare[s], gap: w.links.linkGap[s] };
    };
    const owner = share(fd.brand_retaliation_buyer, true);
    expect(owner.after).toBeLessThan(owner.before); // an owned brand, as a brand in build-up, loses the intolerant customer's orders
    expect(owner.gap).toBe(1);
    const knockout = share(0, true);
    expect(knockout.gap).toBe(0);
    expect(knockout.after).toBeGreaterThanOrEqual(knockout.before);
    const noBrand = share(fd.brand_retaliation_buyer, false);
    expect(noBrand.gap).toBe(0);
  });

  it('the dilemma: a launch whose brand margin alone pays is forgone when the orders at risk outweigh it (wiring)', () => {
    const launched = (ret: number) => {
      const w = world();
      w.firms.dynamic[1] = 1;
      addLink(w, LEAD_BUYER, 1, CAPTIVE);
      (w.params.firms as { brand_retaliation_buyer: number }).brand_retaliation_buyer = ret;
      (w.params.firms as { brand_retaliation_mixed: number }).brand_retaliation_mixed = ret;
      (w.params.firms as { brand_retaliation_producer: number }).brand_retaliation_producer = ret;
      w.firms.wealth[1] = 100;
      w.firms.effort[1] = 0.08;
      bargainingPhase(w, ctx(1));
      ordersPhase(w, ctx(1));
      productionPhase(w, ctx(1));
      w.firms.revenueAvg[1] = w.firms.revenue[1];
      const s = 1 * w.links.maxLinks;
      w.links.linkPrice[s] = w.links.linkCost[s] + 10 * w.links.linkValue[s]; // a fat link margin at risk
      ownBrandPhase(w, ctx(1));
      return w;
    };
    const none = launched(0);
    expect(none.firms.brandBuild[1]).toBe(fd.brand_ticks);
    const full = launched(1);
    expect(full.firms.brandBuild[1]).toBe(0);
    expect(full.events.some((e) => e.kind === 'brand_forgone')).toBe(true);
  });

  it('the launch weighs the orders at risk: only an intolerant customer whose link the penalty would end puts orders at risk (wiring)', () => {
    const launched = (buyer: number, slack = 0) => {
      const w = world();
      w.firms.dynamic[1] = 1;
      addLink(w, buyer, 1, CAPTIVE);
      w.firms.wealth[1] = 100;
      w.firms.effort[1] = 0.08;
      bargainingPhase(w, ctx(1));
      ordersPhase(w, ctx(1));
      productionPhase(w, ctx(1));
      w.firms.revenueAvg[1] = w.firms.revenue[1];
      // the buyer's alternative: the link matches it with `slack` to spare
      const s = 1 * w.links.maxLinks;
      w.buyers.buyerOutside[buyer] = switchingCost(w, s, buyer) + w.links.linkValue[s] - w.links.linkGov[s] - w.links.linkCost[s] - slack;
      ownBrandPhase(w, ctx(1));
      return w;
    };
    const tolerant = launched(TRADER);
    expect(tolerant.events.some((e) => e.kind === 'brand_launch')).toBe(true);
    expect(tolerant.firms.brandBuild[1]).toBe(fd.brand_ticks);
    expect(tolerant.firms.brand[1]).toBe(0); // building, not yet a brand
    const atRisk = (w: ReturnType<typeof world>) => Number(/orders at risk (-?[\d.]+)/.exec(w.events.find((e) => e.kind === 'brand_launch')?.detail ?? '')?.[1] ?? NaN);
    expect(atRisk(tolerant)).toBe(0);
    // with the default parameters the brand's expected margin outweighs the captive customer's thin link margin, so it
    // launches too, but the orders at risk enter the decision
    const intolerant = launched(LEAD_BUYER);
    expect(atRisk(intolerant)).toBeGreaterThan(0);
    // a link with more slack than the penalty ret·V keeps its orders (orders.ts), so nothing is at risk
    const slack = launched(LEAD_BUYER, 1e6);
    expect(atRisk(slack)).toBe(0);
  });

  it('a launch that cannot be financed does not start (wiring)', () => {
    const w = world();
    w.firms.dynamic[1] = 1;
    addLink(w, TRADER, 1, CAPTIVE);
    w.firms.effort[1] = 0.08;
    bargainingPhase(w, ctx(1));
    ordersPhase(w, ctx(1));
    productionPhase(w, ctx(1));
    w.firms.revenueAvg[1] = 0; // no credit line
    w.firms.wealth[1] = 0.5 * fd.brand_cost * w.firms.revenue[1];
    // the cost is brand_cost × revenue (revenueAvg 0 falls back to this tick's revenue): wealth covers half
    ownBrandPhase(w, ctx(1));
    expect(w.firms.brandBuild[1]).toBe(0);
  });

  it('the removed brand_gain names its replacement (wiring)', () => {
    const file = fileURLToPath(new URL('../validation/fixtures/a4-leakage.yaml', import.meta.url));
    expect(() => loadScenario(file, ['params.firms.brand_gain=0.6'])).toThrow(/removed in 0\.6\.0.*brand_cost/);
  });
});
