// Results are never lost (issue 7): --force replaces only what gvcsim wrote, the
// final move never replaces a folder it did not check, racing runs cannot both
// win, signals leave nothing behind, and verify trusts nothing in its manifest.
import { spawn } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { manifestChecksum } from '../../src/output/run.js';
import { CLI, ROOT, cli, snapshot, tempDir } from '../helpers.js';

const BASELINE = join(ROOT, 'scenarios', 'baseline.yaml');
/** A run of a few seconds: the baseline with a bigger valley. */
const SLOW = [BASELINE, '--quiet', '--set', 'world.clusters.0.firms=6000', '--ticks', '40'];

/** Start the CLI in the background; resolves with its exit code and output. */
function start(args: string[], cwd: string, env: Record<string, string> = {}) {
  const p = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  p.stdout.on('data', (d) => (stdout += d));
  p.stderr.on('data', (d) => (stderr += d));
  const done = new Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) =>
    p.on('close', (code, signal) => resolve({ code, signal, stdout, stderr })),
  );
  return { p, done };
}

async function until(cond: () => boolean, ms = 60_000): Promise<void> {
  const t0 = Date.now();
  while (!cond()) {
    if (Date.now() - t0 > ms) throw new Error('timed out waiting');
    await new Promise((r) => setTimeout(r, 20));
  }
}
const gvcsimLeftovers = (dir: string) => readdirSync(dir).filter((n) => n.startsWith('.gvcsim-') || n.startsWith('gvcsim-verify-'));

describe('--force and --out never lose user files', () => {
  it('--force refuses a folder of user files (a thesis), naming the first foreign file, and keeps every file', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'thesis', 'data'), { recursive: true });
    writeFileSync(join(dir, 'thesis', 'chapter1.tex'), 'text');
    writeFileSync(join(dir, 'thesis', 'data', 'survey.csv'), 'a,b');
    const before = snapshot(dir);
    const r = await cli(['run', BASELINE, '--ticks', '2', '--out', 'thesis', '--force', '--quiet'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/thesis: --force replaces only a folder gvcsim wrote, and this one holds 'chapter1\.tex'/);
    expect(snapshot(dir)).toEqual(before);
  });
  it("--out the scenario's own folder, the current folder or an ancestor is refused even with --force", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'scenarios'));
    cpSync(BASELINE, join(dir, 'scenarios', 'baseline.yaml'));
    writeFileSync(join(dir, 'notes.txt'), 'mine');
    const before = snapshot(dir);
    for (const out of ['scenarios', '.', dir, '..', join(dir, 'scenarios', '..')]) {
      const r = await cli(['run', 'scenarios/baseline.yaml', '--ticks', '2', '--out', out, '--force', '--quiet'], dir);
      expect(r.code, out).toBe(2);
      expect(r.stderr, out).toMatch(/cannot be the output folder: it is (an ancestor of )?(the current folder|the scenario's folder)/);
    }
    expect(snapshot(dir)).toEqual(before);
  });
  it('--force replaces the folder of an earlier run, and refuses it once a user file is added', async () => {
    const dir = tempDir();
    expect((await cli(['run', BASELINE, '--ticks', '2', '--out', 'r', '--quiet'], dir)).code).toBe(0);
    const first = readFileSync(join(dir, 'r', 'manifest.json'), 'utf8');
    expect((await cli(['run', BASELINE, '--ticks', '3', '--out', 'r', '--force', '--quiet'], dir)).code).toBe(0);
    expect(readFileSync(join(dir, 'r', 'manifest.json'), 'utf8')).not.toBe(first);
    writeFileSync(join(dir, 'r', 'analysis.R'), 'plot()');
    const before = snapshot(dir);
    const r = await cli(['run', BASELINE, '--ticks', '2', '--out', 'r', '--force', '--quiet'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/'analysis\.R', which no gvcsim run writes/);
    expect(snapshot(dir)).toEqual(before);
    expect(gvcsimLeftovers(dir)).toEqual([]);
  });
});

