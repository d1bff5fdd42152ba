// Validation of MODEL.md §6 patterns 7 and 9: a low-cost entrant cluster and
// the incumbent it undercuts.
//
// Pattern 7 (Humphrey & Schmitz 2000 §4.2, the Sinos Valley and Chinese
// competition; §5, allegiance): "A low-cost entrant cluster scouted by the
// same buyers lowers the incumbent's unit price against a no-entrant
// control, and raises its ratio of process to functional upgrading; a
// repositioning proposal is vetoed more often the larger the dominant
// buyer's share. [scouting; allegiance veto]"
// - Entrant vs control (fixtures/p7-entrant.yaml): an incumbent of 240 firms
//   from tick 0, an entrant of 240 firms at 40% of its wage arriving at tick
//   15; the control is the same world with the entrant's arrival beyond the
//   horizon (same seeds, same incumbent firms: paired). Statistics of the
//   incumbent: mean unit_price over ticks 25–45, and upg_process /
//   (upg_functional + 1) summed over ticks 16–45.
// - Knockout [scouting]: the same two arms with buyers that do not scout the
//   entrant (every buyer group gets home: incumbent, so it scouts only
//   there). The pattern says the entrant acts because buyers scout it. The
//   model has no switch for this: switches.scouting false stops all
//   sourcing, so no cluster has an export link and unit_price is empty in
//   every arm (yet the entrant still raises the incumbent's process/
//   functional ratio there, through rent erosion alone). The alternative,
//   sourcing.relocate_rate 0 with the old switches.rent_erosion false, knocked out two
//   mechanisms and still leaves a small significant price effect (the
//   entrant fills vacancies). Rent erosion counts only capable firms in
//   clusters the chain's buyers can scout (production.ts chainPrices), so an
//   entrant no buyer can reach leaves the incumbent's price and upgrading mix
//   unchanged: the knockout.
// - Veto (fixtures/p7-veto.yaml): four repositioning proposals (tag
//   reposition, regional, on the incumbent) at ticks 8, 11, 14, 17. Arms:
//   lead firms small on their own market (lead_firms.size_lead 5: the main
//   buyer takes about half their output) vs large (size_lead 60: about a
//   fifth). Veto rate = vetoed proposals / proposals per run. Knockout
//   [allegiance veto]: switches.veto false → no proposal is vetoed in any run.
//
// Pattern 9 (Kaplinsky 2015 §2 and fn 3: immiserising growth; the Dominican
// Republic jeans exporter): "A cluster that grows without upgrading while an
// entrant undercuts it shows output up and income per worker down for a
// stretch. [rent erosion]" (fixtures/p9-immiserising.yaml): the incumbent
// grows by entry and invests little, a capable low-wage entrant arrives at
// tick 12; within each run, change of the incumbent's output and
// income_per_worker from tick 11 to tick 22. Knockout (since 0.6.0):
// switches.outside_option off, upstream of the erosion (before: switches.rent_erosion).
//
// Every arm is run once, in beforeAll, and reused by the `it`s.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { LEAD, type Scenario } from '../../src/index.js';
import { SEEDS, at, mean, meanCI, notPositive, pairedCI, positive, runOnce, scenario, total, variant, type CI, mapAsync } from './ensemble.js';

const fixture = (f: string): string => fileURLToPath(new URL(`./fixtures/${f}`, import.meta.url));
const fmt = (ci: CI): string => `${ci.diff.toFixed(4)} [${ci.lo.toFixed(4)}, ${ci.hi.toFixed(4)}]`;
const seeds = SEEDS(30);
const INC = 'incumbent';
const ENT = 'entrant';

/** The entrant never arrives (arrival beyond any horizon). */
const withoutEntrant = (s: Scenario): Scenario =>
  variant(s, (q) => {
    for (const c of q.world.clusters) if (c.id === ENT) c.arrival = 100_000;
  });

// ---------------------------------------------------------------- pattern 7: price and upgrading

interface P7Run {
  /** Incumbent's mean unit_price over ticks arrival+10 .. horizon. */
  price: number;
  /** Incumbent's upg_process / (upg_functional + 1), ticks arrival+1 .. horizon. */
  ratio: number;
  process: number;
  functional: number;
  /** Entrant's buyer links at the horizon (0 when it never arrived). */
  entrantLinks: number;
}

