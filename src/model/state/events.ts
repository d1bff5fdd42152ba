/**
 * The events of the current tick, in columns (world.ts `emit`): the tick,
 * the cluster index (-1 none), the firm's id (NaN none; the id, not the slot,
 * since a slot can be reused within the tick), the buyer index (-1 none, -2
 * the home market), the kind and the detail text. Nothing is allocated per
 * event once the columns have grown to a tick's size: a run that never reads
 * its events (`Simulation.run` without `{ events: true }`, the benchmark)
 * builds no event objects. `SimEvent` objects are made only when asked for
 * (`World.events`), with the same fields in the same order as before.
 */
export class EventLog {
  /** Events recorded since the last `clear`. */
  n = 0;
  tick = new Int32Array(1024);
  cluster = new Int32Array(1024);
  firm = new Float64Array(1024);
  buyer = new Int32Array(1024);
  readonly kind: string[] = [];
  readonly detail: string[] = [];
  /** Bumped at every change, so a materialised copy knows when it is stale. */
  version = 0;

  push(tick: number, cluster: number, firm: number, buyer: number, kind: string, detail: string): void {
    const n = this.n;
    if (n === this.tick.length) this.grow();
    this.tick[n] = tick;
    this.cluster[n] = cluster;
    this.firm[n] = firm;
    this.buyer[n] = buyer;
    this.kind[n] = kind;
    this.detail[n] = detail;
    this.n = n + 1;
    this.version++;
  }

  clear(): void {
    this.n = 0;
    this.version++;
  }

  private grow(): void {
    const m = this.tick.length * 2;
    const g = <T extends Int32Array | Float64Array>(a: T, b: T): T => (b.set(a), b);
    this.tick = g(this.tick, new Int32Array(m));
    this.cluster = g(this.cluster, new Int32Array(m));
    this.firm = g(this.firm, new Float64Array(m));
    this.buyer = g(this.buyer, new Int32Array(m));
  }
}
