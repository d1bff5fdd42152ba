// Issue 9 acceptance lines 1 and 2 (MODEL.md §8 "Markets and money";
// Kaplinsky 2015 §2–§3; Humphrey & Schmitz 2000 §4.2): prices move with
// competition, through the buyers' outside option in the bargaining.
//
// These are pattern tests: no rule writes a price from a rival's exchange
// rate or from an entrant's arrival. A rival enters the incumbent's price
// only as an alternative some buyer scouts (bargaining.ts).
//
// Statistics, fixed before the runs (30 paired seeds, default parameters):
// - `price`: the incumbent's mean unit_price (ticks.csv) over the window;
// - `units`: its mean export_units over the window;
// - `fixedMix`: its value-adjusted price index at the control arm's mix of
//   links. The incumbent's links are grouped by (governance mode, role); in
//   each cell the arm's price per unit of value, Σq·p / Σq·V, is weighted by
//   the control's value in that cell (cells missing in either arm are left
//   out). Orders move toward the links that leave buyers the most, so a
//   rival takes the incumbent's worst deals first and the raw unit price
//   moves by composition (which links, which products, which roles remain)
//   as well as by price. The question is whether the *bargained* price
//   moves, so the assertions read `fixedMix`; the raw unit price is printed.
//
// Line 1 (fixture a1-devaluation.yaml): the rival's currency falls to 0.52
// at tick 20; window ticks 25–40. Knockout: switches.bargaining off (prices
// at landed cost × 1.25), upstream of the price.
// Line 2 (fixture p7-entrant.yaml, the same as pattern 7's, all defaults): a low-wage entrant arrives at tick 15;
// window ticks 25–45. Knockouts: (a) buyers source only at the incumbent
// (home = incumbent): the entrant is out of reach; (b)
// switches.outside_option off: the entrant still produces and wins links.
//
// "Disappears" means: the knockout's 95% CI includes zero or lies on the
// other side, for `fixedMix`. The raw unit price under each knockout is
// printed too.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { M, ROLES, Simulation, type Scenario } from '../../src/index.js';
import { SEEDS, mapAsync, mean, pairedCI, scenario, variant, type CI } from './ensemble.js';

const fixture = (f: string): string => fileURLToPath(new URL(`./fixtures/${f}`, import.meta.url));
const fmt = (ci: CI): string => `${ci.diff.toFixed(4)} [${ci.lo.toFixed(4)}, ${ci.hi.toFixed(4)}]`;
const seeds = SEEDS(30);
const INC = 'incumbent';
const R = ROLES.length;

interface PriceRun {
  price: number;
  units: number;
  /** Units, revenue and value (Σ q·V) of the incumbent's links per (mode, role) cell over the window. */
  cellUnits: Float64Array;
  cellRevenue: Float64Array;
  cellValue: Float64Array;
  /** Units the rival or entrant cluster produced over the window. */
  rivalOutput: number;
}

function priceRun(sc: Scenario, seed: number, from: number, to: number, rival: string): PriceRun {
  const sim = new Simulation(sc, { seed });
  const w = sim.world;
  const inc = w.clusters.clusterIds.indexOf(INC);
  const cellUnits = new Float64Array(M * R);
  const cellRevenue = new Float64Array(M * R);
  const cellValue = new Float64Array(M * R);
  const prices: number[] = [];
  const units: number[] = [];
  let rivalOutput = 0;
  while (!sim.done) {
    const r = sim.step();
    if (sim.tick < from || sim.tick > to) continue;
    for (const row of r.rows ?? []) {
      if (row.cluster === INC) {
        if (typeof row.unit_price === 'number') prices.push(row.unit_price);
        units.push(typeof row.export_units === 'number' ? row.export_units : 0);
      }
      if (row.cluster === rival && typeof row.output === 'number') rivalOutput += row.output;
    }
    const L = w.links.maxLinks;
    for (let i = w.clusters.clusterStart[inc]; i < w.clusters.clusterEnd[inc]; i++) {
      if (!w.firms.alive[i]) continue;
      for (let j = 0; j < L; j++) {
        const s = i * L + j;
        if (w.links.linkBuyer[s] < 0) continue;
        const cell = w.links.linkMode[s] * R + w.links.linkRole[s];
        cellUnits[cell] += w.links.linkVolume[s];
        cellRevenue[cell] += w.links.linkVolume[s] * w.links.linkPrice[s];
        cellValue[cell] += w.links.linkVolume[s] * w.links.linkValue[s];
      }
    }
  }
  return { price: prices.length ? mean(prices) : NaN, units: mean(units), cellUnits, cellRevenue, cellValue, rivalOutput };
}

