// Issue 9 acceptance line 4, second half (MODEL.md §8 "Markets and money";
// Kaplinsky 2015 §3d: joint action in learning; Humphrey & Schmitz 2000 §4.1):
// joint action in learning raises investment and upgrading. The first half
// (leakage lowers investment) is a4-leakage.test.ts.
//
// Classification (GVC-scholar review, 2026-12-07, and its mend): joint
// learning is now pooled catch-up toward the co-members' best practice, paid
// by dues (money.ts) and joined by a participation decision (joint-action.ts);
// the written rule that co-members' catch-up is not leakage is gone. No rule
// writes upgrading events or investment, so both halves are pattern tests.
//
// Statistics, fixed before the runs (fixture a4b-joint-learning.yaml: one
// cluster of 100 firms with a learning programme, 30 ticks, 30 paired seeds):
// the cluster's `investment` (Σ effort × revenue / Σ revenue) averaged over
// ticks 5–30, and upgrading events per firm-tick over the same ticks, each
// switches.joint_learning on − off. Channels: members catch up toward the
// group's best practice (learning term J, × g × A); investment sees leakage
// only through readers' ties, so the pool's catch-up is not leakage, net of
// the firm's own gain (investment.ts). Knockouts, one channel each,
// upstream: no capability spread at the start (nothing to catch up to) for
// upgrading; leakage out of the horizon (switches.outside_option off) for
// investment.
//
// jam2 (review of the joint-action mend, 2026-12-07): trust has two stocks (Kaplinsky 2015 §3a) and moves on
// members' outcome against non-members' and on dues kept; members may defect. The trust-0 knockout removed the
// treatment itself (both arms identical, 0 [0, 0]); it is replaced by removing the capability spread at the start
// (capability.sd 0, no lead or large premium; overrides of the knockout arm only). Measured (30 seeds): upgrading
// on − off 0.0190 [0.0161, 0.0219]; knockout no spread 0.0056 [0.0040, 0.0072] (it.fails: partial); investment
// −0.0027 [−0.0039, −0.0016] (it.fails), knockout outside option off +0.0027 [0.0018, 0.0037] (it.fails).
// After the programme was rescaled (review S3: coordination in units of the association, P = 0.07 instead of 0.52,
// and the budget pays half the dues): upgrading 0.0054 [0.0035, 0.0073] (holds); knockout no spread 0.0020
// [0.0007, 0.0032] (it.fails); investment −0.0004 [−0.0010, 0.0001] (it.fails); knockout +0.0013 [0.0007, 0.0019]
// (it.fails).
// On 53edfd2 (jam2 merged): upgrading 0.0058 [0.0036, 0.0080]; knockout no spread 0.0023 [0.0010, 0.0035];
// investment −0.0003 [−0.0009, 0.0002]; knockout +0.0012 [0.0006, 0.0018]. After the observed leakage counts only
// what a reader takes through its tie to the firm (investment.ts; ODD §7.3b): upgrading 0.0083 [0.0062, 0.0105]
// (holds); knockout no spread 0.0033 [0.0020, 0.0045] (it.fails); investment +0.0011 [0.0004, 0.0017] (holds,
// un-marked); knockout +0.0012 [0.0006, 0.0018] (it.fails).
// Before jam2, on main 6c3cf71: upgrading 0.0192 [0.0159, 0.0225], knockout trust 0 0.0000 [0.0000, 0.0000];
// investment −0.0030 [−0.0039, −0.0021], knockout +0.0023 [0.0014, 0.0032].
//
// Measured after the mend (30 seeds, 1000–1029): upgrading on − off 0.0190
// [0.0156, 0.0224], knockout trust 0 0.0000 [0.0000, 0.0000]; investment on −
// off −0.0032 [−0.0040, −0.0023] (fails), knockout outside option off +0.0023
// [0.0014, 0.0032] (fails). Before the mend (free J and the exemption):
// investment +0.0015 [0.0002, 0.0027], upgrading +0.0176 [0.0143, 0.0210].
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { SEEDS, mapAsync, pairedCI, runOnce, scenario, type CI } from './ensemble.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/a4b-joint-learning.yaml', import.meta.url));
const fmt = (ci: CI): string => `${ci.diff.toFixed(4)} [${ci.lo.toFixed(4)}, ${ci.hi.toFixed(4)}]`;
const FROM = 5;
const seeds = SEEDS(30);
// one channel per knockout, each upstream: no capability spread at the start (every firm starts at the cluster's
// mean, no lead or large premium), so catch-up has nothing to act on unless buyers and investment create a spread
// (upgrading; trust 0 would remove the treatment itself: both arms identical); leakage out of the horizon, so
// internalising it cannot lengthen it (investment)
const KNOCK_TRUST = ['world.clusters.0.capability.sd=0', 'params.lead_firms.premium=0', 'params.lead_firms.premium_large=0'];
const KNOCK_LEAK = ['params.switches.outside_option=false'];

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

