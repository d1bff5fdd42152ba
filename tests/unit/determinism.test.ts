// Reproducibility: same seed -> byte-identical outputs; verify detects a changed byte
// (issue 2, acceptance 2 and 4).
import { readFileSync, writeFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { cli, tempDir, ROOT } from '../helpers.js';

async function run(seed: number, out: string, extra: string[] = []): Promise<void> {
  const r = await cli(['run', 'scenarios/baseline.yaml', '--seed', String(seed), '--ticks', '30', '--out', out, '--quiet', ...extra]);
  // only the warnings that --ticks 30 leaves the baseline's later schedules (entrant at 30, co-operation at 40) out
  expect(r.stderr.split('\n').filter((l) => l && !/^gvcsim: warning: .*after the horizon/.test(l))).toEqual([]);
  expect(r.code).toBe(0);
}

describe('determinism', () => {
  const dir = tempDir();
  const a = join(dir, 'a');
  const b = join(dir, 'b');
  const c = join(dir, 'c');
  beforeAll(async () => {
    await Promise.all([run(11, a, ['--firms']), run(11, b, ['--firms']), run(12, c, ['--firms'])]);
  });

  it('two runs with the same seed give byte-identical ticks.csv, events.csv and firms.csv', async () => {
    for (const f of ['ticks.csv', 'events.csv', 'firms.csv']) {
      expect(readFileSync(join(a, f)).equals(readFileSync(join(b, f)))).toBe(true);
    }
    const ma = JSON.parse(readFileSync(join(a, 'manifest.json'), 'utf8'));
    const mb = JSON.parse(readFileSync(join(b, 'manifest.json'), 'utf8'));
    expect(ma.outputs).toEqual(mb.outputs);
  });

  it('a different seed gives different ticks.csv and events.csv', async () => {
    for (const f of ['ticks.csv', 'events.csv']) {
      expect(readFileSync(join(a, f)).equals(readFileSync(join(c, f)))).toBe(false);
    }
  });

  it('the manifest records version, scenario and its sha256, resolved parameters, seed, Node version and output hashes', async () => {
    const m = JSON.parse(readFileSync(join(a, 'manifest.json'), 'utf8'));
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
    expect(m.gvcsim).toBe(pkg.version);
    expect(m.scenario.file).toBe('scenarios/baseline.yaml');
    expect(m.scenario.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(m.seed).toBe(11);
    expect(m.ticks).toBe(30);
    expect(m.node).toBe(process.version);
    expect(m.resolved.params.learning.depreciation).toBeTypeOf('number');
    expect(Object.keys(m.outputs).sort()).toEqual(['events.csv', 'firms.csv', 'ticks.csv']);
  });

  it('verify passes on a run folder', async () => {
    const v = await cli(['verify', a]);
    expect(v.stdout).toMatch(/verified/);
    expect(v.code).toBe(0);
  });

  it('verify fails with exit 1, naming ticks.csv, after one byte of it changes', async () => {
    const p = join(b, 'ticks.csv');
    const bytes = readFileSync(p);
    const k = bytes.length - 3; // a digit near the end of the last row
    bytes[k] = bytes[k] === 0x31 ? 0x32 : 0x31;
    writeFileSync(p, bytes);
    const v = await cli(['verify', b]);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/DIFFERS\s+ticks\.csv/);
    expect(v.stdout).toMatch(/same\s+events\.csv/);
  });

  it('verify on a folder without a manifest is bad input (exit 2)', async () => {
    expect((await cli(['verify', dir])).code).toBe(2);
  });

  it('events.csv holds upgrading events with the documented columns', async () => {
    const lines = readFileSync(join(a, 'events.csv'), 'utf8').trim().split('\n');
    expect(lines[0]).toBe('tick,cluster,firm,buyer,kind,detail');
    const kinds = new Set(lines.slice(1).map((l) => l.split(',')[4]));
    for (const k of ['upg_process', 'upg_product', 'upg_functional']) expect(kinds.has(k)).toBe(true);
  });

  it('every row names a life-cycle stage, and statistics of an empty measure are empty, not zero', async () => {
    const [head, ...rows] = readFileSync(join(a, 'ticks.csv'), 'utf8').trim().split('\n');
    const cols = head.split(',');
    for (const r of rows) {
      const v = r.split(',');
      // a cluster that has not arrived yet has no stage and no firms
      if (v[cols.indexOf('firms')] === '0') expect(v[cols.indexOf('stage')]).toBe('');
      else expect(['emergence', 'growth', 'sustainment', 'decline', 'renewal']).toContain(v[cols.indexOf('stage')]);
    }
    // tick 0 has no links yet: governance shares are undefined, so empty
    expect(rows[0].split(',')[cols.indexOf('gov_captive')]).toBe('');
    expect(readdirSync(dir).sort()).toEqual(['a', 'b', 'c']);
  });
});
