// Wiring tests of investment as a decision (investment.ts; issue 9 item 4)
// on hand-built states: the rule does what its header says. Not findings.
import { describe, expect, it } from 'vitest';
import { CAPTIVE, DESIGN, K, MARKET, MARKETING, PROCESS, Simulation } from '../../src/index.js';
import { investmentPhase } from '../../src/model/mechanisms/investment.js';
import { learningPhase } from '../../src/model/mechanisms/learning.js';
import { moneyPhase } from '../../src/model/mechanisms/money.js';
import { addLink } from '../../src/model/mechanisms/sourcing.js';
import { Streams } from '../../src/engine/rng.js';
import { smallScenario } from '../helpers.js';

const ctx = (tick = 1) => ({ tick, streams: new Streams(7) });

/** A world of SMEs with one small foreign buyer (tolerates supplier design); firm 1 gets a link in `mode`. */
function world(params: Record<string, unknown> = {}, mode = MARKET) {
  const sc = smallScenario((s) => {
    s.world.clusters[0].firms = 20;
    s.world.clusters[0].lead_firms = 0;
    s.world.buyers = [{ id: 'f', type: 'small_foreign', chain: 'c', count: 1 }];
    s.params = params;
  });
  const w = new Simulation(sc, { seed: 7 }).world;
  const slot = addLink(w, 0, 1, mode);
  w.links.linkVolume[slot] = 10;
  w.links.linkBeta[slot] = 0.5;
  w.links.linkRole[slot] = 1; // OEM
  for (let i = 0; i < w.firms.N; i++) {
    if (!w.firms.alive[i]) continue;
    w.firms.revenue[i] = 2;
    w.firms.units[i] = 11;
    w.firms.homeUnits[i] = 1;
    w.firms.wealth[i] = 5;
    w.firms.revenueAvg[i] = 2;
    w.firms.cap[i * K + PROCESS] = 0.35;
    w.firms.cap[i * K + DESIGN] = 0.3;
  }
  return { w, slot };
}
const spend = (w: ReturnType<typeof world>['w'], i: number, k: number) => w.firms.effort[i] * w.firms.alloc[i * K + k];

