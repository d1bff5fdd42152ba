/** `gvcsim validate`: check a scenario file and say what is wrong. */
import { readFileSync, statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { loadExperiment } from '../experiment/load.js';
import { buildPlan } from '../experiment/plan.js';
import { SCENARIO_MAX_BYTES, loadScenario } from '../scenario/load.js';
import { formatBytes, worldSize } from '../scenario/limits.js';
import { EXIT_OK, UsageError, resolveScenarioArg, warn } from './common.js';

export const VALIDATE_HELP = `Usage: gvcsim validate <scenario> [--variant NAME] [--set path=value ...]

Check a scenario file against the format (docs/parameters.md) without
running it; every named variant is checked too, every policy formula is
evaluated over each tick of its window, and the world's size is checked
against the limits. Prints "ok" and a one-line summary (warnings, such as a
shock after the horizon, on stderr), or one error naming the file and the
field, with exit code 2.

An experiment file (one with \`design:\` and \`factors:\` or \`outcomes:\`;
experiments/, README "Experiments") is checked as \`gvcsim sweep\` would
check it, base scenario included, and the summary gives its planned runs.
`;

/**
 * Whether a file reads as an experiment: a top-level `design:` key with `factors:` or `outcomes:` (YAML, at column 0)
 * or those keys in a JSON file. A text test, not a parse, so a hostile file (deep nesting, alias bombs) meets only the
 * scenario loader's guarded parse; false when unreadable (the loader then names what is wrong).
 */
function isExperimentFile(file: string): boolean {
  try {
    if (statSync(file).size > SCENARIO_MAX_BYTES) return false;
    const text = readFileSync(file, 'utf8');
    const yaml = /^design[ \t]*:/m.test(text) && /^(factors|outcomes)[ \t]*:/m.test(text);
    const json = /^\s*\{/.test(text) && /"design"\s*:/.test(text) && /"(factors|outcomes)"\s*:/.test(text);
    return yaml || json;
  } catch {
    return false;
  }
}

export async function validateCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { set: { type: 'string', multiple: true }, variant: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(VALIDATE_HELP);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError('validate: expected one scenario file or name (see gvcsim validate --help)');
  const file = resolveScenarioArg(positionals[0]);
  if (isExperimentFile(file)) {
    if (values.set || values.variant) throw new UsageError('validate: --set and --variant apply to scenarios; an experiment names its own (set:, variants:)');
    const l = loadExperiment(file);
    const e = l.experiment;
    const plan = buildPlan(l);
    process.stdout.write(
      `ok: ${positionals[0]}: experiment '${e.name}', design ${e.design.kind}, ${e.factors.length} factor(s), ${e.outcomes.length} outcome(s), ${plan.runs} runs of scenario '${l.base.scenario.name}' (${l.base.scenario.ticks} ticks)\n`,
    );
    return EXIT_OK;
  }
  const { scenario: s, warnings } = loadScenario(file, values.set ?? [], values.variant ?? null);
  for (const w of warnings) warn(w);
  const firms = s.world.clusters.reduce((a, c) => a + c.firms, 0);
  const buyers = s.world.buyers.reduce((a, b) => a + b.count, 0);
  process.stdout.write(
    `ok: ${positionals[0]}: '${s.name}', ${s.ticks} ticks, ${s.world.chains.length} chain(s), ${s.world.clusters.length} cluster(s) with ${firms} firms, ${buyers} buyer(s), ${s.world.policies.length} policy instrument(s), ${s.world.shocks.length} shock(s), variants: ${s.variants.map((v) => v.name).join(', ') || 'none'}; about ${formatBytes(worldSize(s).bytes)} of memory\n`,
  );
  return EXIT_OK;
}
