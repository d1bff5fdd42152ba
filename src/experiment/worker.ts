/** The worker-thread entry of a sweep's pool: one task is one run (src/experiment/execute.ts). */
import { executeRun, type RunTask } from './execute.js';

export default function run(task: RunTask): number[] {
  return executeRun(task);
}
