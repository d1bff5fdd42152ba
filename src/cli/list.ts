/** `gvcsim list`: the shipped scenarios with their one-line summaries and variants. */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { loadScenario } from '../scenario/load.js';
import { EXIT_OK } from './common.js';

export const LIST_HELP = `Usage: gvcsim list [DIR]

Print every scenario in DIR (default: the shipped scenarios/ folder) with
its one-line description and its named variants.
`;

export const SCENARIO_DIR = fileURLToPath(new URL('../../scenarios/', import.meta.url));

export async function listCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({ args: argv, allowPositionals: true, options: { help: { type: 'boolean', short: 'h' } } });
  if (values.help) {
    process.stdout.write(LIST_HELP);
    return EXIT_OK;
  }
  const dir = positionals[0] ?? SCENARIO_DIR;
  const files = readdirSync(dir)
    .filter((f) => /\.(ya?ml|json)$/.test(f))
    .sort();
  for (const f of files) {
    const { scenario: s } = loadScenario(join(dir, f));
    const variants = s.variants.map((v) => v.name).join(', ');
    process.stdout.write(`${f.padEnd(28)} ${s.description}${variants ? `  [variants: ${variants}]` : ''}\n`);
  }
  return EXIT_OK;
}
