/**
 * Write one run to a folder: ticks.csv, events.csv, (firms.csv), manifest.json.
 *
 * Everything is written into a temporary sibling folder and renamed into
 * place when complete, so a crash never leaves half-written results; an
 * existing folder is only replaced with `force`.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Simulation } from '../model/simulation.js';
import { TICK_COLUMNS, type TickRow } from '../model/metrics.js';
import type { SimEvent } from '../model/world.js';
import type { Scenario } from '../scenario/schema.js';
import { CsvWriter } from './csv.js';
import { FIRM_COLUMNS, firmRow, firmSample, type FirmRow } from './firms.js';
import { sha256File } from './hash.js';
import { VERSION } from './version.js';

export const EVENT_COLUMNS = ['tick', 'cluster', 'firm', 'buyer', 'kind', 'detail'] as const;

export interface RunRequest {
  scenario: Scenario;
  /** Scenario file path and sha256, when the scenario came from a file. */
  scenarioFile?: string | null;
  scenarioSha256?: string | null;
  sets?: string[];
  variant?: string | null;
  seed: number;
  ticks: number;
  firms: boolean;
}

export interface Manifest {
  gvcsim: string;
  scenario: { name: string; file: string | null; sha256: string | null; variant: string | null; sets: string[] };
  seed: number;
  ticks: number;
  firms: boolean;
  node: string;
  /** The fully resolved scenario (defaults filled, overrides applied): enough to re-run. */
  resolved: Scenario;
  outputs: Record<string, string>;
}

export class OutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputError';
  }
}

/** Refuse an output folder that already holds something, unless forced. */
export function checkOutDir(outDir: string, force: boolean): void {
  if (!existsSync(outDir)) return;
  if (!statSync(outDir).isDirectory()) throw new OutputError(`${outDir}: exists and is not a folder`);
  if (readdirSync(outDir).length > 0 && !force) {
    throw new OutputError(`${outDir}: already holds results; choose another --out or add --force to replace it`);
  }
}

/** Run the simulation into files under `dir` (which must exist); returns output hashes. */
export async function writeRunFiles(req: RunRequest, dir: string): Promise<Record<string, string>> {
  const sim = new Simulation(req.scenario, { seed: req.seed, ticks: req.ticks });
  const ticks = new CsvWriter<TickRow>(join(dir, 'ticks.csv'), TICK_COLUMNS);
  const events = new CsvWriter<SimEvent>(join(dir, 'events.csv'), EVENT_COLUMNS);
  const firms = req.firms ? new CsvWriter<FirmRow>(join(dir, 'firms.csv'), FIRM_COLUMNS) : null;
  const sample = req.firms ? firmSample(sim.world, sim.seed, req.scenario.firms_max) : null;
  const writeFirms = async () => {
    if (!firms || !sample) return;
    for (const i of sample) await firms.write(firmRow(sim.world, i));
  };
  for (const row of sim.metrics()) await ticks.write(row);
  await writeFirms();
  while (!sim.done) {
    const r = sim.step();
    if (r.rows) for (const row of r.rows) await ticks.write(row);
    for (const e of r.events) await events.write(e);
    if (r.tick % req.scenario.firms_every === 0 || sim.done) await writeFirms();
  }
  await ticks.close();
  await events.close();
  if (firms) await firms.close();
  const outputs: Record<string, string> = {};
  for (const f of ['ticks.csv', 'events.csv', ...(firms ? ['firms.csv'] : [])]) outputs[f] = await sha256File(join(dir, f));
  return outputs;
}

/** Run into `outDir` atomically and write the manifest. */
export async function writeRun(req: RunRequest, outDir: string, opts: { force?: boolean } = {}): Promise<Manifest> {
  checkOutDir(outDir, opts.force ?? false);
  const parent = dirname(resolve(outDir));
  mkdirSync(parent, { recursive: true });
  const tmp = join(parent, `.tmp-${basename(outDir)}-${process.pid}`);
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(tmp);
  try {
    const outputs = await writeRunFiles(req, tmp);
    const manifest: Manifest = {
      gvcsim: VERSION,
      scenario: {
        name: req.scenario.name,
        file: req.scenarioFile ?? null,
        sha256: req.scenarioSha256 ?? null,
        variant: req.variant ?? null,
        sets: req.sets ?? [],
      },
      seed: req.seed,
      ticks: req.ticks,
      firms: req.firms,
      node: process.version,
      resolved: req.scenario,
      outputs,
    };
    writeFileSync(join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
    if (existsSync(outDir)) {
      const old = join(parent, `.old-${basename(outDir)}-${process.pid}`);
      renameSync(outDir, old);
      renameSync(tmp, outDir);
      rmSync(old, { recursive: true, force: true });
    } else {
      renameSync(tmp, outDir);
    }
    return manifest;
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}
