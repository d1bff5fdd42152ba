// Wiring tests of money (money.ts) and insolvency exit and entry on profit
// (demography.ts; issue 9 item 3) on hand-built states: the rules do what
// their headers say. Not findings.
import { describe, expect, it } from 'vitest';
import { K, SME, Simulation } from '../../src/index.js';
import { moneyPhase } from '../../src/model/mechanisms/money.js';
import { demographyPhase } from '../../src/model/mechanisms/demography.js';
import { Streams } from '../../src/engine/rng.js';
import { smallScenario } from '../helpers.js';

const ctx = (tick = 1) => ({ tick, streams: new Streams(5) });

function world(params: Record<string, unknown> = {}) {
  const sc = smallScenario((s) => {
    s.world.clusters[0].firms = 20;
    s.params = params;
  });
  return new Simulation(sc, { seed: 5 }).world;
}

/** Book firm i's revenue, purchases and labour cost for this tick, as production does. */
function book(w: ReturnType<typeof world>, i: number, revenue: number, purchases: number, labour: number): void {
  w.firms.revenue[i] = revenue;
  w.firms.purchases[i] = purchases;
  w.firms.labourCost[i] = labour;
  w.firms.effort[i] = 0;
}

describe('money (wiring)', () => {
  it('at a third of its volume a firm makes an operating loss only when it has fixed costs', () => {
    for (const fixed of [true, false]) {
      const w = world({ switches: { fixed_costs: fixed } });
      book(w, 0, 3, 0.3, 1.2); // gross margin 1.5 at full volume
      moneyPhase(w, ctx(0));
      book(w, 0, 1, 0.1, 0.4); // a third of the volume: gross margin 0.5
      moneyPhase(w, ctx(1));
      if (fixed) {
        expect(w.firms.fixedCost[0]).toBeCloseTo(0.5 * 1.5 * 0.95, 12); // fixed_cost × capacity, capacity shed by 5%
        expect(w.firms.opProfit[0]).toBeLessThan(0);
      } else {
        expect(w.firms.fixedCost[0]).toBe(0);
        expect(w.firms.opProfit[0]).toBeGreaterThan(0);
      }
    }
  });

  it('capacity follows the peak gross margin up at once and down by capacity_decay per tick', () => {
    const w = world();
    book(w, 0, 2, 0, 1);
    moneyPhase(w, ctx(0));
    expect(w.firms.capacity[0]).toBeCloseTo(1, 12);
    book(w, 0, 4, 0, 1);
    moneyPhase(w, ctx(1));
    expect(w.firms.capacity[0]).toBeCloseTo(3, 12);
    book(w, 0, 1, 0, 1);
    moneyPhase(w, ctx(2));
    expect(w.firms.capacity[0]).toBeCloseTo(3 * 0.95, 12);
  });

  it('a firm starts with its reserve; its owners draw payout of the cash above it; the reserve scales with thrift', () => {
    const w = world();
    for (const i of [0, 1]) book(w, i, 2, 0.2, 0.8);
    moneyPhase(w, ctx(0));
    const costs = (i: number) => w.firms.labourCost[i] + w.firms.purchases[i] + w.firms.fixedCost[i];
    const reserve = (i: number) => 0.3 * w.firms.thrift[i] * costs(i);
    // the founders' capital is the reserve; this tick's profit is added and a quarter of it drawn
    for (const i of [0, 1]) expect(w.firms.wealth[i]).toBeCloseTo(reserve(i) + 0.75 * w.firms.profit[i], 12);
    expect(w.firms.thrift[0]).not.toBe(w.firms.thrift[1]);
    // a profitable tick: the owners draw a quarter of what the profit adds above the reserve
    const before = [0, 1].map((i) => w.firms.wealth[i]);
    moneyPhase(w, ctx(1));
    for (const i of [0, 1]) {
      const raw = before[i] + w.firms.profit[i];
      expect(w.firms.profit[i]).toBeGreaterThan(0);
      expect(w.firms.wealth[i]).toBeCloseTo(raw - 0.25 * (raw - reserve(i)), 12);
    }
  });

  it('working capital that wealth does not cover pays interest; a richer firm pays less', () => {
    const w = world();
    for (const i of [0, 1]) book(w, i, 2, 0.2, 0.8);
    moneyPhase(w, ctx(0));
    w.firms.wealth[0] = 0;
    w.firms.wealth[1] = 0.5;
    moneyPhase(w, ctx(1));
    const costs = w.firms.labourCost[0] + w.firms.purchases[0] + w.firms.fixedCost[0];
    expect(w.firms.interest[0]).toBeCloseTo(0.02 * costs, 12);
    expect(w.firms.interest[1]).toBeCloseTo(0.02 * (costs - 0.5), 12);
  });

  it('a firm exits only when its wealth falls below minus its credit line', () => {
    const w = world({ switches: { entry: false, spinoffs: false } });
    for (let i = 0; i < w.firms.N; i++) if (w.firms.alive[i]) book(w, i, 2, 0.2, 0.8);
    moneyPhase(w, ctx(0));
    const line = 0.5 * w.firms.revenueAvg[0];
    w.firms.wealth[0] = -line * 0.99;
    w.firms.wealth[1] = -line * 1.01;
    demographyPhase(w, ctx(1));
    expect(w.firms.alive[0]).toBe(1);
    expect(w.firms.alive[1]).toBe(0);
  });

  it('firms with the same small losses but different thrift exit in different ticks', () => {
    const w = world({ switches: { entry: false, spinoffs: false }, money: { capacity_decay: 0 } });
    const exitTick = [-1, -1, -1, -1];
    for (let t = 0; t < 60; t++) {
      // peak gross margin 2.4 at tick 0 (fixed cost 1.2), then 1.1: a loss of about 0.1 a tick
      for (const i of [0, 1, 2, 3]) if (w.firms.alive[i]) book(w, i, t === 0 ? 3 : 1.7, 0.1, 0.5);
      moneyPhase(w, ctx(t));
      demographyPhase(w, ctx(t));
      for (const i of [0, 1, 2, 3]) if (exitTick[i] < 0 && !w.firms.alive[i]) exitTick[i] = t;
    }
    expect(exitTick.every((t) => t > 0)).toBe(true);
    expect(new Set(exitTick).size).toBeGreaterThan(1);
  });

  it('no entry when the cluster’s SMEs make losses; entry when they make the entry margin', () => {
    for (const margin of [-0.1, 0.5]) {
      const w = world({ demography: { entry_rate: 1 }, switches: { exit: false, spinoffs: false } });
      for (let i = 0; i < w.firms.N; i++) if (w.firms.alive[i]) book(w, i, 1, 0, 0);
      moneyPhase(w, ctx(0));
      for (let i = 0; i < w.firms.N; i++) {
        if (!w.firms.alive[i] || w.firms.status[i] !== SME) continue;
        w.firms.opProfit[i] = margin;
      }
      const before = w.firms.nextUid;
      demographyPhase(w, ctx(1));
      if (margin < 0) expect(w.firms.nextUid).toBe(before);
      else expect(w.firms.nextUid).toBeGreaterThan(before);
    }
  });

  it('thrift has its own stream: capabilities and other draws do not move with wealth_sd', () => {
    const a = world();
    const b = world({ money: { wealth_sd: 1.5 } });
    for (let i = 0; i < a.firms.N * K; i++) expect(b.firms.cap[i]).toBe(a.firms.cap[i]);
    for (const w of [a, b]) for (let i = 0; i < w.firms.N; i++) if (w.firms.alive[i]) book(w, i, 2, 0.2, 0.8);
    moneyPhase(a, ctx(0));
    moneyPhase(b, ctx(0));
    expect(b.firms.thrift[0]).not.toBe(a.firms.thrift[0]);
  });
});
