// Issue 3, acceptance 3: the shipped baseline exercises the whole model.
// Over the README's horizon (80 quarterly ticks) every governance mode holds
// ≥ 1% of link-ticks, at least three life-cycle stages are visited for at
// least their minimum dwell, and all four upgrading types and some
// downgrading appear in the events.
import { beforeAll, describe, expect, it } from 'vitest';
import { baselineScenario, MODES, STAGES } from '../../src/index.js';
import { mapAsync, runOnce, type RunResult } from './ensemble.js';

const sc = baselineScenario();

function modeShares(r: RunResult): Record<string, number> {
  const tot: Record<string, number> = {};
  let all = 0;
  for (const row of r.rows) {
    const links = row.links as number;
    for (const m of MODES) {
      const v = row[`gov_${m}` as keyof typeof row];
      if (typeof v === 'number') {
        tot[m] = (tot[m] ?? 0) + v * links;
        all += v * links;
      }
    }
  }
  return Object.fromEntries(MODES.map((m) => [m, (tot[m] ?? 0) / all]));
}

/** Stages held for at least the minimum dwell, in any cluster. */
function stagesDwelt(r: RunResult): Set<string> {
  const dwell = sc.params.lifecycle.min_dwell;
  const out = new Set<string>();
  for (const cluster of sc.world.clusters.map((c) => c.id)) {
    let cur = '';
    let len = 0;
    for (const row of r.rows.filter((x) => x.cluster === cluster && x.tick !== 0)) {
      const s = row.stage as string | null;
      if (!s) continue;
      len = s === cur ? len + 1 : 1;
      cur = s;
      if (len >= dwell) out.add(s);
    }
  }
  return out;
}

describe('baseline scenario (issue 3, acceptance 3)', () => {
  let runs: RunResult[] = [];
  beforeAll(async () => {
    runs = await mapAsync([1, 2, 3, 4, 5], (seed) => runOnce(sc, seed));
  });
  it('has at least two chains, two buyer types and an entrant cluster', () => {
    expect(sc.world.chains.length).toBeGreaterThanOrEqual(2);
    expect(new Set(sc.world.buyers.map((b) => b.type)).size).toBeGreaterThanOrEqual(2);
    expect(sc.world.clusters.some((c) => c.arrival > 0 && c.arrival < sc.ticks)).toBe(true);
  });
  it('each of the five governance modes holds at least 1% of link-ticks (default seed and most seeds)', () => {
    const ok = runs.map((r) => MODES.every((m) => modeShares(r)[m] >= 0.01));
    expect(ok[0]).toBe(true);
    expect(ok.filter(Boolean).length).toBeGreaterThanOrEqual(4);
  });
  it('at least three life-cycle stages are visited for their minimum dwell', () => {
    for (const r of runs) {
      const s = stagesDwelt(r);
      for (const x of s) expect(STAGES).toContain(x);
      expect(s.size).toBeGreaterThanOrEqual(3);
    }
  });
  it('all four upgrading types and some downgrading appear in the events', () => {
    for (const r of runs) {
      const kinds = new Set(r.events.map((e) => e.kind));
      for (const k of ['upg_process', 'upg_product', 'upg_functional', 'upg_chain']) expect(kinds.has(k)).toBe(true);
      expect([...kinds].some((k) => k.startsWith('dng_'))).toBe(true);
    }
  });
});
