// Validation of MODEL.md §6 patterns 6 and 8.
//
// Pattern 6 [relocation] (Gancarczyk & Bohatkiewicz 2018 §Lead F8-F9 and
// Table 1): under the same cost pressure, P(decline) is higher with full
// than with selective relocation, and P(renewal) higher with selective; no
// relocation is the third arm.
//   Fixture p6-relocation.yaml: a home cluster in sustainment meets a common
//   cost pressure at tick 26 (home currency +30%, a low-wage cluster enters);
//   at tick 28 its lead and large firms relocate fully, selectively or not at
//   all. Per run we record, over the window R..horizon, the share of ticks
//   the home cluster is classified in decline and in renewal (= the
//   probability that the cluster is in that stage at a tick drawn from the
//   window), plus whether it visits each stage and where it ends (logged).
//   Arms share seeds, so differences are paired (common random numbers: the
//   arms are the same world up to tick 27).
//   Knockout: params.switches.relocation = false. Mechanism check: selective
//   relocation that opens no external ties (lead_firms.relocation_ties = 0).
//
// Pattern 8 [standards] (Humphrey & Schmitz 2000 §2.2; Kaplinsky 2015 §4d):
// a tightened standard excludes more small firms than large ones, and raises
// the capability of those who stay.
//   Fixture p8-standard.yaml: the chain standard rises by +0.2 at tick 12;
//   the control is the same scenario without the shock, same seeds.
//   Exclusion rate of a group = share of the group's firms linked at tick 11
//   that suffer at least one exclusion event in ticks 12..22; groups are SMEs
//   and large+lead firms (status at tick 11).
//   Stayers = firms linked at tick 11 and at the horizon, never excluded in
//   between. Capability = buyer-assessed competence (governance
//   capability_weights). Capability rise of stayers (shock − control) splits
//   exactly into
//     selection = mean over shock-arm stayers of their control-arm competence
//                 − mean over control-arm stayers of their competence
//                 (who stays, valued in the same world), and
//     pull      = mean over shock-arm stayers of (competence with shock −
//                 competence of the same firm without it) (what the standard
//                 does to those who stay: compliance, re-allocated
//                 investment, buyer transfer).
//   Knockout: params.switches.exclusion = false removes the SME > large+lead
//   exclusion difference and the selection part; params.switches.standards =
//   false (compliance pull off) is reported and checked against the pull.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DECLINE, RENEWAL, SME, Simulation, STAGES, type Scenario } from '../../src/index.js';
import { type CI, mean, notPositive, pairedCI, positive, scenario, SEEDS, variant, mapAsync } from './ensemble.js';

const fixture = (f: string): string => fileURLToPath(new URL(`./fixtures/${f}`, import.meta.url));
const seeds = SEEDS(30);
const fmt = (ci: CI): string => `${ci.diff.toFixed(3)} [${ci.lo.toFixed(3)}, ${ci.hi.toFixed(3)}]`;
const avg = (x: number[]): string => mean(x).toFixed(3);

// ---------------------------------------------------------------- pattern 6

const P6 = scenario(fixture('p6-relocation.yaml'));
const R = P6.world.relocation[0].tick;
const HOME = P6.world.relocation[0].cluster;

interface StageRun {
  /** Share of window ticks (R..horizon) in decline / renewal. */
  decline: number;
  renewal: number;
  visitedDecline: number;
  visitedRenewal: number;
  end: string;
  /** Lead and large firms that relocated (events). */
  moved: number;
}

function stageRun(sc: Scenario, seed: number): StageRun {
  const sim = new Simulation(sc, { seed });
  const w = sim.world;
  const c = w.clusters.clusterIds.indexOf(HOME);
  let n = 0;
  let dec = 0;
  let ren = 0;
  let moved = 0;
  while (!sim.done) {
    const r = sim.step();
    for (const e of r.events) if (e.kind === 'relocation_full' || e.kind === 'relocation_selective') moved++;
    if (r.tick < R) continue;
    n++;
    if (w.clusters.clusterStage[c] === DECLINE) dec++;
    if (w.clusters.clusterStage[c] === RENEWAL) ren++;
  }
  return { decline: dec / n, renewal: ren / n, visitedDecline: dec > 0 ? 1 : 0, visitedRenewal: ren > 0 ? 1 : 0, end: STAGES[w.clusters.clusterStage[c]], moved };
}

