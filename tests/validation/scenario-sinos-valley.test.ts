// Validation of the shipped scenario scenarios/sinos-valley.yaml: the Sinos
// Valley footwear cluster (Humphrey & Schmitz 2000, §4.2–4.3 and §5).
//
// Every arm runs once per seed in beforeAll (20 seeds, paired: the same seeds
// in every arm), and the `it`s read the results:
// - base: the shipped file, to the horizon;
// - no-entrant: variant without the Chinese cluster, to the horizon;
// - no-veto: variant where lead firms cannot veto, to ten ticks after the
//   repositioning plan starts (all that comparison (c) reads);
// - diversified: variant where exporters keep a large home market (lower
//   main-buyer share), only to the tick the plan is proposed (the veto is
//   decided then).
// (a) is a within-run comparison of the two segments of the valley
// (sinos-export vs sinos-regional), paired by seed. Blocking of strategic
// functions under captive links is what separates them: with
// params.switches.blocking false the design and marketing gaps vanish (checked
// when calibrating; not re-run here to keep the file under its time budget).
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { mapAsync } from './ensemble.js';
import { LEAD, Simulation, loadScenario, meanCI, mean, pairedCI, windowStat, type CI, type Scenario, type TickRow, type Window } from '../../src/index.js';

const FILE = fileURLToPath(new URL('../../scenarios/sinos-valley.yaml', import.meta.url));
const SEEDS = Array.from({ length: 20 }, (_, k) => 1 + k);
const EXP = 'sinos-export';
const REG = 'sinos-regional';
const ITA = 'italy';
const fmt = (ci: CI): string => `${ci.diff.toFixed(4)} [${ci.lo.toFixed(4)}, ${ci.hi.toFixed(4)}]`;
/** The CI excludes zero on the positive side. */
const positive = (ci: CI): boolean => ci.lo > 0;

interface Run {
  rows: TickRow[];
  /** Repositioning proposals vetoed / started in this run. */
  vetoed: number;
  passed: number;
  /** Main buyer's share of output of sinos-export's lead firms that hold a buyer link, as the veto saw it (end of the tick before the proposal). */
  leadShare: number;
}

function run(sc: Scenario, seed: number, ticks: number, proposal: number): Run {
  const sim = new Simulation(sc, { seed, ticks });
  const rows: TickRow[] = [...sim.metrics()];
  let vetoed = 0;
  let passed = 0;
  let leadShare = NaN;
  while (!sim.done) {
    const r = sim.step();
    if (r.rows) rows.push(...r.rows);
    for (const e of r.events) {
      if (e.kind === 'policy_vetoed' && e.detail.startsWith('repositioning')) vetoed++;
      if (e.kind === 'policy_start' && e.detail.startsWith('repositioning')) passed++;
    }
    if (r.tick === proposal - 1) {
      const w = sim.world;
      const c = w.clusters.clusterIds.indexOf(EXP);
      const shares: number[] = [];
      for (let i = w.clusters.clusterStart[c]; i < w.clusters.clusterEnd[c]; i++) if (w.firms.alive[i] && w.firms.status[i] === LEAD && w.firms.allegiance[i] > 0) shares.push(w.firms.allegiance[i]);
      leadShare = shares.length > 0 ? mean(shares) : NaN;
    }
  }
  return { rows, vetoed, passed, leadShare };
}

