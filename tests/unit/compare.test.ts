// `gvcsim compare` per cluster (never a sum over clusters), window checks, and
// `compare --out FILE` as a tidy CSV written safely (issue 7).
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { COMPARISON_COLUMNS, compare, loadScenario, windowStat, type Window } from '../../src/index.js';
import { ROOT, cli, tempDir } from '../helpers.js';

const BASELINE = 'scenarios/baseline.yaml';
const CLUSTERS = ['valley', 'metro', 'coast'];
const HEADER = 'cluster,column,kind,seed,scenario,variant,difference,ci95_lo,ci95_hi';
/** Tiny runs where only the output's shape matters: 2 seeds, 10 ticks. */
const TINY = ['--variant', 'no-entrant', '--seeds', '2', '--set', 'ticks=10'];

/** Blocks of the per-cluster output, keyed by cluster id (in printed order). */
function blocks(stdout: string): [string, string[]][] {
  return stdout
    .split('\n\n')
    .slice(1)
    .filter((b) => b.startsWith('cluster '))
    .map((b) => {
      const lines = b.trim().split('\n');
      return [lines[0].slice('cluster '.length), lines.slice(1)];
    });
}

/** A simple CSV reader: the comparison CSV holds no quoted cells. */
function readCsv(path: string): { header: string; rows: Record<string, string>[] } {
  const [header, ...lines] = readFileSync(path, 'utf8').trimEnd().split('\n');
  const cols = header.split(',');
  return { header, rows: lines.map((l) => Object.fromEntries(l.split(',').map((v, k) => [cols[k], v]))) };
}

const f = (x: number) => (Number.isFinite(x) ? x.toPrecision(4) : 'NA');

