/** `gvcsim run`: run a scenario into a results folder. */
import { parseArgs } from 'node:util';
import { loadScenario } from '../scenario/load.js';
import { writeRun } from '../output/run.js';
import { checkOutDir, checkOutPath, foldersOf, normaliseOut } from '../output/folder.js';
import { EXIT_OK, UsageError, parseInteger, resolveScenarioArg, warn } from './common.js';

export const RUN_HELP = `Usage: gvcsim run <scenario> [options]

Run a scenario file (YAML or JSON) and write ticks.csv, events.csv,
manifest.json (and firms.csv with --firms) into one folder, atomically.
<scenario> is a path, or a name: a file of that name in the current folder
(NAME, NAME.yaml, NAME.yml, NAME.json), else the shipped scenario of that
name (see gvcsim list); stderr says which was used.

Options:
  --seed N          run seed (default: the scenario's seed)
  --ticks T         horizon in ticks (default: the scenario's ticks)
  --out DIR         output folder (default: results/<scenario name>-<seed>)
  --variant NAME    apply one of the scenario's named variants (counterfactuals)
  --set path=value  override a scenario field, e.g. --set params.learning.depreciation=0.01
                    (repeatable; paths as in docs/parameters.md; applied after --variant)
  --firms           also write the sampled per-firm table firms.csv
  --force           replace DIR if it holds the results of an earlier run (a gvcsim
                    manifest.json and only run files); any other folder is refused.
                    DIR may never be the current folder, the scenario's folder,
                    or an ancestor of either
  --quiet           no progress line
  -h, --help        this help

Exit codes: 0 done, 2 bad input (the message names the file and field, or
the flag), 1 internal error, 130/143 interrupted (the temporary folder is
removed). Two runs into one DIR at once: the second is refused (exit 2).
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
  if (positionals.length !== 1) throw new UsageError('run: expected one scenario file or name (see gvcsim run --help)');
  const seedArg = parseInteger('--seed', values.seed, 0, 2 ** 32 - 1);
  const ticksArg = parseInteger('--ticks', values.ticks, 1, 1_000_000);
  if (values.out !== undefined && values.out.trim() === '') throw new UsageError('--out: expected a folder path, got an empty text');
  const file = resolveScenarioArg(positionals[0], values.quiet ?? false);
  const loaded = loadScenario(file, values.set ?? [], values.variant ?? null, { seed: seedArg, ticks: ticksArg });
  for (const w of loaded.warnings) warn(w);
  const { seed, ticks } = loaded.scenario;
  const out = normaliseOut(values.out ?? `results/${loaded.scenario.name}${loaded.variant ? `-${loaded.variant}` : ''}-${seed}`);
  const protect = foldersOf(file, "the scenario's folder");
  // refuse a bad --out before the run, not after it
  checkOutPath(out, protect);
  checkOutDir(out, values.force ?? false);
  const started = Date.now();
  const manifest = await writeRun(
    {
      scenario: loaded.scenario,
      scenarioFile: loaded.file,
      scenarioSha256: loaded.sha256,
      scenarioText: loaded.text,
      sets: loaded.sets,
      variant: loaded.variant,
      seed,
      ticks,
      firms: values.firms ?? false,
    },
    out,
    { force: values.force ?? false, protect },
  );
  if (!values.quiet) {
    const secs = ((Date.now() - started) / 1000).toFixed(1);
    process.stderr.write(`gvcsim: ${manifest.scenario.name} seed ${seed}, ${ticks} ticks -> ${out} (${Object.keys(manifest.outputs).join(', ')}, manifest.json) in ${secs}s\n`);
  }
  return EXIT_OK;
}
