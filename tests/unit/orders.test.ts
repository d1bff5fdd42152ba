// Wiring tests of orders as quantities (orders.ts; issue 9 item 2) on
// hand-built states: the rule does what its header says. Not findings.
import { describe, expect, it } from 'vitest';
import { K, MARKET, Simulation, defaultsOf, paramsSpec } from '../../src/index.js';
import { ordersPhase } from '../../src/model/mechanisms/orders.js';
import { addLink, sourcingPhase } from '../../src/model/mechanisms/sourcing.js';
import { canTake } from '../../src/model/mechanisms/reach.js';
import { Streams } from '../../src/engine/rng.js';
import { smallScenario } from '../helpers.js';

const ctx = (tick = 1) => ({ tick, streams: new Streams(3) });
const od = defaultsOf(paramsSpec).orders;

/**
 * One global lead buyer (20 supplier places) linked to SMEs 1..n in market mode. `set(k, room)` gives link k a value
 * of 1, no governance cost and a landed cost of 1 − room: the most it can leave the buyer is `room` per unit. The
 * buyer's outside option is set with `outside` (the switching cost is switch_cost × V = 0.15: every mode's entry is
 * set to 0.15 here, so that the rule under test does not depend on the per-mode defaults).
 */
function world(n: number, switches: Record<string, boolean> = {}) {
  const sc = smallScenario((s) => {
    s.world.clusters[0].firms = 40;
    s.world.clusters[0].lead_firms = 1;
    s.world.buyers = [{ id: 'lead', type: 'global_lead', chain: 'c', count: 1 }];
    s.params = { switches, bargaining: { switch_cost: [0.15, 0.15, 0.15, 0.15, 0.15] } };
  });
  const w = new Simulation(sc, { seed: 3 }).world;
  const slots: number[] = [];
  for (let i = 1; i <= n; i++) slots.push(addLink(w, 0, i, MARKET));
  const set = (k: number, room: number) => {
    const s = slots[k];
    w.links.linkValue[s] = 1;
    w.links.linkGov[s] = 0;
    w.links.linkCost[s] = 1 - room;
    w.links.linkPrice[s] = 1 - room;
  };
  const outside = (v: number) => (w.buyers.buyerOutside[0] = v);
  return { w, slots, set, outside };
}
const totalShare = (w: Simulation['world'], slots: number[]) => slots.reduce((a, s) => a + (w.links.linkBuyer[s] >= 0 ? w.links.linkShare[s] : 0), 0);

