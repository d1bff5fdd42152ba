/** `gvcsim verify`: re-run a results folder from its manifest and compare hashes. */
import { parseArgs } from 'node:util';
import { verifyRun } from '../output/verify.js';
import { EXIT_FAIL, EXIT_OK, UsageError } from './common.js';

export const VERIFY_HELP = `Usage: gvcsim verify <DIR>

Re-run the run in DIR from its manifest.json (resolved scenario, seed,
ticks) and compare the sha256 of every output with the files in DIR.
Exit 0 if all are identical, 1 if any differs (naming the file), 2 if DIR
is not a run folder.
`;

export async function verifyCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(VERIFY_HELP);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError('verify: expected one run folder (see gvcsim verify --help)');
  const r = await verifyRun(positionals[0]);
  for (const w of r.warnings) process.stderr.write(`gvcsim: warning: ${w}\n`);
  for (const f of r.files) process.stdout.write(`${f.ok ? 'same' : 'DIFFERS'}  ${f.file}${f.reason ? `  (${f.reason})` : ''}\n`);
  process.stdout.write(r.ok ? `verified: ${positionals[0]} reproduces exactly\n` : `verify failed: ${positionals[0]}\n`);
  return r.ok ? EXIT_OK : EXIT_FAIL;
}