describe('gvcsim compare, per cluster', () => {
  it('(a, c) on the baseline without --cluster: one block per cluster in scenario order, no sum; the valley block is the valley statistic; --out writes per-seed and mean rows', async () => {
    const dir = tempDir();
    const out = join(dir, 'cmp.csv');
    const r = await cli(['compare', BASELINE, '--variant', 'no-entrant', '--seeds', '3', '--column', 'unit_price', '--column', 'firms', '--out', out]);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/all clusters|sum/);
    const b = blocks(r.stdout.split('\nwrote ')[0]);
    expect(b.map(([c]) => c)).toEqual(CLUSTERS);
    expect(r.stdout.match(/^unit_price\t/gm)).toHaveLength(3);
    for (const [, lines] of b) expect(lines[0]).toBe('column\tscenario\tvariant\tdifference\t95% CI');

    // The valley (the incumbent) block equals the library's per-cluster comparison on the same seeds.
    const s = loadScenario(join(ROOT, BASELINE)).scenario;
    const v = loadScenario(join(ROOT, BASELINE), [], 'no-entrant').scenario;
    const [valley] = compare(s, v, [1, 2, 3], [{ column: 'unit_price', cluster: 'valley', from: 0, to: s.ticks }]);
    const row = b[0][1][1];
    expect(row).toBe(
      `unit_price\t${f(valley.scenarioMean)}\t${f(valley.counterfactualMean)}\t${f(valley.effect.diff)}\t[${f(valley.effect.lo)}, ${f(valley.effect.hi)}]`,
    );
    // the printed difference has the library's sign (the size of the effect is the model's business, not compare's)
    expect(Math.sign(Number(row.split('\t')[3]))).toBe(Math.sign(valley.effect.diff));

    // The entrant never arrives in the variant: NA cells and a note, no crash.
    const coast = b[2][1];
    expect(coast[1]).toMatch(/^unit_price\t[0-9.]+\tNA\tNA\t\[NA, NA\]$/);
    expect(coast[2]).toMatch(/^firms\t[0-9.]+\t0\.000\t[0-9.]+\t\[[0-9.]+, [0-9.]+\]$/);
    expect(coast.slice(3).join('\n')).toMatch(/^note: NA: coast has no unit_price value in ticks 0-80 in 3 of 3 runs of the variant 'no-entrant' \(it arrives at tick 100000, after the window\)$/);

    // (c) the CSV
    expect(r.stdout).toContain(`wrote ${out}`);
    expect(readdirSync(dir)).toEqual(['cmp.csv']); // (e) no temporary file left
    const { header, rows } = readCsv(out);
    expect(header).toBe(HEADER);
    expect(HEADER).toBe(COMPARISON_COLUMNS.join(','));
    const seedRows = rows.filter((x) => x.kind === 'seed');
    const meanRows = rows.filter((x) => x.kind === 'mean');
    expect(seedRows).toHaveLength(3 * CLUSTERS.length * 2);
    expect(meanRows).toHaveLength(CLUSTERS.length * 2);
    expect(rows).toHaveLength(seedRows.length + meanRows.length);
    expect([...new Set(rows.map((x) => x.cluster))]).toEqual(CLUSTERS);
    const valleyMean = meanRows.find((x) => x.cluster === 'valley' && x.column === 'unit_price')!;
    expect(Number(valleyMean.difference)).toBe(valley.effect.diff);
    expect(Number(valleyMean.ci95_lo)).toBe(valley.effect.lo);
    expect(seedRows.filter((x) => x.cluster === 'valley' && x.column === 'unit_price').map((x) => Number(x.scenario))).toEqual(valley.scenario);
    for (const m of meanRows) {
      expect(m.seed).toBe('');
      const own = seedRows.filter((x) => x.cluster === m.cluster && x.column === m.column);
      expect(own.map((x) => x.seed)).toEqual(['1', '2', '3']);
      for (const x of own) {
        expect(x.ci95_lo).toBe('');
        expect(x.ci95_hi).toBe('');
        for (const k of ['scenario', 'variant', 'difference']) if (x[k] !== '') expect(String(Number(x[k]))).toBe(x[k]); // full precision
      }
      for (const k of ['scenario', 'variant', 'difference']) {
        const vals = own.map((x) => x[k]);
        if (vals.includes('')) {
          expect(m[k], `${m.cluster} ${m.column} ${k}`).toBe(''); // NA is empty
          continue;
        }
        const avg = vals.reduce((a, b) => a + Number(b), 0) / vals.length;
        expect(Number(m[k])).toBeCloseTo(avg, 12);
      }
      if (m.difference !== '') {
        expect(Number(m.ci95_lo)).toBeLessThanOrEqual(Number(m.difference));
        expect(Number(m.ci95_hi)).toBeGreaterThanOrEqual(Number(m.difference));
      }
    }
    // coast never arrives in the variant: its unit_price is NA there (empty), its firm count is 0
    const coastPrice = seedRows.filter((x) => x.cluster === 'coast' && x.column === 'unit_price');
    expect(coastPrice.every((x) => x.scenario !== '' && x.variant === '' && x.difference === '')).toBe(true);
    expect(seedRows.filter((x) => x.cluster === 'coast' && x.column === 'firms').every((x) => x.variant === '0')).toBe(true);
  });

  it('(a) --cluster restricts to one block; an unknown --cluster exits 2', async () => {
    const r = await cli(['compare', BASELINE, ...TINY, '--cluster', 'metro', '--column', 'unit_price', '--column', 'firms']);
    expect(r.code).toBe(0);
    const b = blocks(r.stdout);
    expect(b.map(([c]) => c)).toEqual(['metro']);
    expect(b[0][1].slice(1).map((l) => l.split('\t')[0])).toEqual(['unit_price', 'firms']);
    const u = await cli(['compare', BASELINE, ...TINY, '--cluster', 'atlantis']);
    expect(u.code).toBe(2);
    expect(u.stderr).toMatch(/--cluster: expected one of valley, metro, coast, got 'atlantis'/);
  });

  it('(b) the window is checked: --from ≤ --to ≤ horizon, one line, exit 2', async () => {
    const cases: [string[], RegExp][] = [
      [['--from', '4', '--to', '1'], /--from: expected a tick at or before --to \(1\), got 4/],
      [['--to', '81'], /--to: expected a tick at or before the horizon \(80\), got 81/],
      [['--from', '81'], /--from: expected a tick at or before the horizon \(80\), got 81/],
      [['--set', 'ticks=40', '--to', '41'], /--to: expected a tick at or before the horizon \(40\), got 41/],
    ];
    for (const [args, message] of cases) {
      const r = await cli(['compare', BASELINE, '--variant', 'no-entrant', '--seeds', '2', ...args]);
      expect(r.code, args.join(' ')).toBe(2);
      expect(r.stderr).toMatch(message);
      expect(r.stderr.trim().split('\n')).toHaveLength(1);
      expect(r.stdout).toBe('');
    }
    // the edges are allowed
    const ok = await cli(['compare', BASELINE, ...TINY, '--from', '10', '--to', '10', '--cluster', 'valley']);
    expect(ok.code).toBe(0);
  });
});