/**
 * The arm's value-adjusted price index at the control's link mix: in each
 * (mode, role) cell the price per unit of the links' value, Σq·p / Σq·V
 * (so a link of a better product or a higher role counts at its own value),
 * weighted by the control's value in the cell (cells present in both arms).
 */
function fixedMix(arm: PriceRun, control: PriceRun): number {
  let num = 0;
  let den = 0;
  for (let k = 0; k < arm.cellUnits.length; k++) {
    if (arm.cellValue[k] <= 0 || control.cellValue[k] <= 0) continue;
    num += control.cellValue[k] * (arm.cellRevenue[k] / arm.cellValue[k]);
    den += control.cellValue[k];
  }
  return den > 0 ? num / den : NaN;
}
/** The control's own price by the same formula (its own mix). */
const ownMix = (control: PriceRun): number => fixedMix(control, control);

interface Effect {
  price: CI;
  units: CI;
  fixed: CI;
}
function effect(arm: PriceRun[], control: PriceRun[]): Effect {
  return {
    price: pairedCI(
      arm.map((r) => r.price),
      control.map((r) => r.price),
    ),
    units: pairedCI(
      arm.map((r) => r.units),
      control.map((r) => r.units),
    ),
    fixed: pairedCI(
      arm.map((r, k) => fixedMix(r, control[k])),
      control.map((r) => ownMix(r)),
    ),
  };
}
const report = (label: string, e: Effect, control: PriceRun[]): string =>
  `${label}: Δunit_price ${fmt(e.price)} (control ${mean(control.map((r) => r.price)).toFixed(4)}), Δprice/value index at the control's mix ${fmt(e.fixed)} (control ${mean(control.map(ownMix)).toFixed(4)}), Δexport_units ${fmt(e.units)} (control ${mean(control.map((r) => r.units)).toFixed(0)})`;

describe('Issue 9 line 1 (Kaplinsky 2015 §2): a rival country’s devaluation lowers the incumbent’s price and volume, through bargaining', () => {
  const runs = {} as Record<'shock' | 'control' | 'shockOff' | 'controlOff', PriceRun[]>;
  let on: Effect;
  let off: Effect;

  beforeAll(async () => {
    const shock = scenario(fixture('a1-devaluation.yaml'));
    const noShock = (s: Scenario): Scenario =>
      variant(s, (q) => {
        q.world.shocks[0].value = 1;
      });
    const barOff = variant(shock, (q) => {
      q.params.switches = { ...(q.params.switches ?? {}), bargaining: false };
    });
    const arms = { shock, control: noShock(shock), shockOff: barOff, controlOff: noShock(barOff) };
    for (const a of Object.keys(arms) as (keyof typeof arms)[]) runs[a] = await mapAsync(seeds, (s) => priceRun(arms[a], s, 25, 40, 'rival'));
    on = effect(runs.shock, runs.control);
    off = effect(runs.shockOff, runs.controlOff);
    console.info(report('A1 devaluation', on, runs.control));
    console.info(report('A1 knockout (bargaining off)', off, runs.controlOff));
  });

  // Failed from issue 9 item 4 to own brand as an investment; holds again after the brand merge (2026-12-07; CHANGELOG,
  // ODD §1): unit price −0.0029 [−0.0048, −0.0010], value-adjusted price −0.0082 [−0.0109, −0.0055], export units
  // −245 [−272, −218]. Its knockout still fails (below).
  it('line 1: the incumbent’s unit price, its value-adjusted price and its export volume fall against the no-devaluation control', () => {
    expect(on.price.hi, `Δunit_price ${fmt(on.price)}`).toBeLessThan(0);
    expect(on.fixed.hi, `Δprice index at the control's mix ${fmt(on.fixed)}`).toBeLessThan(0);
    expect(on.units.hi, `Δexport_units ${fmt(on.units)}`).toBeLessThan(0);
  });

  // Fails since issue 9 item 4 (investment decided by the firm; CHANGELOG, ODD §1), reported, not tuned.
  // Figure: with bargaining off the price per unit of value at the control's mix still falls, −0.0032 [−0.0045, −0.0019]:
  // prices at cost × markup follow the incumbent's landed cost, which falls because its firms invest more in process
  // when the rival devalues (an upstream channel that decided investment adds; H&S §4.2).
  // HOLDS again (2026-12-07, with the observed leakage net of the reader's other gains; not tuned; CHANGELOG, ODD §1): with bargaining off the value-adjusted price moves −0.0012 [−0.0028, 0.0005] (with it −0.0212
  // [−0.0238, −0.0185]). Un-marked; fragile (the upstream investment channel above is still there, smaller).
  it('line 1 knockout [bargaining] (upstream of the price): with prices at cost plus a fixed markup, the price effect is gone', () => {
    expect(off.fixed.hi >= 0, `Δprice at the control's mix, bargaining off ${fmt(off.fixed)}`).toBe(true);
  });
});