function p7Run(sc: Scenario, seed: number, arrival: number): P7Run {
  const { rows } = runOnce(sc, seed, { events: false });
  const prices: number[] = [];
  for (let t = arrival + 10; t <= sc.ticks; t++) {
    const p = at(rows, 'unit_price', t, INC);
    if (p !== null) prices.push(p);
  }
  const process = total(rows, 'upg_process', { cluster: INC, from: arrival + 1 });
  const functional = total(rows, 'upg_functional', { cluster: INC, from: arrival + 1 });
  return {
    price: prices.length > 0 ? mean(prices) : NaN,
    ratio: process / (functional + 1),
    process,
    functional,
    entrantLinks: at(rows, 'links', sc.ticks, ENT) ?? 0,
  };
}

describe('Pattern 7 (MODEL.md §6.7; Humphrey & Schmitz 2000 §4.2): a low-cost entrant scouted by the same buyers lowers the incumbent’s unit price and raises its process/functional upgrading ratio [scouting]', () => {
  type Arm = 'entrant' | 'control' | 'unscoutedEntrant' | 'unscoutedControl';
  const runs = {} as Record<Arm, P7Run[]>;
  const col = (a: Arm, k: keyof P7Run): number[] => runs[a].map((r) => r[k]);
  let arrival = 0;

  beforeAll(async () => {
    const entrant = scenario(fixture('p7-entrant.yaml'));
    arrival = entrant.world.clusters.find((c) => c.id === ENT)!.arrival;
    // knockout: buyers do not scout the entrant (each buyer group is domestic to the incumbent)
    const unscouted = variant(entrant, (q) => {
      for (const b of q.world.buyers) b.home = INC;
    });
    const arms: Record<Arm, Scenario> = {
      entrant,
      control: withoutEntrant(entrant),
      unscoutedEntrant: unscouted,
      unscoutedControl: withoutEntrant(unscouted),
    };
    for (const a of Object.keys(arms) as Arm[]) runs[a] = await mapAsync(seeds, (s) => p7Run(arms[a], s, arrival));
  });

  it('pattern 7 design: the incumbent exports in every run; buyers scout the entrant (it wins links) unless they are bound to the incumbent', () => {
    for (const a of Object.keys(runs) as Arm[]) expect(col(a, 'price').every(Number.isFinite), a).toBe(true);
    expect(Math.min(...col('entrant', 'entrantLinks'))).toBeGreaterThan(0);
    expect(Math.max(...col('unscoutedEntrant', 'entrantLinks'))).toBe(0);
    expect(Math.max(...col('control', 'entrantLinks'))).toBe(0);
  });

  it('pattern 7 (Humphrey & Schmitz 2000 §4.2): the entrant lowers the incumbent’s unit price against the no-entrant control', () => {
    const d = pairedCI(col('control', 'price'), col('entrant', 'price'));
    console.info(
      `P7 incumbent unit_price ticks ${arrival + 10}–end, control − entrant: ${fmt(d)} (entrant ${mean(col('entrant', 'price')).toFixed(4)}, control ${mean(col('control', 'price')).toFixed(4)}; entrant links at horizon ${mean(col('entrant', 'entrantLinks')).toFixed(1)})`,
    );
    expect(positive(d), `unit price control − entrant ${fmt(d)}`).toBe(true);
  });

  // Fails since issue 9 item 3 (money: fixed costs, thin cash reserves, insolvency exit; CHANGELOG, ODD §1), reported, not tuned.
  // Figure: ratio entrant − control 0.0518 [−0.0060, 0.1097] (process 511 vs 492, functional 162 vs 159); it was 0.080
  // [0.051, 0.109] before money.
  it.fails('pattern 7 (Humphrey & Schmitz 2000 §4.2): the entrant raises the incumbent’s ratio of process to functional upgrading', () => {
    const d = pairedCI(col('entrant', 'ratio'), col('control', 'ratio'));
    console.info(
      `P7 incumbent upg_process/(upg_functional+1) after arrival, entrant − control: ${fmt(d)} (process ${mean(col('entrant', 'process')).toFixed(0)} vs ${mean(col('control', 'process')).toFixed(0)}, functional ${mean(col('entrant', 'functional')).toFixed(0)} vs ${mean(col('control', 'functional')).toFixed(0)})`,
    );
    expect(positive(d), `ratio entrant − control ${fmt(d)}`).toBe(true);
  });

  it('pattern 7 knockout [scouting] (Humphrey & Schmitz 2000 §4.2): buyers that do not scout the entrant remove the price effect', () => {
    const d = pairedCI(col('unscoutedControl', 'price'), col('unscoutedEntrant', 'price'));
    console.info(`P7 knockout (entrant not scouted) unit_price control − entrant: ${fmt(d)}`);
    expect(notPositive(d), `unit price control − unscouted entrant ${fmt(d)}`).toBe(true);
  });

  // Holds again since issue 9 item 5 (real outsourcing): 0.0000 [0.0000, 0.0000]. Under item 4 it failed (0.0426
  // [0.0255, 0.0597]): the unscouted entrant still moved the incumbent, through the old outsourcing device, which sent
  // assembly to the cheapest active cluster of any chain, reached or not.
  it('pattern 7 knockout [scouting] (Humphrey & Schmitz 2000 §4.2): buyers that do not scout the entrant remove the rise of the process/functional ratio', () => {
    const d = pairedCI(col('unscoutedEntrant', 'ratio'), col('unscoutedControl', 'ratio'));
    console.info(`P7 knockout (entrant not scouted) process/functional ratio entrant − control: ${fmt(d)}`);
    expect(notPositive(d), `ratio unscouted entrant − control ${fmt(d)}`).toBe(true);
  });
});

