// Validation of MODEL.md §6 pattern 5: upgrading by cluster life-cycle stage
// and against technological variety [variety and openness effects].
//
// Source: Gancarczyk & Bohatkiewicz 2018, §LC and Table 1 (upgrading
// prospects high in growth and renewal, moderate in emergence and
// sustainment, low in decline; L6: moderate technological variety is best).
//
// Pattern 5a — stage ordering (fixtures/p5-lifecycle.yaml). A focal cluster
// is driven through a whole cycle: emergence (low absorptive capacity, few
// local ties), growth (entry fills free places), sustainment (full),
// decline (tick 36: a 12-fold currency appreciation in its country; losses
// and exits), renewal (tick 50: the currency returns and a co-operation
// agreement with a more capable cluster abroad opens external ties). The
// stage comes from the classifier (lifecycle.ts), which never reads
// upgrading. For every stage spell of the focal cluster we record the
// upgrading events (upg_process + upg_product + upg_functional + upg_chain)
// per firm-tick in the K ticks after the stage was classified (K = the
// classifier's minimum dwell, so the window stays inside the spell; spells
// whose window passes the horizon are dropped), pool the spells over 30
// seeds, and compare stage groups with Welch 95% CIs:
//   (growth ∪ renewal) − (emergence ∪ sustainment) > 0, and
//   (emergence ∪ sustainment) − decline > 0.
// Knockouts (the mechanisms through which stages act):
//   [openness] params.switches.pipelines: false — renewal's external
//     knowledge is cut (renewal 0.119 → 0.050); the upper contrast falls to
//     −0.009 [−0.021, 0.004].
//   [entry] params.switches.entry: false — no entrants to catch up (and
//     hardly any growth spell); the upper contrast falls to
//     −0.017 [−0.035, 0.001].
// What the knockouts do NOT remove (measured on seeds 1000–1029):
// - switches.variety_effect: false alone leaves the ordering in place: with
//   it off every tie weighs learning.flat_distance_weight (2/3, the mean of
//   the inverted U, so the knockout changes the shape, not the amount) and
//   the stage means are nearly unchanged — the distance weighting does not
//   carry the stage ordering (openness and entry do, above);
// - none of variety effect / pipelines / entry removes the
//   (emergence ∪ sustainment) > decline contrast (+0.04 to +0.15 in every
//   arm); lifting the funding constraint during the shock (finance support
//   with no extra effort) does not either. Decline is low here because the
//   survivors of the shake-out sit at their capability equilibrium with no
//   entrants catching up and no external ties: catch-up dynamics and
//   selection, not the variety and openness channels. That half of the
//   pattern therefore has no knockout test here.
// - The upper contrast needs the focal cluster to start with low absorptive
//   capacity (0.3): at the default 0.4 emergence upgrading (0.172) exceeds
//   growth (0.150) and the pooled contrast is +0.010 [−0.004, 0.024].
//
// Pattern 5b — variety (fixtures/p5-variety.yaml). Across 50 runs whose
// initial technology spread (world.clusters[0].technology.sd) goes from 0.02
// to 0.40, upgrading per firm-tick over the run is regressed by OLS on the
// measured technological variety (sd of technology positions, mean over the
// run) and its square. The quadratic coefficient's 95% CI is below zero and
// the turning point −b1/(2 b2) lies inside the observed variety range.
// Knockout: params.switches.variety_effect: false (spillovers no longer
// weighted by technological distance, learning.ts distanceWeight) — the
// negative quadratic disappears (b2's CI includes 0 or is positive, or the
// turning point leaves the range).
//
// Every arm is run once (memoised) and reused by the `it`s.
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Scenario, TickRow } from '../../src/index.js';
import { SEEDS, breathe, diffCI, mapAsync, mean, notPositive, positive, runOnce, scenario, t975, variant, type CI } from './ensemble.js';

const fixture = (f: string): string => fileURLToPath(new URL(`./fixtures/${f}`, import.meta.url));
const fmt = (ci: CI): string => `${ci.diff.toFixed(4)} [${ci.lo.toFixed(4)}, ${ci.hi.toFixed(4)}]`;
const TIMEOUT = 120_000;

/** Upgrading events of one metrics row (all four types). */
const upgrading = (r: TickRow): number =>
  (r.upg_process as number) + (r.upg_product as number) + (r.upg_functional as number) + (r.upg_chain as number);