const p6Arms: Record<string, (x: any) => void> = {
  none: (x) => (x.world.relocation[0].mode = 'none'),
  full: (x) => (x.world.relocation[0].mode = 'full'),
  selective: (x) => (x.world.relocation[0].mode = 'selective'),
  'full, relocation off': (x) => {
    x.world.relocation[0].mode = 'full';
    x.params.switches = { ...x.params.switches, relocation: false };
  },
  'selective, relocation off': (x) => {
    x.world.relocation[0].mode = 'selective';
    x.params.switches = { ...x.params.switches, relocation: false };
  },
  'selective, no new ties': (x) => {
    x.world.relocation[0].mode = 'selective';
    x.params.lead_firms = { ...x.params.lead_firms, relocation_ties: 0 };
  },
};
const p6Cache = new Map<string, StageRun[]>();
async function p6(arm: string): Promise<StageRun[]> {
  let runs = p6Cache.get(arm);
  if (!runs) {
    const sc = variant(P6, p6Arms[arm]);
    runs = await mapAsync(seeds, (s) => stageRun(sc, s));
    p6Cache.set(arm, runs);
    const ends: Record<string, number> = {};
    for (const r of runs) ends[r.end] = (ends[r.end] ?? 0) + 1;
    console.log(
      `P6 ${arm.padEnd(26)} share in decline ${avg(runs.map((r) => r.decline))} renewal ${avg(runs.map((r) => r.renewal))} | ` +
        `P(visit decline) ${avg(runs.map((r) => r.visitedDecline))} P(visit renewal) ${avg(runs.map((r) => r.visitedRenewal))} | ` +
        `moved ${avg(runs.map((r) => r.moved))} | end ${JSON.stringify(ends)}`,
    );
  }
  return runs;
}
const col = (runs: StageRun[], k: 'decline' | 'renewal'): number[] => runs.map((r) => r[k]);

describe('Pattern 6 [relocation]: full relocation → decline, selective → renewal (Gancarczyk & Bohatkiewicz 2018, §Lead F8-F9, Table 1)', () => {
  it('P6: under the same cost pressure, P(decline) is higher with full than with selective relocation (F8)', async () => {
    const ci = pairedCI(col(await p6('full'), 'decline'), col(await p6('selective'), 'decline'));
    console.log(`P6 P(decline) full − selective ${fmt(ci)}; full − none ${fmt(pairedCI(col(await p6('full'), 'decline'), col(await p6('none'), 'decline')))}`);
    // the relocation must actually have happened in both arms
    expect(mean((await p6('full')).map((r) => r.moved))).toBeGreaterThan(10);
    expect(mean((await p6('selective')).map((r) => r.moved))).toBeGreaterThan(10);
    expect(positive(ci)).toBe(true);
  });

  it('P6: P(renewal) is higher with selective than with full relocation (F9); none is the third arm', async () => {
    const ci = pairedCI(col(await p6('selective'), 'renewal'), col(await p6('full'), 'renewal'));
    console.log(`P6 P(renewal) selective − full ${fmt(ci)}; selective − none ${fmt(pairedCI(col(await p6('selective'), 'renewal'), col(await p6('none'), 'renewal')))}`);
    await p6('none');
    expect(positive(ci)).toBe(true);
  });

  it('P6 knockout (switches.relocation = false): the full-vs-selective differences disappear', async () => {
    const dec = pairedCI(col(await p6('full, relocation off'), 'decline'), col(await p6('selective, relocation off'), 'decline'));
    const ren = pairedCI(col(await p6('selective, relocation off'), 'renewal'), col(await p6('full, relocation off'), 'renewal'));
    console.log(`P6 knockout: P(decline) full − selective ${fmt(dec)}; P(renewal) selective − full ${fmt(ren)}`);
    expect(notPositive(dec)).toBe(true);
    expect(notPositive(ren)).toBe(true);
  });

  // Fails since issue 9 item 4 (investment decided by the firm; CHANGELOG, ODD §1), reported, not tuned.
  // Figure: selective relocation without new ties − full, P(renewal) 0.076 [0.020, 0.132]: the selective arm keeps more
  // solvent firms, which lifts its renewal time without pipelines.
  it.fails('P6 mechanism: selective relocation that opens no external ties (relocation_ties = 0) loses the renewal advantage', async () => {
    const ren = pairedCI(col(await p6('selective, no new ties'), 'renewal'), col(await p6('full'), 'renewal'));
    console.log(`P6 no new ties: P(renewal) selective − full ${fmt(ren)}`);
    expect(notPositive(ren)).toBe(true);
  });
});