describe('Sinos Valley footwear, Brazil (Humphrey & Schmitz 2000 §4.2–4.3, §5): scenarios/sinos-valley.yaml', () => {
  type Arm = 'base' | 'noEntrant' | 'noVeto' | 'diversified';
  const runs = {} as Record<Arm, Run[]>;
  let horizon = 0;
  let proposal = 0;
  let arrival = 0;
  const stat = (a: Arm, w: Omit<Window, 'how'> & { how?: 'mean' | 'sum' }): number[] => runs[a].map((r) => windowStat(r.rows, w as Window));

  beforeAll(async () => {
    const base = loadScenario(FILE).scenario;
    horizon = base.ticks;
    proposal = base.world.policies.find((p) => p.tag === 'reposition')!.start;
    arrival = base.world.clusters.find((c) => c.id === 'china')!.arrival;
    const arms: Record<Arm, [Scenario, number]> = {
      base: [base, horizon],
      noEntrant: [loadScenario(FILE, [], 'no-entrant').scenario, horizon],
      noVeto: [loadScenario(FILE, [], 'no-veto').scenario, proposal + 10],
      diversified: [loadScenario(FILE, [], 'diversified').scenario, proposal],
    };
    for (const a of Object.keys(arms) as Arm[]) runs[a] = await mapAsync(SEEDS, (s) => run(arms[a][0], s, arms[a][1], proposal));
  });

  it('design: the global segment is quasi-hierarchical — most sinos-export links are captive and a linked lead exporter’s main buyer takes > 80% of its output (§4.2)', () => {
    const captive = meanCI(stat('base', { column: 'gov_captive', cluster: EXP, from: 1, to: horizon }));
    const share = meanCI(runs.base.map((r) => r.leadShare));
    console.info(`Sinos design: sinos-export captive share of links ${fmt(captive)}; lead exporters' main-buyer share ${fmt(share)}`);
    expect(captive.lo, `captive share ${fmt(captive)}`).toBeGreaterThan(0.5);
    expect(share.lo, `main-buyer share ${fmt(share)}`).toBeGreaterThan(0.8);
  });

  // Fails since issue 9 item 4 (investment decided by the firm; CHANGELOG, ODD §1), reported, not tuned.
  // Figure: the export segment still leads in process (0.0096 [0.0025, 0.0168]) but not in product (−0.0436
  // [−0.0500, −0.0372]): the regional segment's firms invest in product for the home market and their ODM roles.
  // After the observed leakage counts only what a reader takes through its tie (ODD §7.3b; still fails, not tuned):
  // process now reverses, export − regional −0.0156 [−0.0242, −0.0070] (on 53edfd2 +0.0297 [0.0203, 0.0391]; product
  // there −0.0218 [−0.0286, −0.0151]; the loop stops at the first failure). Not traced.
  it.fails('(a) Humphrey & Schmitz 2000 §4.2: under quasi-hierarchy the global segment upgrades process and product more than the regional segment (buyer transfer)', () => {
    for (const col of ['cap_process', 'cap_product'] as const) {
      const w = { column: col, from: Math.floor(horizon * 0.75), to: horizon };
      const d = pairedCI(stat('base', { ...w, cluster: EXP }), stat('base', { ...w, cluster: REG }));
      console.info(`Sinos (a) ${col} ticks ${w.from}–${w.to}, sinos-export − sinos-regional: ${fmt(d)}`);
      expect(positive(d), `${col} export − regional ${fmt(d)}`).toBe(true);
    }
  });

  it('(a) Humphrey & Schmitz 2000 §4.2–4.3: design and marketing stall in the global segment while the segment selling to domestic and Latin American buyers upgrades functionally (more design, marketing, ODM links and functional upgrading events)', () => {
    const w = { from: Math.floor(horizon * 0.75), to: horizon };
    for (const col of ['cap_design', 'cap_marketing', 'share_odm'] as const) {
      const d = pairedCI(stat('base', { column: col, cluster: REG, ...w }), stat('base', { column: col, cluster: EXP, ...w }));
      console.info(`Sinos (a) ${col} ticks ${w.from}–${w.to}, sinos-regional − sinos-export: ${fmt(d)}`);
      expect(positive(d), `${col} regional − export ${fmt(d)}`).toBe(true);
    }
    // functional upgrading events per firm over the run
    const perFirm = (cl: string): number[] =>
      runs.base.map((r) => windowStat(r.rows, { column: 'upg_functional', cluster: cl, from: 1, to: horizon, how: 'sum' }) / windowStat(r.rows, { column: 'firms', cluster: cl, from: 1, to: horizon }));
    const d = pairedCI(perFirm(REG), perFirm(EXP));
    console.info(`Sinos (a) upg_functional events per firm, ticks 1–${horizon}, sinos-regional − sinos-export: ${fmt(d)}`);
    expect(positive(d), `functional upgrading regional − export ${fmt(d)}`).toBe(true);
  });

  it('(a) Humphrey & Schmitz 2000 §4.3: the Italian cluster of generalised competence sells through market chains, not quasi-hierarchy', () => {
    const w = { column: 'gov_market' as const, from: 1, to: horizon };
    const d = pairedCI(stat('base', { ...w, cluster: ITA }), stat('base', { ...w, cluster: EXP }));
    console.info(`Sinos (a) gov_market ticks 1–${horizon}, italy − sinos-export: ${fmt(d)}`);
    expect(positive(d), `market share italy − export ${fmt(d)}`).toBe(true);
    expect(mean(stat('base', { ...w, cluster: ITA }))).toBeGreaterThan(0.5);
  });

  // Failed with money alone; held again with decided investment: no-entrant − entrant 0.0019 [0.0012, 0.0026]; 0.0012
  // [0.0003, 0.0021] on 53edfd2. FAILS since buyers' final demand answers price (final-demand.ts, ODD §7.6f; CHANGELOG,
  // ODD §1), reported, not tuned: 0.0004 [−0.0005, 0.0014]. Traced (seeds 1–10, ticks 20–40): the exporters'
  // value-adjusted price Σq·p/Σq·V still falls with the entrant, 0.0061 ± 0.0031, and their export units rise by
  // 27,764 ± 3,586 (buyers that source cheaply in China sell more, on every link): the raw unit price moves by composition.
  // HOLDS again (2026-12-07, int3: buyers' final demand merged with the jam2 + leak main; not tuned; CHANGELOG, ODD §1): 0.0029 [0.0018, 0.0040]; un-marked.
  it('(b) Humphrey & Schmitz 2000 §4.2: a low-cost entrant scouted by the same buyers lowers the Sinos exporters’ unit price (vs variant no-entrant)', () => {
    const w = { column: 'unit_price' as const, cluster: EXP, from: arrival + 10, to: horizon };
    const d = pairedCI(stat('noEntrant', w), stat('base', w));
    const china = mean(stat('base', { column: 'links', cluster: 'china', from: arrival + 10, to: horizon }));
    console.info(`Sinos (b) unit_price ticks ${w.from}–${w.to}, no-entrant − entrant: ${fmt(d)} (china's links ${china.toFixed(1)})`);
    expect(positive(d), `unit price no-entrant − entrant ${fmt(d)}`).toBe(true);
  });

  // Fails since issue 9 item 4 (investment decided by the firm; CHANGELOG, ODD §1), reported, not tuned.
  // Figure: cap_process ticks 20–40, entrant − no-entrant −0.0059 [−0.0081, −0.0037]: with the entrant the exporters invest
  // less in process (their kept margins and horizon shrink), not more.
  // After the leakage fix (ODD §7.3b): −0.0118 [−0.0149, −0.0088] (on 53edfd2 −0.0073 [−0.0113, −0.0033]).
  it.fails('(b) Humphrey & Schmitz 2000 §4.2: the exporters answer the entrant with process upgrading (vs variant no-entrant)', () => {
    const w = { column: 'cap_process' as const, cluster: EXP, from: arrival + 10, to: horizon };
    const d = pairedCI(stat('base', w), stat('noEntrant', w));
    console.info(`Sinos (b) cap_process ticks ${w.from}–${w.to}, entrant − no-entrant: ${fmt(d)}`);
    expect(positive(d), `process capability entrant − no-entrant ${fmt(d)}`).toBe(true);
  });

  it('(c) Humphrey & Schmitz 2000 §4.2, §5: the collective repositioning plan is vetoed by the lead exporters in most runs', () => {
    for (const r of runs.base) expect(r.vetoed + r.passed).toBe(1);
    const rate = meanCI(runs.base.map((r) => r.vetoed));
    console.info(`Sinos (c) share of runs in which the plan is vetoed: ${fmt(rate)}`);
    expect(rate.lo, `veto rate ${fmt(rate)}`).toBeGreaterThan(0.5);
  });

  it('(c) Humphrey & Schmitz 2000 §5 (allegiance): with a weaker main-buyer share the plan is vetoed less often (vs variant diversified)', () => {
    const share = pairedCI(
      runs.base.map((r) => r.leadShare),
      runs.diversified.map((r) => r.leadShare),
    );
    const d = pairedCI(
      runs.base.map((r) => r.vetoed),
      runs.diversified.map((r) => r.vetoed),
    );
    console.info(`Sinos (c) lead exporters' main-buyer share, base − diversified: ${fmt(share)}; vetoed, base − diversified: ${fmt(d)}`);
    expect(positive(share), `main-buyer share ${fmt(share)}`).toBe(true);
    expect(positive(d), `veto base − diversified ${fmt(d)}`).toBe(true);
  });

  it('(c) Humphrey & Schmitz 2000 §4.2: the veto keeps the exporters’ design and marketing capability down (vs variant no-veto, in which the plan runs)', () => {
    expect(runs.noVeto.every((r) => r.passed === 1 && r.vetoed === 0)).toBe(true);
    for (const col of ['cap_design', 'cap_marketing'] as const) {
      const w = { column: col, cluster: EXP, from: proposal + 5, to: proposal + 10 };
      const d = pairedCI(stat('noVeto', w), stat('base', w));
      console.info(`Sinos (c) ${col} ticks ${w.from}–${w.to}, no-veto − base: ${fmt(d)}`);
      expect(positive(d), `${col} no-veto − base ${fmt(d)}`).toBe(true);
    }
  });
});