describe('adversarial findings (issue 7 review): each keeps the user file', () => {
  it('user folders named like gvcsim temporaries are never removed by the stale clean-up', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'gvcsim-verify-x-999999'));
    writeFileSync(join(dir, 'gvcsim-verify-x-999999', 'thesis.tex'), 'precious');
    const host = (await import('node:os')).hostname().replace(/[^A-Za-z0-9_.]/g, '_');
    mkdirSync(join(dir, `.gvcsim-tmp-notes-${host}-999999`));
    writeFileSync(join(dir, `.gvcsim-tmp-notes-${host}-999999`, 'a.txt'), 'mine');
    const before = snapshot(dir);
    expect((await cli(['run', BASELINE, '--ticks', '2', '--out', 'r', '--quiet'], dir)).code).toBe(0);
    const after = snapshot(dir);
    for (const k of Object.keys(before)) expect(after[k], k).toBe(before[k]);
  });
  it('--force refuses a folder whose manifest merely names a version, and a run folder whose csv was edited', async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 's4'));
    writeFileSync(join(dir, 's4', 'manifest.json'), '{"gvcsim":"my-own-notes","important":"data"}');
    writeFileSync(join(dir, 's4', 'events.csv'), 'my,csv');
    expect((await cli(['run', BASELINE, '--ticks', '2', '--out', 'r', '--quiet'], dir)).code).toBe(0);
    writeFileSync(join(dir, 'r', 'events.csv'), 'edited by hand');
    const before = snapshot(dir);
    const a = await cli(['run', BASELINE, '--ticks', '2', '--out', 's4', '--force', '--quiet'], dir);
    expect(a.code).toBe(2);
    expect(a.stderr).toMatch(/a manifest\.json that gvcsim did not write/);
    const b = await cli(['run', BASELINE, '--ticks', '2', '--out', 'r', '--force', '--quiet'], dir);
    expect(b.code).toBe(2);
    expect(b.stderr).toMatch(/'events\.csv', changed since gvcsim wrote it/);
    expect(snapshot(dir)).toEqual(before);
  });
  it('a stale lock found by several runs at once is taken over by one of them only', async () => {
    const dir = tempDir();
    const host = (await import('node:os')).hostname().replace(/[^A-Za-z0-9_.]/g, '_');
    writeFileSync(join(dir, '.gvcsim-lock-out'), JSON.stringify({ pid: 999999, host }));
    const runs = Array.from({ length: 4 }, () => start(['run', ...SLOW, '--out', 'out', '--force'], dir));
    const codes = (await Promise.all(runs.map((r) => r.done))).map((r) => r.code).sort();
    expect(codes).toEqual([0, 2, 2, 2]);
    expect(gvcsimLeftovers(dir)).toEqual([]);
  });
  it('a very long --out name, a trailing slash and x/. work; a symbolic link is refused before the run', async () => {
    const dir = tempDir();
    const long = 'y'.repeat(240);
    expect((await cli(['run', BASELINE, '--ticks', '2', '--out', long, '--quiet'], dir)).code).toBe(0);
    expect((await cli(['run', BASELINE, '--ticks', '2', '--out', 'a/', '--quiet'], dir)).code).toBe(0);
    expect((await cli(['run', BASELINE, '--ticks', '2', '--out', 'a/.', '--force', '--quiet'], dir)).code).toBe(0);
    const { symlinkSync } = await import('node:fs');
    symlinkSync(join(dir, 'a'), join(dir, 'link'));
    const l = await cli(['run', BASELINE, '--ticks', '2', '--out', 'link', '--force', '--quiet'], dir);
    expect(l.code).toBe(2);
    expect(l.stderr).toMatch(/link: is a symbolic link/);
    expect(gvcsimLeftovers(dir)).toEqual([]);
  });
  it("the real folder of a scenario given through a symbolic link is protected", async () => {
    const dir = tempDir();
    mkdirSync(join(dir, 'real'));
    mkdirSync(join(dir, 'links'));
    cpSync(BASELINE, join(dir, 'real', 's.yaml'));
    const { symlinkSync } = await import('node:fs');
    symlinkSync(join(dir, 'real', 's.yaml'), join(dir, 'links', 's.yaml'));
    const r = await cli(['run', 'links/s.yaml', '--ticks', '2', '--out', 'real', '--force', '--quiet'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/real: cannot be the output folder: it is the scenario's folder/);
  });
  it('verify never hangs or crashes on a FIFO manifest, a dangling ticks.csv link, or an extra firms.csv', async () => {
    const dir = tempDir();
    expect((await cli(['run', BASELINE, '--ticks', '2', '--out', 'good', '--quiet'], dir)).code).toBe(0);
    const { execFileSync } = await import('node:child_process');
    const { symlinkSync, rmSync } = await import('node:fs');
    mkdirSync(join(dir, 'fifo'));
    execFileSync('mkfifo', [join(dir, 'fifo', 'manifest.json')]);
    const f = await cli(['verify', 'fifo'], dir);
    expect(f.code).toBe(2);
    expect(f.stderr).toMatch(/fifo\/manifest\.json: not a plain file/);
    cpSync(join(dir, 'good'), join(dir, 'd2'), { recursive: true });
    rmSync(join(dir, 'd2', 'ticks.csv'));
    symlinkSync('/nonexistent', join(dir, 'd2', 'ticks.csv'));
    const d = await cli(['verify', 'd2'], dir);
    expect(d.code).toBe(1);
    expect(d.stdout).toMatch(/DIFFERS\s+ticks\.csv/);
    cpSync(join(dir, 'good'), join(dir, 'ex1'), { recursive: true });
    writeFileSync(join(dir, 'ex1', 'firms.csv'), 'junk');
    const x = await cli(['verify', 'ex1'], dir);
    expect(x.code).toBe(1);
    expect(x.stdout).toMatch(/EXTRA\s+firms\.csv/);
  });
  it('compare --out --force keeps a user file that only copies the header', async () => {
    const dir = tempDir();
    const header = 'cluster,column,kind,seed,scenario,variant,difference,ci95_lo,ci95_hi';
    writeFileSync(join(dir, 'notes.csv'), `${header}\nmy own notes\n`);
    const before = snapshot(dir);
    const r = await cli(['compare', BASELINE, '--variant', 'no-entrant', '--seeds', '2', '--set', 'ticks=3', '--out', 'notes.csv', '--force'], dir);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/notes\.csv: line 2 is not a row gvcsim writes/);
    expect(snapshot(dir)).toEqual(before);
  });
});

