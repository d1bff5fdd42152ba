// Sweeps (issue 8): the same runs.csv whatever the worker count or shard split,
// resumable after SIGKILL at any moment, outcomes that agree with ticks.csv,
// and bad experiment files refused with the field named.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { runSeed } from '../../src/experiment/plan.js';
import { loadExperiment } from '../../src/experiment/load.js';
import { sweep } from '../../src/experiment/sweep.js';
import { CLI, ROOT, cli, snapshot, tempDir } from '../helpers.js';

const BASELINE = join(ROOT, 'scenarios', 'baseline.yaml');

/** A small experiment: 6 LHS points × 2 variants × 2 replicates = 24 runs of 12 ticks. */
function smallExperiment(dir: string, patch: (e: Record<string, any>) => void = () => {}): string {
  const e: Record<string, any> = {
    name: 'small',
    scenario: BASELINE,
    variants: ['', 'no-entrant'],
    seed: 5,
    ticks: 12,
    replicates: 2,
    factors: [
      { path: 'params.learning.depreciation', range: [0.005, 0.04] },
      { path: 'params.governance.clamp', choices: ['none', 'captive'] },
    ],
    design: { kind: 'lhs', samples: 6 },
    outcomes: [
      { name: 'cap', column: 'cap_process', cluster: 'valley', stat: 'mean' },
      { name: 'cap_end', column: 'cap_process', cluster: 'valley', stat: 'at', at: 12 },
      { name: 'exits', event: 'exit', stat: 'sum' },
      { name: 'first_upg', column: 'upg_process', cluster: 'valley', stat: 'first', op: '>=', value: 3 },
    ],
  };
  patch(e);
  const file = join(dir, 'small.yaml');
  writeFileSync(file, stringify(e));
  return file;
}

function start(args: string[], cwd: string) {
  const p = spawn(process.execPath, [CLI, ...args], { cwd, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  p.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; stderr: string }>((resolve) => p.on('close', (code) => resolve({ code, stderr })));
  return { p, done };
}
const lines = (path: string) => (existsSync(path) ? readFileSync(path, 'utf8').split('\n').filter(Boolean).length : 0);

describe('sweep: results do not depend on workers or shards', () => {
  it('--workers 1, --workers 2 and three merged shards give byte-identical runs.csv and summary.csv', async () => {
    const dir = tempDir();
    const exp = smallExperiment(dir);
    expect((await cli(['sweep', exp, '--workers', '1', '--out', 'w1', '--quiet'], dir)).code).toBe(0);
    expect((await cli(['sweep', exp, '--workers', '2', '--out', 'w2', '--quiet'], dir)).code).toBe(0);
    for (const i of [0, 1, 2]) expect((await cli(['sweep', exp, '--workers', '1', '--shard', `${i}/3`, '--out', `s${i}`, '--quiet'], dir)).code).toBe(0);
    const m = await cli(['merge', 's0', 's1', 's2', '--out', 'merged', '--quiet'], dir);
    expect(m.code, m.stderr).toBe(0);
    const w1 = readFileSync(join(dir, 'w1', 'runs.csv'));
    expect(w1.toString().trim().split('\n')).toHaveLength(1 + 24);
    expect(readFileSync(join(dir, 'w2', 'runs.csv')).equals(w1)).toBe(true);
    expect(readFileSync(join(dir, 'merged', 'runs.csv')).equals(w1)).toBe(true);
    expect(readFileSync(join(dir, 'merged', 'summary.csv')).equals(readFileSync(join(dir, 'w1', 'summary.csv')))).toBe(true);
    // the library gives the same rows
    const lib = await sweep(loadExperiment(exp), { workers: 1 });
    expect(lib.runs).toHaveLength(24);
    const header = w1.toString().split('\n')[0].split(',');
    expect(Object.keys(lib.runs[0])).toEqual(header);
    // verify re-runs a sweep folder (and a merged one) and catches an edited table
    expect((await cli(['verify', 'w1', '--workers', '2'], dir)).code).toBe(0);
    expect((await cli(['verify', 'merged'], dir)).stdout).toMatch(/verified: merged reproduces exactly/);
    writeFileSync(join(dir, 'w2', 'runs.csv'), readFileSync(join(dir, 'w2', 'runs.csv'), 'utf8').replace(/,0\.(\d)/, ',0.9$1'));
    const v = await cli(['verify', 'w2'], dir);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/DIFFERS\s+runs\.csv/);
    // a shard's share is the runs with r mod 3 = i
    const s1 = readFileSync(join(dir, 's1', 'runs.csv'), 'utf8').trim().split('\n').slice(1).map((l) => Number(l.split(',')[0]));
    expect(s1.every((r) => r % 3 === 1)).toBe(true);
  });

  it('merge refuses missing and duplicated shards, and shards of another experiment', async () => {
    const dir = tempDir();
    const exp = smallExperiment(dir);
    for (const i of [0, 1]) expect((await cli(['sweep', exp, '--workers', '1', '--shard', `${i}/2`, '--out', `s${i}`, '--quiet'], dir)).code).toBe(0);
    const missing = await cli(['merge', 's0', '--out', 'm'], dir);
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/12 of 24 runs are missing .*\(2 in all\)/);
    const dup = await cli(['merge', 's0', 's0', 's1', '--out', 'm'], dir);
    expect(dup.code).toBe(2);
    expect(dup.stderr).toMatch(/shard 0 is also in s0/);
    const other = smallExperiment(join(dir), (e) => (e.seed = 6));
    expect((await cli(['sweep', other, '--workers', '1', '--shard', '1/2', '--out', 'o1', '--quiet'], dir)).code).toBe(0);
    const mixed = await cli(['merge', 's0', 'o1', '--out', 'm'], dir);
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toMatch(/o1: a shard of another experiment/);
    expect(existsSync(join(dir, 'm'))).toBe(false);
  });

  it('run seeds are a hash of (experiment seed, design point, replicate): the same in every variant', () => {
    expect(runSeed(5, 0, 0)).toBe(runSeed(5, 0, 0));
    expect(runSeed(5, 0, 1)).not.toBe(runSeed(5, 0, 0));
    expect(runSeed(5, 1, 0)).not.toBe(runSeed(5, 0, 0));
    expect(runSeed(6, 0, 0)).not.toBe(runSeed(5, 0, 0));
  });
});

