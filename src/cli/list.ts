/** `gvcsim list`: the shipped scenarios with their one-line summaries and variants. */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadScenario } from '../scenario/load.js';
import { SHIPPED_SCENARIOS } from '../scenario/find.js';
import { EXIT_BAD_INPUT, EXIT_OK, UsageError } from './common.js';

export const LIST_HELP = `Usage: gvcsim list [DIR]

Print every scenario in DIR (default: the shipped scenarios/ folder) with
its one-line description and its named variants. A shipped scenario can be
run by its name from any folder: gvcsim run baseline. A file in DIR that is
not a valid scenario is named on stderr (exit 2 after the listing).
`;

export async function listCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write(LIST_HELP);
    return EXIT_OK;
  }
  if (positionals.length > 1) throw new UsageError('list: expected at most one folder (see gvcsim list --help)');
  const dir = positionals[0] ?? SHIPPED_SCENARIOS;
  let names: string[];
  try {
    if (!statSync(dir).isDirectory()) throw new UsageError(`list: ${dir}: expected a folder of scenario files, got a file`);
    names = readdirSync(dir);
  } catch (e) {
    if (e instanceof UsageError) throw e;
    throw new UsageError(`list: ${dir}: expected a folder of scenario files (${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such folder' : 'cannot read it'})`);
  }
  const files = names.filter((f) => /\.(ya?ml|json)$/.test(f)).sort();
  let bad = 0;
  for (const f of files) {
    try {
      const { scenario: s } = loadScenario(join(dir, f));
      const variants = s.variants.map((v) => v.name).join(', ');
      process.stdout.write(`${f.padEnd(28)} ${s.description}${variants ? `  [variants: ${variants}]` : ''}\n`);
    } catch (e) {
      if (!(e instanceof Error && e.name === 'ScenarioError')) throw e;
      bad++;
      process.stderr.write(`gvcsim: error: ${e.message}\n`);
    }
  }
  if (files.length === 0) process.stderr.write(`gvcsim: ${dir}: no scenario files (.yaml, .yml, .json)\n`);
  return bad > 0 ? EXIT_BAD_INPUT : EXIT_OK;
}