// ---------------------------------------------------------------- pattern 7: allegiance veto

interface VetoRun {
  proposals: number;
  vetoed: number;
  /** Vetoed proposals / proposals. */
  rate: number;
  /** Mean main-buyer share of the incumbent's lead firms' output at the horizon. */
  allegiance: number;
}

function vetoRun(sc: Scenario, seed: number): VetoRun {
  const { events, sim } = runOnce(sc, seed);
  let vetoed = 0;
  let passed = 0;
  for (const e of events) {
    if (e.kind === 'policy_vetoed') vetoed++;
    if (e.kind === 'policy_start' && e.detail.startsWith('repositioning')) passed++;
  }
  const w = sim.world;
  const c = w.clusters.clusterIds.indexOf(INC);
  const al: number[] = [];
  for (let i = w.clusters.clusterStart[c]; i < w.clusters.clusterEnd[c]; i++) if (w.firms.alive[i] && w.firms.status[i] === LEAD) al.push(w.firms.allegiance[i]);
  const proposals = vetoed + passed;
  return { proposals, vetoed, rate: proposals > 0 ? vetoed / proposals : NaN, allegiance: al.length > 0 ? mean(al) : 0 };
}

describe('Pattern 7 (MODEL.md §6.7; Humphrey & Schmitz 2000 §5): a repositioning proposal is vetoed more often the larger the dominant buyer’s share [allegiance veto]', () => {
  type Arm = 'high' | 'low' | 'highNoVeto' | 'lowNoVeto';
  const runs = {} as Record<Arm, VetoRun[]>;
  const col = (a: Arm, k: keyof VetoRun): number[] => runs[a].map((r) => r[k]);

  beforeAll(async () => {
    const high = scenario(fixture('p7-veto.yaml'));
    const low = variant(high, (q) => {
      q.params.lead_firms.size_lead = 60;
    });
    const noVeto = (s: Scenario): Scenario =>
      variant(s, (q) => {
        q.params.switches.veto = false;
      });
    const arms: Record<Arm, Scenario> = { high, low, highNoVeto: noVeto(high), lowNoVeto: noVeto(low) };
    for (const a of Object.keys(arms) as Arm[]) runs[a] = await mapAsync(seeds, (s) => vetoRun(arms[a], s));
  });

  it('pattern 7 veto design: four proposals per run; the dominant buyer takes a larger share of lead firms’ output in the high arm', () => {
    for (const a of Object.keys(runs) as Arm[]) expect(col(a, 'proposals').every((n) => n === 4), a).toBe(true);
    const d = pairedCI(col('high', 'allegiance'), col('low', 'allegiance'));
    console.info(`P7 lead firms' main-buyer share, high − low: ${fmt(d)} (high ${mean(col('high', 'allegiance')).toFixed(3)}, low ${mean(col('low', 'allegiance')).toFixed(3)})`);
    expect(positive(d), `allegiance high − low ${fmt(d)}`).toBe(true);
  });

  it('pattern 7 (Humphrey & Schmitz 2000 §5): repositioning is vetoed more often when the dominant buyer’s share is larger', () => {
    const d = pairedCI(col('high', 'rate'), col('low', 'rate'));
    console.info(`P7 veto rate, high − low share: ${fmt(d)} (high ${mean(col('high', 'rate')).toFixed(3)}, low ${mean(col('low', 'rate')).toFixed(3)})`);
    expect(positive(d), `veto rate high − low ${fmt(d)}`).toBe(true);
  });

  it('pattern 7 knockout [allegiance veto] (Humphrey & Schmitz 2000 §5): with switches.veto false no proposal is vetoed in either arm', () => {
    const d = pairedCI(col('highNoVeto', 'rate'), col('lowNoVeto', 'rate'));
    console.info(`P7 knockout (veto off) veto rate, high − low: ${fmt(d)}`);
    expect(col('highNoVeto', 'vetoed').concat(col('lowNoVeto', 'vetoed')).every((n) => n === 0)).toBe(true);
    expect(positive(d), `veto rate without veto ${fmt(d)}`).toBe(false);
  });
});