// ---------------------------------------------------------------- pattern 5a

const STAGE_SEEDS = SEEDS(30);
const FOCAL = 'focal';

interface Spell {
  seed: number;
  stage: string;
  start: number;
  /** Upgrading events per firm-tick in the K ticks after the stage was classified. */
  rate: number;
}

/** Stage spells of one cluster in one run, each with its upgrading rate in the K ticks after classification. */
function spells(rows: TickRow[], cluster: string, k: number, seed: number): Spell[] {
  const rs = rows.filter((r) => r.cluster === cluster && (r.firms as number) > 0);
  const out: Spell[] = [];
  for (let i = 0; i < rs.length; i++) {
    if (i > 0 && rs[i].stage === rs[i - 1].stage) continue;
    const win = rs.slice(i + 1, i + 1 + k);
    if (win.length < k) continue; // window passes the horizon
    let events = 0;
    let firmTicks = 0;
    for (const r of win) {
      events += upgrading(r);
      firmTicks += r.firms as number;
    }
    out.push({ seed, stage: rs[i].stage as string, start: rs[i].tick as number, rate: events / firmTicks });
  }
  return out;
}

const lifecycleBase = (): Scenario => scenario(fixture('p5-lifecycle.yaml'));

const stageArms: Record<string, (x: any) => void> = {
  pattern: () => {},
  no_pipelines: (x) => {
    x.params.switches = { ...(x.params.switches ?? {}), pipelines: false };
  },
  no_entry: (x) => {
    x.params.switches = { ...(x.params.switches ?? {}), entry: false };
  },
};

const stageCache = new Map<string, Spell[]>();
async function stageArm(name: keyof typeof stageArms): Promise<Spell[]> {
  let s = stageCache.get(name);
  if (!s) {
    const sc = variant(lifecycleBase(), stageArms[name]);
    const k = sc.params.lifecycle.min_dwell;
    s = (await mapAsync(STAGE_SEEDS, (seed) => spells(runOnce(sc, seed, { events: false }).rows, FOCAL, k, seed))).flat();
    stageCache.set(name, s);
  }
  return s;
}

const HIGH = ['growth', 'renewal'];
const MODERATE = ['emergence', 'sustainment'];
const LOW = ['decline'];
const rates = (sp: Spell[], stages: string[]): number[] => sp.filter((x) => stages.includes(x.stage)).map((x) => x.rate);

function describeStages(sp: Spell[]): string {
  return ['emergence', 'growth', 'sustainment', 'decline', 'renewal']
    .map((st) => {
      const r = rates(sp, [st]);
      return `${st} n=${r.length} mean=${r.length ? mean(r).toFixed(4) : '-'}`;
    })
    .join('; ');
}