describe('the final move never replaces a folder it did not check', () => {
  it('a file put at --out during the run is kept; the run exits 2 and says why', async () => {
    const dir = tempDir();
    const run = start(['run', ...SLOW, '--out', 'out'], dir);
    // the run claims --out at once with an empty placeholder folder, so no other folder can appear there
    await until(() => existsSync(join(dir, 'out')));
    writeFileSync(join(dir, 'out', 'precious.txt'), 'do not lose me');
    const r = await run.done;
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/out: appeared or changed during the run.* was left untouched; the results were discarded/);
    expect(readdirSync(join(dir, 'out'))).toEqual(['precious.txt']);
    expect(readFileSync(join(dir, 'out', 'precious.txt'), 'utf8')).toBe('do not lose me');
    expect(gvcsimLeftovers(dir)).toEqual([]);
  });
  it('a user file added during a --force run to the run folder it replaces is kept', async () => {
    const dir = tempDir();
    expect((await cli(['run', BASELINE, '--ticks', '2', '--out', 'out', '--quiet'], dir)).code).toBe(0);
    const run = start(['run', ...SLOW, '--out', 'out', '--force'], dir);
    await until(() => existsSync(join(dir, '.gvcsim-lock-out')));
    writeFileSync(join(dir, 'out', 'notes.md'), 'added while running');
    const r = await run.done;
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/out: (appeared or )?changed during the run/);
    expect(readFileSync(join(dir, 'out', 'notes.md'), 'utf8')).toBe('added while running');
    expect(gvcsimLeftovers(dir)).toEqual([]);
  });
  it('two runs racing to one --out: one wins, the other exits 2 and says why', async () => {
    const dir = tempDir();
    const a = start(['run', ...SLOW, '--out', 'out'], dir);
    const b = start(['run', ...SLOW, '--out', 'out'], dir);
    const [ra, rb] = await Promise.all([a.done, b.done]);
    const codes = [ra.code, rb.code].sort();
    expect(codes).toEqual([0, 2]);
    const loser = ra.code === 2 ? ra : rb;
    expect(loser.stderr).toMatch(/out: (another gvcsim run \(pid \d+\) is writing this folder|already holds files)/);
    expect(readdirSync(join(dir, 'out')).sort()).toEqual(['events.csv', 'manifest.json', 'ticks.csv']);
    expect(gvcsimLeftovers(dir)).toEqual([]);
    expect((await cli(['verify', 'out'], dir)).code).toBe(0);
  });
  it('two --force runs racing: the loser is refused while the winner holds the lock', async () => {
    const dir = tempDir();
    const a = start(['run', ...SLOW, '--out', 'out', '--force'], dir);
    await until(() => existsSync(join(dir, '.gvcsim-lock-out')));
    const rb = await cli(['run', ...SLOW, '--out', 'out', '--force'], dir);
    expect(rb.code).toBe(2);
    expect(rb.stderr).toMatch(/another gvcsim run \(pid \d+\) is writing this folder/);
    expect((await a.done).code).toBe(0);
    expect(gvcsimLeftovers(dir)).toEqual([]);
  });
});

