// Validation of MODEL.md §6 patterns 1 and 2: governance by one cost model
// (§4.1). Pattern 1: at corner values the modal governance mode is the table
// of Gereffi, Humphrey & Sturgeon (2005, Table 1), with learning off and —
// after a burn-in — with experience-weighted attraction learning on; the
// knockout switches the cost model off (params.switches.governance: false).
// Pattern 2: new links to suppliers below the buyer's required standard
// start captive more often, and the non-captive share rises with the
// cluster's mean capability (Humphrey & Schmitz 2000 §3: the buyer's risk
// decides governance); the knockout removes the competence-gap risk
// (params.governance.p_fail_gap: 0).
//
// Fixtures: fixtures/p1-corner.yaml (cells set with variant()),
// fixtures/p2-gap.yaml (mean capability set with variant()). Every arm is
// run once, in beforeAll, and reused by the `it`s.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { CAPTIVE, HIERARCHY, MARKET, MODES, MODULAR, RELATIONAL, Simulation, type Scenario } from '../../src/index.js';
import { SEEDS, diffCI, mean, meanCI, notPositive, pairedCI, positive, scenario, variant, type CI, breathe } from './ensemble.js';

const fixture = (f: string): string => fileURLToPath(new URL(`./fixtures/${f}`, import.meta.url));
const fmt = (ci: CI): string => `${ci.diff.toFixed(3)} [${ci.lo.toFixed(3)}, ${ci.hi.toFixed(3)}]`;
const seeds = SEEDS(30);

// ---------------------------------------------------------------- pattern 1

const L = 0.2;
const H = 0.8;
/** The defined cells of the GHS table: complexity, codifiability, supplier capability → mode (-1 = excluded). */
const CELLS: { label: string; x: number; y: number; s: number; mode: number }[] = [
  { label: 'L-H-H', x: L, y: H, s: H, mode: MARKET },
  { label: 'H-H-H', x: H, y: H, s: H, mode: MODULAR },
  { label: 'H-L-H', x: H, y: L, s: H, mode: RELATIONAL },
  { label: 'H-H-L', x: H, y: H, s: L, mode: CAPTIVE },
  { label: 'H-L-L', x: H, y: L, s: L, mode: HIERARCHY },
  { label: 'L-H-L', x: L, y: H, s: L, mode: -1 },
];
const NON_MARKET = CELLS.filter((c) => c.mode > MARKET);

/** Per seed: shares of link-ticks by mode after the burn-in, fill rate of buyers' supplier places, table share at tick 1. */
interface CellRun {
  shares: number[][]; // [seed][mode]
  fill: number[]; // link-ticks / (buyers × target suppliers × ticks), after burn-in
  first: number[]; // share of links in the table mode at tick 1 (NaN without links)
}

type Arm = 'off' | 'learn' | 'knockout';
const P1 = {
  off: { ticks: 20, burn: 5 },
  knockout: { ticks: 20, burn: 5 },
  learn: { ticks: 30, burn: 10 },
};

function cellScenario(base: Scenario, cell: (typeof CELLS)[number], arm: Arm): Scenario {
  return variant(base, (q) => {
    q.world.chains[0].complexity = cell.x;
    q.world.chains[0].codifiability = cell.y;
    q.world.clusters[0].capability.mean = [cell.s, cell.s, cell.s, cell.s];
    if (arm === 'learn') q.params.switches.governance_learning = true;
    if (arm === 'knockout') q.params.switches.governance = false;
  });
}

function runCell(sc: Scenario, cell: (typeof CELLS)[number], arm: Arm): CellRun {
  const { ticks, burn } = P1[arm];
  const out: CellRun = { shares: [], fill: [], first: [] };
  for (const seed of seeds) {
    const sim = new Simulation(sc, { seed, ticks });
    const w = sim.world;
    const places = w.buyers.nBuyers * sc.params.buyer_types.global_lead.suppliers;
    const count = [0, 0, 0, 0, 0];
    let first = NaN;
    let measured = 0;
    while (!sim.done) {
      const { tick } = sim.step();
      if (tick === 1) {
        let n = 0;
        let hit = 0;
        for (let k = 0; k < w.links.linkBuyer.length; k++) {
          if (w.links.linkBuyer[k] < 0) continue;
          n++;
          if (w.links.linkMode[k] === cell.mode) hit++;
        }
        first = n > 0 ? hit / n : NaN;
      }
      if (tick <= burn) continue;
      measured++;
      for (let k = 0; k < w.links.linkBuyer.length; k++) if (w.links.linkBuyer[k] >= 0) count[w.links.linkMode[k]]++;
    }
    const n = count.reduce((a, b) => a + b, 0);
    out.shares.push(count.map((c) => (n > 0 ? c / n : 0)));
    out.fill.push(n / (places * measured));
    out.first.push(first);
  }
  return out;
}

