/** `gvcsim verify`: check a results folder's manifest, re-run it and compare hashes. */
import { parseArgs } from 'node:util';
import { readManifest, verifyRun } from '../output/verify.js';
import { EXIT_FAIL, EXIT_OK, UsageError, parseInteger, warn } from './common.js';

export const VERIFY_HELP = `Usage: gvcsim verify <DIR> [--any-version] [--workers N]

Check the manifest.json of the run (or sweep) in DIR, then re-run it from
the manifest and compare the sha256 of every output with the files in DIR.
A sweep folder (gvcsim sweep, merge) is re-run from the experiment and
scenario texts its manifest keeps: every run of the folder, on --workers
threads (default: the number of cores), and its tables are rebuilt.

The manifest is not trusted: its types and ranges are checked before
anything runs, and its provenance must agree (the resolved scenario's seed,
ticks and name; the kept scenario text, its sha256, the variant and --set
overrides rebuild the resolved scenario exactly; the checksum covers the
rest). Files in DIR that no run writes are reported.

Options:
  --any-version     verify a run made by another gvcsim version (refused by default)
  --workers N       worker threads for re-running a sweep
  -h, --help        this help

Exit 0 if all is identical; 1 if the manifest is inconsistent, made by
another version, or any file differs, is missing or is extra (each named);
2 if DIR is not a run folder.
`;

export async function verifyCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { 'any-version': { type: 'boolean' }, workers: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(VERIFY_HELP);
    return EXIT_OK;
  }
  if (positionals.length !== 1 || positionals[0] === '') throw new UsageError('verify: expected one run folder (see gvcsim verify --help)');
  const dir = positionals[0];
  const workers = parseInteger('--workers', values.workers, 1, 1024);
  const m = readManifest(dir) as unknown as { kind?: string };
  const r =
    m.kind === 'sweep'
      ? await (await import('../experiment/verify-sweep.js')).verifySweep(dir, m as never, { workers, anyVersion: values['any-version'] ?? false })
      : await verifyRun(dir, { anyVersion: values['any-version'] ?? false });
  for (const w of r.warnings) warn(w);
  for (const p of r.manifest) process.stdout.write(`MANIFEST  ${p}\n`);
  for (const f of r.files) process.stdout.write(`${f.ok ? 'same' : 'DIFFERS'}  ${f.file}${f.reason ? `  (${f.reason})` : ''}\n`);
  for (const f of r.extra) process.stdout.write(`EXTRA  ${f}  (not a plain file that this run writes)\n`);
  if (r.manifest.length > 0) process.stdout.write(`verify failed: ${dir}: the manifest does not hold together; nothing was re-run\n`);
  else process.stdout.write(r.ok ? `verified: ${dir} reproduces exactly\n` : `verify failed: ${dir}\n`);
  return r.ok ? EXIT_OK : EXIT_FAIL;
}