describe('sweep: resume after SIGKILL', () => {
  it('killed at three points (and with a torn journal line), the same command ends with exactly the runs of an uninterrupted sweep', async () => {
    const dir = tempDir();
    const exp = smallExperiment(dir, (e) => {
      e.ticks = 30;
      e.design.samples = 10;
    });
    expect((await cli(['sweep', exp, '--workers', '2', '--out', 'full', '--quiet'], dir)).code).toBe(0);
    const journal = join(dir, 'k', 'journal.jsonl');
    for (const at of [2, 11, 23]) {
      const s = start(['sweep', exp, '--workers', '2', '--out', 'k', '--quiet'], dir);
      const t0 = Date.now();
      while (lines(journal) < at && Date.now() - t0 < 120_000) await new Promise((r) => setTimeout(r, 5));
      s.p.kill('SIGKILL');
      await s.done;
      expect(existsSync(join(dir, 'k', 'manifest.json'))).toBe(false);
    }
    const before = lines(journal);
    expect(before).toBeGreaterThanOrEqual(23);
    appendFileSync(journal, '{"run":3,"out":[0.1,'); // a torn last line, as a kill mid-write leaves
    const r = await cli(['sweep', exp, '--workers', '2', '--out', 'k'], dir);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toMatch(new RegExp(`${before} done before, ${40 - before} to go`));
    expect(readFileSync(join(dir, 'k', 'runs.csv')).equals(readFileSync(join(dir, 'full', 'runs.csv')))).toBe(true);
    expect(readdirSync(join(dir, 'k')).sort()).toEqual(['manifest.json', 'runs.csv', 'summary.csv']);
    expect(readdirSync(dir).filter((n) => n.startsWith('.gvcsim-'))).toEqual([]);
    // again: complete, nothing to do
    const again = await cli(['sweep', exp, '--out', 'k'], dir);
    expect(again.code).toBe(0);
    expect(again.stderr).toMatch(/already holds this sweep, complete/);
  });
  it('a folder of another sweep in progress, or of user files, is refused and kept', async () => {
    const dir = tempDir();
    const exp = smallExperiment(dir);
    mkdirSync(join(dir, 'mine'));
    writeFileSync(join(dir, 'mine', 'data.csv'), 'x');
    const before = snapshot(dir);
    const r = await cli(['sweep', exp, '--out', 'mine', '--force'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/mine: holds 'data\.csv', which no gvcsim sweep writes/);
    expect(snapshot(dir)).toEqual(before);
  });
  it('--force over a completed sweep keeps a table edited since, and a file that only looks like a gvcsim temporary', async () => {
    const dir = tempDir();
    const exp = smallExperiment(dir, (e) => (e.design.samples = 2));
    expect((await cli(['sweep', exp, '--workers', '1', '--out', 'done', '--quiet'], dir)).code).toBe(0);
    const other = smallExperiment(dir, (e) => ((e.design.samples = 2), (e.seed = 9)));
    writeFileSync(join(dir, 'done', 'summary.csv'), 'my notes on the summary');
    const before = snapshot(dir);
    const a = await cli(['sweep', other, '--workers', '1', '--out', 'done', '--force'], dir);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/done: --force replaces only a sweep gvcsim wrote, and 'summary\.csv' changed since/);
    expect(snapshot(dir)).toEqual(before);
    mkdirSync(join(dir, 'progress'));
    writeFileSync(join(dir, 'progress', '.gvcsim-notes'), 'mine');
    const b = await cli(['sweep', other, '--workers', '1', '--out', 'progress', '--force'], dir);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/progress: holds '\.gvcsim-notes', which no gvcsim sweep writes/);
    expect(readFileSync(join(dir, 'progress', '.gvcsim-notes'), 'utf8')).toBe('mine');
  });
});

