// Validation of the two shipped Taiwan scenarios against their counterfactual
// variants (same seeds: paired 95% confidence intervals).
//
// 1. scenarios/taiwan-notebooks.yaml — Humphrey & Schmitz 2000 §4.4 (Taiwan
//    notebook PCs: network links with Compaq, Dell, Hitachi and IBM, a
//    rapidly rising design contribution; network governance "depends upon
//    firm-level and/or cluster level investment in upgrading") and Kaplinsky
//    2015 §4e (OEM -> ODM). Against the variant `no-prior-investment`:
//    - network share (gov_modular + gov_relational), ticks 1–48: higher;
//    - ODM share of links (share_odm), ticks 24–48: higher;
//    - mean design capability (cap_design), ticks 24–48: higher;
//    and within the scenario the ODM share rises (ticks 37–48 vs 1–12).
//    Mechanism: the buyers' risk (competence gap to their standard) decides
//    governance; network links transfer design and allow the ODM role,
//    hierarchy blocks design and caps the role at OEM.
// 2. scenarios/taiwan-obm.yaml — Humphrey & Schmitz 2000 §4.5 (the NIEs'
//    move from quasi-hierarchy to OBM with national policy, strategic intent
//    and a stable macro environment). Against the variant `no-enablers`:
//    - brand launches (brand_launch events in the cluster over the run): more;
//    - OBM share of links (share_obm), ticks 40–80: higher;
//    - captive share of links (gov_captive), ticks 40–80: lower (the cluster
//      leaves quasi-hierarchy);
//    and within the scenario the captive share falls (ticks 61–80 vs 1–10).
//
// Each arm runs once per seed; the statistics are read from the same runs.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { Simulation, compareAsync, loadScenario, meanCI, pairedCI, windowStat, type CI, type Comparison, type Scenario, type TickRow } from '../../src/index.js';
import { SEEDS, mapAsync } from './ensemble.js';

const shipped = (f: string): string => fileURLToPath(new URL(`../../scenarios/${f}`, import.meta.url));
const fmt = (ci: CI): string => `${ci.diff.toFixed(4)} [${ci.lo.toFixed(4)}, ${ci.hi.toFixed(4)}]`;
const seeds = SEEDS(20);

describe('Taiwan notebook PCs: network links after prior local investment (Humphrey & Schmitz 2000 §4.4; Kaplinsky 2015 §4e)', () => {
  const file = shipped('taiwan-notebooks.yaml');
  const base = loadScenario(file).scenario;
  const cf = loadScenario(file, [], 'no-prior-investment').scenario;
  const C = 'hsinchu';
  const T = base.ticks;
  let modular: Comparison, relational: Comparison, odm: Comparison, design: Comparison, odmEarly: Comparison, odmLate: Comparison;
  beforeAll(async () => {
    [modular, relational, odm, design, odmEarly, odmLate] = await compareAsync(base, cf, seeds, [
      { column: 'gov_modular', cluster: C, from: 1, to: T },
      { column: 'gov_relational', cluster: C, from: 1, to: T },
      { column: 'share_odm', cluster: C, from: 24, to: T },
      { column: 'cap_design', cluster: C, from: 24, to: T },
      { column: 'share_odm', cluster: C, from: 1, to: 12 },
      { column: 'share_odm', cluster: C, from: T - 11, to: T },
    ]);
  });

  it('the scenario is the case: producer-driven chain of high complexity, brand owners that accept supplier design, high initial capability', () => {
    expect(base.world.chains[0].driver).toBe('producer');
    expect(base.world.chains[0].complexity).toBeGreaterThanOrEqual(0.8);
    expect(base.params.buyer_types.global_lead.design_tolerance).toBe(true);
    expect(base.world.clusters[0].capability.mean[0]).toBeGreaterThan(cf.world.clusters[0].capability.mean[0]);
    expect(base.params.money.interest_rate).toBeLessThan(cf.params.money.interest_rate);
  });

  it('prior local investment brings more network (modular + relational) links with the brand owners', () => {
    const x = modular.scenario.map((v, k) => v + relational.scenario[k]);
    const y = modular.counterfactual.map((v, k) => v + relational.counterfactual[k]);
    const ci = pairedCI(x, y);
    console.log(`taiwan-notebooks network share (ticks 1-${T}): ${fmt(ci)}`);
    expect(ci.lo).toBeGreaterThan(0);
  });

  it('prior local investment brings a higher ODM share of links and more design capability', () => {
    console.log(`taiwan-notebooks share_odm (ticks 24-${T}): ${fmt(odm.effect)}; cap_design: ${fmt(design.effect)}`);
    expect(odm.effect.lo).toBeGreaterThan(0);
    expect(design.effect.lo).toBeGreaterThan(0);
  });

  it('with prior investment the ODM share rises over time (rising design contribution)', () => {
    const rise = meanCI(odmLate.scenario.map((v, k) => v - odmEarly.scenario[k]));
    console.log(`taiwan-notebooks share_odm, ticks ${T - 11}-${T} minus 1-12: ${fmt(rise)}`);
    expect(rise.lo).toBeGreaterThan(0);
  });
});

