/** `gvcsim compare`: a scenario against one of its variants over many seeds (paired 95% CI), per cluster. */
import { parseArgs } from 'node:util';
import { COMPARISON_COLUMNS, clusterWindows, compare, comparisonRows, type Comparison, type Window } from '../experiment/compare.js';
import { TICK_COLUMNS } from '../model/metrics.js';
import { checkCsvFile, writeCsvFileAtomic } from '../output/table.js';
import type { Scenario } from '../scenario/schema.js';
import { loadScenario } from '../scenario/load.js';
import { EXIT_OK, UsageError, parseInteger, resolveScenarioArg } from './common.js';

export const COMPARE_HELP = `Usage: gvcsim compare <scenario> --variant NAME [options]

Run the scenario and its named variant (the counterfactual) on the same
seeds and print, for each cluster and column, the mean over a tick window in
each arm and the paired 95% confidence interval of scenario − variant. Every
seed runs once per arm; all clusters are read from those runs.

Output: one block per cluster, in scenario order (only the --cluster one if
given): a line 'cluster ID', then a table of column, scenario, variant,
difference, 95% CI. A cluster with no value in the window in some run (it
has not arrived yet, or has no firms) shows NA, with a note below its table.
Columns are never summed over clusters.

Options:
  --variant NAME    the counterfactual (one of the scenario's variants)
  --column C        a ticks.csv column (repeatable; default unit_price)
  --cluster ID      only this cluster (default: every cluster, one block each)
  --from T          first tick of the window (default 0)
  --to T            last tick of the window (default: the horizon, the
                    scenario's ticks; --from ≤ --to ≤ horizon)
  --seeds N         number of seeds, from the scenario's seed on (default 20)
  --set path=value  override both arms (repeatable)
  --out FILE        also write the comparison to FILE as CSV (see below)
  --force           replace FILE if it is a comparison gvcsim wrote (its first
                    line is the header below); any other file is never replaced
  -h, --help        this help

--out FILE: a tidy CSV with the header
  ${COMPARISON_COLUMNS.join(',')}
For each cluster (scenario order) and column (--column order): one row per
seed, kind = seed (the statistic in each arm and scenario − variant for that
seed; ci95_lo and ci95_hi empty), then one row kind = mean (seed empty: the
means over seeds, the mean difference and its paired 95% CI). Numbers are
written with full precision; NA is empty. FILE is written to a temporary
file in its folder and renamed when complete; the folder must exist.
`;

/** Why a cluster has no value in an arm: it arrives after the window, or it has no firms / empty cells. */
function reason(sc: Scenario, cluster: string, to: number): string {
  const arrival = sc.world.clusters.find((c) => c.id === cluster)?.arrival ?? 0;
  return arrival > to ? `it arrives at tick ${arrival}, after the window` : 'no firms, or the cells are empty';
}

/** Print one cluster's block: heading, table, notes on NA cells. */
function printBlock(cluster: string, res: readonly Comparison[], arms: { scenario: Scenario; variant: Scenario; name: string }, to: number): void {
  const f = (x: number) => (Number.isFinite(x) ? x.toPrecision(4) : 'NA');
  const w = res[0].window;
  const out: string[] = [`cluster ${cluster}`, 'column\tscenario\tvariant\tdifference\t95% CI'];
  for (const r of res) {
    out.push(`${r.window.column}\t${f(r.scenarioMean)}\t${f(r.counterfactualMean)}\t${f(r.effect.diff)}\t[${f(r.effect.lo)}, ${f(r.effect.hi)}]`);
  }
  // Notes: per arm, the columns with no value in some runs, grouped by how many runs.
  for (const arm of ['scenario', 'variant'] as const) {
    const groups = new Map<number, string[]>();
    for (const r of res) {
      const x = arm === 'scenario' ? r.scenario : r.counterfactual;
      const missing = x.filter((v) => !Number.isFinite(v)).length;
      if (missing > 0) groups.set(missing, [...(groups.get(missing) ?? []), r.window.column]);
    }
    const sc = arm === 'scenario' ? arms.scenario : arms.variant;
    const label = arm === 'scenario' ? 'scenario' : `variant '${arms.name}'`;
    for (const [missing, cols] of groups) {
      out.push(
        `note: NA: ${cluster} has no ${cols.join(', ')} value in ticks ${w.from}-${w.to} in ${missing} of ${res[0].seeds.length} runs of the ${label} (${reason(sc, cluster, to)})`,
      );
    }
  }
  process.stdout.write(out.join('\n') + '\n');
}

