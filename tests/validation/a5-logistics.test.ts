// Issue 9 acceptance line 5 (MODEL.md §8 "Markets and money"; Kaplinsky 2015
// §3d: joint action in logistics): logistics joint action reaches buyers. It
// raises the cluster's order volume against no joint action, through buyers'
// landed cost.
//
// Statistic, fixed before the runs (fixture a5-logistics.yaml: two alike
// clusters of 80 firms, the district with a logistics programme, 30 ticks, 30
// paired seeds): the district's `export_units` summed over ticks 5–30,
// switches.joint_logistics on − off; the rival's is printed. Channel: members'
// freight × (1 − logistics_saving) lowers their landed cost, which raises the
// surplus they offer buyers (sourcing, the outside option, order shifting).
// Members pay dues (joint_action.contribution × revenue) and join only if the
// freight they save exceeds them (joint-action.ts).
// Knockout (upstream of the buyers' choice; jam2, 2026-12-07): switches.logistics_landed
// off — members still join, pay dues and pay less freight (their margin), but the
// landed cost buyers compare in sourcing and bargaining ignores the saving. The old
// knockout (production.logistics_cost 0) removed the treatment: nobody joined, both
// arms identical, 0.0 [0.0, 0.0].
//
// Measured when the test was written (30 seeds, 1000–1029): district export
// units on − off 264.9 [21.2, 508.6] on 33,230 (+0.8%), knockout 43.1 [−6.0,
// 92.1]. After the joint-action mend (dues, participation): 49.0 [−99.1,
// 197.1] on 32,888, rival −53.7 [−202.1, 94.7]; knockout 0.0 [0.0, 0.0]. The
// main statistic fails and is re-marked it.fails, not tuned. jam2 (trust on members
// against non-members and on dues kept, defection): 56.4 [−94.6, 207.4] before (main
// 6c3cf71), −26.6 [−179.1, 126.0] after on 33,013; rival 46.9 [−104.7, 198.5];
// knockout (landed cost blind to the saving) 44.9 [−153.7, 243.4]. After the programme was
// rescaled (S3: P 0.07 instead of 0.52, the budget pays half the dues): −59.9 [−155.5, 35.7];
// knockout −59.9 [−174.2, 54.4]. With buyers' final demand answering price (final-demand.ts): 106.7 [−65.0, 278.3] on
// 35,033 (89.9 [−77.8, 257.5] just before, on 53edfd2); knockout 125.1 [−25.8, 275.9].
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { SEEDS, mapAsync, pairedCI, runOnce, scenario, type CI } from './ensemble.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/a5-logistics.yaml', import.meta.url));
const fmt = (ci: CI): string => `${ci.diff.toFixed(1)} [${ci.lo.toFixed(1)}, ${ci.hi.toFixed(1)}]`;
const FROM = 5;
const seeds = SEEDS(30);

function run(sets: string[], seed: number): { district: number; rival: number } {
  const { rows } = runOnce(scenario(FIXTURE, sets), seed, { events: false });
  let district = 0;
  let rival = 0;
  for (const r of rows) {
    if ((r.tick as number) < FROM) continue;
    if (r.cluster === 'district') district += r.export_units as number;
    else rival += r.export_units as number;
  }
  return { district, rival };
}

async function contrast(sets: string[]): Promise<{ district: CI; rival: CI; mean: number }> {
  const on = await mapAsync(seeds, (s) => run(sets, s));
  const off = await mapAsync(seeds, (s) => run([...sets, 'params.switches.joint_logistics=false'], s));
  return {
    district: pairedCI(
      on.map((r) => r.district),
      off.map((r) => r.district),
    ),
    rival: pairedCI(
      on.map((r) => r.rival),
      off.map((r) => r.rival),
    ),
    mean: off.reduce((a, r) => a + r.district, 0) / off.length,
  };
}

describe('Issue 9 line 5 (Kaplinsky 2015 §3d): logistics joint action reaches buyers', () => {
  let base: Awaited<ReturnType<typeof contrast>>;
  let knock: Awaited<ReturnType<typeof contrast>>;
  beforeAll(async () => {
    base = await contrast([]);
    knock = await contrast(['params.switches.logistics_landed=false']);
    console.info(
      `A5 ticks ${FROM}–30, joint logistics on − off: district export units ${fmt(base.district)} (off ${base.mean.toFixed(0)}), rival ${fmt(base.rival)}; ` +
        `knockout (buyers' landed cost blind to the saving): district ${fmt(knock.district)}`,
    );
  });

  // Fails (2026-12-07, after members pay dues and join only if their freight saving covers them): district export
  // units on − off 49.0 [-99.1, 197.1] on 32,888; after jam2 -26.6 [-179.1, 126.0] on 33,013. Re-marked, not tuned
  // (CHANGELOG, ODD §1).
  it.fails('line 5: logistics joint action raises the cluster’s order volume', () => {
    expect(base.district.lo, `district export units on − off ${fmt(base.district)}`).toBeGreaterThan(0);
  });

  it('line 5 knockout: when buyers’ landed cost does not see the saving, logistics joint action does not raise order volume', () => {
    expect(knock.district.lo, `knockout ${fmt(knock.district)}`).toBeLessThanOrEqual(0);
  });
});
