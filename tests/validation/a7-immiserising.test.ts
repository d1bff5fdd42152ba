// Issue 9 acceptance line 7 (MODEL.md §6.9, §8; Kaplinsky 2015 §2, fn 3:
// immiserising growth): at default parameters, the shipped baseline shows
// output up and income per worker down for a stretch when the low-wage
// entrant arrives. A pattern test: no rule writes income per worker from an
// entrant's arrival.
//
// Design, fixed in docs/plans/issue-9-markets.md before the run: the shipped
// baseline (all defaults) against its variant no-entrant (the coast cluster
// never arrives), 30 paired seeds; the valley's change in output and in
// income per worker from tick 29 (the tick before the coast arrives) to tick
// 40, difference in differences (entrant − no-entrant). Expected: output
// up, income per worker down. Upstream knockout for when it holds:
// switches.outside_option off.
import { describe, expect, it, beforeAll } from 'vitest';
import { fileURLToPath } from 'node:url';
import { SEEDS, at, mapAsync, pairedCI, runOnce, scenario, type CI } from './ensemble.js';
import { loadScenario } from '../../src/index.js';

const BASELINE = fileURLToPath(new URL('../../scenarios/baseline.yaml', import.meta.url));
const fmt = (ci: CI): string => `${ci.diff.toFixed(4)} [${ci.lo.toFixed(4)}, ${ci.hi.toFixed(4)}]`;
const FROM = 29;
const TO = 40;

describe('Issue 9 line 7 (Kaplinsky 2015 §2, fn 3): immiserising growth in the baseline at default parameters', () => {
  let output: CI;
  let income: CI;
  beforeAll(async () => {
    const seeds = SEEDS(30);
    const base = scenario(BASELINE);
    const control = loadScenario(BASELINE, [], 'no-entrant').scenario;
    const change = (sc: typeof base, seed: number) => {
      const { rows } = runOnce(sc, seed, { events: false, ticks: TO });
      const v = (col: 'output' | 'income_per_worker', t: number) => at(rows, col, t, 'valley') ?? NaN;
      return { out: v('output', TO) - v('output', FROM), ipw: v('income_per_worker', TO) - v('income_per_worker', FROM) };
    };
    const e = await mapAsync(seeds, (s) => change(base, s));
    const c = await mapAsync(seeds, (s) => change(control, s));
    output = pairedCI(
      e.map((r) => r.out),
      c.map((r) => r.out),
    );
    income = pairedCI(
      e.map((r) => r.ipw),
      c.map((r) => r.ipw),
    );
    console.info(`A7 valley ticks ${FROM}→${TO}, entrant − no-entrant: Δoutput ${fmt(output)}, Δincome_per_worker ${fmt(income)}`);
  });

  // FAILS (reported, not tuned; CHANGELOG, ODD §1). With buyers' final demand answering price (final-demand.ts, ODD
  // §7.6f): Δoutput −50.8 [−74.5, −27.2], Δincome per worker −0.0016 [−0.0040, 0.0009] (before, on 53edfd2: −84.7
  // [−106.1, −63.2], +0.0016 [−0.0006, 0.0038]): the market grows with the entrant but the coast's units still come
  // mostly out of the valley. Since issue 9 item 5 (real outsourcing): Δoutput −76.5 [−95.0, −57.9],
  // Δincome per worker +0.0023 [−0.0003, 0.0049] (under item 4: +0.154 [0.146, 0.162]): the valley's rise in income per
  // worker was mostly the old outsourcing device (assembly "moved" to the coast's wage); output still falls. Before: Δoutput −24.5 [−36.3, −12.6], Δincome per
  // worker +0.0765 [0.0716, 0.0813]: the coast takes the valley's least productive business, so output falls and
  // income per worker rises. Issue 9 items 3–5 (fixed costs, investment, real outsourcing) decide income per worker
  // and come next. The shipped sinos-valley scenario (ticks 19→40) does not show it either: Δoutput +94 [74, 114],
  // Δincome per worker +0.0048 [0.0041, 0.0055].
  // After the observed leakage counts only what a reader takes through its tie (ODD §7.3b; still fails, not tuned):
  // Δoutput −57.8 [−74.4, −41.2], Δincome per worker −0.0020 [−0.0062, 0.0021] (on 53edfd2: −84.7 [−106.1, −63.2],
  // +0.0016 [−0.0006, 0.0038]).
  it.fails('line 7: with the entrant the valley’s output rises and its income per worker falls (difference in differences against no-entrant)', () => {
    expect(output.lo, `Δoutput ${fmt(output)}`).toBeGreaterThan(0);
    expect(income.hi, `Δincome_per_worker ${fmt(income)}`).toBeLessThan(0);
  });
});
