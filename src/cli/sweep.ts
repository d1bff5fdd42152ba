/** `gvcsim sweep`: run an experiment on every core, or one shard of it, into a results folder that survives being killed. */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadExperiment } from '../experiment/load.js';
import { buildPlan, inShard } from '../experiment/plan.js';
import { defaultWorkers, runTasks } from '../experiment/runner.js';
import { tasksOf } from '../experiment/sweep.js';
import { sweepTables } from '../experiment/tables.js';
import { checkOutPath, foldersOf, lockOutDir, normaliseOut } from '../output/folder.js';
import { Journal, finishSweepFolder, openSweepFolder, type SweepIdentity } from '../output/sweep.js';
import { VERSION } from '../engine/version.js';
import { EXIT_OK, UsageError, parseInteger, resolveScenarioArg } from './common.js';

export const SWEEP_HELP = `Usage: gvcsim sweep <experiment> [options]

Run an experiment file (see experiments/ and README, Experiments): every
design point × variant × replicate, on a pool of worker threads. Writes
runs.csv, summary.csv, sensitivity.csv (Morris and Sobol designs) and
manifest.json into one folder. <experiment> is a path or the name of a
shipped experiment (experiments/NAME.yaml).

Killed at any moment (Ctrl-C, SIGKILL, a scheduler's time limit), the same
command started again completes only the missing runs: finished runs are in
the folder's journal. A run's seed is a hash of (experiment seed, design
point, replicate), so results do not depend on the worker count, the order
runs finish or the shard split.

Options:
  --workers N       worker threads (default: the number of cores; 1 runs in-process)
  --out DIR         results folder (default: results/<name>, or
                    results/<name>-shard-<i>-of-<n> for a shard)
  --shard i/n       run only shard i of n (0-based; runs r with r mod n = i).
                    Without it, i/n come from SLURM_ARRAY_TASK_ID and
                    SLURM_ARRAY_TASK_COUNT, or from JOB_COMPLETION_INDEX (a
                    Kubernetes Indexed Job) with --shards n
  --shards n        the shard count when the index comes from JOB_COMPLETION_INDEX
  --force           replace a completed sweep, or start over a sweep in progress
                    of another experiment (only folders gvcsim wrote)
  --quiet           no progress
  -h, --help        this help

Combine shards with: gvcsim merge DIR... --out DIR
`;

/** The shard from the flag, or from a scheduler's environment. */
export function shardFrom(flag: string | undefined, shards: number | undefined, env: NodeJS.ProcessEnv): { index: number; count: number } | null {
  const parse = (i: string, n: string, from: string) => {
    if (!/^\d+$/.test(i) || !/^\d+$/.test(n) || Number(n) < 1 || Number(i) >= Number(n)) throw new UsageError(`${from}: expected a shard i/n with 0 ≤ i < n, got ${i}/${n}`);
    return { index: Number(i), count: Number(n) };
  };
  if (flag !== undefined) {
    const m = /^([^/]*)\/([^/]*)$/.exec(flag);
    if (!m) throw new UsageError(`--shard: expected i/n (e.g. 0/4), got ${JSON.stringify(flag)}`);
    return parse(m[1], m[2], '--shard');
  }
  if (env.SLURM_ARRAY_TASK_ID !== undefined && env.SLURM_ARRAY_TASK_COUNT !== undefined) {
    // Slurm numbers tasks from --array's first index; an array 0-(n-1) gives 0..n-1.
    // A stepped or gapped array (--array=0-6:3, --array=2,5) would map tasks to the wrong shards: refuse it.
    const min = env.SLURM_ARRAY_TASK_MIN ?? '0';
    const step = env.SLURM_ARRAY_TASK_STEP;
    const max = env.SLURM_ARRAY_TASK_MAX;
    if ((step !== undefined && step !== '1') || (max !== undefined && Number(max) - Number(min) + 1 !== Number(env.SLURM_ARRAY_TASK_COUNT))) {
      throw new UsageError(
        `SLURM_ARRAY_TASK_*: expected a contiguous array (--array=0-${Number(env.SLURM_ARRAY_TASK_COUNT) - 1}), got min ${min}, max ${max ?? '?'}, step ${step ?? '1'}, count ${env.SLURM_ARRAY_TASK_COUNT}; pass --shard i/n to run a subset`,
      );
    }
    const i = String(Number(env.SLURM_ARRAY_TASK_ID) - Number(min));
    return parse(i, env.SLURM_ARRAY_TASK_COUNT, 'SLURM_ARRAY_TASK_ID/SLURM_ARRAY_TASK_COUNT');
  }
  if (env.JOB_COMPLETION_INDEX !== undefined) {
    if (shards === undefined) throw new UsageError('JOB_COMPLETION_INDEX is set: add --shards n (the Job\'s completions) so each index knows the shard count');
    return parse(env.JOB_COMPLETION_INDEX, String(shards), 'JOB_COMPLETION_INDEX/--shards');
  }
  return null;
}

