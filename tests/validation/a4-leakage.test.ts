// Issue 9 acceptance line 4, first half (MODEL.md §8 "Markets and money";
// Humphrey & Schmitz 2000 §4.1): cluster firms invest less per unit of
// revenue when spillovers are high than when they are low. A **mechanism
// test**: it varies the spillover rate itself, which investment.ts never
// reads; firms see leakage only as the observed catch-up of their lagging
// local ties.
//
// Statistics, fixed before the runs (fixture a4-leakage.yaml, 30 paired
// seeds): the cluster's `investment` (Σ effort × revenue / Σ revenue) averaged
// over ticks 5–40, low (spillover_rate 0.01) − high (0.08); and upgrading
// events per firm-tick over the same ticks, reported. Knockout, printed:
// switches.outside_option off (leakage no longer shortens the horizon).
// The second half of line 4 (joint action in learning raises investment and
// upgrading) is a4b-joint-learning.test.ts.
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { SEEDS, mapAsync, pairedCI, runOnce, scenario, type CI } from './ensemble.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/a4-leakage.yaml', import.meta.url));
const fmt = (ci: CI): string => `${ci.diff.toFixed(4)} [${ci.lo.toFixed(4)}, ${ci.hi.toFixed(4)}]`;
const FROM = 5;
const seeds = SEEDS(30);

interface Run {
  investment: number;
  upgrading: number;
}

function run(sets: string[], seed: number): Run {
  const { rows, events } = runOnce(scenario(FIXTURE, sets), seed);
  let inv = 0;
  let n = 0;
  let firmTicks = 0;
  for (const r of rows) {
    if ((r.tick as number) < FROM || r.investment === null) continue;
    inv += r.investment as number;
    firmTicks += r.firms as number;
    n++;
  }
  const upg = events.filter((e) => e.tick >= FROM && e.kind.startsWith('upg_')).length;
  return { investment: inv / n, upgrading: upg / firmTicks };
}

async function contrast(sets: string[]): Promise<{ inv: CI; upg: CI; low: Run[]; high: Run[] }> {
  const low = await mapAsync(seeds, (s) => run([...sets, 'params.learning.spillover_rate=0.01'], s));
  const high = await mapAsync(seeds, (s) => run([...sets, 'params.learning.spillover_rate=0.08'], s));
  const ci = (k: keyof Run) =>
    pairedCI(
      low.map((r) => r[k]),
      high.map((r) => r[k]),
    );
  return { inv: ci('investment'), upg: ci('upgrading'), low, high };
}

describe('Issue 9 line 4 (Humphrey & Schmitz 2000 §4.1): leakage lowers investment (mechanism test)', () => {
  let base: Awaited<ReturnType<typeof contrast>>;
  let knock: Awaited<ReturnType<typeof contrast>>;
  beforeAll(async () => {
    base = await contrast([]);
    knock = await contrast(['params.switches.outside_option=false']);
    const m = (r: Run[]) => (r.reduce((a, x) => a + x.investment, 0) / r.length).toFixed(4);
    console.info(
      `A4 investment/revenue ticks ${FROM}–40, low − high spillovers: ${fmt(base.inv)} (low ${m(base.low)}, high ${m(base.high)}); ` +
        `upgrading per firm-tick low − high ${fmt(base.upg)}; outside option off: investment ${fmt(knock.inv)}`,
    );
  });

  // On the merged tree (FDI and contract mends + joint-action mend; full suite, 736 tests): holds, 0.0016 [0.0004, 0.0028]
  // (0.0842 against 0.0826); upgrading low − high −0.0080 [−0.0100, −0.0060]. Each branch alone, before the merge:
  // HOLDS again after the joint-action mend (2026-12-07; reported, not tuned; CHANGELOG, ODD §1): investment/revenue
  // low − high 0.0015 [0.0004, 0.0025] (0.0842 against 0.0827); upgrading per firm-tick low − high −0.0081 [−0.0101,
  // −0.0061]; knockout (outside option off) −0.0013 [−0.0023, −0.0003]. It failed before at 0.0011 [−0.0001, 0.0023]
  // (and +0.0012 [−0.0001, 0.0024] after joint action by kind): borderline, and the mend moved it across (no
  // co-member exemption, dues, participation), so read it as fragile. The knockout is asserted: with leakage out of
  // the horizon, higher spillovers must not lower investment.
  // HOLDS since the contract accounting fixes of issue 9 item 8 (reported, not tuned; CHANGELOG, ODD §1), narrowly:
  // investment/revenue low − high 0.0014 [0.0002, 0.0026] (0.0845 against 0.0831); upgrading per firm-tick is still
  // higher with high spillovers (−0.0097 [−0.0114, −0.0079]); knockout, outside option off: −0.0010 [−0.0022, 0.0003].
  // The item changed who may contract (any firm with an export link), unit capacity and freight, so costs and margins
  // moved; which of these moved this line was not separated.
  // Before (failed, it.fails): investment/revenue low − high 0.0011
  // [−0.0001, 0.0023] (0.0842 against 0.0831): the right sign, not significant; upgrading per firm-tick is higher with
  // high spillovers (−0.0087 [−0.0107, −0.0068]). The leakage a firm observes (its lagging readers' catch-up) moves
  // little with the spillover rate, since spillovers are a small part of learning, and most firm-ticks are
  // finance-bound, so the horizon does not set spending (review, ODD §7.3b). The knockout (outside option off:
  // −0.0007 [−0.0019, 0.0004]) is printed, not asserted: a knockout of a pattern that does not hold has nothing to
  // remove.
  // FAILS again since the review's fixes of 2026-12-07 (mean switching cost without in-house links, with sunk
  // investment; brand sales from active buyers only; reported, not tuned; CHANGELOG, ODD §1): investment/revenue
  // low − high 0.0008 [−0.0003, 0.0019] (0.0820 against 0.0812), the right sign, not significant (on the tree just
  // before: 0.0011 [0.0001, 0.0021]). The line sits on the edge of significance; the trace of line 4b (ODD §1) found
  // the observed leakage counts readers' gains from every source, the planned fix.
  // STILL FAILS, further off, after that fix (ℓ̂ counts only what a reader takes through its tie to the firm; ODD
  // §7.3b, §1; reported, not tuned): investment/revenue low − high −0.0006 [−0.0018, 0.0005] (0.0967 against 0.0973;
  // on 53edfd2 just before: +0.0011 [−0.0000, 0.0022], 0.0828 against 0.0817); upgrading per firm-tick −0.0094
  // [−0.0113, −0.0074]; knockout −0.0011 [−0.0022, −0.0000] (holds, unchanged). The leakage part of the contrast
  // (base − knockout) fell from +0.0022 to +0.0005. Measured (diagnostic, 10 seeds): the pure leak rate through ties,
  // s/gap, is 0.0002 (low) against 0.0018 (high), beside r + δ + χ of several hundredths; mean ℓ̂ 0.0021 against
  // 0.0025 (0.03 before the fix). With ℓ̂ the pure leak rate (no netting; a patched copy, not adopted) the line gives
  // −0.0001 [−0.0013, 0.0012]: the tie channel is too small to move the horizon much (ODD §1).
  it.fails('line 4: firms invest less per unit of revenue with high spillovers than with low', () => {
    expect(base.inv.lo, `investment low − high ${fmt(base.inv)}`).toBeGreaterThan(0);
  });

  it('line 4 knockout: with leakage out of the horizon (outside option off), higher spillovers do not lower investment', () => {
    expect(knock.inv.lo, `knockout investment low − high ${fmt(knock.inv)}`).toBeLessThanOrEqual(0);
  });
});
