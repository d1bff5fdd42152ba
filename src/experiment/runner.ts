/**
 * Running many runs: in-process (`workers: 1`) or on a pool of worker
 * threads (tinypool) that reuses its workers across runs.
 *
 * Results arrive in completion order through `onResult`; the caller orders
 * them (by run index) when it writes, so the output never depends on the
 * worker count or the order runs finish. At most `4 × workers` runs are in
 * flight, so memory stays flat over thousands of runs.
 */
import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import Tinypool from 'tinypool';
import { executeRun, type RunTask } from './execute.js';

export interface RunnerOptions {
  /** Worker threads; 1 runs in this thread (default: the number of cores). */
  workers?: number;
  /** Called for each finished run, in completion order. */
  onResult: (run: number, values: number[]) => void | Promise<void>;
}

/** The default worker count: the machine's cores. */
export function defaultWorkers(): number {
  return Math.max(1, availableParallelism());
}

function workerFile(): { filename: string; execArgv: string[] } {
  const here = import.meta.url;
  // from the TypeScript sources (tests, `npm run gvcsim`) a small entry registers tsx in the worker thread first
  if (here.endsWith('.ts')) return { filename: fileURLToPath(new URL('./worker-dev.mjs', here)), execArgv: [] };
  return { filename: fileURLToPath(new URL('./worker.js', here)), execArgv: [] };
}

/** Run every task of `tasks` (run index and task), calling `onResult` as each finishes. */
export async function runTasks(tasks: Iterable<[number, RunTask]>, opts: RunnerOptions): Promise<void> {
  return runPool(tasks, (t) => executeRun(t), opts as PoolOptions<number[]>);
}

export interface PoolOptions<R> {
  workers?: number;
  onResult: (run: number, result: R) => void | Promise<void>;
}

/**
 * Run tasks in this thread (`workers: 1`, with `local`) or on the worker pool
 * (src/experiment/worker.ts dispatches on the task), calling `onResult` as
 * each finishes.
 */
export async function runPool<T, R>(tasks: Iterable<[number, T]>, local: (task: T) => R, opts: PoolOptions<R>): Promise<void> {
  const workers = Math.max(1, Math.floor(opts.workers ?? defaultWorkers()));
  if (workers === 1) {
    for (const [run, task] of tasks) {
      await opts.onResult(run, local(task));
      await new Promise((r) => setImmediate(r)); // signals and progress stay live
    }
    return;
  }
  const { filename, execArgv } = workerFile();
  // a larger young generation than a worker's default: a run allocates its world's typed arrays afresh
  const pool = new Tinypool({ filename, execArgv, minThreads: workers, maxThreads: workers, idleTimeout: 1000, resourceLimits: { maxYoungGenerationSizeMb: 64 } });
  try {
    const inFlight = new Set<Promise<void>>();
    let failure: unknown = null;
    for (const [run, task] of tasks) {
      if (failure) break;
      const p: Promise<void> = (pool.run(task) as Promise<R>)
        .then((values) => opts.onResult(run, values))
        .catch((e: unknown) => {
          failure ??= e;
        })
        .finally(() => inFlight.delete(p));
      inFlight.add(p);
      if (inFlight.size >= 4 * workers) await Promise.race(inFlight);
    }
    await Promise.all(inFlight);
    if (failure) throw failure;
  } finally {
    await pool.destroy();
  }
}
