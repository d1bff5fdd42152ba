/** `gvcsim run`: run a scenario into a results folder. */
import { parseArgs } from 'node:util';
import { loadScenario } from '../scenario/load.js';
import { checkOutDir, writeRun } from '../output/run.js';
import { EXIT_OK, UsageError, parseInteger } from './common.js';

export const RUN_HELP = `Usage: gvcsim run <scenario> [options]

Run a scenario file (YAML or JSON) and write ticks.csv, events.csv,
manifest.json (and firms.csv with --firms) into one folder, atomically.

Options:
  --seed N          run seed (default: the scenario's seed)
  --ticks T         horizon in ticks (default: the scenario's ticks)
  --out DIR         output folder (default: results/<scenario name>-<seed>)
  --variant NAME    apply one of the scenario's named variants (counterfactuals)
  --set path=value  override a scenario field, e.g. --set params.learning.depreciation=0.01
                    (repeatable; paths as in docs/parameters.md; applied after --variant)
  --firms           also write the sampled per-firm table firms.csv
  --force           replace DIR if it already holds results
  --quiet           no progress line
  -h, --help        this help

Exit codes: 0 done, 2 bad input (the message names the file and field), 1 internal error.
`;

export async function runCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      seed: { type: 'string' },
      ticks: { type: 'string' },
      out: { type: 'string' },
      set: { type: 'string', multiple: true },
      variant: { type: 'string' },
      firms: { type: 'boolean' },
      force: { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(RUN_HELP);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError('run: expected one scenario file (see gvcsim run --help)');
  const seedArg = parseInteger('--seed', values.seed, 0, 2 ** 32 - 1);
  const ticksArg = parseInteger('--ticks', values.ticks, 1, 1_000_000);
  const loaded = loadScenario(positionals[0], values.set ?? [], values.variant ?? null);
  const seed = seedArg ?? loaded.scenario.seed;
  const ticks = ticksArg ?? loaded.scenario.ticks;
  const out = values.out ?? `results/${loaded.scenario.name}${loaded.variant ? `-${loaded.variant}` : ''}-${seed}`;
  checkOutDir(out, values.force ?? false);
  const started = Date.now();
  const manifest = await writeRun(
    {
      scenario: loaded.scenario,
      scenarioFile: loaded.file,
      scenarioSha256: loaded.sha256,
      sets: loaded.sets,
      variant: loaded.variant,
      seed,
      ticks,
      firms: values.firms ?? false,
    },
    out,
    { force: values.force ?? false },
  );
  if (!values.quiet) {
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    process.stderr.write(`gvcsim: ${manifest.scenario.name} seed ${seed}, ${ticks} ticks -> ${out} (${Object.keys(manifest.outputs).join(', ')}, manifest.json) in ${secs}s\n`);
  }
  return EXIT_OK;
}
