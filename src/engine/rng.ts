/**
 * Named random streams derived from the run seed.
 *
 * Every stream is an independent `seedrandom.alea` generator keyed by
 * `<seed>|<name>`, so adding a stream, an agent or a draw in one phase never
 * shifts the numbers another phase sees. Phases that draw per tick ask for a
 * stream named after the phase *and* the tick (e.g. `sourcing.scout/17`,
 * `decisions/17`, `joint/17`); agents
 * that need their own draws at initialisation ask for `init.firm/<id>`.
 * Nothing in the project may use the global, unseeded generator (a test checks it).
 */
import seedrandom from 'seedrandom';

export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal (Box–Muller; one draw per call, no cached spare). */
  normal(): number;
}

class AleaRng implements Rng {
  private readonly g: () => number;
  constructor(key: string) {
    this.g = seedrandom.alea(key);
  }
  next(): number {
    return this.g();
  }
  int(n: number): number {
    return Math.floor(this.g() * n);
  }
  normal(): number {
    let u = this.g();
    while (u <= 1e-300) u = this.g();
    const v = this.g();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
}

/** Factory for named streams of one run. */
export class Streams {
  constructor(readonly seed: number) {}
  /** A fresh stream for `name`; the same (seed, name) always gives the same numbers. */
  get(name: string): Rng {
    return new AleaRng(`${this.seed}|${name}`);
  }
}

/** Fisher–Yates shuffle of `order` in place with `rng`. */
export function shuffle(order: Int32Array | number[], rng: Rng): void {
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(i + 1);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
}