/** Share of the table mode minus the largest share of any other mode, per seed (> 0: the table mode is modal). */
const margin = (r: CellRun, mode: number): number[] =>
  r.shares.map((sh) => sh[mode] - Math.max(...sh.filter((_, m) => m !== mode)));

describe('Pattern 1 (MODEL.md §6.1): the cost model reproduces the Gereffi, Humphrey & Sturgeon (2005, Table 1) governance table at corner values [cost model; Humphrey & Schmitz 2000 §3]', () => {
  const runs: Record<Arm, Map<string, CellRun>> = { off: new Map(), learn: new Map(), knockout: new Map() };

  beforeAll(async () => {
    const base = scenario(fixture('p1-corner.yaml'));
    for (const cell of CELLS) {
      runs.off.set(cell.label, runCell(cellScenario(base, cell, 'off'), cell, 'off'));
      await breathe();
      runs.learn.set(cell.label, runCell(cellScenario(base, cell, 'learn'), cell, 'learn'));
      await breathe();
    }
    for (const cell of NON_MARKET) {
      runs.knockout.set(cell.label, runCell(cellScenario(base, cell, 'knockout'), cell, 'knockout'));
      await breathe();
    }
  });

  for (const cell of CELLS.filter((c) => c.mode >= 0)) {
    it(`learning off: ${cell.label} → ${MODES[cell.mode]} is the modal mode of link-ticks (30 seeds, 240 firms)`, () => {
      const r = runs.off.get(cell.label)!;
      const ci = meanCI(margin(r, cell.mode));
      console.log(`P1 off ${cell.label}: share ${MODES[cell.mode]} ${mean(r.shares.map((s) => s[cell.mode])).toFixed(3)}, modal margin ${fmt(ci)}`);
      expect(positive(ci)).toBe(true);
    });
    it(`learning on (EWA, after a burn-in of ${P1.learn.burn} ticks): ${cell.label} → ${MODES[cell.mode]} in ≥ 80% of link-ticks, up from tick 1`, () => {
      const r = runs.learn.get(cell.label)!;
      const share = r.shares.map((s) => s[cell.mode]);
      const ci = meanCI(share.map((v) => v - 0.8));
      const gain = pairedCI(share, r.first);
      console.log(`P1 learn ${cell.label}: share ${MODES[cell.mode]} ${mean(share).toFixed(3)} (tick 1: ${mean(r.first).toFixed(3)}), share − 0.8 ${fmt(ci)}, gain over tick 1 ${fmt(gain)}`);
      expect(positive(ci)).toBe(true);
      // buyers start from misperceived costs (ewa_prior_noise): the table is learned
      expect(positive(gain)).toBe(true);
    });
  }

  it('L-H-L → supplier excluded: buyers leave their supplier places empty, against the L-H-H world with the same buyers (learning off and on)', () => {
    for (const arm of ['off', 'learn'] as const) {
      const lhl = runs[arm].get('L-H-L')!.fill;
      const lhh = runs[arm].get('L-H-H')!.fill;
      const d = pairedCI(lhh, lhl);
      const fill = meanCI(lhl);
      console.log(`P1 ${arm} L-H-L: places filled ${fmt(fill)} vs L-H-H ${mean(lhh).toFixed(3)}; difference ${fmt(d)}`);
      expect(positive(d)).toBe(true);
      // excluded in ≥ 80% (learning on) / almost all (learning off) of the places
      expect(fill.hi).toBeLessThan(arm === 'off' ? 0.05 : 0.2);
    }
  });

  for (const cell of NON_MARKET) {
    it(`knockout (switches.governance: false): ${cell.label} no longer → ${MODES[cell.mode]}`, () => {
      const r = runs.knockout.get(cell.label)!;
      const ci = meanCI(margin(r, cell.mode));
      console.log(`P1 knockout ${cell.label}: share ${MODES[cell.mode]} ${mean(r.shares.map((s) => s[cell.mode])).toFixed(3)}, modal margin ${fmt(ci)}`);
      expect(notPositive(ci)).toBe(true);
    });
  }
});

// ---------------------------------------------------------------- pattern 2

/** Per seed: captive share of new links below / above the buyer's standard, non-captive share of link-ticks. */
interface GapRun {
  below: number[];
  above: number[];
  nBelow: number[];
  nAbove: number[];
  nonCaptive: number[];
}

const P2 = { ticks: 12, low: 0.4, high: 0.6 };