describe('East Asian NIEs: from quasi-hierarchy to own brands with national policy, strategic intent and macro stability (Humphrey & Schmitz 2000 §4.5)', () => {
  const file = shipped('taiwan-obm.yaml');
  const base = loadScenario(file).scenario;
  const cf = loadScenario(file, [], 'no-enablers').scenario;
  const C = 'taipei';
  const T = base.ticks;

  interface Run {
    rows: TickRow[];
    launches: number;
  }
  const run = (s: Scenario, seed: number): Run => {
    const sim = new Simulation(s, { seed });
    const rows: TickRow[] = [...sim.metrics()];
    let launches = 0;
    while (!sim.done) {
      const r = sim.step();
      if (r.rows) rows.push(...r.rows);
      for (const e of r.events) if (e.kind === 'brand_launch' && e.cluster === C) launches++;
    }
    return { rows, launches };
  };
  let a: Run[] = [];
  let b: Run[] = [];
  beforeAll(async () => {
    a = await mapAsync(seeds, (seed) => run(base, seed));
    b = await mapAsync(seeds, (seed) => run(cf, seed));
  });
  const stat = (runs: Run[], column: 'share_obm' | 'gov_captive', from: number, to: number): number[] =>
    runs.map((r) => windowStat(r.rows, { column, cluster: C, from, to }));

  it('the scenario is the case: captive OEM links at the start, national R&D and training, high intent, low volatility', () => {
    expect(base.world.policies.map((p) => `${p.instrument}/${p.level}`).sort()).toEqual(['rnd/national', 'training/national']);
    expect(base.world.clusters[0].intent.mean).toBeGreaterThan(cf.world.clusters[0].intent.mean);
    expect(base.world.countries[0].volatility).toBeLessThan(cf.world.countries[0].volatility);
    const early = meanCI(stat(a, 'gov_captive', 1, 10));
    expect(early.lo).toBeGreaterThan(0.3); // the global brand owners' links start captive (quasi-hierarchy)
  });

  // Fails since own brand as an investment (2026-12-07; reported, not tuned; CHANGELOG, ODD §1): launches per run,
  // enablers − none, 0.40 [−0.72, 1.52]. The launch now weighs the brand's discounted margin against its cost; intent
  // no longer enters it (it did as brand_gain·ι·revenue), so the enablers act only through capability, reputation and
  // finance.
  // HOLDS again (2026-12-07, with the observed leakage net of the reader's other gains; not tuned; CHANGELOG, ODD §1): launches per run, enablers − none, 2.85 [0.35, 5.35]; un-marked. The OBM share below still
  // fails: 0.0070 [−0.0001, 0.0141].
  // FAILS again (2026-12-07, int3: buyers' final demand merged with the jam2 + leak main; not tuned; CHANGELOG, ODD §1): 2.65 [−0.40, 5.70].
  // HOLDS again (2026-12-07, joint action's third mend: matched means, binding membership, κ against its norm; not tuned; CHANGELOG, ODD §1): 4.80 [1.96, 7.64]; un-marked.
  it('with the enablers, more firms launch own brands (brand_launch events)', () => {
    const ci = pairedCI(
      a.map((r) => r.launches),
      b.map((r) => r.launches),
    );
    console.log(`taiwan-obm brand launches per run: ${fmt(ci)}`);
    expect(ci.lo).toBeGreaterThan(0);
  });

  // Fails with the line above (2026-12-07; reported, not tuned): share_obm ticks 40–80, enablers − none,
  // 0.0037 [−0.0002, 0.0076] (positive, not significant).
  // HOLDS (2026-12-07, int3: buyers' final demand merged with the jam2 + leak main; not tuned; CHANGELOG, ODD §1): 0.0075 [0.0022, 0.0128]; un-marked.
  // FAILS again (2026-12-07, joint action's third mend: matched means, binding membership, κ against its norm; not tuned; CHANGELOG, ODD §1): 0.0029 [−0.0034, 0.0092].
  it.fails('with the enablers, a higher OBM share of links', () => {
    const ci = pairedCI(stat(a, 'share_obm', 40, T), stat(b, 'share_obm', 40, T));
    console.log(`taiwan-obm share_obm (ticks 40-${T}): ${fmt(ci)}`);
    expect(ci.lo).toBeGreaterThan(0);
  });

  it('with the enablers, the cluster leaves quasi-hierarchy: fewer captive links than without, and fewer than at its start', () => {
    const ci = pairedCI(stat(a, 'gov_captive', 40, T), stat(b, 'gov_captive', 40, T));
    const late = stat(a, 'gov_captive', T - 19, T);
    const fall = meanCI(stat(a, 'gov_captive', 1, 10).map((v, k) => v - late[k]));
    console.log(`taiwan-obm gov_captive (ticks 40-${T}): ${fmt(ci)}; fall from ticks 1-10 to ${T - 19}-${T}: ${fmt(fall)}`);
    expect(ci.hi).toBeLessThan(0);
    expect(fall.lo).toBeGreaterThan(0);
  });
});
