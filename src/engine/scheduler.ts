/**
 * The tick scheduler: runs named phases in a declared order.
 *
 * A phase is a plain function of (state, context). The scheduler knows
 * nothing of the model; the model declares its phase list (MODEL.md §3) and
 * the scheduler runs it, tick after tick, handing each phase a context with
 * the tick number and the run's named random streams.
 */
import type { Streams } from './rng.js';

export interface PhaseContext {
  readonly tick: number;
  readonly streams: Streams;
}

export interface Phase<S> {
  /** Stable name; also the prefix of the phase's random streams. */
  readonly name: string;
  /** Whether the phase runs this tick (a switched-off mechanism skips). */
  readonly enabled?: (state: S) => boolean;
  readonly run: (state: S, ctx: PhaseContext) => void;
}

export class Scheduler<S> {
  private readonly phases: readonly Phase<S>[];
  constructor(phases: readonly Phase<S>[]) {
    const seen = new Set<string>();
    for (const p of phases) {
      if (seen.has(p.name)) throw new Error(`duplicate phase name '${p.name}'`);
      seen.add(p.name);
    }
    this.phases = phases;
  }
  get phaseNames(): string[] {
    return this.phases.map((p) => p.name);
  }
  /** Run every enabled phase once, in declared order. */
  tick(state: S, ctx: PhaseContext): void {
    for (const p of this.phases) {
      if (p.enabled && !p.enabled(state)) continue;
      p.run(state, ctx);
    }
  }
}
