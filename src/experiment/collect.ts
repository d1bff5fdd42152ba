/**
 * Collectors: what to keep from a run, in the spirit of Mesa's DataCollector
 * and Agents.jl's adata/mdata — which cluster columns (ticks.csv), which firm
 * fields (firms.csv), every how many ticks, and whether to keep the events.
 * `collectRun` runs one scenario on one seed and returns tidy rows.
 */
import { TICK_COLUMNS, type TickRow } from '../model/metrics.js';
import { Simulation } from '../model/simulation.js';
import type { SimEvent } from '../model/world.js';
import { FIRM_COLUMNS, firmRow } from '../output/firms.js';
import type { Scenario } from '../scenario/schema.js';

export type ClusterColumn = (typeof TICK_COLUMNS)[number];
export type FirmColumn = (typeof FIRM_COLUMNS)[number];

export interface CollectSpec {
  /** ticks.csv columns to keep (default: all); `tick` and `cluster` are always kept. */
  clusters?: readonly ClusterColumn[];
  /** firms.csv fields to keep for every live firm (default: none); `tick`, `firm` and `cluster` are always kept. */
  firms?: readonly FirmColumn[];
  /** Keep rows every this many ticks (and the last); default 1. */
  every?: number;
  /** Keep the events (default false). */
  events?: boolean;
}

export interface Collected {
  ticks: Record<string, unknown>[];
  firms: Record<string, unknown>[];
  events: SimEvent[];
}

function pick(row: Record<string, unknown>, keep: readonly string[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const k of keep) out[k] = row[k];
  return out;
}

/** Run `scenario` on `seed` to its horizon and collect what `spec` asks for. */
export function collectRun(scenario: Scenario, seed: number, spec: CollectSpec = {}): Collected {
  const every = Math.max(1, Math.floor(spec.every ?? 1));
  const clusterCols = ['tick', 'cluster', ...(spec.clusters ?? TICK_COLUMNS).filter((c) => c !== 'tick' && c !== 'cluster')];
  const firmCols = spec.firms && spec.firms.length > 0 ? ['tick', 'firm', 'cluster', ...spec.firms.filter((c) => c !== 'tick' && c !== 'firm' && c !== 'cluster')] : null;
  const sim = new Simulation({ ...scenario, collect_every: 1 }, { seed });
  const out: Collected = { ticks: [], firms: [], events: [] };
  const observe = () => {
    const t = sim.tick;
    if (t % every !== 0 && t !== sim.horizon) return;
    for (const r of sim.metrics() as TickRow[]) out.ticks.push(pick(r as unknown as Record<string, unknown>, clusterCols));
    if (firmCols) {
      const w = sim.world;
      for (let i = 0; i < w.firms.N; i++) if (w.firms.alive[i]) out.firms.push(pick(firmRow(w, i) as Record<string, unknown>, firmCols));
    }
  };
  observe();
  while (!sim.done) {
    const r = sim.step();
    if (spec.events) out.events.push(...r.events);
    observe();
  }
  return out;
}