async function contrast(sets: string[]): Promise<{ inv: CI; upg: CI }> {
  const on = await mapAsync(seeds, (s) => run(sets, s));
  const off = await mapAsync(seeds, (s) => run([...sets, 'params.switches.joint_learning=false'], s));
  const ci = (k: keyof Run) =>
    pairedCI(
      on.map((r) => r[k]),
      off.map((r) => r[k]),
    );
  return { inv: ci('investment'), upg: ci('upgrading') };
}

describe('Issue 9 line 4b (Kaplinsky 2015 §3d): joint action in learning raises investment and upgrading', () => {
  let base: Awaited<ReturnType<typeof contrast>>;
  let trust0: Awaited<ReturnType<typeof contrast>>;
  let leak0: Awaited<ReturnType<typeof contrast>>;
  beforeAll(async () => {
    base = await contrast([]);
    trust0 = await contrast(KNOCK_TRUST);
    leak0 = await contrast(KNOCK_LEAK);
    console.info(
      `A4b ticks ${FROM}–30, joint learning on − off: investment/revenue ${fmt(base.inv)}; upgrading per firm-tick ${fmt(base.upg)}; ` +
        `knockout no spread: upgrading ${fmt(trust0.upg)}; knockout outside option off: investment ${fmt(leak0.inv)}`,
    );
  });

  it('line 4b: joint learning raises upgrading', () => {
    expect(base.upg.lo, `upgrading on − off ${fmt(base.upg)}`).toBeGreaterThan(0);
  });

  // Fails (2026-12-07, jam2: the knockout no longer removes the treatment): with every firm starting at the cluster's
  // mean, joint learning still raises upgrading, 0.0056 [0.0040, 0.0072] (against 0.0190 with the spread; after the
  // programme's rescaling, S3, 0.0020 [0.0007, 0.0032] against 0.0054; after the leakage fix 0.0033 [0.0020, 0.0045]
  // against 0.0083 [0.0062, 0.0105]): buyers'
  // transfer and own investment re-create a spread within a few ticks, and projects form on it. A partial knockout;
  // re-marked, not tuned (CHANGELOG, ODD §1).
  it.fails('line 4b knockout: without a capability spread at the start, joint learning no longer raises upgrading', () => {
    expect(trust0.upg.lo, `knockout upgrading on − off ${fmt(trust0.upg)}`).toBeLessThanOrEqual(0);
  });

  // HOLDS since the observed leakage counts only what a reader takes through its tie to the firm (investment.ts,
  // ODD §7.3b; un-marked, not tuned; CHANGELOG, ODD §1): investment on − off +0.0011 [0.0004, 0.0017] (on 53edfd2,
  // before the fix: −0.0003 [−0.0009, 0.0002]). It failed since 2026-12-07, when joint learning became pooled
  // catch-up with dues and the leakage exemption was removed (−0.0032 [−0.0040, −0.0023]): co-members' pooled
  // catch-up read as leakage on the leaders.
  it('line 4b: joint learning raises investment', () => {
    expect(base.inv.lo, `investment on − off ${fmt(base.inv)}`).toBeGreaterThan(0);
  });

  // Fails (2026-12-07): with leakage out of the horizon joint learning raises investment, 0.0023 [0.0014, 0.0032] —
  // so leakage is not the channel; re-marked, not tuned (CHANGELOG, ODD §1). Still fails after the leakage fix:
  // +0.0012 [0.0006, 0.0018] (unchanged: the fix acts through ℓ̂ only), against +0.0011 [0.0004, 0.0017] with
  // leakage in: the rise does not come through internalised leakage; the fix removed the spurious leakage the pool made.
  // HOLDS (2026-12-07, joint action's third mend: matched means, binding membership, κ against its norm; not tuned; CHANGELOG, ODD §1): investment on − off with leakage out of the horizon 0.0005
  // [−0.0001, 0.0012] (main 0.0007 [0.0001, 0.0012]); un-marked. The main effect is small, so the knockout is weak evidence.
  it('line 4b knockout: with leakage out of the horizon, joint learning no longer raises investment', () => {
    expect(leak0.inv.lo, `knockout investment on − off ${fmt(leak0.inv)}`).toBeLessThanOrEqual(0);
  });
});