describe('sweep outcomes agree with ticks.csv and events.csv (wiring)', () => {
  it("a run's outcomes are the statistics of the same run written by gvcsim run", async () => {
    const dir = tempDir();
    const exp = smallExperiment(dir, (e) => {
      e.variants = [''];
      e.factors = [];
      e.design = { kind: 'factorial' };
      e.replicates = 1;
      e.outcomes.push({ name: 'exit_rate', event: 'exit', cluster: 'valley', per_firm: true, stat: 'sum' });
    });
    expect((await cli(['sweep', exp, '--workers', '1', '--out', 'sw', '--quiet'], dir)).code).toBe(0);
    const [head, row] = readFileSync(join(dir, 'sw', 'runs.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    const get = (c: string) => row[head.indexOf(c)];
    const seed = Number(get('seed'));
    expect(seed).toBe(runSeed(5, 0, 0));
    expect((await cli(['run', BASELINE, '--seed', String(seed), '--ticks', '12', '--out', 'run', '--quiet'], dir)).code).toBe(0);
    const [th, ...trows] = readFileSync(join(dir, 'run', 'ticks.csv'), 'utf8').trim().split('\n').map((l) => l.split(','));
    const valley = trows.filter((r) => r[th.indexOf('cluster')] === 'valley');
    const cap = valley.map((r) => Number(r[th.indexOf('cap_process')]));
    expect(Number(get('cap'))).toBeCloseTo(cap.reduce((a, b) => a + b, 0) / cap.length, 12);
    expect(Number(get('cap_end'))).toBe(cap[12]);
    const upg = valley.map((r) => Number(r[th.indexOf('upg_process')]));
    const first = upg.findIndex((x) => x >= 3);
    expect(get('first_upg')).toBe(first >= 0 ? String(first) : '');
    const events = readFileSync(join(dir, 'run', 'events.csv'), 'utf8').trim().split('\n').slice(1);
    expect(Number(get('exits'))).toBe(events.filter((l) => l.split(',')[4] === 'exit').length);
    // per firm: each tick's valley exits over its live firms (ticks.csv's firms), summed
    const rate = valley.slice(1).reduce((a, r) => a + Number(r[th.indexOf('exits')]) / Number(r[th.indexOf('firms')]), 0);
    expect(Number(get('exit_rate'))).toBeCloseTo(rate, 12);
  });
});

describe('bad experiment files: exit 2, the field named, nothing written', () => {
  const bad: [string, (e: Record<string, any>) => void, RegExp][] = [
    ['no scenario', (e) => delete e.scenario, /small\.yaml: scenario: expected a scenario path/],
    ['a scenario that does not exist', (e) => (e.scenario = 'nope.yaml'), /small\.yaml: scenario: the base scenario does not load: .*nope\.yaml: cannot read/],
    ['an unknown variant', (e) => (e.variants = ['nope']), /small\.yaml: variants\[0\]: expected a variant of baseline \(no-entrant\)/],
    ['an unknown field', (e) => (e.colour = 1), /small\.yaml: colour: expected one of the known fields/],
    ['no outcomes', (e) => (e.outcomes = []), /small\.yaml: outcomes: expected a list of at least 1/],
    ['a factor path that is no field', (e) => (e.factors[0].path = 'params.learning.nope'), /small\.yaml: factors\[0\]\.path: expected a field of the scenario format/],
    ['a factor with two ways to give levels', (e) => (e.factors[0].values = [0.1]), /small\.yaml: factors\[0\]: expected exactly one of values, choices, range/],
    ['a range out of the parameter range', (e) => (e.factors[0].range = [0.01, 5]), /small\.yaml: factors\[0\]: the level 5 of params\.learning\.depreciation gives an invalid scenario: .*params\.learning\.depreciation: expected a number in \[0, 1\]/],
    ['a choice that is no mode', (e) => (e.factors[1].choices = ['none', 'feudal']), /small\.yaml: factors\[1\]: the level "feudal" of params\.governance\.clamp gives an invalid scenario/],
    ['a reversed range', (e) => (e.factors[0].range = [0.04, 0.01]), /small\.yaml: factors\[0\]\.range: expected lo ≤ hi/],
    ['a factorial design over a range', (e) => (e.design = { kind: 'factorial' }), /small\.yaml: factors\[0\]: expected values or choices: a factorial design/],
    ['an odd Morris grid', (e) => (e.design = { kind: 'morris', levels: 5 }), /small\.yaml: design\.levels: expected an even number of grid levels, got 5/],
    ['an outcome of an unknown column', (e) => (e.outcomes[0].column = 'colour'), /small\.yaml: outcomes\[0\]\.column: expected one of/],
    ['an outcome of an unknown cluster', (e) => (e.outcomes[0].cluster = 'atlantis'), /small\.yaml: outcomes\[0\]\.cluster: expected the id of a cluster/],
    ['an outcome with column and event', (e) => (e.outcomes[0].event = 'exit'), /small\.yaml: outcomes\[0\]: expected exactly one of column .* or event/],
    ['an unknown event kind', (e) => (e.outcomes[2].event = 'explosion'), /small\.yaml: outcomes\[2\]\.event: expected an event kind/],
    ['a duplicate outcome name', (e) => (e.outcomes[1].name = 'cap'), /small\.yaml: outcomes\[1\]\.name: expected a column name not used yet/],
    ['an outcome named like a reserved column', (e) => (e.outcomes[0].name = 'seed'), /small\.yaml: outcomes\[0\]\.name: expected a column name not used yet/],
    ['a window beyond the horizon', (e) => (e.outcomes[0].from = 50), /small\.yaml: outcomes\[0\]\.from: expected a tick at or before to|small\.yaml: outcomes\[0\]\.from: expected a tick within the horizon \(12\)/],
    ['a design file that is missing', (e) => (e.design = { kind: 'file', file: 'points.csv' }), /small\.yaml: design\.file: cannot read points\.csv/],
    ['zero replicates', (e) => (e.replicates = 0), /small\.yaml: replicates: expected an integer in \[1, 100000\]/],
  ];
  for (const [what, patch, msg] of bad) {
    it(what, async () => {
      const dir = tempDir();
      smallExperiment(dir, patch);
      const before = snapshot(dir);
      const r = await cli(['sweep', 'small.yaml', '--out', 'out', '--quiet'], dir);
      expect(r.code, r.stderr).toBe(2);
      const errors = r.stderr.split('\n').filter((l) => l.startsWith('gvcsim: error: '));
      expect(errors).toHaveLength(1);
      expect(errors[0]).toMatch(msg);
      expect(r.stderr).not.toMatch(/\n\s+at /);
      expect(snapshot(dir)).toEqual(before);
    });
  }
  it('bad --shard and scheduler variables are refused', async () => {
    const dir = tempDir();
    smallExperiment(dir);
    expect((await cli(['sweep', 'small.yaml', '--shard', '3/3'], dir)).stderr).toMatch(/--shard: expected a shard i\/n with 0 ≤ i < n, got 3\/3/);
    expect((await cli(['sweep', 'small.yaml', '--shard', 'x'], dir)).stderr).toMatch(/--shard: expected i\/n/);
    const k8s = await cli(['sweep', 'small.yaml'], dir, { JOB_COMPLETION_INDEX: '1' });
    expect(k8s.code).toBe(2);
    expect(k8s.stderr).toMatch(/JOB_COMPLETION_INDEX is set: add --shards n/);
    const gapped = await cli(['sweep', 'small.yaml'], dir, { SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '2', SLURM_ARRAY_TASK_MIN: '2', SLURM_ARRAY_TASK_MAX: '5' });
    expect(gapped.code).toBe(2);
    expect(gapped.stderr).toMatch(/SLURM_ARRAY_TASK_\*: expected a contiguous array/);
    expect(readdirSync(dir)).toEqual(['small.yaml']);
  });
});
