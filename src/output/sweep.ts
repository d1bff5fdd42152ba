/**
 * A sweep's results folder, written so that no run is ever lost, repeated
 * or half-written.
 *
 * While a sweep runs, its folder holds `sweep.json` (what sweep this is: the
 * experiment's and scenario's sha256, the version, the shard) and
 * `journal.jsonl`, to which each finished run is appended as one whole line
 * carrying its own checksum, fsync'd at once. A sweep killed at
 * any moment and started again with the same command reads the journal,
 * drops a torn last line, and runs only the missing runs. When every run is
 * in, the tables (`runs.csv`, `summary.csv`, `sensitivity.csv`) are written to
 * temporary files and renamed, then `manifest.json`, and only then are the
 * journal and `sweep.json` removed. The folder rules of src/output/folder.ts
 * apply: a folder gvcsim did not write is never touched.
 */
import { createHash } from 'node:crypto';
import { closeSync, existsSync, fsyncSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, renameSync, rmSync, truncateSync, unlinkSync, writeFileSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { MANIFEST_MAX_BYTES, OutputError, fsError, sha256FileSync } from './folder.js';
import { sha256File } from './hash.js';
import { canonicalJson } from './run.js';
import { csvText, type Cell } from './table.js';
import { VERSION } from '../engine/version.js';

export const SWEEP_TABLES = ['runs.csv', 'summary.csv', 'sensitivity.csv'] as const;
export const SWEEP_FILES = [...SWEEP_TABLES, 'manifest.json', 'sweep.json', 'journal.jsonl'] as const;

/** What a sweep folder is for: resuming needs the same identity. */
export interface SweepIdentity {
  gvcsim: string;
  experiment: { name: string; sha256: string };
  scenario: { sha256: string };
  shard: { index: number; count: number } | null;
  runs: number;
}

export interface SweepManifest {
  gvcsim: string;
  kind: 'sweep';
  experiment: { name: string; file: string; sha256: string; source: string };
  scenario: { file: string; sha256: string; source: string };
  shard: { index: number; count: number } | null;
  /** Runs in the whole experiment, and the run indices in this folder. */
  runs: number;
  runs_here: number;
  node: string;
  outputs: Record<string, string>;
  checksum: string;
}

export type FolderStatus = { state: 'fresh' } | { state: 'resume'; done: Map<number, number[]> } | { state: 'complete' };

function sameIdentity(a: SweepIdentity, b: SweepIdentity): boolean {
  return canonicalJson(a) === canonicalJson(b);
}

const lineHash = (run: number, out: (number | null)[]) => createHash('sha256').update(`${run}|${JSON.stringify(out)}`).digest('hex').slice(0, 16);

/**
 * Open (or create) the folder of a sweep with identity `id`. A missing or
 * empty folder starts fresh; a folder of the same sweep in progress resumes;
 * a completed one is `complete` (replaced with `force`); anything else is
 * refused with the reason.
 */
export function openSweepFolder(out: string, id: SweepIdentity, force: boolean): FolderStatus {
  let names: string[] = [];
  try {
    const st = lstatSync(out);
    if (!st.isDirectory()) throw new OutputError(`${out}: exists and is not a folder; choose another --out`);
    names = readdirSync(out).sort();
  } catch (e) {
    if (e instanceof OutputError) throw e;
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw fsError(out, e, 'look at the output folder');
  }
  const foreign = names.find((n) => !(SWEEP_FILES as readonly string[]).includes(n) && !SWEEP_TEMP.test(n));
  if (foreign) throw new OutputError(`${out}: holds '${foreign}', which no gvcsim sweep writes; choose another --out (nothing was changed)`);
  for (const n of names) if (!lstatSync(join(out, n)).isFile()) throw new OutputError(`${out}: '${n}' is not a plain file; choose another --out`);
  const fresh = (): FolderStatus => {
    try {
      mkdirSync(out, { recursive: true });
    } catch (e) {
      throw fsError(out, e, 'create the output folder');
    }
    for (const n of names) unlinkSync(join(out, n));
    writeAtomic(join(out, 'sweep.json'), JSON.stringify(id, null, 2) + '\n');
    writeFileSync(join(out, 'journal.jsonl'), '');
    return { state: 'fresh' };
  };
  if (names.length === 0) return fresh();
  if (names.includes('manifest.json')) {
    const m = readJson(join(out, 'manifest.json')) as Partial<SweepManifest> | null;
    if (!m || m.kind !== 'sweep') throw new OutputError(`${out}: holds a manifest.json that is not a gvcsim sweep's; choose another --out`);
    const same = m.gvcsim === id.gvcsim && m.experiment?.sha256 === id.experiment.sha256 && m.scenario?.sha256 === id.scenario.sha256 && canonicalJson(m.shard ?? null) === canonicalJson(id.shard) && m.runs === id.runs;
    if (same && !force) {
      // finished, perhaps killed while tidying up: the journal is no longer needed
      for (const n of ['journal.jsonl', 'sweep.json']) if (names.includes(n)) unlinkSync(join(out, n));
      return { state: 'complete' };
    }
    if (!force) throw new OutputError(`${out}: already holds a completed sweep of another experiment or version; choose another --out, or add --force to replace it`);
    // a table changed since gvcsim wrote it is the user's now: keep it
    for (const n of names) {
      if (!(SWEEP_TABLES as readonly string[]).includes(n)) continue;
      if (m.outputs?.[n] !== sha256FileSync(join(out, n))) {
        throw new OutputError(`${out}: --force replaces only a sweep gvcsim wrote, and '${n}' changed since (its sha256 differs from the manifest's); choose another --out (nothing was changed)`);
      }
    }
    return fresh();
  }
  if (!names.includes('sweep.json')) throw new OutputError(`${out}: holds sweep files but no sweep.json or manifest.json; choose another --out`);
  const have = readJson(join(out, 'sweep.json')) as SweepIdentity | null;
  if (!have || !sameIdentity(have, id)) {
    if (force) return fresh();
    throw new OutputError(
      `${out}: holds a sweep in progress of another experiment, scenario, version or shard (${have ? `${have.experiment?.name} ${have.experiment?.sha256?.slice(0, 8)}, gvcsim ${have.gvcsim}` : 'unreadable sweep.json'}); choose another --out, or add --force to start over`,
    );
  }
  return { state: 'resume', done: readJournal(join(out, 'journal.jsonl'), id.runs) };
}

function readJson(path: string): unknown {
  try {
    if (lstatSync(path).size > MANIFEST_MAX_BYTES) return null;
    return JSON.parse(readFileSync(path, 'utf8')) as unknown;
  } catch {
    return null;
  }
}

/** The whole, checked lines of a journal; a torn or damaged tail is cut off. */
export function readJournal(path: string, runs: number): Map<number, number[]> {
  const done = new Map<number, number[]>();
  if (!existsSync(path)) {
    writeFileSync(path, '');
    return done;
  }
  const text = readFileSync(path, 'utf8');
  let good = 0;
  let offset = 0;
  for (const line of text.split('\n')) {
    const end = offset + Buffer.byteLength(line, 'utf8') + 1;
    if (end > Buffer.byteLength(text, 'utf8')) break; // no line break: torn
    let ok = false;
    try {
      const o = JSON.parse(line) as { run: number; out: (number | null)[]; h: string };
      ok = Number.isInteger(o.run) && o.run >= 0 && o.run < runs && Array.isArray(o.out) && o.h === lineHash(o.run, o.out);
      if (ok) done.set(o.run, o.out.map((v) => (v === null ? NaN : v)));
    } catch {
      ok = false;
    }
    if (!ok) break;
    good = end;
    offset = end;
  }
  if (good < Buffer.byteLength(text, 'utf8')) truncateSync(path, good);
  return done;
}

/** Appends finished runs to the journal: one whole line each, fsync'd before the next run is counted done. */
export class Journal {
  private readonly fd: number;
  constructor(path: string) {
    this.fd = openSync(path, 'a');
  }
  append(run: number, values: number[]): void {
    const out = values.map((v) => (Number.isFinite(v) ? v : null));
    writeSync(this.fd, `${JSON.stringify({ run, out, h: lineHash(run, out) })}\n`);
    fsyncSync(this.fd);
  }
  close(): void {
    closeSync(this.fd);
  }
}

/** The temporary files `writeAtomic` leaves if killed between write and rename (removed with the folder's other files). */
const SWEEP_TEMP = /^\.gvcsim-tmp-\d+-(runs\.csv|summary\.csv|sensitivity\.csv|manifest\.json|sweep\.json)$/;

function writeAtomic(path: string, text: string): void {
  const tmp = join(dirname(path), `.gvcsim-tmp-${process.pid}-${basename(path)}`);
  writeFileSync(tmp, text);
  const fd = openSync(tmp, 'r');
  fsyncSync(fd);
  closeSync(fd);
  renameSync(tmp, path);
}

export interface SweepTables {
  runs: { columns: string[]; rows: Record<string, Cell>[] };
  summary: { columns: string[]; rows: Record<string, Cell>[] };
  sensitivity: { columns: string[]; rows: Record<string, Cell>[] } | null;
}

/** Write the tables and the manifest, then drop the journal: the sweep is complete. */
export async function finishSweepFolder(out: string, tables: SweepTables, m: Omit<SweepManifest, 'outputs' | 'checksum' | 'gvcsim' | 'kind' | 'node'>): Promise<SweepManifest> {
  writeAtomic(join(out, 'runs.csv'), csvText(tables.runs.columns, tables.runs.rows));
  writeAtomic(join(out, 'summary.csv'), csvText(tables.summary.columns, tables.summary.rows));
  if (tables.sensitivity) writeAtomic(join(out, 'sensitivity.csv'), csvText(tables.sensitivity.columns, tables.sensitivity.rows));
  const outputs: Record<string, string> = {};
  for (const f of SWEEP_TABLES) if (existsSync(join(out, f))) outputs[f] = await sha256File(join(out, f));
  const manifest: SweepManifest = { gvcsim: VERSION, kind: 'sweep', ...m, node: process.version, outputs, checksum: '' };
  const { checksum: _c, ...rest } = manifest;
  manifest.checksum = createHash('sha256').update(canonicalJson(rest)).digest('hex');
  writeAtomic(join(out, 'manifest.json'), JSON.stringify(manifest, null, 2) + '\n');
  for (const n of ['journal.jsonl', 'sweep.json']) rmSync(join(out, n), { force: true });
  return manifest;
}
