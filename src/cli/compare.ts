/** `gvcsim compare`: a scenario against one of its variants over many seeds (paired 95% CI). */
import { parseArgs } from 'node:util';
import { compare, type Window } from '../experiment/compare.js';
import { TICK_COLUMNS } from '../model/metrics.js';
import { loadScenario } from '../scenario/load.js';
import { EXIT_OK, UsageError, parseInteger } from './common.js';

export const COMPARE_HELP = `Usage: gvcsim compare <scenario> --variant NAME [options]

Run the scenario and its named variant (the counterfactual) on the same
seeds and print, per column, the mean over a tick window in each arm and
the paired 95% confidence interval of scenario − variant.

Options:
  --variant NAME    the counterfactual (one of the scenario's variants)
  --column C        a ticks.csv column (repeatable; default unit_price)
  --cluster ID      one cluster (default: the sum over clusters per tick)
  --from T          first tick of the window (default 0)
  --to T            last tick of the window (default: the horizon)
  --seeds N         number of seeds, from the scenario's seed on (default 20)
  --set path=value  override both arms (repeatable)
  -h, --help        this help
`;

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
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(COMPARE_HELP);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError('compare: expected one scenario file (see gvcsim compare --help)');
  if (!values.variant) throw new UsageError('compare: --variant NAME is required (the counterfactual)');
  const columns = values.column ?? ['unit_price'];
  for (const c of columns) {
    if (!(TICK_COLUMNS as readonly string[]).includes(c) || c === 'cluster' || c === 'stage') {
      throw new UsageError(`--column: expected a numeric ticks.csv column, got '${c}'`);
    }
  }
  const file = positionals[0];
  const s = loadScenario(file, values.set ?? []).scenario;
  const v = loadScenario(file, values.set ?? [], values.variant).scenario;
  if (values.cluster && !s.world.clusters.some((c) => c.id === values.cluster)) {
    throw new UsageError(`--cluster: expected one of ${s.world.clusters.map((c) => c.id).join(', ')}, got '${values.cluster}'`);
  }
  const n = parseInteger('--seeds', values.seeds, 2, 10_000) ?? 20;
  const from = parseInteger('--from', values.from, 0, 1_000_000) ?? 0;
  const to = parseInteger('--to', values.to, 0, 1_000_000) ?? s.ticks;
  const seeds = Array.from({ length: n }, (_, k) => s.seed + k);
  const windows: Window[] = columns.map((c) => ({ column: c as Window['column'], cluster: values.cluster ?? null, from, to }));
  const res = compare(s, v, seeds, windows);
  const f = (x: number) => (Number.isFinite(x) ? x.toPrecision(4) : 'NA');
  process.stdout.write(`${s.name} vs variant '${values.variant}', ${n} seeds from ${s.seed}, ticks ${from}-${to}, ${values.cluster ?? 'all clusters'}\n`);
  process.stdout.write('column\tscenario\tvariant\tdifference\t95% CI\n');
  res.forEach((r, k) => {
    const mean = (x: number[]) => x.reduce((a, b) => a + b, 0) / x.length;
    process.stdout.write(`${columns[k]}\t${f(mean(r.scenario))}\t${f(mean(r.counterfactual))}\t${f(r.effect.diff)}\t[${f(r.effect.lo)}, ${f(r.effect.hi)}]\n`);
  });
  return EXIT_OK;
}