function fmtTime(s: number): string {
  if (!Number.isFinite(s)) return '--:--';
  const m = Math.floor(s / 60);
  return `${m}:${String(Math.floor(s % 60)).padStart(2, '0')}`;
}

export async function sweepCommand(argv: string[]): Promise<number> {
  const { values, positionals } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      workers: { type: 'string' },
      out: { type: 'string' },
      shard: { type: 'string' },
      shards: { type: 'string' },
      force: { type: 'boolean' },
      quiet: { type: 'boolean' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    process.stdout.write(SWEEP_HELP);
    return EXIT_OK;
  }
  if (positionals.length !== 1) throw new UsageError('sweep: expected one experiment file or name (see gvcsim sweep --help)');
  const workers = parseInteger('--workers', values.workers, 1, 1024) ?? defaultWorkers();
  const shards = parseInteger('--shards', values.shards, 1, 1_000_000);
  const shard = shardFrom(values.shard, shards, process.env);
  if (values.out !== undefined && values.out.trim() === '') throw new UsageError('--out: expected a folder path, got an empty text');
  const quiet = values.quiet ?? false;
  const file = resolveScenarioArg(positionals[0], quiet, 'experiment');
  const l = loadExperiment(file);
  const plan = buildPlan(l);
  const e = l.experiment;
  const out = normaliseOut(values.out ?? `results/${e.name}${shard ? `-shard-${shard.index}-of-${shard.count}` : ''}`);
  checkOutPath(out, [...foldersOf(file, "the experiment's folder"), ...foldersOf(l.base.file, "the scenario's folder")]);
  const mine = Array.from({ length: plan.runs }, (_, r) => r).filter((r) => !shard || inShard(r, shard));
  const id: SweepIdentity = { gvcsim: VERSION, experiment: { name: e.name, sha256: l.sha256 }, scenario: { sha256: l.base.sha256 }, shard, runs: plan.runs };
  const release = lockOutDir(out);
  try {
    const status = openSweepFolder(out, id, values.force ?? false);
    if (status.state === 'complete') {
      if (!quiet) process.stderr.write(`gvcsim: ${out} already holds this sweep, complete (${mine.length} runs); nothing to do\n`);
      return EXIT_OK;
    }
    const results = status.state === 'resume' ? status.done : new Map<number, number[]>();
    const todo = mine.filter((r) => !results.has(r));
    const t0 = Date.now();
    const tty = process.stderr.isTTY === true;
    let lastLine = 0;
    const progress = (final = false) => {
      if (quiet) return;
      const done = results.size;
      const secs = (Date.now() - t0) / 1000;
      const fresh = done - (mine.length - todo.length);
      const rate = secs > 0 ? fresh / secs : 0;
      const eta = rate > 0 ? (mine.length - done) / rate : Infinity;
      const text = `${done}/${mine.length} runs  ${rate.toFixed(1)} runs/s  ETA ${fmtTime(eta)}`;
      if (tty) {
        const w = 24;
        const filled = Math.round((w * done) / Math.max(1, mine.length));
        process.stderr.write(`\r[${'='.repeat(filled)}${' '.repeat(w - filled)}] ${text}${final ? '\n' : ''}`);
      } else if (final || Date.now() - lastLine > 10_000) {
        process.stderr.write(`gvcsim: sweep ${e.name}: ${text}\n`);
        lastLine = Date.now();
      }
    };
    if (!quiet) {
      process.stderr.write(
        `gvcsim: sweep ${e.name}: ${plan.runs} runs (${plan.points.length} design points × ${plan.variants.length} variant(s) × ${plan.replicates} replicate(s))${shard ? `, shard ${shard.index}/${shard.count}: ${mine.length}` : ''}${results.size > 0 ? `, ${results.size} done before, ${todo.length} to go` : ''}, ${workers} worker(s) -> ${out}\n`,
      );
    }
    const journal = new Journal(join(out, 'journal.jsonl'));
    let tick = Date.now();
    try {
      await runTasks(tasksOf(l, plan, todo), {
        workers,
        onResult: (r, v) => {
          journal.append(r, v);
          results.set(r, v);
          if (Date.now() - tick > 250) {
            tick = Date.now();
            progress();
          }
        },
      });
    } finally {
      journal.close();
    }
    progress(true);
    const manifest = await finishSweepFolder(
      out,
      sweepTables(l, plan, results, shard),
      {
        experiment: { name: e.name, file: l.file, sha256: l.sha256, source: l.text },
        scenario: { file: l.base.file, sha256: l.base.sha256, source: l.base.text },
        shard,
        runs: plan.runs,
        runs_here: mine.length,
      },
    );
    if (!quiet) process.stderr.write(`gvcsim: sweep ${e.name} -> ${out} (${Object.keys(manifest.outputs).join(', ')}, manifest.json)\n`);
    return EXIT_OK;
  } finally {
    release();
  }
}
