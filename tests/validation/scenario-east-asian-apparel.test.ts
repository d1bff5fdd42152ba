// Validation of the shipped scenario scenarios/east-asian-apparel.yaml.
//
// Case: East Asian NIE apparel, triangle manufacturing. Sources: Dai, Zhu &
// He §IV.3 (SF004-4, Z13); Gereffi 1999 via Humphrey & Schmitz 2000 §2.2 (the
// "benign escalator"); Kaplinsky 2015 §4e (R38). OEM suppliers whose wages
// rise as they upgrade move into services and outsource assembly to a cheaper
// region.
//
// Comparison: the scenario (nie wage_elasticity 2.5) against its variant
// "flat-wages" (wage_elasticity 0). Both arms use the same 20 seeds, so the
// effects are paired. Per run, on cluster "nie":
//   - outsourcing events over the whole run;
//   - mean nie workers per tick over ticks W..horizon (sum of w.workers);
//   - mean income_per_worker over the same window (a ticks.csv column,
//     through windowStat as in `gvcsim compare`).
// Prediction: rising wages give more outsourcing events, fewer workers and
// higher income per worker.
// Knockout: with params.switches.outsourcing = false in both arms, the
// income-per-worker effect of rising wages must be smaller than with
// outsourcing on. This is a paired difference-in-differences over the same
// seeds, and it shows the effect comes through outsourcing.
// Logged but not asserted: mainland output. Outsourced assembly gives it no
// units in this model. Any difference there comes from buyers moving orders
// on unit labour cost (see the scenario header).
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { LEAD, Simulation, loadScenario, windowStat, type Scenario, type TickRow } from '../../src/index.js';
import { type CI, mean, pairedCI, positive, SEEDS, mapAsync } from './ensemble.js';

const FILE = fileURLToPath(new URL('../../scenarios/east-asian-apparel.yaml', import.meta.url));
const HOME = 'nie';
const CHEAP = 'mainland';
/** Window start: outsourcing can begin only once wages have risen (≈ tick 17). */
const W = 20;
const seeds = SEEDS(20);
const KO = ['params.switches.outsourcing=false'];

interface Run {
  outsourcingEvents: number;
  workers: number;
  ipw: number;
  cheapOutput: number;
  /** Lead firms in services that outsource at the horizon. */
  servicesOutsourcing: number;
  services: number;
}

function runOne(sc: Scenario, seed: number): Run {
  const sim = new Simulation(sc, { seed });
  const w = sim.world;
  const c = w.clusters.clusterIds.indexOf(HOME);
  const rows: TickRow[] = [...sim.metrics()];
  let events = 0;
  let workers = 0;
  let n = 0;
  while (!sim.done) {
    const r = sim.step();
    if (r.rows) rows.push(...r.rows);
    for (const e of r.events) if (e.kind === 'outsourcing' && e.cluster === HOME) events++;
    if (r.tick < W) continue;
    let s = 0;
    for (let i = w.clusters.clusterStart[c]; i < w.clusters.clusterEnd[c]; i++) if (w.firms.alive[i]) s += w.firms.workers[i];
    workers += s;
    n++;
  }
  let svc = 0;
  let svcOut = 0;
  for (let i = w.clusters.clusterStart[c]; i < w.clusters.clusterEnd[c]; i++) {
    if (!w.firms.alive[i] || w.firms.status[i] !== LEAD || !w.firms.services[i]) continue;
    svc++;
    if (w.contracts.unitsOut[i] > 0) svcOut++;
  }
  const win = { cluster: HOME, from: W, to: sc.ticks } as const;
  return {
    outsourcingEvents: events,
    workers: workers / n,
    ipw: windowStat(rows, { ...win, column: 'income_per_worker' }),
    cheapOutput: windowStat(rows, { ...win, cluster: CHEAP, column: 'output' }),
    servicesOutsourcing: svcOut,
    services: svc,
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
  }
  return runs;
}
const col = (runs: Run[], k: keyof Run): number[] => runs.map((r) => r[k]);
const fmt = (ci: CI): string => `${ci.diff.toFixed(3)} [${ci.lo.toFixed(3)}, ${ci.hi.toFixed(3)}]`;