describe('investment (wiring)', () => {
  it('with no return from capability (investment_return 0) the firm invests nothing', () => {
    const { w } = world({ learning: { investment_return: 0 } });
    investmentPhase(w, ctx());
    expect(w.firms.effort[1]).toBe(0);
  });

  it('with own investment switched off effort is zero', () => {
    const { w } = world({ switches: { own_investment: false } });
    investmentPhase(w, ctx());
    for (let i = 0; i < w.firms.N; i++) expect(w.firms.effort[i]).toBe(0);
  });

  it('a higher bargaining share β raises process investment (the firm keeps more of a cost saving)', () => {
    const lo = world();
    const hi = world();
    lo.w.links.linkBeta[lo.slot] = 0.1;
    hi.w.links.linkBeta[hi.slot] = 0.9;
    investmentPhase(lo.w, ctx());
    investmentPhase(hi.w, ctx());
    expect(spend(hi.w, 1, PROCESS)).toBeGreaterThan(spend(lo.w, 1, PROCESS));
  });

  it('a captive link adds no design return, the market link does; the home market still does', () => {
    const market = world({}, MARKET);
    const captive = world({}, CAPTIVE);
    investmentPhase(market.w, ctx());
    investmentPhase(captive.w, ctx());
    expect(spend(market.w, 1, DESIGN)).toBeGreaterThan(spend(captive.w, 1, DESIGN));
    // firm 2 has no link: its design return comes from home sales alone
    expect(spend(captive.w, 2, DESIGN)).toBeGreaterThan(0);
  });

  it('a role already within reach of the capability (gap closed, e.g. marketing above the OBM threshold without a brand) draws no spending on it', () => {
    const { w } = world({}, MARKET);
    w.firms.cap[1 * K + DESIGN] = 0.6; // ODM potential
    w.firms.cap[1 * K + MARKETING] = 0.7; // above obm_marketing, but no brand launched: still ODM
    investmentPhase(w, ctx());
    expect(spend(w, 1, MARKETING)).toBe(0);
  });

  it('leakage is what the firm’s readers (the firms that learn from it) catch up, not the ties it reads', async () => {
    const { w } = world();
    // firm 3 reads firm 1 and lags it; firm 1 reads nobody
    const T = w.firms.tieSlots;
    for (let t = 0; t < T; t++) w.firms.ties[1 * T + t] = -1;
    w.firms.ties[3 * T] = 1;
    w.firms.cap[3 * K + PROCESS] = 0.1;
    w.firms.leakage[1] = 0;
    // last learning step: firm 3 gained 0.05 in process through its tie to firm 1, firm 1 nothing
    const sc = (await import('../../src/model/mechanisms/learning.js')).learningScratch(w);
    sc.delta.fill(0);
    sc.delta[3 * K + PROCESS] = 0.05;
    w.firms.gain[3 * K + PROCESS] = 0.05;
    w.firms.gainTie[3 * T * K + PROCESS] = 0.05;
    w.firms.gainTieUid[3 * T] = w.firms.firmUid[1];
    // the tie's gain is (raw · tieScale) · tieBlock (learning.ts): factors of 1 make the raw value the gain
    w.firms.tieScale[3] = 1;
    w.firms.tieBlock[3 * K + PROCESS] = 1;
    investmentPhase(w, ctx());
    expect(w.firms.leakage[1]).toBeGreaterThan(0);
  });

  it('observed leakage and a higher interest rate shorten the horizon and cut investment', () => {
    const base = world();
    const leaky = world();
    const dear = world({ money: { interest_rate: 0.2 } });
    leaky.w.firms.leakage[1] = 0.2 / 0.75; // after the phase's smoothing step (weight 1/4, observed 0) it is 0.2
    for (const x of [base, leaky, dear]) investmentPhase(x.w, ctx());
    expect(leaky.w.firms.effort[1]).toBeLessThan(base.w.firms.effort[1]);
    expect(dear.w.firms.effort[1]).toBeLessThan(base.w.firms.effort[1]);
  });

  it('leakage counts only while buyers have an outside option', () => {
    const on = world();
    const off = world({ switches: { outside_option: false } });
    for (const x of [on, off]) x.w.firms.leakage[1] = 0.4;
    investmentPhase(on.w, ctx());
    investmentPhase(off.w, ctx());
    expect(off.w.firms.effort[1]).toBeGreaterThan(on.w.firms.effort[1]);
  });

  it('the firm cannot spend more than its cash and credit beyond working capital', () => {
    const { w } = world();
    w.firms.wealth[1] = -0.9; // credit line 1, working capital need 0 here: room 0.1
    w.firms.labourCost[1] = 0;
    w.firms.purchases[1] = 0;
    w.firms.fixedCost[1] = 0;
    investmentPhase(w, ctx());
    expect(w.firms.effort[1] * w.firms.revenue[1]).toBeLessThanOrEqual(0.1 + 1e-12);
    // when the limit binds the firm spends all of it (the shadow price is solved exactly, not approximated)
    w.firms.wealth[1] = 100;
    investmentPhase(w, ctx());
    const free = w.firms.effort[1];
    expect(free * w.firms.revenue[1]).toBeGreaterThan(0.1);
    w.firms.wealth[1] = -0.9;
    investmentPhase(w, ctx());
    expect(w.firms.effort[1] * w.firms.revenue[1]).toBeCloseTo(0.1, 12);
    w.firms.wealth[1] = -1.5;
    investmentPhase(w, ctx());
    expect(w.firms.effort[1]).toBe(0);
  });

  it('finance support lowers the interest a firm pays', () => {
    const a = world();
    const b = world();
    b.w.firms.supportFinance[1] = 1;
    for (const x of [a, b]) {
      x.w.firms.labourCost[1] = 1;
      x.w.firms.purchases[1] = 0.5;
      moneyPhase(x.w, ctx(0));
      x.w.firms.wealth[1] = 0;
      moneyPhase(x.w, ctx(1));
    }
    expect(b.w.firms.interest[1]).toBeLessThan(a.w.firms.interest[1]);
  });

  it('learning from own spending is concave: doubling the spend less than doubles the gain', () => {
    const gains = [0.05, 0.1].map((e) => {
      const { w } = world({ switches: { transfer: false, spillovers: false, pipelines: false, policy: false, joint_action: false, standards: false, depreciation: false, tech_drift: false } });
      const before = w.firms.cap[1 * K + PROCESS];
      w.firms.effort[1] = e;
      for (let k = 0; k < K; k++) w.firms.alloc[1 * K + k] = k === PROCESS ? 1 : 0;
      learningPhase(w, ctx());
      return w.firms.cap[1 * K + PROCESS] - before;
    });
    expect(gains[0]).toBeGreaterThan(0);
    expect(gains[1]).toBeLessThan(2 * gains[0]);
  });
});
