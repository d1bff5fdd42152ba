/** The worker-thread entry of the pool: a sweep run (outcomes) or an ensemble run (collected rows). */
import { collectRun, type Collected, type CollectSpec } from './collect.js';
import { executeRun, type RunTask } from './execute.js';
import type { Scenario } from '../scenario/schema.js';

export interface CollectTask {
  kind: 'collect';
  scenario: Scenario;
  seed: number;
  spec: CollectSpec;
}

export default function run(task: RunTask | CollectTask): number[] | Collected {
  if ((task as CollectTask).kind === 'collect') {
    const t = task as CollectTask;
    return collectRun(t.scenario, t.seed, t.spec);
  }
  return executeRun(task as RunTask);
}
