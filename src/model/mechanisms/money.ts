/**
 * Money: fixed costs, working capital, credit and profit (MODEL.md §8
 * "Markets and money"; ODD §7.6d). Production books each firm's revenue,
 * purchases (freight and subcontracted work) and labour cost; this phase
 * turns them into profit and wealth. Insolvent firms exit in demography.ts.
 *
 * - **Capacity** κ_i ← max(G_i, (1 − `capacity_decay`)·κ_i), with the gross
 *   margin G = revenue − purchases − labour: the plant, premises and overhead
 *   staff a firm built for the scale it reached, shed slowly when orders fall.
 * - **Fixed cost** F_i = `fixed_cost`·κ_i (switch `fixed_costs`). At its peak
 *   a firm keeps (1 − `fixed_cost`) of its gross margin; at `fixed_cost` of
 *   its peak volume, or when prices or wages squeeze its margin that far, it
 *   breaks even. Kaplinsky 2015 §2: the Dominican exporter went bankrupt
 *   when its buyer cut it to a third of its volume.
 * - **Working capital.** A firm needs `wc_ticks` ticks of its costs
 *   (labour, purchases, F) in cash; what its wealth does not cover it
 *   borrows at `interest_rate` per tick, less `policy.finance_rate_cut` ×
 *   its finance support (Kaplinsky 2015 §3a: the Modena consortium's loans
 *   were 1.5–2% a year cheaper).
 * - **Profit** π = VA − labour − F − interest − investment (effort ×
 *   revenue) − joint-action dues (`joint_action.contribution` × revenue per
 *   kind of running project the firm is a member of; joint-action.ts). The operating profit (before investment) is what entrants
 *   expect (demography.ts).
 * - **Wealth** W += π. A firm keeps a cash reserve of `reserve_ticks` ticks
 *   of its costs × its owner's thrift θ_i (lognormal, mean 1, sd of the log
 *   `wealth_sd`) and starts with it. Each tick its owners draw `payout` of
 *   the cash above the reserve; the rest is retained, so a profitable firm
 *   holds about (1 − payout)/payout ticks of profit beyond its reserve to
 *   finance investment and new markets (Humphrey & Schmitz 2000 §4.1).
 *   Differences in θ, margins and capacity stagger exits.
 * - **Credit line** C_i = `credit_ratio` × smoothed revenue; a firm whose
 *   wealth falls below −C_i is insolvent (demography.ts).
 *
 * Thrift is drawn at a firm's first tick from stream `money/<tick>`, firms in
 * slot order, so no other draw moves. No loss counter, no random hazard.
 */
import { JK } from '../constants.js';
import type { PhaseContext } from '../../engine/scheduler.js';
import type { Rng } from '../../engine/rng.js';
import type { World } from '../world.js';

export function moneyPhase(w: World, ctx: PhaseContext): void {
  const m = w.params.money;
  const fixedOn = w.params.switches.fixed_costs;
  const f = w.firms;
  const keep = 1 - m.capacity_decay;
  const sd = m.wealth_sd;
  const jointOn = w.params.switches.joint_action;
  const dues1 = w.params.joint_action.contribution;
  let rng: Rng | null = null;
  for (let i = 0; i < f.N; i++) {
    if (!f.alive[i]) continue;
    const va = f.revenue[i] - f.purchases[i];
    const gross = va - f.labourCost[i];
    const first = f.thrift[i] === 0;
    if (first) {
      rng ??= ctx.streams.get(`money/${ctx.tick}`);
      f.thrift[i] = Math.exp(sd * rng.normal() - (sd * sd) / 2);
      f.capacity[i] = gross > 0 ? gross : 0;
      f.revenueAvg[i] = f.revenue[i];
    } else {
      const shed = keep * f.capacity[i];
      f.capacity[i] = gross > shed ? gross : shed;
      f.revenueAvg[i] += 0.25 * (f.revenue[i] - f.revenueAvg[i]);
    }
    const fixed = fixedOn ? m.fixed_cost * f.capacity[i] : 0;
    f.fixedCost[i] = fixed;
    const reserve = m.reserve_ticks * f.thrift[i] * costsOf(w, i);
    // the founders' capital: the reserve at the first tick's costs
    if (first) f.wealth[i] = reserve;
    const need = workingCapital(w, i);
    const interest = need > f.wealth[i] ? interestRate(w, i) * (need - f.wealth[i]) : 0;
    const op = va - f.labourCost[i] - fixed - interest;
    // joint-action dues: `contribution` of revenue per kind the firm is a member of (joint-action.ts)
    const jb = jointOn ? f.joint[i] & 7 : 0;
    let dues = 0;
    if (jb) {
      // a joint_action programme pays its share of the dues of the kinds it names (policy.ts supportJoint)
      const d = dues1 * f.revenue[i];
      for (let k = 0; k < JK; k++) if ((jb >>> k) & 1) dues += d * (1 - f.supportJoint[i * JK + k]);
    }
    const profit = op - f.effort[i] * f.revenue[i] - dues;
    f.interest[i] = interest;
    f.opProfit[i] = op;
    f.profit[i] = profit;
    // owners draw down a share of the cash above the reserve; the rest is retained
    const wealth = f.wealth[i] + profit;
    f.wealth[i] = wealth > reserve ? wealth - m.payout * (wealth - reserve) : wealth;
  }
}

/** Firm i's costs of this tick: labour, purchases and fixed cost. */
function costsOf(w: World, i: number): number {
  return w.firms.labourCost[i] + w.firms.purchases[i] + w.firms.fixedCost[i];
}

/** The working capital firm i needs: `wc_ticks` ticks of its costs (as booked in the last money phase). */
export function workingCapital(w: World, i: number): number {
  return w.params.money.wc_ticks * costsOf(w, i);
}

/** Firm i's interest rate per tick: `interest_rate`, less `policy.finance_rate_cut` × its finance support (policy.ts). */
export function interestRate(w: World, i: number): number {
  const r = w.params.money.interest_rate - w.params.policy.finance_rate_cut * w.firms.supportFinance[i];
  return r > 0 ? r : 0;
}

/** Firm i's credit line: `credit_ratio` × its smoothed revenue. */
export function creditLine(w: World, i: number): number {
  return w.params.money.credit_ratio * w.firms.revenueAvg[i];
}