describe('East Asian apparel: triangle manufacturing, where rising wages drive outsourcing (Dai, Zhu & He §IV.3; Gereffi 1999 via Humphrey & Schmitz 2000 §2.2; Kaplinsky 2015 §4e)', () => {
  it('the scenario and its variant load; the variant only flattens nie wages', async () => {
    const s = loadScenario(FILE).scenario;
    const v = loadScenario(FILE, [], 'flat-wages').scenario;
    expect(s.world.clusters.every((c) => c.firms >= 200)).toBe(true);
    expect(s.world.countries[0].wage_elasticity).toBeGreaterThan(0);
    expect(v.world.countries[0].wage_elasticity).toBe(0);
    expect(s.world.services.length).toBeGreaterThan(0);
  });

  it('Kaplinsky 2015 §4e: with rising wages, nie firms outsource more than with flat wages (outsourcing events)', async () => {
    const a = await arm(null);
    const b = await arm('flat-wages');
    const ci = pairedCI(col(a, 'outsourcingEvents'), col(b, 'outsourcingEvents'));
    console.log(
      `apparel outsourcing events (nie): rising ${mean(col(a, 'outsourcingEvents')).toFixed(1)} flat ${mean(col(b, 'outsourcingEvents')).toFixed(1)} diff ${fmt(ci)} | ` +
        `lead firms in services that outsource at the horizon: ${mean(col(a, 'servicesOutsourcing')).toFixed(2)} of ${mean(col(a, 'services')).toFixed(2)} (flat: ${mean(col(b, 'servicesOutsourcing')).toFixed(2)})`,
    );
    expect(positive(ci)).toBe(true);
  });

  // Failed on the brand branch alone (income_per_worker rising − flat −0.003 [−0.022, 0.016]); holds again on the tree
  // that merges own brand with the per-mode switching cost (2026-12-07; CHANGELOG, ODD §1): flat − rising workers
  // 73.5 [54.9, 92.1], income_per_worker rising − flat 0.020 [0.001, 0.039] (the lower bound is close to zero).
  // FAILS again since the review's fixes of 2026-12-07 (reported, not tuned; CHANGELOG, ODD §1): flat − rising
  // workers 71.9 [52.7, 91.2], income_per_worker rising − flat 0.018 [−0.002, 0.037]: the sign holds, the CI now
  // reaches below zero. Not traced further. On 53edfd2: workers 77.6 [57.4, 97.8], income_per_worker 0.012 [−0.006,
  // 0.029]. HOLDS again with buyers' final demand answering price (final-demand.ts, ODD §7.6f; un-marked, not tuned;
  // CHANGELOG, ODD §1): flat − rising workers 182.2 [159.6, 204.9], income_per_worker rising − flat 0.019 [0.003, 0.035].
  // FAILS on the merged tree (2026-12-07, int3: buyers' final demand merged with the jam2 + leak main; not tuned; CHANGELOG, ODD §1): workers 211.3 [180.1, 242.4] (holds),
  // income_per_worker rising − flat 0.007 [−0.021, 0.036] (right sign, CI spans zero). Reported, not traced further.
  it.fails('Dai §IV.3 / Gereffi 1999: with rising wages nie employs fewer workers and earns more per worker (window 20..60)', async () => {
    const a = await arm(null);
    const b = await arm('flat-wages');
    const workers = pairedCI(col(b, 'workers'), col(a, 'workers')); // flat − rising > 0
    const ipw = pairedCI(col(a, 'ipw'), col(b, 'ipw'));
    const cheap = pairedCI(col(a, 'cheapOutput'), col(b, 'cheapOutput'));
    console.log(
      `apparel nie workers: rising ${mean(col(a, 'workers')).toFixed(0)} flat ${mean(col(b, 'workers')).toFixed(0)} (flat − rising ${fmt(workers)}) | ` +
        `income_per_worker rising − flat ${fmt(ipw)} | mainland output rising − flat ${fmt(cheap)} (buyers' order relocation, not asserted)`,
    );
    expect(positive(workers)).toBe(true);
    expect(positive(ipw)).toBe(true);
  });

  // Fails since the per-mode switching cost (reported, not tuned; CHANGELOG, ODD §1): the income-per-worker effect of
  // rising wages is 0.020 [0.015, 0.024] with outsourcing and 0.019 [0.015, 0.024] without; difference 0.000 [−0.000,
  // 0.000] (at 6c3cf71: 0.001 [0.000, 0.001], which held). The outsourcing channel was already thin; not isolated further.
  // On 53edfd2 it held narrowly, 0.000 [0.000, 0.001] (the file was red there: re-marks after the jam2 merge were
  // pending); with buyers' final demand it fails again, 0.000 [−0.000, 0.001].
  // HOLDS on the merged tree (2026-12-07, int3: buyers' final demand merged with the jam2 + leak main; not tuned; CHANGELOG, ODD §1): difference 0.001 [0.000, 0.001]. Uninformative while
  // the main effect above fails (0.007 [−0.021, 0.036] with outsourcing, 0.007 [−0.022, 0.035] without).
  it('knockout (switches.outsourcing = false): the income-per-worker effect of rising wages comes through outsourcing', async () => {
    const on = pairedCI(col(await arm(null), 'ipw'), col(await arm('flat-wages'), 'ipw'));
    const a = await arm(null, KO);
    const b = await arm('flat-wages', KO);
    const off = pairedCI(col(a, 'ipw'), col(b, 'ipw'));
    const base = await arm(null);
    const flat = await arm('flat-wages');
    const effOn = base.map((r, k) => r.ipw - flat[k].ipw);
    const effOff = a.map((r, k) => r.ipw - b[k].ipw);
    const did = pairedCI(effOn, effOff);
    console.log(`apparel knockout: income_per_worker rising − flat with outsourcing ${fmt(on)}, without ${fmt(off)}; difference ${fmt(did)}`);
    expect(mean(col(a, 'outsourcingEvents'))).toBe(0);
    expect(positive(did)).toBe(true);
  });
});
