// Validation of the shipped scenario scenarios/district-relocation.yaml.
//
// Case: a mature industrial district under cost pressure, whose lead firms
// relocate. Source: Gancarczyk & Bohatkiewicz 2018 §Lead F8 (full relocation
// decomposes local networks → often decline) and F9 (selective relocation →
// grounding for renewal), with the life-cycle stages of Table 1.
//
// Arms (same 20 seeds; identical worlds up to tick 27): the scenario
// (selective relocation at tick 28), variant "full", and variant "stay" (no
// relocation). Per run, over the window R..horizon (R = relocation tick), on
// cluster "district":
//   - the share of window ticks in which the district is classified in
//     decline, and the share in renewal (ticks.csv `stage`);
//   - mean firm count, local-network density and openness (ticks.csv
//     `firms`, `density`, `openness`, through windowStat as in `gvcsim
//     compare`);
//   - loss exits of district firms in the window (events of kind `exit`;
//     relocating firms are not counted, they leave through
//     relocation_full).
// Predictions:
//   - full − selective: more decline, less renewal, fewer firms;
//   - full − selective: a sparser local network and more loss exits (F8:
//     the departure decomposes local networks, and the SMEs that lose their
//     orders go under);
//   - full − selective: lower openness;
//   - against stay: full adds decline, selective adds renewal.
// Mechanism check: selective relocation that opens no external ties
// (params.lead_firms.relocation_ties = 0) keeps no renewal advantage over
// full relocation. The renewal under F9 therefore comes from the external
// knowledge sourcing that selective relocation opens, not from the
// relocation itself.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DECLINE, RENEWAL, STAGES, Simulation, loadScenario, windowStat, type Scenario, type TickRow } from '../../src/index.js';
import { type CI, mean, notPositive, pairedCI, positive, SEEDS, mapAsync } from './ensemble.js';

const FILE = fileURLToPath(new URL('../../scenarios/district-relocation.yaml', import.meta.url));
const seeds = SEEDS(20);

interface Run {
  decline: number;
  renewal: number;
  firms: number;
  density: number;
  openness: number;
  /** Loss exits of the cluster's firms in the window. */
  exits: number;
  /** Lead and large firms that relocated (events). */
  moved: number;
  end: string;
}

function runOne(sc: Scenario, seed: number): Run {
  const home = sc.world.relocation[0].cluster;
  const R = sc.world.relocation[0].tick;
  const sim = new Simulation(sc, { seed });
  const w = sim.world;
  const c = w.clusters.clusterIds.indexOf(home);
  const rows: TickRow[] = [...sim.metrics()];
  let n = 0;
  let dec = 0;
  let ren = 0;
  let moved = 0;
  let exits = 0;
  while (!sim.done) {
    const r = sim.step();
    if (r.rows) rows.push(...r.rows);
    for (const e of r.events) {
      if (e.kind === 'relocation_full' || e.kind === 'relocation_selective') moved++;
      if (e.kind === 'exit' && e.cluster === home && r.tick >= R) exits++;
    }
    if (r.tick < R) continue;
    n++;
    if (w.clusters.clusterStage[c] === DECLINE) dec++;
    if (w.clusters.clusterStage[c] === RENEWAL) ren++;
  }
  const win = { cluster: home, from: R, to: sc.ticks } as const;
  return {
    decline: dec / n,
    renewal: ren / n,
    firms: windowStat(rows, { ...win, column: 'firms' }),
    density: windowStat(rows, { ...win, column: 'density' }),
    openness: windowStat(rows, { ...win, column: 'openness' }),
    exits,
    moved,
    end: STAGES[w.clusters.clusterStage[c]],
  };
}

const cache = new Map<string, Run[]>();
async function arm(variant: string | null, sets: string[] = []): Promise<Run[]> {
  const key = `${variant}|${sets.join(',')}`;
  let runs = cache.get(key);
  if (!runs) {
    const sc = loadScenario(FILE, sets, variant).scenario;
    runs = await mapAsync(seeds, (s) => runOne(sc, s));
    cache.set(key, runs);
    const ends: Record<string, number> = {};
    for (const r of runs) ends[r.end] = (ends[r.end] ?? 0) + 1;
    const m = (k: keyof Run): string => mean(runs!.map((r) => r[k] as number)).toFixed(3);
    console.log(
      `district ${(variant ?? 'selective (base)') + (sets.length ? ` ${sets.join(' ')}` : '')}: decline ${m('decline')} renewal ${m('renewal')} ` +
        `firms ${m('firms')} density ${m('density')} exits ${m('exits')} openness ${m('openness')} moved ${m('moved')} | end ${JSON.stringify(ends)}`,
    );
  }
  return runs;
}
const selective = (): Promise<Run[]> => arm(null);
const full = (): Promise<Run[]> => arm('full');
const stay = (): Promise<Run[]> => arm('stay');
const NO_TIES = ['params.lead_firms.relocation_ties=0'];
const col = (runs: Run[], k: 'decline' | 'renewal' | 'firms' | 'density' | 'exits' | 'openness'): number[] => runs.map((r) => r[k]);
const fmt = (ci: CI): string => `${ci.diff.toFixed(3)} [${ci.lo.toFixed(3)}, ${ci.hi.toFixed(3)}]`;