export async function compareCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      variant: { type: 'string' },
      column: { type: 'string', multiple: true },
      cluster: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      seeds: { type: 'string' },
      set: { type: 'string', multiple: true },
      out: { type: 'string' },
      force: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(COMPARE_HELP);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError('compare: expected one scenario file or name (see gvcsim compare --help)');
  if (!values.variant) throw new UsageError('compare: --variant NAME is required (the counterfactual)');
  const columns = [...new Set(values.column ?? ['unit_price'])];
  for (const c of columns) {
    if (!(TICK_COLUMNS as readonly string[]).includes(c) || c === 'cluster' || c === 'stage' || c === 'tick') {
      throw new UsageError(`--column: expected a numeric ticks.csv column, got '${c}'`);
    }
  }
  if (values.out !== undefined && values.out === '') throw new UsageError('--out: expected a file path');
  if (values.force && values.out === undefined) throw new UsageError('--force: only with --out FILE');
  const file = resolveScenarioArg(positionals[0]);
  const s = loadScenario(file, values.set ?? []).scenario;
  const v = loadScenario(file, values.set ?? [], values.variant).scenario;
  const ids = s.world.clusters.map((c) => c.id);
  if (values.cluster !== undefined && !ids.includes(values.cluster)) {
    throw new UsageError(`--cluster: expected one of ${ids.join(', ')}, got '${values.cluster}'`);
  }
  const n = parseInteger('--seeds', values.seeds, 2, 10_000) ?? 20;
  const horizon = s.ticks;
  const from = parseInteger('--from', values.from, 0, 1_000_000) ?? 0;
  const to = parseInteger('--to', values.to, 0, 1_000_000) ?? horizon;
  if (to > horizon) throw new UsageError(`--to: expected a tick at or before the horizon (${horizon}), got ${to}`);
  if (from > horizon) throw new UsageError(`--from: expected a tick at or before the horizon (${horizon}), got ${from}`);
  if (from > to) throw new UsageError(`--from: expected a tick at or before --to (${to}), got ${from}`);
  const num = (x: string) => x === '' || Number.isFinite(Number(x));
  // a row gvcsim writes: kind seed or mean, numeric cells after the first three
  const rowCheck = (c: string[]) => (c[2] === 'seed' || c[2] === 'mean') && c.slice(3).every(num);
  const outOpts = { force: values.force ?? false, label: '--out', rowCheck };
  if (values.out !== undefined) checkCsvFile(values.out, COMPARISON_COLUMNS, outOpts); // fail before the long runs

  const clusters = values.cluster !== undefined ? [values.cluster] : ids;
  if (s.seed + n - 1 > 2 ** 32 - 1) throw new UsageError(`--seeds: ${n} seeds from ${s.seed} pass the largest seed (4294967295); use fewer seeds or a smaller scenario seed`);
  if (v.ticks !== s.ticks) process.stderr.write(`gvcsim: warning: the variant runs ${v.ticks} ticks and the scenario ${s.ticks}: ticks after ${Math.min(v.ticks, s.ticks)} are in one arm only\n`);
  const seeds = Array.from({ length: n }, (_, k) => s.seed + k);
  const windows = clusterWindows(clusters, columns as Window['column'][], from, to);
  const res = compare(s, v, seeds, windows);

  process.stdout.write(`${s.name} vs variant '${values.variant}', ${n} seeds from ${s.seed}, ticks ${from}-${to}, per cluster\n`);
  clusters.forEach((cluster, k) => {
    process.stdout.write('\n');
    printBlock(cluster, res.slice(k * columns.length, (k + 1) * columns.length), { scenario: s, variant: v, name: values.variant! }, to);
  });
  if (values.out !== undefined) {
    const rows = comparisonRows(res);
    writeCsvFileAtomic(values.out, COMPARISON_COLUMNS, rows, outOpts);
    process.stdout.write(`\nwrote ${values.out} (${rows.length} rows)\n`);
  }
  return EXIT_OK;
}