describe('orders (wiring)', () => {
  it('a new link starts at 1/suppliers of the buyer’s volume; with shifting off it stays there', () => {
    const { w, slots, set, outside } = world(4, { order_shifting: false });
    for (let k = 0; k < 4; k++) set(k, 0.1 * k);
    outside(0.9);
    for (let t = 1; t <= 5; t++) ordersPhase(w, ctx(t));
    for (const s of slots) {
      expect(w.links.linkShare[s]).toBeCloseTo(1 / 20, 12);
      expect(w.links.linkVolume[s]).toBeCloseTo(w.buyers.buyerLinkVolume[0], 12);
    }
  });

  it('a link whose supplier cannot match the buyer’s alternative even at cost loses share to the links that can; the total is conserved', () => {
    const { w, slots, set, outside } = world(4);
    set(0, 0.1); // leaves the buyer at most 0.1 per unit
    for (let k = 1; k < 4; k++) set(k, 0.6);
    outside(0.5); // the alternative leaves 0.5; beyond the switching cost (0.15) it beats link 0 (0.1) but not the others (0.6)
    const before = totalShare(w, slots);
    ordersPhase(w, ctx(1));
    expect(w.links.linkShare[slots[0]]).toBeLessThan(1 / 20);
    for (let k = 1; k < 4; k++) expect(w.links.linkShare[slots[k]]).toBeGreaterThan(1 / 20);
    expect(totalShare(w, slots)).toBeCloseTo(before, 12);
  });

  it('no reachable alternative, no loss of volume: a link below the buyer’s other links keeps its share', () => {
    const { w, slots, set, outside } = world(3);
    set(0, 0.05);
    set(1, 0.6);
    set(2, 0.6);
    outside(0);
    for (let t = 1; t <= 6; t++) ordersPhase(w, ctx(t));
    for (const s of slots) expect(w.links.linkShare[s]).toBeCloseTo(1 / 20, 12);
  });

  it('a link that cannot match for end_ticks ticks in a row ends; one that matches again in between does not', () => {
    const { w, slots, set, outside } = world(3);
    set(0, 0.6);
    set(1, 0.6);
    set(2, 0.3); // gap = (0.5 − 0.15) − 0.3 = 0.05: a small loss of share each tick
    outside(0.5);
    for (let t = 1; t < od.end_ticks; t++) ordersPhase(w, ctx(t));
    expect(w.links.linkBuyer[slots[2]]).toBe(0);
    set(2, 0.4); // matches for one tick: the count restarts
    ordersPhase(w, ctx(od.end_ticks));
    expect(w.links.linkGap[slots[2]]).toBe(0);
    set(2, 0.3);
    for (let t = 1; t <= od.end_ticks; t++) ordersPhase(w, ctx(10 + t));
    expect(w.links.linkBuyer[slots[2]]).toBe(-1);
    expect(w.events.some((e) => e.kind === 'link_end' && /even at cost/.test(e.detail))).toBe(true);
  });

  it('a demand shock scales every link’s volume', () => {
    const { w, slots, set } = world(3);
    for (let k = 0; k < 3; k++) set(k, 0.3);
    ordersPhase(w, ctx(1));
    const q0 = slots.map((s) => w.links.linkVolume[s]);
    w.chains.chainDemand[0] = 0.5;
    w.refreshBuyers();
    ordersPhase(w, ctx(2));
    slots.forEach((s, k) => expect(w.links.linkVolume[s]).toBeCloseTo(0.5 * q0[k], 9));
  });

  it('capacity in supplier places: a full SME can take no further buyer, a lead firm (size × places) can hold more than two', () => {
    const sc = smallScenario((s) => {
      s.world.clusters[0].firms = 40;
      s.world.clusters[0].lead_firms = 1;
      s.world.buyers = [{ id: 'lead', type: 'global_lead', chain: 'c', count: 4 }];
    });
    const w = new Simulation(sc, { seed: 3 }).world;
    let lead = 0;
    for (let i = 0; i < w.firms.N; i++) if (w.firms.sizeFactor[i] > w.firms.sizeFactor[lead]) lead = i;
    let sme = 0;
    while (w.firms.sizeFactor[sme] !== 1) sme++;
    expect(w.firms.sizeFactor[lead]).toBeGreaterThan(1);
    // an SME (two places) takes two lead-buyer links, not a third
    addLink(w, 0, sme, MARKET);
    addLink(w, 1, sme, MARKET);
    ordersPhase(w, ctx(1));
    expect(canTake(w, 2, sme)).toBe(false);
    // the lead firm takes as many buyers as it has link slots (3), more than two
    for (let b = 0; b < w.links.maxLinks; b++) {
      expect(canTake(w, b, lead)).toBe(true);
      addLink(w, b, lead, MARKET);
      ordersPhase(w, ctx(2 + b));
    }
    let n = 0;
    for (let j = 0; j < w.links.maxLinks; j++) if (w.links.linkBuyer[lead * w.links.maxLinks + j] >= 0) n++;
    expect(n).toBe(w.links.maxLinks);
    expect(n).toBeGreaterThan(2);
  });

  it('volumes beyond capacity are cut pro rata', () => {
    const { w, slots, set } = world(1);
    set(0, 0.3);
    w.params.orders.capacity_places = 0.5;
    ordersPhase(w, ctx(1));
    expect(w.links.linkVolume[slots[0]]).toBeCloseTo(0.5 * w.buyers.buyerLinkVolume[0], 9);
  });

  it('sourcing gives the best scouted alternative a trial order when it beats the buyer’s mean surplus by the switching cost', () => {
    const { w } = world(2);
    for (let k = 0; k < K; k++) w.firms.cap[10 * K + k] = 0.9; // a capable alternative the buyer would not exclude
    w.buyers.buyerBestAlt[0] = 10;
    w.buyers.buyerBestOffer[0] = 1;
    w.buyers.buyerMeanSurplus[0] = -1; // any real offer beats it
    w.buyers.buyerMeanValue[0] = 0.1;
    sourcingPhase(w, ctx(1));
    expect(w.events.some((e) => e.kind === 'trial_order')).toBe(true);
  });
});
