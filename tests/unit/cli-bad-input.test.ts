// Bad input gives one clear message naming the file and the field, exit code 2,
// and no output folder is created or touched (issue 2, acceptance 3).
import { existsSync, readdirSync, writeFileSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, cli, tempDir } from '../helpers.js';

const BAD = 'tests/fixtures/bad';

const cases: [string, string[], RegExp][] = [
  ['a missing file', ['does/not/exist.yaml'], /does\/not\/exist\.yaml: cannot read/],
  ['malformed YAML', [`${BAD}/malformed.yaml`], /malformed\.yaml: malformed YAML\/JSON at line \d+/],
  ['an unknown key', [`${BAD}/unknown-key.yaml`], /unknown-key\.yaml: world\.clusters\[0\]\.colour: expected one of the known fields/],
  ['an unknown parameter', [`${BAD}/unknown-param.yaml`], /unknown-param\.yaml: params\.learning\.depreciaton: expected one of the known fields/],
  ['a wrong type', [`${BAD}/wrong-type.yaml`], /wrong-type\.yaml: world\.chains\[0\]\.complexity: expected a number in \[0, 1\], got the text "high"/],
  ['a negative firm count', [`${BAD}/negative-firms.yaml`], /negative-firms\.yaml: world\.clusters\[0\]\.firms: expected an integer in \[1, 5000000\], got number -5/],
  ['a share above 1', [`${BAD}/share-above-one.yaml`], /share-above-one\.yaml: world\.chains\[0\]\.codifiability: expected a number in \[0, 1\], got number 1\.4/],
  ['a buyer naming no chain', [`${BAD}/unknown-chain.yaml`], /unknown-chain\.yaml: world\.buyers\[0\]\.chain: expected the id of a chain \(c\), got 'shoes'/],
  ['an instrument the level does not hold', [`${BAD}/instrument-wrong-level.yaml`], /instrument-wrong-level\.yaml: world\.policies\[0\]\.instrument: expected an instrument the regional level holds/],
  ['a policy that ends before it starts', [`${BAD}/end-before-start.yaml`], /end-before-start\.yaml: world\.policies\[0\]\.end: expected a tick at or after start \(20\), got 10/],
  ['a formula with an unknown symbol', [`${BAD}/formula-unknown-symbol.yaml`], /formula-unknown-symbol\.yaml: world\.policies\[0\]\.intensity: expected a number in \[0, 10000000\] or a formula of t, start, until .* unknown symbol 'x'/],
  ['a formula that tries to reach process', [`${BAD}/formula-process.yaml`], /formula-process\.yaml: world\.policies\[0\]\.intensity: .*property access is not allowed/],
  ['a formula that tries to import', [`${BAD}/formula-import.yaml`], /formula-import\.yaml: world\.policies\[0\]\.intensity: .*unknown function 'import'/],
  ['an unknown instrument', [`${BAD}/unknown-instrument.yaml`], /unknown-instrument\.yaml: world\.policies\[0\]\.instrument: expected one of training, rnd, .*got the text "tax_holiday"/],
  ['a target naming no cluster', [`${BAD}/target-no-cluster.yaml`], /target-no-cluster\.yaml: world\.policies\[0\]\.clusters\[0\]: expected the id of a cluster \(k\), got 'atlantis'/],
  ['a shock in an unknown market', [`${BAD}/shock-unknown-market.yaml`], /shock-unknown-market\.yaml: world\.shocks\[0\]\.chain: expected the id of a chain \(c\), got 'cars'/],
  ['a variant whose overrides break the scenario', [`${BAD}/bad-variant.yaml`], /bad-variant\.yaml: variants\[0\] \(broken\): world\.clusters\[0\]\.firms: expected an integer in \[1, 5000000\], got number -3/],
  ['a single switching cost in an old file', [`${BAD}/scalar-switch-cost.yaml`], /scalar-switch-cost\.yaml: params\.bargaining\.switch_cost: expected a list of 5 numbers \(market, modular, relational, captive, hierarchy\), got number 0\.15/],
  ['an unknown --variant', ['scenarios/baseline.yaml', '--variant', 'nope'], /baseline\.yaml: --variant: expected one of the scenario's variants \(no-entrant\), got 'nope'/],
  ['a bad --set path', ['scenarios/baseline.yaml', '--set', 'params.learning.nope=1'], /baseline\.yaml: --set params\.learning\.nope: no such field/],
  ['a bad --set value', ['scenarios/baseline.yaml', '--set', 'params.learning.depreciation=2'], /baseline\.yaml: params\.learning\.depreciation: expected a number in \[0, 1\], got number 2/],
  ['a --set without =', ['scenarios/baseline.yaml', '--set', 'params.learning.depreciation'], /--set params\.learning\.depreciation: expected path=value/],
  ['a bad --seed', ['scenarios/baseline.yaml', '--seed', 'abc'], /--seed: expected an integer/],
  ['an unknown option', ['scenarios/baseline.yaml', '--colour'], /Unknown option '--colour'/],
];

describe('gvcsim run and validate on bad input', () => {
  for (const [what, args, message] of cases) {
    it(`${what}: exit 2, one clear message, no output folder`, async () => {
      const dir = tempDir();
      const out = join(dir, 'out');
      const r = await cli(['run', ...args, '--out', out]);
      expect(r.code).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n').filter((l) => !l.startsWith('gvcsim: warning:'))).toHaveLength(1);
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(dir)).toEqual([]);
      if (!args.some((a) => a.startsWith('--seed') || a === '--colour')) {
        const v = await cli(['validate', ...args]);
        expect(v.code).toBe(2);
        expect(v.stderr).toMatch(message);
      }
    });
  }

  it('an --out folder that holds results is refused without --force and left untouched', async () => {
    const dir = tempDir();
    const out = join(dir, 'out');
    mkdirSync(out);
    writeFileSync(join(out, 'mine.txt'), 'user data');
    const r = await cli(['run', 'scenarios/baseline.yaml', '--ticks', '2', '--out', out]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/already holds files.*--force/);
    expect(readdirSync(out)).toEqual(['mine.txt']);
    expect(readFileSync(join(out, 'mine.txt'), 'utf8')).toBe('user data');
    // --force does not replace a folder gvcsim did not write (issue 7)
    const f = await cli(['run', 'scenarios/baseline.yaml', '--ticks', '2', '--out', out, '--force', '--quiet']);
    expect(f.code).toBe(2);
    expect(f.stderr).toMatch(/--force replaces only a folder gvcsim wrote, and this one holds 'mine\.txt'/);
    expect(readdirSync(out)).toEqual(['mine.txt']);
    // an empty folder is free
    rmSync(join(out, 'mine.txt'));
    const e = await cli(['run', 'scenarios/baseline.yaml', '--ticks', '2', '--out', out, '--quiet']);
    expect(e.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['events.csv', 'manifest.json', 'ticks.csv']);
    expect(readdirSync(dir)).toEqual(['out']); // no temporary folders or locks left behind
  });

  it('validate accepts the baseline and --help works on every command', async () => {
    expect((await cli(['validate', 'scenarios/baseline.yaml'])).stdout).toMatch(/^ok: /);
    for (const cmd of ['run', 'validate', 'verify', 'compare', 'list']) {
      const h = await cli([cmd, '--help']);
      expect(h.code).toBe(0);
      expect(h.stdout).toMatch(new RegExp(`Usage: gvcsim ${cmd}`));
    }
    expect((await cli(['--help'])).code).toBe(0);
    expect((await cli(['frobnicate'])).code).toBe(2);
  });
});