describe('pattern 5a (MODEL.md §6.5; Gancarczyk & Bohatkiewicz 2018 Table 1): upgrading by life-cycle stage', () => {
  // Fails since 0.6.0 (bargained prices, issue 9 item 1): reported in CHANGELOG and ODD §1, not tuned. Figure at 0.6.0:
  // (growth ∪ renewal) − (emergence ∪ sustainment) −0.0238 [−0.0374, −0.0102]; (emergence ∪ sustainment) − decline
  // −0.0303 [−0.0427, −0.0180] (both halves fail; bargaining and orders as quantities). Issue 10 says this fixture passed only with tuned parameters; the life
  // cycle is rebuilt there.
  it.fails(
    'P5 Table 1 ordering: growth ∪ renewal > emergence ∪ sustainment > decline (upgrading per firm-tick in the K ticks after classification)',
    async () => {
      const sp = await stageArm('pattern');
      // every stage must actually occur, in every run, for the comparison to mean anything
      for (const st of ['emergence', 'growth', 'sustainment', 'decline', 'renewal']) expect(rates(sp, [st]).length, st).toBeGreaterThanOrEqual(STAGE_SEEDS.length / 2);
      const upper = diffCI(rates(sp, HIGH), rates(sp, MODERATE));
      const lower = diffCI(rates(sp, MODERATE), rates(sp, LOW));
      console.info(`[P5a] ${describeStages(sp)}\n[P5a] (growth∪renewal)−(emergence∪sustainment) ${fmt(upper)}; (emergence∪sustainment)−decline ${fmt(lower)}`);
      expect(positive(upper), `upper contrast ${fmt(upper)}`).toBe(true);
      expect(positive(lower), `lower contrast ${fmt(lower)}`).toBe(true);
    },
    TIMEOUT,
  );

  // Fails since issue 9 item 3 (money: fixed costs, thin cash reserves, insolvency exit; CHANGELOG, ODD §1), reported, not tuned. The pattern itself fails
  // (above), so its knockout has nothing to remove. Figure with pipelines off: (growth ∪ renewal) − (emergence ∪ sustainment)
  // 0.0331 [0.0278, 0.0384]; the cluster never reaches sustainment, decline or renewal in that arm.
  it.fails(
    'P5 knockout [openness]: with pipelines off, growth ∪ renewal no longer exceeds emergence ∪ sustainment',
    async () => {
      const sp = await stageArm('no_pipelines');
      const upper = diffCI(rates(sp, HIGH), rates(sp, MODERATE));
      console.info(`[P5a pipelines off] ${describeStages(sp)}\n[P5a pipelines off] (growth∪renewal)−(emergence∪sustainment) ${fmt(upper)}`);
      expect(notPositive(upper), `upper contrast ${fmt(upper)}`).toBe(true);
    },
    TIMEOUT,
  );

  // Fails since real outsourcing merged with joint action by kind (issue 9 items 5 and 7; reported, not tuned): with
  // entry off the upper contrast stays positive, 0.0953 [0.0918, 0.0988], with one growth spell and no renewal in 30
  // seeds, so the knockout no longer isolates entry. CHANGELOG and ODD §1.
  it.fails(
    'P5 knockout [entry]: with entry off, growth ∪ renewal no longer exceeds emergence ∪ sustainment',
    async () => {
      const sp = await stageArm('no_entry');
      const upper = diffCI(rates(sp, HIGH), rates(sp, MODERATE));
      console.info(`[P5a entry off] ${describeStages(sp)}\n[P5a entry off] (growth∪renewal)−(emergence∪sustainment) ${fmt(upper)}`);
      expect(notPositive(upper), `upper contrast ${fmt(upper)}`).toBe(true);
    },
    TIMEOUT,
  );
});

// ---------------------------------------------------------------- pattern 5b

/** Initial technology spreads, cycled over the seeds (5 runs per level). */
const SD_LEVELS = [0.02, 0.05, 0.08, 0.12, 0.16, 0.2, 0.25, 0.3, 0.35, 0.4];
const VARIETY_SEEDS = SEEDS(50);

interface Fit {
  beta: number[];
  se: number[];
  df: number;
}

/** Ordinary least squares y = X·beta + e, with classical standard errors. */
function ols(X: number[][], y: number[]): Fit {
  const n = y.length;
  const p = X[0].length;
  const a: number[][] = Array.from({ length: p }, () => new Array(2 * p).fill(0));
  const xty = new Array(p).fill(0);
  for (let i = 0; i < n; i++) {
    for (let r = 0; r < p; r++) {
      xty[r] += X[i][r] * y[i];
      for (let c = 0; c < p; c++) a[r][c] += X[i][r] * X[i][c];
    }
  }
  for (let r = 0; r < p; r++) a[r][p + r] = 1;
  // Gauss–Jordan inverse of X'X with partial pivoting
  for (let c = 0; c < p; c++) {
    let piv = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(a[r][c]) > Math.abs(a[piv][c])) piv = r;
    [a[c], a[piv]] = [a[piv], a[c]];
    const d = a[c][c];
    if (Math.abs(d) < 1e-300) throw new Error('ols: singular design');
    for (let j = 0; j < 2 * p; j++) a[c][j] /= d;
    for (let r = 0; r < p; r++) {
      if (r === c) continue;
      const f = a[r][c];
      if (f !== 0) for (let j = 0; j < 2 * p; j++) a[r][j] -= f * a[c][j];
    }
  }
  const inv = a.map((row) => row.slice(p));
  const beta = inv.map((row) => row.reduce((s, v, j) => s + v * xty[j], 0));
  let rss = 0;
  for (let i = 0; i < n; i++) {
    const fit = X[i].reduce((s, v, j) => s + v * beta[j], 0);
    rss += (y[i] - fit) ** 2;
  }
  const df = n - p;
  const s2 = rss / df;
  return { beta, se: inv.map((row, j) => Math.sqrt(s2 * row[j])), df };
}