describe('Issue 9 line 2 (Humphrey & Schmitz 2000 §4.2; Kaplinsky 2015 §3): a capable low-cost entrant the same buyers scout lowers the incumbent’s price through their outside option', () => {
  const runs = {} as Record<'entrant' | 'control' | 'homeEntrant' | 'homeControl' | 'offEntrant' | 'offControl', PriceRun[]>;
  let on: Effect;
  let home: Effect;
  let off: Effect;

  beforeAll(async () => {
    const entrant = scenario(fixture('p7-entrant.yaml'));
    const noEntrant = (s: Scenario): Scenario =>
      variant(s, (q) => {
        for (const c of q.world.clusters) if (c.id === 'entrant') c.arrival = 100_000;
      });
    const homeEntrant = variant(entrant, (q) => {
      for (const b of q.world.buyers) b.home = INC;
    });
    const offEntrant = variant(entrant, (q) => {
      q.params.switches = { ...(q.params.switches ?? {}), outside_option: false };
    });
    const arms = {
      entrant,
      control: noEntrant(entrant),
      homeEntrant,
      homeControl: noEntrant(homeEntrant),
      offEntrant,
      offControl: noEntrant(offEntrant),
    };
    for (const a of Object.keys(arms) as (keyof typeof arms)[]) runs[a] = await mapAsync(seeds, (s) => priceRun(arms[a], s, 25, 45, 'entrant'));
    on = effect(runs.entrant, runs.control);
    home = effect(runs.homeEntrant, runs.homeControl);
    off = effect(runs.offEntrant, runs.offControl);
    console.info(report('A2 entrant', on, runs.control));
    console.info(report('A2 knockout (a): buyers cannot reach the entrant', home, runs.homeControl));
    console.info(report('A2 knockout (b): outside option off', off, runs.offControl));
    console.info(
      `A2 entrant output over ticks 25–45: ${mean(runs.entrant.map((r) => r.rivalOutput)).toFixed(0)} (outside option off: ${mean(runs.offEntrant.map((r) => r.rivalOutput)).toFixed(0)}; unreachable: ${mean(runs.homeEntrant.map((r) => r.rivalOutput)).toFixed(0)})`,
    );
  });

  it('line 2 (raw, as the acceptance line words it): the entrant lowers the incumbent’s unit price', () => {
    expect(on.price.hi, `Δunit_price ${fmt(on.price)}`).toBeLessThan(0);
  });

  // Holds since the per-mode switching cost (bargaining.switch_cost, decided from GHS 2005 before this run; ODD §7.6,
  // CHANGELOG): −0.0101 [−0.0118, −0.0084] (control 0.3164); before, with one switching cost of 15% of V for every
  // mode, −0.0013 [−0.0034, 0.0009] (it.fails). Knockouts: (a) exactly 0; (b) +0.0088 [0.0057, 0.0119].
  it('line 2: the entrant lowers the incumbent’s value-adjusted price at the control’s mix of links (through the outside option)', () => {
    expect(on.fixed.hi, `Δprice index at the control's mix ${fmt(on.fixed)}`).toBeLessThan(0);
  });

  it('line 2 knockout (a) [reach]: buyers that cannot reach the entrant pay the incumbent the same', () => {
    expect(home.fixed.hi >= 0, `Δprice at the control's mix ${fmt(home.fixed)}`).toBe(true);
    expect(home.price.hi >= 0, `Δunit_price ${fmt(home.price)}`).toBe(true);
  });

  it('line 2 knockout (b) [outside option] (upstream of the price): the entrant still produces, but the bargained price no longer falls', () => {
    expect(mean(runs.offEntrant.map((r) => r.rivalOutput))).toBeGreaterThan(0);
    expect(off.fixed.hi >= 0, `Δprice at the control's mix ${fmt(off.fixed)}`).toBe(true);
  });
});