function runGap(sc: Scenario): GapRun {
  const out: GapRun = { below: [], above: [], nBelow: [], nAbove: [], nonCaptive: [] };
  for (const seed of seeds) {
    const sim = new Simulation(sc, { seed, ticks: P2.ticks });
    const w = sim.world;
    const comp = new Float64Array(w.firms.N);
    let bc = 0;
    let bn = 0;
    let ac = 0;
    let an = 0;
    let lt = 0;
    let nc = 0;
    while (!sim.done) {
      // competence when the buyer chose the supplier (before this tick's learning)
      for (let i = 0; i < w.firms.N; i++) comp[i] = w.competence(i);
      sim.step();
      for (let k = 0; k < w.links.linkBuyer.length; k++) {
        const b = w.links.linkBuyer[k];
        if (b < 0) continue;
        lt++;
        if (w.links.linkMode[k] !== CAPTIVE) nc++;
        if (w.links.linkAge[k] !== 1) continue; // formed this tick
        const i = (k / w.links.maxLinks) | 0;
        const captive = w.links.linkMode[k] === CAPTIVE ? 1 : 0;
        if (comp[i] < w.buyers.buyerStd[b]) {
          bn++;
          bc += captive;
        } else {
          an++;
          ac += captive;
        }
      }
    }
    out.below.push(bn > 0 ? bc / bn : NaN);
    out.above.push(an > 0 ? ac / an : NaN);
    out.nBelow.push(bn);
    out.nAbove.push(an);
    out.nonCaptive.push(lt > 0 ? nc / lt : NaN);
  }
  return out;
}

/**
 * Welch CI of mean(a) − mean(b); when both arms are constant (sd 0, e.g. no
 * captive link at all) diffCI's degrees of freedom are 0/0 and it returns
 * NaN bounds, so the CI is then the point difference itself.
 */
function welchCI(a: number[], b: number[]): CI {
  const constant = (x: number[]): boolean => x.every((v) => v === x[0]);
  if (constant(a) && constant(b)) return { diff: a[0] - b[0], lo: a[0] - b[0], hi: a[0] - b[0] };
  return diffCI(a, b);
}

/** Seeds where both groups of new links are present. */
function splitCI(r: GapRun): CI {
  const keep = r.below.map((v, k) => Number.isFinite(v) && Number.isFinite(r.above[k]));
  return pairedCI(
    r.below.filter((_, k) => keep[k]),
    r.above.filter((_, k) => keep[k]),
  );
}

describe('Pattern 2 (MODEL.md §6.2): new links to suppliers below the required standard start captive more often; the non-captive share rises with mean capability [competence-gap risk; Humphrey & Schmitz 2000 §3]', () => {
  const runs: Record<string, GapRun> = {};

  beforeAll(async () => {
    const base = scenario(fixture('p2-gap.yaml'));
    for (const gap of ['on', 'off'] as const) {
      for (const [name, mu] of [['low', P2.low], ['high', P2.high]] as const) {
        const sc = variant(base, (q) => {
          q.world.clusters[0].capability.mean = [mu, mu, mu, mu];
          if (gap === 'off') q.params.governance.p_fail_gap = 0;
        });
        runs[`${gap}/${name}`] = runGap(sc);
        await breathe();
      }
    }
  });

  it(`new links below the buyer's standard start captive more often than links above it (cluster mean capability ${P2.low}, 30 seeds, 240 firms)`, () => {
    const r = runs['on/low'];
    const ci = splitCI(r);
    console.log(`P2 gap on: captive share of new links below ${mean(r.below).toFixed(3)} (n ${mean(r.nBelow).toFixed(0)}/seed), above ${mean(r.above).toFixed(3)} (n ${mean(r.nAbove).toFixed(0)}/seed); difference ${fmt(ci)}`);
    expect(r.below.filter(Number.isFinite).length).toBeGreaterThanOrEqual(30);
    expect(positive(ci)).toBe(true);
  });

  it(`the non-captive share of link-ticks rises with the cluster's mean capability (${P2.low} → ${P2.high})`, () => {
    const ci = welchCI(runs['on/high'].nonCaptive, runs['on/low'].nonCaptive);
    console.log(`P2 gap on: non-captive share ${mean(runs['on/low'].nonCaptive).toFixed(3)} → ${mean(runs['on/high'].nonCaptive).toFixed(3)}; difference ${fmt(ci)}`);
    expect(positive(ci)).toBe(true);
  });

  it('knockout (governance.p_fail_gap: 0): neither the below/above difference nor the rise with mean capability remains', () => {
    const r = runs['off/low'];
    const split = splitCI(r);
    const rise = welchCI(runs['off/high'].nonCaptive, r.nonCaptive);
    console.log(`P2 knockout: captive share below ${mean(r.below).toFixed(3)}, above ${mean(r.above).toFixed(3)}, difference ${fmt(split)}; non-captive ${mean(r.nonCaptive).toFixed(3)} → ${mean(runs['off/high'].nonCaptive).toFixed(3)}, difference ${fmt(rise)}`);
    expect(r.below.filter(Number.isFinite).length).toBeGreaterThanOrEqual(30);
    expect(notPositive(split)).toBe(true);
    expect(notPositive(rise)).toBe(true);
  });
});