// ---------------------------------------------------------------- pattern 8

const P8 = scenario(fixture('p8-standard.yaml'));
const S = P8.world.shocks[0].tick;

interface StandardRun {
  /** Exclusion rates (share of the group's linked firms at S − 1 excluded in S..horizon). */
  sme: number;
  big: number;
  large: number;
  lead: number;
  nSme: number;
  nBig: number;
  /** Stayers: linked at S − 1 and at the horizon, never excluded. */
  stay: Uint8Array;
  comp: Float64Array;
  born: Int32Array;
}

function standardRun(sc: Scenario, seed: number): StandardRun {
  const sim = new Simulation(sc, { seed });
  const w = sim.world;
  const N = w.firms.N;
  const L = w.links.maxLinks;
  const linked = (i: number): boolean => {
    if (!w.firms.alive[i]) return false;
    for (let j = 0; j < L; j++) if (w.links.linkBuyer[i * L + j] >= 0) return true;
    return false;
  };
  const status0 = new Uint8Array(N);
  const linked0 = new Uint8Array(N);
  const excluded = new Uint8Array(N);
  while (!sim.done) {
    if (w.tick === S - 1) {
      for (let i = 0; i < N; i++) {
        status0[i] = w.firms.status[i];
        linked0[i] = linked(i) ? 1 : 0;
      }
    }
    const r = sim.step();
    if (r.tick >= S) for (const e of r.events) if (e.kind === 'exclusion' && e.firm !== null) excluded[e.firm] = 1;
  }
  const group = (f: (s: number) => boolean): [number, number] => {
    let n = 0;
    let x = 0;
    for (let i = 0; i < N; i++) {
      if (!linked0[i] || !f(status0[i])) continue;
      n++;
      x += excluded[i];
    }
    return [n > 0 ? x / n : NaN, n];
  };
  const [sme, nSme] = group((s) => s === SME);
  const [big, nBig] = group((s) => s !== SME);
  const [large] = group((s) => s === 1);
  const [lead] = group((s) => s === 2);
  const stay = new Uint8Array(N);
  const comp = new Float64Array(N);
  for (let i = 0; i < N; i++) {
    comp[i] = w.competence(i);
    stay[i] = linked0[i] && linked(i) && !excluded[i] && w.firms.born[i] < S ? 1 : 0;
  }
  return { sme, big, large, lead, nSme, nBig, stay, comp, born: w.firms.born.slice() };
}

function meanOver(set: Uint8Array, v: Float64Array): number {
  let s = 0;
  let n = 0;
  for (let i = 0; i < set.length; i++) {
    if (!set[i]) continue;
    s += v[i];
    n++;
  }
  return n > 0 ? s / n : NaN;
}

interface StandardPair {
  shock: StandardRun;
  control: StandardRun;
  /** Capability rise of stayers (shock − control) = selection + pull. */
  total: number;
  selection: number;
  pull: number;
  stayers: number;
  stayersControl: number;
}

