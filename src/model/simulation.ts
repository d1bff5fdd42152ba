/**
 * A simulation of one run: the World, its scheduler and its random streams.
 *
 * A run is a pure function of (world definition, parameters, seed, version):
 * nothing here reads the clock, the environment or an unseeded generator. Use it step
 * by step from a notebook (`step()`, `metrics()`, `world.firm(i)`) or let
 * `run()` go to the horizon; the CLI writes the same rows to CSV.
 */
import { Streams } from '../engine/rng.js';
import { Scheduler } from '../engine/scheduler.js';
import type { WorldDef } from './inputs.js';
import { clusterRows, type TickRow } from './metrics.js';
import type { Params } from './params.js';
import { PHASES } from './phases.js';
import { initAttractions } from './mechanisms/governance.js';
import { clusterStatistics } from './mechanisms/lifecycle.js';
import { World, type SimEvent } from './world.js';

/** What a run needs; a validated `Scenario` is one. */
export interface ModelInput {
  world: WorldDef;
  params: Params;
  seed: number;
  ticks: number;
  collect_every: number;
}

export interface StepResult {
  tick: number;
  /** Metrics rows of this tick when it is a collection tick, else null. */
  rows: TickRow[] | null;
  /** Events of this tick. */
  events: SimEvent[];
}

export class Simulation {
  readonly world: World;
  readonly seed: number;
  readonly horizon: number;
  readonly collectEvery: number;
  private readonly streams: Streams;
  private readonly scheduler: Scheduler<World>;

  constructor(input: ModelInput, opts: { seed?: number; ticks?: number } = {}) {
    this.seed = opts.seed ?? input.seed;
    this.horizon = opts.ticks ?? input.ticks;
    this.collectEvery = input.collect_every;
    this.streams = new Streams(this.seed);
    this.world = new World(input.world, input.params, this.streams);
    this.scheduler = new Scheduler(PHASES);
    if (input.params.switches.governance_learning) initAttractions(this.world, this.streams.get('init.attractions'));
    clusterStatistics(this.world);
    for (let c = 0; c < this.world.clusters.nClusters; c++) {
      this.world.clusters.clusterReputation[c] = this.world.clusters.clusterCapMean[c];
      this.world.clusters.clusterFirmsPrev[c] = this.world.aliveIn(c);
    }
  }

  get tick(): number {
    return this.world.tick;
  }
  get done(): boolean {
    return this.world.tick >= this.horizon;
  }
  /** Names of the phases, in the order they run. */
  get phases(): string[] {
    return this.scheduler.phaseNames;
  }

  /** Whether tick t writes metrics rows (tick 0, every collect_every, and the last). */
  collects(t: number): boolean {
    return t === 0 || t % this.collectEvery === 0 || t === this.horizon;
  }

  /** Advance one tick; returns its rows (if collected) and its events. */
  step(): StepResult {
    const w = this.world;
    w.tick++;
    w.counters.fill(0);
    w.log.clear();
    this.scheduler.tick(w, { tick: w.tick, streams: this.streams });
    return { tick: w.tick, rows: this.collects(w.tick) ? clusterRows(w) : null, events: w.events };
  }

  /** Advance one tick without building its event objects (they stay in `world.log`); returns its rows or null. */
  private advance(): TickRow[] | null {
    const w = this.world;
    w.tick++;
    w.counters.fill(0);
    w.log.clear();
    this.scheduler.tick(w, { tick: w.tick, streams: this.streams });
    return this.collects(w.tick) ? clusterRows(w) : null;
  }

  /**
   * Advance n ticks (default: to the horizon); returns the collected rows,
   * or, with `{ events: true }`, the rows and the events of those ticks.
   */
  run(n?: number): TickRow[];
  run(n: number | undefined, opts: { events: true }): { rows: TickRow[]; events: SimEvent[] };
  run(n = this.horizon - this.world.tick, opts?: { events: true }): TickRow[] | { rows: TickRow[]; events: SimEvent[] } {
    const rows: TickRow[] = [];
    const events: SimEvent[] = [];
    for (let k = 0; k < n; k++) {
      if (opts?.events) {
        const r = this.step();
        if (r.rows) rows.push(...r.rows);
        events.push(...r.events);
      } else {
        const r = this.advance();
        if (r) rows.push(...r);
      }
    }
    return opts?.events ? { rows, events } : rows;
  }

  /** Current metrics, one plain record per cluster. */
  metrics(): TickRow[] {
    return clusterRows(this.world);
  }
}