interface Quadratic {
  b1: number;
  b2: number;
  b2ci: CI;
  turning: number;
  range: [number, number];
}

/** Per run: mean variety and upgrading per firm-tick over ticks 1..T; then y ~ 1 + x + x² (x centred). */
async function varietyArm(varietyEffect: boolean): Promise<Quadratic> {
  const base = scenario(fixture('p5-variety.yaml'));
  const xs: number[] = [];
  const ys: number[] = [];
  for (const [k, seed] of VARIETY_SEEDS.entries()) {
    await breathe();
    const sc = variant(base, (x) => {
      x.world.clusters[0].technology.sd = SD_LEVELS[k % SD_LEVELS.length];
      x.params.switches = { ...(x.params.switches ?? {}), variety_effect: varietyEffect };
    });
    let events = 0;
    let firmTicks = 0;
    let v = 0;
    let n = 0;
    for (const r of runOnce(sc, seed, { events: false }).rows) {
      if ((r.tick as number) === 0 || !(r.firms as number)) continue;
      events += upgrading(r);
      firmTicks += r.firms as number;
      v += r.variety as number;
      n++;
    }
    xs.push(v / n);
    ys.push(events / firmTicks);
  }
  const xm = mean(xs);
  const fit = ols(
    xs.map((x) => [1, x - xm, (x - xm) ** 2]),
    ys,
  );
  const [, b1, b2] = fit.beta;
  const h = t975(fit.df) * fit.se[2];
  return { b1, b2, b2ci: { diff: b2, lo: b2 - h, hi: b2 + h }, turning: xm - b1 / (2 * b2), range: [Math.min(...xs), Math.max(...xs)] };
}

const varietyCache = new Map<boolean, Quadratic>();
const varietyFit = async (on: boolean): Promise<Quadratic> => {
  let q = varietyCache.get(on);
  if (!q) varietyCache.set(on, (q = await varietyArm(on)));
  return q;
};

const show = (q: Quadratic): string =>
  `b1 ${q.b1.toFixed(4)}, b2 ${fmt(q.b2ci)}, turning point ${q.turning.toFixed(3)}, variety range [${q.range[0].toFixed(3)}, ${q.range[1].toFixed(3)}]`;
const invertedU = (q: Quadratic): boolean => q.b2ci.hi < 0 && q.turning > q.range[0] && q.turning < q.range[1];

describe('pattern 5b (MODEL.md §6.5; Gancarczyk & Bohatkiewicz 2018 §LC L6): upgrading against technological variety', () => {
  it(
    'P5 variety: the quadratic term is negative (95% CI below zero) with its turning point inside the observed range',
    async () => {
      const q = await varietyFit(true);
      console.info(`[P5b] ${show(q)}`);
      expect(q.b2ci.hi, show(q)).toBeLessThan(0);
      expect(q.turning, show(q)).toBeGreaterThan(q.range[0]);
      expect(q.turning, show(q)).toBeLessThan(q.range[1]);
    },
    TIMEOUT,
  );

  // Failed after the joint-action mend (b2 −0.7216 [−1.3746, −0.0686]); holds again since the per-mode switching
  // cost (not tuned; CHANGELOG, ODD §1): b2 −0.5270 [−1.3539, 0.3000] with the variety effect off.
  // FAILS again (2026-12-07, int3: buyers' final demand merged with the jam2 + leak main; not tuned; CHANGELOG, ODD §1): b2 −0.7316 [−1.4147, −0.0485] with the variety effect
  // off (main fit b2 −1.4337 [−2.2694, −0.5981]).
  // HOLDS again (2026-12-07, joint action's third mend: matched means, binding membership, κ against its norm; not tuned; CHANGELOG, ODD §1): b2 −0.0767 [−0.7219, 0.5684] with the variety effect off
  // (main fit b2 −1.3969 [−2.1692, −0.6245]); un-marked.
  it(
    'P5 knockout [variety effect]: with switches.variety_effect off the negative quadratic disappears',
    async () => {
      const q = await varietyFit(false);
      console.info(`[P5b variety effect off] ${show(q)}`);
      expect(invertedU(q), show(q)).toBe(false);
    },
    TIMEOUT,
  );
});