const p8Cache = new Map<string, StandardPair[]>();
async function p8(label: 'default' | 'exclusion off' | 'standards off'): Promise<StandardPair[]> {
  let out = p8Cache.get(label);
  if (out) return out;
  const sw = label === 'exclusion off' ? { exclusion: false } : label === 'standards off' ? { standards: false } : {};
  const shock = variant(P8, (x) => (x.params.switches = { ...x.params.switches, ...sw }));
  const control = variant(P8, (x) => {
    x.params.switches = { ...x.params.switches, ...sw };
    x.world.shocks = [];
  });
  out = await mapAsync(seeds, (seed) => {
    const a = standardRun(shock, seed);
    const b = standardRun(control, seed);
    // shock-arm stayers whose slot holds the same firm in the control arm
    const same = Uint8Array.from(a.stay, (v, i) => (v && a.born[i] === b.born[i] ? 1 : 0));
    const total = meanOver(a.stay, a.comp) - meanOver(b.stay, b.comp);
    const pull = meanOver(same, a.comp) - meanOver(same, b.comp);
    const selection = meanOver(same, b.comp) - meanOver(b.stay, b.comp);
    const count = (x: Uint8Array): number => x.reduce((s, v) => s + v, 0);
    return { shock: a, control: b, total, selection, pull, stayers: count(a.stay), stayersControl: count(b.stay) };
  });
  p8Cache.set(label, out);
  const g = (f: (p: StandardPair) => number): string => avg(out!.map(f));
  console.log(
    `P8 ${label.padEnd(14)} exclusion rate with shock: SME ${g((p) => p.shock.sme)} large+lead ${g((p) => p.shock.big)} ` +
      `(large ${avg(out.map((p) => p.shock.large).filter((v) => v === v))}, lead ${avg(out.map((p) => p.shock.lead).filter((v) => v === v))}); ` +
      `control: SME ${g((p) => p.control.sme)} large+lead ${g((p) => p.control.big)} | linked at S−1: SME ${g((p) => p.shock.nSme)} large+lead ${g((p) => p.shock.nBig)} | ` +
      `stayers ${g((p) => p.stayers)} (control ${g((p) => p.stayersControl)}) | capability rise ${g((p) => p.total)} = selection ${g((p) => p.selection)} + pull ${g((p) => p.pull)}`,
  );
  return out;
}
const zeros = seeds.map(() => 0);
const smeMinusBig = (runs: StandardPair[], arm: 'shock' | 'control'): number[] => runs.map((p) => p[arm].sme - p[arm].big);