describe('signals', () => {
  for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    it(`${sig} removes the temporary folder and the lock, and exits ${code}`, async () => {
      const dir = tempDir();
      const run = start(['run', ...SLOW, '--out', 'out'], dir);
      await until(() => readdirSync(dir).some((n) => n.startsWith('.gvcsim-tmp-')));
      run.p.kill(sig);
      const r = await run.done;
      expect(r.code).toBe(code);
      expect(r.stderr).toMatch(new RegExp(`interrupted by ${sig}; removed the temporary folder`));
      expect(readdirSync(dir)).toEqual([]);
    });
  }
  it('after kill -9, the next run into the same parent removes the stale temporary folder and lock', async () => {
    const dir = tempDir();
    const run = start(['run', ...SLOW, '--out', 'out'], dir);
    await until(() => readdirSync(dir).some((n) => n.startsWith('.gvcsim-tmp-')));
    run.p.kill('SIGKILL');
    await run.done;
    expect(gvcsimLeftovers(dir).length).toBe(2); // the temporary folder and the lock
    const r = await cli(['run', BASELINE, '--ticks', '2', '--out', 'out', '--quiet'], dir);
    expect(r.code).toBe(0);
    expect(readdirSync(dir)).toEqual(['out']);
  });
  it('a killed verify leaves no gvcsim-verify folder behind after the next verify; an interrupted one removes its own', async () => {
    const dir = tempDir();
    const tmp = tempDir('gvcsim-tmpdir-');
    expect((await cli(['run', ...SLOW, '--out', 'r'], dir)).code).toBe(0);
    const v = start(['verify', 'r'], dir, { TMPDIR: tmp });
    await until(() => readdirSync(tmp).some((n) => n.startsWith('gvcsim-verify-')));
    v.p.kill('SIGKILL');
    await v.done;
    expect(readdirSync(tmp).length).toBe(1);
    const stale = readdirSync(tmp)[0];
    const w = start(['verify', 'r'], dir, { TMPDIR: tmp });
    // the stale one goes, and the live verify makes its own
    await until(() => !readdirSync(tmp).includes(stale) && readdirSync(tmp).length === 1);
    w.p.kill('SIGINT');
    const r = await w.done;
    expect(r.code).toBe(130);
    expect(readdirSync(tmp)).toEqual([]);
  });
});

