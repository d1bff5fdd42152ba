/**
 * Write one run to a folder: ticks.csv, events.csv, (firms.csv), manifest.json.
 *
 * Everything is written into a temporary sibling folder and renamed into
 * place when complete, so a crash never leaves half-written results; an
 * existing folder is only replaced with `force`, and only if gvcsim wrote it
 * (src/output/folder.ts). The manifest holds what is needed to re-run and
 * check the run: the version, the scenario's text and provenance, the
 * resolved scenario (seed and ticks as run), output hashes and a checksum.
 */
import { createHash } from 'node:crypto';
import { lstatSync, mkdirSync, readdirSync, renameSync, rmdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import {
  OutputError,
  checkOutDir,
  checkOutPath,
  forget,
  forgetEmpty,
  foreignFile,
  fsError,
  lockOutDir,
  normaliseOut,
  removeEmptyOnSignal,
  removeOnSignal,
  removeRunFolder,
  removeStaleTemporaries,
  tempName,
} from './folder.js';
import { Simulation } from '../model/simulation.js';
import { TICK_COLUMNS, type TickRow } from '../model/metrics.js';
import type { SimEvent } from '../model/world.js';
import type { Scenario } from '../scenario/schema.js';
import { CsvWriter } from './csv.js';
import { FIRM_COLUMNS, firmRow, firmSample, type FirmRow } from './firms.js';
import { sha256File } from './hash.js';
import { VERSION } from '../engine/version.js';

export const EVENT_COLUMNS = ['tick', 'cluster', 'firm', 'buyer', 'kind', 'detail'] as const;

export interface RunRequest {
  scenario: Scenario;
  /** Scenario file path and sha256, when the scenario came from a file. */
  scenarioFile?: string | null;
  scenarioSha256?: string | null;
  /** The scenario file's text, kept in the manifest so that verify can rebuild the resolved scenario. */
  scenarioText?: string | null;
  sets?: string[];
  variant?: string | null;
  seed: number;
  ticks: number;
  firms: boolean;
}

export interface Manifest {
  gvcsim: string;
  scenario: { name: string; file: string | null; sha256: string | null; variant: string | null; sets: string[]; source: string | null };
  seed: number;
  ticks: number;
  firms: boolean;
  node: string;
  /** The fully resolved scenario (defaults filled, overrides applied): enough to re-run. */
  resolved: Scenario;
  outputs: Record<string, string>;
  /** sha256 of the manifest's canonical JSON without this field: any later edit shows. */
  checksum: string;
}

export { OutputError };

/** A path the output folder must not be, nor contain (e.g. the scenario's folder). */
export interface Protected {
  path: string;
  what: string;
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
    // live firms only: a sampled slot that is empty (never used, or its firm exited) writes no row
    for (const i of sample) if (sim.world.firms.alive[i]) await firms.write(firmRow(sim.world, i));
  };
  for (const row of sim.metrics()) await ticks.write(row);
  await writeFirms();
  while (!sim.done) {
    await breathe();
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

/** Yield to the event loop, so signals (Ctrl-C) are handled during a long run. */
function breathe(): Promise<void> {
  return new Promise((r) => setImmediate(r));
}

/** Canonical JSON (sorted keys) of a value, for checksums. */
export function canonicalJson(v: unknown): string {
  if (v === null || typeof v !== 'object') return JSON.stringify(v) ?? 'null';
  if (Array.isArray(v)) return `[${v.map(canonicalJson).join(',')}]`;
  const o = v as Record<string, unknown>;
  return `{${Object.keys(o)
    .filter((k) => o[k] !== undefined)
    .sort()
    .map((k) => `${JSON.stringify(k)}:${canonicalJson(o[k])}`)
    .join(',')}}`;
}

/** The checksum of a manifest: sha256 of its canonical JSON without the checksum itself. */
export function manifestChecksum(m: Record<string, unknown>): string {
  const { checksum: _omit, ...rest } = m;
  return createHash('sha256').update(canonicalJson(rest)).digest('hex');
}

/**
 * Run into `outDir` atomically and write the manifest.
 *
 * Safety (src/output/folder.ts): `outDir` may not be the current folder,
 * a protected folder or an ancestor of one; it must be missing, empty, or
 * (with `force`) a folder an earlier run wrote. The folder is locked for the
 * run; a missing folder is created at once, empty, as a placeholder, so no
 * other folder can appear there; the run is written in a temporary sibling,
 * the target is checked again (the same, still empty placeholder; or the
 * same run folder), and only then is the result moved into place. A folder
 * that is no longer what was checked is never replaced.
 */
export async function writeRun(req: RunRequest, outDir: string, opts: { force?: boolean; protect?: Protected[] } = {}): Promise<Manifest> {
  const force = opts.force ?? false;
  outDir = normaliseOut(outDir);
  checkOutPath(outDir, opts.protect ?? []);
  const parent = dirname(resolve(outDir));
  try {
    mkdirSync(parent, { recursive: true });
  } catch (e) {
    throw fsError(outDir, e, 'create the parent folder');
  }
  const release = lockOutDir(outDir);
  let placeholder: { ino: number; ours: boolean } | null = null;
  try {
    removeStaleTemporaries(parent, 'run');
    const state = checkOutDir(outDir, force);
    if (!state.held) {
      // claim the place now: an empty folder of ours (or the user's empty one, checked just now)
      let ours = false;
      try {
        mkdirSync(outDir);
        ours = true;
        removeEmptyOnSignal(outDir);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw fsError(outDir, e, 'create the output folder');
      }
      placeholder = { ino: lstatSync(outDir).ino, ours };
    }
    const tmp = join(parent, tempName(outDir));
    try {
      rmSync(tmp, { recursive: true, force: true });
      mkdirSync(tmp);
    } catch (e) {
      throw fsError(outDir, e, 'create a temporary folder beside it');
    }
    removeOnSignal(tmp);
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
          source: req.scenarioText ?? null,
        },
        seed: req.seed,
        ticks: req.ticks,
        firms: req.firms,
        node: process.version,
        resolved: { ...req.scenario, seed: req.seed, ticks: req.ticks },
        outputs,
        checksum: '',
      };
      manifest.checksum = manifestChecksum(manifest as unknown as Record<string, unknown>);
      writeFileSync(join(tmp, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
      moveIntoPlace(tmp, outDir, force, placeholder);
      placeholder = null;
      return manifest;
    } catch (e) {
      rmSync(tmp, { recursive: true, force: true });
      throw e instanceof OutputError ? e : isFsError(e) ? fsError(outDir, e, 'write the results') : e;
    } finally {
      forget(tmp);
    }
  } finally {
    if (placeholder?.ours) {
      try {
        rmdirSync(outDir); // only if still empty: our placeholder, never anything else
      } catch {
        /* not empty, or gone */
      }
    }
    forgetEmpty(outDir);
    release();
  }
}

function isFsError(e: unknown): boolean {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && /^E[A-Z]+$/.test((e as NodeJS.ErrnoException).code ?? '');
}

/** The final move: replace only the placeholder (the same empty folder) or a run folder (still one). */
function moveIntoPlace(tmp: string, outDir: string, force: boolean, placeholder: { ino: number } | null): void {
  const changed = (what?: string) =>
    new OutputError(`${outDir}: appeared or changed during the run${what ? ` (it now holds ${what})` : ''} and was left untouched; the results were discarded (choose another --out)`);
  if (placeholder) {
    let st;
    let names: string[];
    try {
      st = lstatSync(outDir);
      names = readdirSync(outDir);
    } catch {
      throw changed();
    }
    if (!st.isDirectory() || st.ino !== placeholder.ino) throw changed('another folder');
    if (names.length > 0) throw changed(`'${names.sort()[0]}'`);
    try {
      renameSync(tmp, outDir); // replaces the empty placeholder; fails if anything appeared in it since
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOTEMPTY' || code === 'EEXIST' || code === 'ENOTDIR' || code === 'EISDIR') throw changed();
      throw fsError(outDir, e, 'move the results into place');
    }
    return;
  }
  let now;
  try {
    now = checkOutDir(outDir, force); // again: the run folder may have changed during the run
  } catch (e) {
    if (!(e instanceof OutputError)) throw e;
    throw changed(/holds (.*?)(; choose| \(nothing)/.exec(e.message)?.[1]);
  }
  if (!now.held) throw changed();
  const old = `${tmp}-old`;
  renameSync(outDir, old);
  const foreign = foreignFile(old);
  if (foreign !== null) {
    renameSync(old, outDir);
    throw changed(foreign);
  }
  try {
    renameSync(tmp, outDir);
  } catch (e) {
    renameSync(old, outDir);
    throw fsError(outDir, e, 'move the results into place');
  }
  try {
    removeRunFolder(old);
  } catch {
    /* something appeared in the old folder after the check: keep it */
  }
}