describe('variants, compare and list', () => {
  it('run --variant records the variant and gives a different run', async () => {
    const dir = tempDir();
    const a = await cli(['run', 'scenarios/baseline.yaml', '--ticks', '40', '--out', join(dir, 'a'), '--quiet']);
    const b = await cli(['run', 'scenarios/baseline.yaml', '--ticks', '40', '--variant', 'no-entrant', '--out', join(dir, 'b'), '--quiet']);
    expect(a.code).toBe(0);
    expect(b.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, 'b', 'manifest.json'), 'utf8')).scenario.variant).toBe('no-entrant');
    expect(readFileSync(join(dir, 'a', 'ticks.csv')).equals(readFileSync(join(dir, 'b', 'ticks.csv')))).toBe(false);
    expect((await cli(['verify', join(dir, 'b')])).code).toBe(0);
  });
  it('compare prints the paired difference with its 95% CI', async () => {
    const r = await cli(['compare', 'scenarios/baseline.yaml', '--variant', 'no-entrant', '--cluster', 'valley', '--from', '35', '--seeds', '3', '--column', 'unit_price']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/unit_price\t[0-9.]+\t[0-9.]+\t-?[0-9.e-]+\t\[-?[0-9.e-]+, -?[0-9.e-]+\]/);
    expect((await cli(['compare', 'scenarios/baseline.yaml', '--variant', 'no-entrant', '--column', 'colour'])).code).toBe(2);
  });
  it('list prints every shipped scenario with its summary', async () => {
    const r = await cli(['list']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/baseline\.yaml\s+Two chains/);
  });
});

describe('experiment files in validate', () => {
  it('validate checks an experiment file as sweep would and gives its planned runs; a bad field is exit 2, one line', async () => {
    const r = await cli(['validate', 'experiments/morris-baseline.yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^ok: experiments\/morris-baseline\.yaml: experiment 'morris-baseline', design morris, 24 factor\(s\), 8 outcome\(s\), 750 runs/);
    const dir = tempDir();
    const bad = join(dir, 'bad-exp.yaml');
    const text = readFileSync(join(ROOT, 'experiments', 'dai-3d-grid.yaml'), 'utf8').replace(/^scenario: .*$/m, `scenario: ${join(ROOT, 'scenarios', 'baseline.yaml')}`);
    writeFileSync(bad, text.replace(/^replicates: .*$/m, 'replicates: -1'));
    const b = await cli(['validate', bad]);
    expect(b.code).toBe(2);
    expect(b.stderr.trim().split('\n')).toHaveLength(1);
    expect(b.stderr).toMatch(/bad-exp\.yaml: replicates/);
  });
});

describe('shipped scenarios', () => {
  it('gvcsim validate accepts every file in scenarios/ (with all its variants)', async () => {
    const files = readdirSync(join(ROOT, 'scenarios')).filter((f) => /\.(ya?ml|json)$/.test(f));
    expect(files.length).toBeGreaterThanOrEqual(10);
    for (const f of files) {
      const r = await cli(['validate', join('scenarios', f)]);
      expect(r.stderr, f).toBe('');
      expect(r.code, f).toBe(0);
    }
  });
});