// ---------------------------------------------------------------- pattern 9

const P9_FROM = 11; // the tick before the entrant arrives (fixture: arrival 12)
const P9_TO = 22; // the horizon: ten ticks after arrival

interface P9Run {
  dOutput: number;
  dIncome: number;
  dProcess: number;
  firmsFrom: number;
  firmsTo: number;
  entrantLinks: number;
}

function p9Run(sc: Scenario, seed: number): P9Run {
  const { rows } = runOnce(sc, seed, { events: false });
  const v = (col: 'output' | 'income_per_worker' | 'cap_process' | 'firms', t: number): number => at(rows, col, t, INC) ?? NaN;
  return {
    dOutput: v('output', P9_TO) - v('output', P9_FROM),
    dIncome: v('income_per_worker', P9_TO) - v('income_per_worker', P9_FROM),
    dProcess: v('cap_process', P9_TO) - v('cap_process', P9_FROM),
    firmsFrom: v('firms', P9_FROM),
    firmsTo: v('firms', P9_TO),
    entrantLinks: at(rows, 'links', P9_TO, ENT) ?? 0,
  };
}

describe('Pattern 9 (MODEL.md §6.9; Kaplinsky 2015 §2, fn 3): a cluster that grows without upgrading while an entrant undercuts it has output up and income per worker down for a stretch [rent erosion]', () => {
  type Arm = 'erosion' | 'noErosion';
  const runs = {} as Record<Arm, P9Run[]>;
  const col = (a: Arm, k: keyof P9Run): number[] => runs[a].map((r) => r[k]);

  beforeAll(async () => {
    const sc = scenario(fixture('p9-immiserising.yaml'));
    expect(sc.ticks).toBe(P9_TO);
    expect(sc.world.clusters.find((c) => c.id === ENT)!.arrival).toBe(P9_FROM + 1);
    const arms: Record<Arm, Scenario> = {
      erosion: sc,
      noErosion: variant(sc, (q) => {
        q.params.switches = { ...(q.params.switches ?? {}), outside_option: false };
      }),
    };
    for (const a of Object.keys(arms) as Arm[]) runs[a] = await mapAsync(seeds, (s) => p9Run(arms[a], s));
  });

  // Fails since 0.6.0 (bargained prices, issue 9 item 1): reported in CHANGELOG and ODD §1, not tuned. Figure at
  // 0.6.0: Δoutput 43.6 [23.4, 63.8], −Δincome_per_worker −0.0244 [−0.0273, −0.0214] (income per worker rises;
  // with the outside option off −0.0210 [−0.0238, −0.0182], so bargaining does not cause the rise). Issue 9
  // acceptance 7 (immiserising growth at default parameters) is open; items 2–5 change volumes, fixed costs and
  // outsourcing, which decide income per worker.
  it.fails(`pattern 9 (Kaplinsky 2015 fn 3): from tick ${P9_FROM} to ${P9_TO} the incumbent grows (firms and output up) while income per worker falls`, () => {
    const growth = meanCI(col('erosion', 'firmsTo').map((x, k) => x - col('erosion', 'firmsFrom')[k]));
    const out = meanCI(col('erosion', 'dOutput'));
    const fall = meanCI(col('erosion', 'dIncome').map((x) => -x));
    console.info(
      `P9 incumbent ticks ${P9_FROM}→${P9_TO}: Δfirms ${fmt(growth)}, Δoutput ${fmt(out)}, −Δincome_per_worker ${fmt(fall)}, Δcap_process ${fmt(meanCI(col('erosion', 'dProcess')))}; entrant links ${mean(col('erosion', 'entrantLinks')).toFixed(1)}`,
    );
    expect(positive(growth), `firms ${fmt(growth)}`).toBe(true);
    expect(positive(out), `output ${fmt(out)}`).toBe(true);
    expect(positive(fall), `fall of income per worker ${fmt(fall)}`).toBe(true);
  });

  it('pattern 9 knockout [rent erosion] (Kaplinsky 2015 §2): with switches.outside_option false (buyers bargain with no alternative) income per worker no longer falls', () => {
    const out = meanCI(col('noErosion', 'dOutput'));
    const fall = meanCI(col('noErosion', 'dIncome').map((x) => -x));
    console.info(`P9 knockout (outside option off) ticks ${P9_FROM}→${P9_TO}: Δoutput ${fmt(out)}, −Δincome_per_worker ${fmt(fall)}`);
    expect(notPositive(fall), `fall of income per worker without erosion ${fmt(fall)}`).toBe(true);
  });
});