describe('gvcsim compare --out FILE', () => {
  it('(d, e) never overwrites a foreign file (even with --force); replaces its own output only with --force; no temporary files', async () => {
    const dir = tempDir();
    const foreign = join(dir, 'notes.csv');
    const almost = join(dir, 'almost.csv');
    const own = join(dir, 'own.csv');
    const foreignText = 'my,precious\ndata,1\n';
    const almostText = `${HEADER},extra\nvalley,unit_price,mean,,1,1,0,0,0,0\n`;
    writeFileSync(foreign, foreignText);
    writeFileSync(almost, almostText);
    const files = () => readdirSync(dir).sort();

    for (const target of [foreign, almost]) {
      const before = readFileSync(target);
      for (const force of [[], ['--force']]) {
        const r = await cli(['compare', BASELINE, ...TINY, '--cluster', 'valley', '--out', target, ...force]);
        expect(r.code, `${target} ${force}`).toBe(2);
        expect(r.stderr.trim().split('\n')).toHaveLength(1);
        expect(r.stderr).toContain(`--out ${target}`);
        expect(r.stderr).toMatch(force.length ? /not a table gvcsim wrote.*even with --force/ : /already exists.*--force/);
        expect(readFileSync(target).equals(before)).toBe(true);
        expect(files()).toEqual(['almost.csv', 'notes.csv']);
      }
    }

    // its own earlier output: refused without --force, replaced with --force
    expect((await cli(['compare', BASELINE, ...TINY, '--cluster', 'valley', '--out', own])).code).toBe(0);
    const first = readFileSync(own);
    expect(readCsv(own).rows).toHaveLength(2 + 1);
    const again = await cli(['compare', BASELINE, ...TINY, '--cluster', 'valley', '--out', own]);
    expect(again.code).toBe(2);
    expect(again.stderr).toMatch(/--out .*own\.csv: already exists; .*--force/);
    expect(readFileSync(own).equals(first)).toBe(true);
    const forced = await cli(['compare', BASELINE, '--variant', 'no-entrant', '--seeds', '3', '--set', 'ticks=10', '--cluster', 'valley', '--out', own, '--force']);
    expect(forced.stderr).toBe('');
    expect(forced.code).toBe(0);
    expect(readCsv(own).rows).toHaveLength(3 + 1);
    expect(files()).toEqual(['almost.csv', 'notes.csv', 'own.csv']);

    // a folder that does not exist: exit 2 naming the flag and the path, nothing created
    const missing = join(dir, 'no', 'such', 'cmp.csv');
    const m = await cli(['compare', BASELINE, ...TINY, '--out', missing]);
    expect(m.code).toBe(2);
    expect(m.stderr).toMatch(new RegExp(`--out ${missing.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: expected a file in an existing folder`));
    expect(existsSync(join(dir, 'no'))).toBe(false);
    // a folder in the way
    mkdirSync(join(dir, 'sub.csv'));
    const d = await cli(['compare', BASELINE, ...TINY, '--out', join(dir, 'sub.csv'), '--force']);
    expect(d.code).toBe(2);
    expect(d.stderr).toMatch(/sub\.csv: exists and is not a file/);
    expect(files()).toEqual(['almost.csv', 'notes.csv', 'own.csv', 'sub.csv']);
    expect(readdirSync(join(dir, 'sub.csv'))).toEqual([]);
  });
});

describe('windowStat is per cluster', () => {
  it('has no sum over clusters: a window without a cluster id is refused; per-cluster sums are explicit', () => {
    const rows = [
      { tick: 1, cluster: 'a', firms: 2 },
      { tick: 1, cluster: 'b', firms: 3 },
      { tick: 2, cluster: 'a', firms: 4 },
      { tick: 2, cluster: 'b', firms: null },
    ] as unknown as Parameters<typeof windowStat>[0];
    const w = (cluster: string): Window => ({ column: 'firms', cluster, from: 0, to: 2 });
    expect(windowStat(rows, w('a'))).toBe(3);
    expect(windowStat(rows, w('b'))).toBe(3);
    expect(windowStat(rows, w('nowhere'))).toBeNaN();
    expect(() => windowStat(rows, { ...w('a'), cluster: null as unknown as string })).toThrow(/cluster id/);
  });
});