describe('verify trusts nothing in the manifest', () => {
  const dir = tempDir();
  const run = join(dir, 'run');
  beforeAll(async () => {
    const r = await cli(['run', BASELINE, '--ticks', '6', '--out', run, '--quiet', '--set', 'params.learning.depreciation=0.02']);
    expect(r.code).toBe(0);
    expect((await cli(['verify', run])).code).toBe(0);
  });
  const edits: [string, (m: any) => void, RegExp][] = [
    ['ticks 1e12', (m) => (m.ticks = 1e12), /ticks: expected an integer in \[1, 1000000\]/],
    ['a seed "abc"', (m) => (m.seed = 'abc'), /seed: expected an integer/],
    ['a seed written as a string', (m) => (m.seed = String(m.seed)), /seed: expected an integer .*got the text "1"/],
    ['resolved.seed', (m) => (m.resolved.seed = 99), /resolved\.seed: expected the run's seed 1, got 99/],
    ['resolved.ticks', (m) => (m.resolved.ticks = 80), /resolved\.ticks: expected the run's ticks 6, got 80/],
    ['the name', (m) => (m.scenario.name = 'other'), /scenario\.name: expected the resolved scenario's name 'baseline'/],
    ["the scenario's sha256", (m) => (m.scenario.sha256 = '0'.repeat(64)), /scenario\.sha256: expected the sha256 of the kept scenario text/],
    ['the file', (m) => (m.scenario.file = 'elsewhere.yaml'), /checksum: the manifest was edited after the run/],
    ['the sets', (m) => (m.scenario.sets = []), /resolved\.params\.learning\.depreciation: differs from the scenario rebuilt/],
    ['the variant', (m) => (m.scenario.variant = 'no-entrant'), /resolved\.world\.clusters\.2\.arrival: differs from the scenario rebuilt/],
    ['a resolved parameter', (m) => (m.resolved.params.learning.depreciation = 0.03), /resolved\.params\.learning\.depreciation: differs/],
    ['an output hash', (m) => (m.outputs['ticks.csv'] = 'f'.repeat(64)), /checksum: the manifest was edited/],
    ['the firms flag', (m) => (m.firms = true), /outputs\.firms\.csv: expected the hash of firms\.csv/],
    ['an unknown output', (m) => (m.outputs['../../etc/passwd'] = 'f'.repeat(64)), /outputs\.\.\.\/\.\.\/etc\/passwd: expected one of ticks\.csv/],
    ['a resolved scenario of 3 clusters x 10M firm slots', (m) => m.resolved.world.clusters.forEach((c: any) => Object.assign(c, { firms: 5_000_000, capacity: 10_000_000 })), /world\.clusters: expected at most 20000000 firm slots/],
    ['another version', (m) => (m.gvcsim = '0.2.0'), /gvcsim: the run was made by gvcsim 0\.2\.0, this is .*--any-version/],
    ['a missing resolved', (m) => delete m.resolved, /resolved: expected the resolved scenario/],
  ];
  for (const [what, edit, msg] of edits) {
    it(`an edited manifest (${what}) fails with exit 1 and names the field, without running`, async () => {
      const d = tempDir();
      cpSync(run, d, { recursive: true });
      const m = JSON.parse(readFileSync(join(d, 'manifest.json'), 'utf8'));
      edit(m);
      writeFileSync(join(d, 'manifest.json'), JSON.stringify(m, null, 2));
      const t0 = Date.now();
      const v = await cli(['verify', d]);
      expect(v.code, v.stdout + v.stderr).toBe(1);
      expect(v.stdout).toMatch(msg);
      expect(v.stdout).toMatch(/nothing was re-run/);
      expect(Date.now() - t0).toBeLessThan(30_000);
    });
  }
  it('--any-version verifies a consistent manifest of another version, with a warning', async () => {
    const d = tempDir();
    cpSync(run, d, { recursive: true });
    const m = JSON.parse(readFileSync(join(d, 'manifest.json'), 'utf8'));
    m.gvcsim = '0.2.0';
    m.checksum = manifestChecksum(m);
    writeFileSync(join(d, 'manifest.json'), JSON.stringify(m, null, 2));
    expect((await cli(['verify', d])).code).toBe(1);
    const v = await cli(['verify', d, '--any-version']);
    expect(v.code).toBe(0);
    expect(v.stderr).toMatch(/warning: run made by gvcsim 0\.2\.0/);
  });
  it('a consistent edit (seed and resolved seed together, checksum recomputed) is caught by the re-run', async () => {
    const d = tempDir();
    cpSync(run, d, { recursive: true });
    const m = JSON.parse(readFileSync(join(d, 'manifest.json'), 'utf8'));
    m.seed = 2;
    m.resolved.seed = 2;
    m.checksum = manifestChecksum(m);
    writeFileSync(join(d, 'manifest.json'), JSON.stringify(m, null, 2));
    const v = await cli(['verify', d]);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/DIFFERS\s+ticks\.csv/);
  });
  it('files in the folder that no run writes are reported (exit 1)', async () => {
    const d = tempDir();
    cpSync(run, d, { recursive: true });
    writeFileSync(join(d, 'notes.txt'), 'x');
    const v = await cli(['verify', d]);
    expect(v.code).toBe(1);
    expect(v.stdout).toMatch(/EXTRA\s+notes\.txt/);
    expect(v.stdout).toMatch(/same\s+ticks\.csv/);
  });
  it("resolved holds what was run: --ticks and --seed are in resolved, and the manifest's source rebuilds it", async () => {
    const m = JSON.parse(readFileSync(join(run, 'manifest.json'), 'utf8'));
    expect(m.resolved.ticks).toBe(6);
    expect(m.ticks).toBe(6);
    expect(m.resolved.seed).toBe(m.seed);
    expect(m.scenario.source).toBe(readFileSync(BASELINE, 'utf8'));
    expect(m.scenario.sets).toEqual(['params.learning.depreciation=0.02']);
  });
});

describe('scenario names', () => {
  it('gvcsim run baseline runs the shipped scenario from any folder and says so; a local file of that name wins', async () => {
    const dir = tempDir();
    const r = await cli(['run', 'baseline', '--ticks', '2', '--out', 'a'], dir);
    expect(r.code).toBe(0);
    expect(r.stderr).toMatch(/scenario 'baseline': the shipped scenario .*scenarios\/baseline\.yaml/);
    const local = readFileSync(BASELINE, 'utf8').replace('name: baseline', 'name: mybase');
    writeFileSync(join(dir, 'baseline.yaml'), local);
    const l = await cli(['run', 'baseline', '--ticks', '2', '--out', 'b'], dir);
    expect(l.code).toBe(0);
    expect(l.stderr).toMatch(/scenario 'baseline': .*baseline\.yaml in the current folder \(not the shipped scenario of that name/);
    expect(JSON.parse(readFileSync(join(dir, 'b', 'manifest.json'), 'utf8')).scenario.name).toBe('mybase');
    const v = await cli(['validate', 'baseline.yaml'], tempDir());
    expect(v.code).toBe(0);
    expect(v.stderr).toMatch(/the shipped scenario/);
  });
});