describe('Pattern 8 [standards]: a tightened standard excludes small firms more and raises stayers’ capability (Humphrey & Schmitz 2000, §2.2; Kaplinsky 2015, §4d)', () => {
  it('P8 (Humphrey & Schmitz 2000 §2.2): the tightened standard excludes a larger share of SMEs than of large and lead firms', async () => {
    const runs = await p8('default');
    for (const p of runs) {
      expect(p.shock.nSme).toBeGreaterThan(0);
      expect(p.shock.nBig).toBeGreaterThan(0);
    }
    const within = pairedCI(smeMinusBig(runs, 'shock'), zeros);
    const excess = pairedCI(smeMinusBig(runs, 'shock'), smeMinusBig(runs, 'control'));
    // breakdown: non-lead large firms alone (runs where they had links at S − 1)
    const withLarge = runs.filter((p) => p.shock.large === p.shock.large);
    const smeLarge = pairedCI(withLarge.map((p) => p.shock.sme), withLarge.map((p) => p.shock.large));
    const smeLead = pairedCI(runs.map((p) => p.shock.sme), runs.map((p) => p.shock.lead));
    console.log(
      `P8 exclusion rate SME − large+lead: with shock ${fmt(within)}; shock − control ${fmt(excess)} | ` +
        `SME − large (non-lead, ${withLarge.length} runs) ${fmt(smeLarge)}; SME − lead ${fmt(smeLead)}`,
    );
    expect(positive(within)).toBe(true);
    expect(positive(excess)).toBe(true);
  });

  it('P8 (Kaplinsky 2015 §4d): the capability of the firms that stay linked rises against a no-shock control, by selection and by pull', async () => {
    const runs = await p8('default');
    const total = pairedCI(runs.map((p) => p.total), zeros);
    const selection = pairedCI(runs.map((p) => p.selection), zeros);
    const pull = pairedCI(runs.map((p) => p.pull), zeros);
    console.log(`P8 stayers' competence shock − control ${fmt(total)} = selection ${fmt(selection)} + pull ${fmt(pull)}`);
    expect(positive(total)).toBe(true);
    expect(positive(selection)).toBe(true);
    expect(positive(pull)).toBe(true);
  });

  // Fails since issue 9 item 4 (investment decided by the firm; CHANGELOG, ODD §1), reported, not tuned.
  // Figure: with exclusion off the SME − large+lead difference is 0.000, but a selection part of 0.005 [0.003, 0.008]
  // remains (stayers differ through insolvency exits, not exclusion).
  it.fails('P8 knockout (switches.exclusion = false): no SME > large+lead exclusion difference and no selection part', async () => {
    const runs = await p8('exclusion off');
    const diff = pairedCI(smeMinusBig(runs, 'shock'), smeMinusBig(runs, 'control'));
    const selection = pairedCI(runs.map((p) => p.selection), zeros);
    const pull = pairedCI(runs.map((p) => p.pull), zeros);
    console.log(`P8 exclusion off: SME − large+lead ${fmt(diff)}; selection ${fmt(selection)}; pull (remains) ${fmt(pull)}`);
    expect(notPositive(diff)).toBe(true);
    expect(notPositive(selection)).toBe(true);
  });

  // Fails (reported, not tuned; CHANGELOG, ODD §1). It failed after the joint-action mend (0.001 [−0.000, 0.002]), held
  // on the brand branch alone (0.001 [0.000, 0.002], lower bound at zero) and fails again on the tree that merges own
  // brand with the per-mode switching cost: compliance part pull(on) − pull(off) 0.001 [−0.000, 0.001]; exclusion with
  // standards off unchanged, SME − large+lead 0.165 [0.133, 0.197]; pull with standards off 0.026 [0.025, 0.027]. The
  // compliance pull is a thin channel next to the other pulls on stayers; its sign is right, its CI touches zero.
  // HOLDS again with the observed leakage net of the reader's other gains (2026-12-07; un-marked, not tuned): compliance
  // part 0.001 [0.000, 0.001]; exclusion with standards off 0.149 [0.118, 0.179]; pull 0.035 [0.033, 0.037]. Fragile.
  // FAILS again (2026-12-07, joint action's third mend: matched means, binding membership, κ against its norm; not tuned; CHANGELOG, ODD §1): compliance part 0.001 [−0.000, 0.001]; exclusion with
  // standards off 0.182 [0.145, 0.219]; pull 0.035 [0.033, 0.037].
  it.fails('P8 report (switches.standards = false, compliance pull off): exclusion unchanged, the pull on stayers is smaller', async () => {
    const on = await p8('default');
    const off = await p8('standards off');
    const diff = pairedCI(smeMinusBig(off, 'shock'), smeMinusBig(off, 'control'));
    const pullOff = pairedCI(off.map((p) => p.pull), zeros);
    const compliance = pairedCI(on.map((p) => p.pull), off.map((p) => p.pull));
    console.log(`P8 standards off: SME − large+lead ${fmt(diff)}; pull ${fmt(pullOff)}; pull(on) − pull(off) = compliance part ${fmt(compliance)}`);
    expect(positive(diff)).toBe(true);
    expect(positive(compliance)).toBe(true);
  });
});
