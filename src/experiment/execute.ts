/**
 * One run of a sweep: a pure function of (resolved scenario, factor values,
 * seed) → outcome values. Runs in a worker thread or in-process alike.
 *
 * Outcomes are computed while the run steps, without keeping its rows: a
 * ticks.csv column of one cluster (the value at a tick; the mean, sum, min
 * or max over a window; the first tick a condition holds) or a count of an
 * event kind per tick (mean, sum, min or max over the window). Every tick is
 * observed, whatever the scenario's `collect_every`. An outcome with no value
 * (an empty window, a cluster that has not arrived, a condition that never
 * holds) is NaN, written as an empty cell.
 */
import { STATUSES } from '../model/constants.js';
import { clusterRows } from '../model/metrics.js';
import { Simulation } from '../model/simulation.js';
import { setPath, validateScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import type { OutcomeDef } from './spec.js';

export interface RunTask {
  /** The resolved scenario of the run's variant (with the experiment's overrides). */
  scenario: Scenario;
  /** Factor paths and their values for this run. */
  assignments: [path: string, value: number | string | boolean][];
  seed: number;
  outcomes: OutcomeDef[];
}

/** Outcome values in the order of `outcomes` (NaN = no value). */
export function executeRun(task: RunTask): number[] {
  const raw = structuredClone(task.scenario) as unknown as Record<string, unknown>;
  for (const [path, value] of task.assignments) setPath(raw, path, value, '(experiment run)');
  const s = validateScenario(raw, '(experiment run)');
  const sim = new Simulation(s, { seed: task.seed });
  const H = sim.horizon;
  const acc = task.outcomes.map((o) => new Accumulator(o, Math.min(o.to, H)));
  const clusterIndex = new Map(sim.world.clusters.clusterIds.map((id, i) => [id, i] as const));
  const needRows = task.outcomes.some((o) => o.column !== '');
  const needStatus = task.outcomes.some((o) => o.status !== '');
  const w = sim.world;
  // firm id -> status, for event outcomes filtered by firm status (ids are never reused)
  const statusOf = new Map<number, string>();
  const observe = (t: number, events: readonly { kind: string; cluster: string; firm: number | null }[]) => {
    const rows = needRows ? clusterRows(w) : null;
    if (needStatus) for (let i = 0; i < w.firms.N; i++) if (w.firms.alive[i]) statusOf.set(w.firms.firmUid[i], STATUSES[w.firms.status[i]]);
    task.outcomes.forEach((o, j) => {
      if (t < o.from || t > acc[j].to) return;
      if (o.column !== '') {
        const v = rows![clusterIndex.get(o.cluster) as number][o.column];
        acc[j].add(t, typeof v === 'number' ? v : NaN);
      } else if (t > 0) {
        let n = 0;
        for (const e of events) {
          if (e.kind !== o.event || (o.cluster !== '' && e.cluster !== o.cluster)) continue;
          if (o.status !== '' && (e.firm === null || statusOf.get(e.firm) !== o.status)) continue;
          n++;
        }
        if (o.per_firm) {
          // the firms the events could come from: alive now, of the cluster and status asked for
          const c = o.cluster === '' ? -1 : (clusterIndex.get(o.cluster) as number);
          const st = o.status === '' ? -1 : STATUSES.indexOf(o.status as (typeof STATUSES)[number]);
          let firms = 0;
          for (let i = 0; i < w.firms.N; i++) if (w.firms.alive[i] && (c < 0 || w.firms.firmCluster[i] === c) && (st < 0 || w.firms.status[i] === st)) firms++;
          acc[j].add(t, firms > 0 ? n / firms : NaN);
        } else acc[j].add(t, n);
      }
    });
  };
  observe(0, []);
  while (!sim.done) {
    const r = sim.step();
    observe(r.tick, r.events);
  }
  return acc.map((a) => a.value());
}

class Accumulator {
  private sum = 0;
  private n = 0;
  private min = Infinity;
  private max = -Infinity;
  private at = NaN;
  private first = NaN;
  constructor(
    private readonly o: OutcomeDef,
    readonly to: number,
  ) {}
  add(t: number, v: number): void {
    const o = this.o;
    if (o.stat === 'at') {
      if (t === o.at) this.at = v;
      return;
    }
    if (o.stat === 'first') {
      if (Number.isNaN(this.first) && !Number.isNaN(v) && holds(v, o.op, o.value)) this.first = t;
      return;
    }
    if (Number.isNaN(v)) return;
    this.sum += v;
    this.n++;
    if (v < this.min) this.min = v;
    if (v > this.max) this.max = v;
  }
  value(): number {
    switch (this.o.stat) {
      case 'at':
        return this.at;
      case 'first':
        return this.first;
      case 'sum':
        return this.n > 0 ? this.sum : NaN;
      case 'min':
        return this.n > 0 ? this.min : NaN;
      case 'max':
        return this.n > 0 ? this.max : NaN;
      default:
        return this.n > 0 ? this.sum / this.n : NaN;
    }
  }
}

function holds(v: number, op: OutcomeDef['op'], x: number): boolean {
  switch (op) {
    case '>':
      return v > x;
    case '>=':
      return v >= x;
    case '<':
      return v < x;
    case '<=':
      return v <= x;
    case '==':
      return v === x;
    case '!=':
      return v !== x;
  }
}