describe('District relocation: full relocation → decline, selective → renewal (Gancarczyk & Bohatkiewicz 2018 §Lead F8-F9, Table 1)', () => {
  it('the scenario and its variants differ only in the relocation mode; relocation happens in both relocating arms', async () => {
    const s = loadScenario(FILE).scenario;
    expect(s.world.clusters.every((c) => c.firms >= 200)).toBe(true);
    expect(s.world.relocation[0].mode).toBe('selective');
    expect(loadScenario(FILE, [], 'full').scenario.world.relocation[0].mode).toBe('full');
    expect(loadScenario(FILE, [], 'stay').scenario.world.relocation[0].mode).toBe('none');
    expect(mean((await selective()).map((r) => r.moved))).toBeGreaterThan(10);
    expect(mean((await full()).map((r) => r.moved))).toBeGreaterThan(10);
    expect(mean((await stay()).map((r) => r.moved))).toBe(0);
  });

  // Fails since issue 9 item 3 (money: fixed costs, thin cash reserves, insolvency exit; CHANGELOG, ODD §1), reported, not tuned.
  // Since item 5 (real outsourcing) both clauses fail: full − selective 0.005 [−0.003, 0.013], full − stay 0.000 [0.000,
  // 0.000] (the district declines in every arm). Under item 3: P(decline) full − selective 0.453 [0.389, 0.518] holds, but full − stay 0.055 [−0.015, 0.126] does not: under
  // the cost pressure the district now declines even when its lead firms stay (decline time 0.91 against 0.97 with full
  // relocation), because its firms' fixed costs turn the squeeze into losses and exits.
  it.fails('F8: the district spends more time in decline with full than with selective relocation, and more than if the lead firms stay', async () => {
    const vsSel = pairedCI(col((await full()), 'decline'), col((await selective()), 'decline'));
    const vsStay = pairedCI(col((await full()), 'decline'), col((await stay()), 'decline'));
    console.log(`district P(decline) full − selective ${fmt(vsSel)}; full − stay ${fmt(vsStay)}`);
    expect(positive(vsSel)).toBe(true);
    expect(positive(vsStay)).toBe(true);
  });

  // Fails since issue 9 item 5 (real outsourcing; CHANGELOG, ODD §1), reported, not tuned. Figure: P(renewal) selective
  // − full 0.005 [−0.003, 0.013], selective − stay 0.005 [−0.003, 0.013]: the district now declines in every arm (decline
  // time 0.995 selective, 1.000 full and stay). Its upgraded firms no longer buy assembly at the cheapest active
  // cluster's wage inside their value added, and a relocated plant's output is now a purchase, so the cost pressure
  // leaves no arm a renewal. Firms, density and openness still favour selective relocation (F9 openness holds).
  it.fails('F9: the district spends more time in renewal with selective than with full relocation, and more than if the lead firms stay', async () => {
    const vsFull = pairedCI(col((await selective()), 'renewal'), col((await full()), 'renewal'));
    const vsStay = pairedCI(col((await selective()), 'renewal'), col((await stay()), 'renewal'));
    console.log(`district P(renewal) selective − full ${fmt(vsFull)}; selective − stay ${fmt(vsStay)}`);
    expect(positive(vsFull)).toBe(true);
    expect(positive(vsStay)).toBe(true);
  });

  // Fails since issue 9 item 4 (investment decided by the firm; CHANGELOG, ODD §1), reported, not tuned.
  // Figure: firms selective − full 45.2 [40.9, 49.5] and density hold, but exits full − selective −3.95 [−5.79, −2.11]:
  // full relocation does not raise exits; the district loses about 100 firms in every arm (stay: 112 exits).
  it.fails('F8: full relocation decomposes the local network; more firms exit with losses and fewer remain than with selective relocation (density, exits, firms)', async () => {
    const firms = pairedCI(col((await selective()), 'firms'), col((await full()), 'firms'));
    const density = pairedCI(col((await selective()), 'density'), col((await full()), 'density'));
    const exits = pairedCI(col((await full()), 'exits'), col((await selective()), 'exits'));
    const exitsStay = pairedCI(col((await full()), 'exits'), col((await stay()), 'exits'));
    console.log(
      `district firms selective − full ${fmt(firms)}; density selective − full ${fmt(density)}; ` +
        `loss exits full − selective ${fmt(exits)}, full − stay ${fmt(exitsStay)}`,
    );
    expect(positive(firms)).toBe(true);
    expect(positive(density)).toBe(true);
    expect(positive(exits)).toBe(true);
  });

  it('F9: selective relocation opens the network to external knowledge (openness higher than with full relocation)', async () => {
    const open = pairedCI(col((await selective()), 'openness'), col((await full()), 'openness'));
    console.log(`district openness selective − full ${fmt(open)}`);
    expect(positive(open)).toBe(true);
  });

  // Failed with money alone; holds again with decided investment: selective without new ties − full, renewal time
  // 0.003 [−0.009, 0.016], openness 0.
  it('F9 mechanism: selective relocation that opens no external ties (relocation_ties = 0) loses its renewal and openness advantage over full relocation', async () => {
    const noTies = await arm(null, NO_TIES);
    const ren = pairedCI(col(noTies, 'renewal'), col((await full()), 'renewal'));
    const open = pairedCI(col(noTies, 'openness'), col((await full()), 'openness'));
    console.log(`district selective without new ties − full: P(renewal) ${fmt(ren)}; openness ${fmt(open)}`);
    expect(notPositive(ren)).toBe(true);
    expect(notPositive(open)).toBe(true);
  });
});
