/** `gvcsim merge`: combine the shard folders of one sweep into one results folder. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadExperimentText } from '../experiment/load.js';
import { buildPlan, inShard } from '../experiment/plan.js';
import { runColumns, sweepTables } from '../experiment/tables.js';
import { OutputError, checkOutPath, lockOutDir, normaliseOut } from '../output/folder.js';
import { sha256File } from '../output/hash.js';
import { finishSweepFolder, openSweepFolder, type SweepIdentity, type SweepManifest } from '../output/sweep.js';
import { VERSION } from '../engine/version.js';
import { EXIT_OK, UsageError } from './common.js';

export const MERGE_HELP = `Usage: gvcsim merge <DIR>... --out DIR [--force] [--quiet]

Combine the shard folders of one sweep (gvcsim sweep --shard i/n) into one
results folder, with the same runs.csv, summary.csv and sensitivity.csv as
an unsharded sweep, byte for byte. The shards must come from the same
experiment and scenario (sha256) and the same gvcsim version, be complete,
and together hold every run exactly once; otherwise exit 2 naming the
folder and what is wrong.
`;

/** Parse a runs.csv written by gvcsim (no quoted cells: ids, numbers and plain choices). */
function readRuns(path: string, columns: string[], outcomes: string[]): Map<number, number[]> {
  const lines = readFileSync(path, 'utf8').split('\n').filter((l) => l !== '');
  if (lines[0] !== columns.join(',')) throw new OutputError(`${path}: expected the header ${columns.join(',')}`);
  const at = outcomes.map((o) => columns.indexOf(o));
  const out = new Map<number, number[]>();
  for (const line of lines.slice(1)) {
    const cells = line.split(',');
    if (cells.length !== columns.length) throw new OutputError(`${path}: a row with ${cells.length} cells, expected ${columns.length}`);
    const r = Number(cells[0]);
    if (out.has(r)) throw new OutputError(`${path}: run ${r} appears twice`);
    out.set(r, at.map((j) => (cells[j] === '' ? NaN : Number(cells[j]))));
  }
  return out;
}

export async function mergeCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: { out: { type: 'string' }, force: { type: 'boolean' }, quiet: { type: 'boolean' }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    process.stdout.write(MERGE_HELP);
    return EXIT_OK;
  }
  if (positionals.length === 0) throw new UsageError('merge: expected the shard folders to combine (see gvcsim merge --help)');
  if (values.out === undefined || values.out.trim() === '') throw new UsageError('--out: expected the folder to write the merged sweep to');
  const manifests: { dir: string; m: SweepManifest }[] = [];
  for (const dir of positionals) {
    let m: SweepManifest;
    try {
      m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as SweepManifest;
    } catch {
      throw new OutputError(`${dir}: no readable manifest.json (not a finished gvcsim sweep folder; a sweep in progress has none yet)`);
    }
    if (m === null || typeof m !== 'object' || m.kind !== 'sweep') throw new OutputError(`${dir}/manifest.json: expected the manifest of a gvcsim sweep`);
    if (m.gvcsim !== VERSION) throw new OutputError(`${dir}: made by gvcsim ${String(m.gvcsim)}; this is ${VERSION} and merges only its own shards`);
    if (!m.runs_here || typeof m.runs !== 'number') throw new OutputError(`${dir}/manifest.json: runs: expected the run counts`);
    manifests.push({ dir, m });
  }
  const first = manifests[0].m;
  for (const { dir, m } of manifests) {
    if (m.experiment?.sha256 !== first.experiment?.sha256) throw new OutputError(`${dir}: a shard of another experiment (sha256 ${String(m.experiment?.sha256).slice(0, 12)} ≠ ${String(first.experiment?.sha256).slice(0, 12)})`);
    if (m.scenario?.sha256 !== first.scenario?.sha256) throw new OutputError(`${dir}: a shard run on another scenario file (sha256 differs)`);
    if (m.runs !== first.runs) throw new OutputError(`${dir}: a shard of a sweep with ${m.runs} runs, the others have ${first.runs}`);
    if ((m.shard?.count ?? 1) !== (first.shard?.count ?? 1)) throw new OutputError(`${dir}: a shard of ${m.shard?.count ?? 1}, the others of ${first.shard?.count ?? 1}`);
  }
  const l = loadExperimentText(first.experiment.source, first.experiment.file, { text: first.scenario.source, file: first.scenario.file, sha256: first.scenario.sha256 });
  const plan = buildPlan(l);
  const columns = runColumns(l);
  const outcomes = l.experiment.outcomes.map((o) => o.name);
  const results = new Map<number, number[]>();
  const seenShards = new Map<number, string>();
  for (const { dir, m } of manifests) {
    const idx = m.shard?.index ?? 0;
    if (seenShards.has(idx)) throw new OutputError(`${dir}: shard ${idx} is also in ${seenShards.get(idx)}`);
    seenShards.set(idx, dir);
    const path = join(dir, 'runs.csv');
    const hash = await sha256File(path).catch(() => '');
    if (hash !== m.outputs?.['runs.csv']) throw new OutputError(`${path}: does not match its manifest's sha256 (changed after the sweep?)`);
    for (const [r, v] of readRuns(path, columns, outcomes)) {
      if (m.shard && !inShard(r, m.shard)) throw new OutputError(`${path}: run ${r} does not belong to shard ${m.shard.index}/${m.shard.count}`);
      if (results.has(r)) throw new OutputError(`${path}: run ${r} is also in another shard`);
      results.set(r, v);
    }
  }
  const missing: number[] = [];
  for (let r = 0; r < plan.runs && missing.length < 5; r++) if (!results.has(r)) missing.push(r);
  if (missing.length > 0) {
    const count = plan.runs - results.size;
    throw new OutputError(`merge: ${count} of ${plan.runs} runs are missing (e.g. run ${missing.join(', ')}); add the other shards (${first.shard?.count ?? 1} in all)`);
  }
  const out = normaliseOut(values.out);
  checkOutPath(out, positionals.map((d) => ({ path: d, what: 'a shard folder' })));
  const id: SweepIdentity = { gvcsim: VERSION, experiment: { name: l.experiment.name, sha256: l.sha256 }, scenario: { sha256: l.base.sha256 }, shard: null, runs: plan.runs };
  const release = lockOutDir(out);
  try {
    const status = openSweepFolder(out, id, values.force ?? false);
    if (status.state === 'complete') throw new OutputError(`${out}: already holds this sweep; add --force to write it again`);
    await finishSweepFolder(
      out,
      sweepTables(l, plan, results, null),
      { experiment: first.experiment, scenario: first.scenario, shard: null, runs: plan.runs, runs_here: plan.runs },
    );
    if (!values.quiet) process.stderr.write(`gvcsim: merged ${manifests.length} shard(s), ${plan.runs} runs -> ${out}\n`);
    return EXIT_OK;
  } finally {
    release();
  }
}
