/**
 * Verify a run folder: check its manifest, re-run from it, and compare every
 * output's sha256 with the files on disk.
 *
 * The manifest is not trusted. Before anything runs, its types and ranges
 * are checked, and every provenance field must agree with the rest: the
 * resolved scenario's seed, ticks and name with the manifest's; the kept
 * scenario text with its sha256; and the scenario rebuilt from that text
 * with the recorded variant, `--set` overrides, seed and ticks must be the
 * resolved scenario exactly. The checksum covers the fields that cannot be
 * rebuilt (the file path, the Node version). A manifest of another gvcsim
 * version is refused unless `anyVersion`. Files in the folder that no run
 * writes are reported.
 */
import { existsSync, lstatSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadScenarioText, nesting, validateScenario } from '../scenario/load.js';
import type { Scenario } from '../scenario/schema.js';
import { HOST, MANIFEST_MAX_BYTES, OutputError, RUN_FILES, forget, fsError, removeOnSignal, removeStaleTemporaries } from './folder.js';
import { sha256File } from './hash.js';
import { canonicalJson, manifestChecksum, writeRunFiles, type Manifest } from './run.js';
import { VERSION } from '../engine/version.js';

export interface VerifyResult {
  ok: boolean;
  /** Problems with the manifest itself (each names the field); when any, nothing was re-run. */
  manifest: string[];
  /** Per file: whether the file on disk matches the re-run. */
  files: { file: string; ok: boolean; reason?: string }[];
  /** Files in the folder that no run writes. */
  extra: string[];
  warnings: string[];
}


/** Read a folder's manifest.json; throws OutputError (exit 2) if the folder is not a gvcsim run folder. */
export function readManifest(dir: string): Manifest {
  const path = join(dir, 'manifest.json');
  let st;
  try {
    st = statSync(dir);
  } catch {
    throw new OutputError(`${dir}: no such folder`);
  }
  if (!st.isDirectory()) throw new OutputError(`${dir}: not a folder (expected a gvcsim run folder)`);
  if (!existsSync(path)) throw new OutputError(`${dir}: no manifest.json (not a gvcsim run folder?)`);
  const ms = statSync(path);
  if (!ms.isFile()) throw new OutputError(`${path}: not a plain file (not a gvcsim manifest)`);
  if (ms.size > MANIFEST_MAX_BYTES) throw new OutputError(`${path}: larger than ${MANIFEST_MAX_BYTES} bytes; not a gvcsim manifest`);
  let m: unknown;
  try {
    m = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new OutputError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  if (m === null || typeof m !== 'object' || Array.isArray(m)) throw new OutputError(`${path}: expected a JSON object (a gvcsim manifest), got ${m === null ? 'null' : Array.isArray(m) ? 'a list' : typeof m}`);
  if (typeof (m as { gvcsim?: unknown }).gvcsim !== 'string') throw new OutputError(`${path}: gvcsim: expected the version that wrote the run; not a gvcsim manifest`);
  return m as Manifest;
}

const HEX64 = /^[0-9a-f]{64}$/;
const MANIFEST_MAX_DEPTH = 40;
const isInt = (v: unknown, lo: number, hi: number): v is number => typeof v === 'number' && Number.isInteger(v) && v >= lo && v <= hi;
const show = (v: unknown) => (typeof v === 'string' ? `the text ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}` : v === undefined ? 'nothing' : JSON.stringify(v)?.slice(0, 60) ?? String(v));

/** The first path at which two plain values differ, or null. */
function firstDifference(a: unknown, b: unknown, path = ''): string | null {
  if (a === b) return null;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) !== Array.isArray(b)) return path || '(root)';
  const keys = new Set([...Object.keys(a as object), ...Object.keys(b as object)]);
  for (const k of [...keys].sort()) {
    const d = firstDifference((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], path ? `${path}.${k}` : k);
    if (d) return d;
  }
  return null;
}

/**
 * Check a manifest's types, ranges and provenance. Returns the problems
 * (each naming the field) and, when there are none, the scenario to re-run.
 */
export function checkManifest(m: Manifest, label: string, anyVersion = false): { problems: string[]; warnings: string[]; scenario: Scenario | null } {
  const problems: string[] = [];
  const warnings: string[] = [];
  const bad = (field: string, expected: string, got: unknown) => problems.push(`${label}: ${field}: expected ${expected}, got ${show(got)}`);
  const r = m as unknown as Record<string, unknown>;
  if (nesting(r, MANIFEST_MAX_DEPTH) > MANIFEST_MAX_DEPTH) {
    return { problems: [`${label}: nested deeper than ${MANIFEST_MAX_DEPTH} levels (a gvcsim manifest is not)`], warnings, scenario: null };
  }
  if (r.gvcsim !== VERSION) {
    if (anyVersion) warnings.push(`run made by gvcsim ${String(r.gvcsim)}, verifying with ${VERSION} (--any-version)`);
    else problems.push(`${label}: gvcsim: the run was made by gvcsim ${String(r.gvcsim)}, this is ${VERSION}; outputs may differ between versions (add --any-version to try anyway)`);
  }
  if (!isInt(r.seed, 0, 2 ** 32 - 1)) bad('seed', 'an integer in [0, 4294967295]', r.seed);
  if (!isInt(r.ticks, 1, 1_000_000)) bad('ticks', 'an integer in [1, 1000000]', r.ticks);
  if (typeof r.firms !== 'boolean') bad('firms', 'true or false', r.firms);
  if (typeof r.node !== 'string') bad('node', 'the Node.js version that ran it', r.node);
  if (typeof r.checksum !== 'string' || !HEX64.test(r.checksum)) bad('checksum', 'a sha256 (64 hex digits)', r.checksum);
  const outputs = r.outputs as Record<string, unknown> | undefined;
  if (outputs === null || typeof outputs !== 'object' || Array.isArray(outputs)) bad('outputs', 'a mapping of output files to sha256', outputs);
  else {
    for (const [f, h] of Object.entries(outputs)) {
      if (!(RUN_FILES as readonly string[]).includes(f) || f === 'manifest.json') bad(`outputs.${f}`, `one of ${RUN_FILES.filter((x) => x !== 'manifest.json').join(', ')}`, f);
      else if (typeof h !== 'string' || !HEX64.test(h)) bad(`outputs.${f}`, 'a sha256 (64 hex digits)', h);
    }
    for (const f of ['ticks.csv', 'events.csv']) if (!(f in outputs)) bad(`outputs.${f}`, 'the hash of the file', undefined);
    if (r.firms === true && !('firms.csv' in outputs)) bad('outputs.firms.csv', 'the hash of firms.csv (firms is true)', undefined);
    if (r.firms === false && 'firms.csv' in outputs) bad('outputs.firms.csv', 'nothing (firms is false)', outputs['firms.csv']);
  }
  const sc = r.scenario as Record<string, unknown> | undefined;
  if (sc === null || typeof sc !== 'object' || Array.isArray(sc)) {
    bad('scenario', 'a mapping (name, file, sha256, variant, sets, source)', sc);
  } else {
    if (typeof sc.name !== 'string') bad('scenario.name', 'a text', sc.name);
    if (sc.file !== null && typeof sc.file !== 'string') bad('scenario.file', 'a path or null', sc.file);
    if (sc.sha256 !== null && (typeof sc.sha256 !== 'string' || !HEX64.test(sc.sha256))) bad('scenario.sha256', 'a sha256 or null', sc.sha256);
    if (sc.variant !== null && typeof sc.variant !== 'string') bad('scenario.variant', 'a variant name or null', sc.variant);
    if (!Array.isArray(sc.sets) || !sc.sets.every((x) => typeof x === 'string')) bad('scenario.sets', 'a list of path=value texts', sc.sets);
    if (sc.source !== null && typeof sc.source !== 'string') bad('scenario.source', 'the scenario file text or null', sc.source);
  }
  let scenario: Scenario | null = null;
  const res = r.resolved as Record<string, unknown> | undefined;
  if (res === null || typeof res !== 'object' || Array.isArray(res)) bad('resolved', 'the resolved scenario (a mapping)', res);
  else {
    try {
      scenario = validateScenario(structuredClone(res), `${label} (resolved)`);
    } catch (e) {
      problems.push(e instanceof Error ? e.message : String(e));
    }
  }
  if (problems.length > 0 || scenario === null || !sc) return { problems, warnings, scenario: null };

  // provenance: every field must agree with the others
  if (scenario.seed !== r.seed) problems.push(`${label}: resolved.seed: expected the run's seed ${String(r.seed)}, got ${scenario.seed}`);
  if (scenario.ticks !== r.ticks) problems.push(`${label}: resolved.ticks: expected the run's ticks ${String(r.ticks)}, got ${scenario.ticks}`);
  if (scenario.name !== sc.name) problems.push(`${label}: scenario.name: expected the resolved scenario's name '${scenario.name}', got ${show(sc.name)}`);
  if (canonicalJson(scenario) !== canonicalJson(res)) {
    problems.push(`${label}: resolved: not a complete resolved scenario (differs from its validated form at ${firstDifference(scenario, res)})`);
  }
  if (typeof sc.source === 'string') {
    const sha = createHash('sha256').update(sc.source, 'utf8').digest('hex');
    if (sc.sha256 !== sha) problems.push(`${label}: scenario.sha256: expected the sha256 of the kept scenario text (${sha}), got ${show(sc.sha256)}`);
    try {
      const again = loadScenarioText(sc.source, `${label} (scenario.source)`, sc.sets as string[], sc.variant as string | null, {
        seed: r.seed as number,
        ticks: r.ticks as number,
      }).scenario;
      const d = firstDifference(again, scenario);
      if (d) problems.push(`${label}: resolved.${d}: differs from the scenario rebuilt from its text with the recorded variant, sets, seed and ticks`);
    } catch (e) {
      problems.push(`${label}: scenario: the kept scenario text with the recorded variant and sets does not load: ${e instanceof Error ? e.message : String(e)}`);
    }
  } else {
    if (sc.sha256 !== null) problems.push(`${label}: scenario.sha256: expected null (no scenario text is kept), got ${show(sc.sha256)}`);
    if (sc.variant !== null) problems.push(`${label}: scenario.variant: expected null (no scenario text is kept), got ${show(sc.variant)}`);
  }
  if (typeof r.checksum === 'string' && manifestChecksum(r) !== r.checksum) {
    problems.push(`${label}: checksum: the manifest was edited after the run (its checksum does not match its content)`);
  }
  if (problems.length === 0 && typeof sc.file === 'string' && typeof sc.sha256 === 'string' && isSmallFile(sc.file)) {
    try {
      const now = createHash('sha256').update(readFileSync(sc.file)).digest('hex');
      if (now !== sc.sha256) warnings.push(`the scenario file ${sc.file} has changed since the run (verifying from the text kept in the manifest)`);
    } catch {
      /* unreadable: the kept text is what counts */
    }
  }
  return { problems, warnings, scenario: problems.length === 0 ? scenario : null };
}

/** A plain file of at most 4 MiB (never a FIFO or a device, which could block or never end). */
function isSmallFile(path: string): boolean {
  try {
    const st = statSync(path);
    return st.isFile() && st.size <= 4 * 1024 * 1024;
  } catch {
    return false;
  }
}

/** Whether `path` is a plain file (not a folder, link, FIFO or device). */
function isPlainFile(path: string): boolean {
  try {
    return lstatSync(path).isFile();
  } catch {
    return false;
  }
}

export async function verifyRun(dir: string, opts: { anyVersion?: boolean } = {}): Promise<VerifyResult> {
  const m = readManifest(dir);
  const label = join(dir, 'manifest.json');
  const { problems, warnings, scenario } = checkManifest(m, label, opts.anyVersion ?? false);
  // the files a run with this manifest writes; anything else in the folder is extra
  const expected = new Set(['manifest.json', 'ticks.csv', 'events.csv', ...(m.firms === true ? ['firms.csv'] : [])]);
  const extra = readdirSync(dir)
    .filter((f) => !expected.has(f) || !isPlainFile(join(dir, f)))
    .sort();
  if (scenario === null) return { ok: false, manifest: problems, files: [], extra, warnings };
  removeStaleTemporaries(tmpdir(), 'verify');
  let tmp: string;
  try {
    tmp = mkdtempSync(join(tmpdir(), `gvcsim-verify-${HOST}-${process.pid}-`));
  } catch (e) {
    throw fsError(tmpdir(), e, 'create a temporary folder for the re-run (check TMPDIR)');
  }
  removeOnSignal(tmp);
  try {
    const again = await writeRunFiles({ scenario, seed: m.seed, ticks: m.ticks, firms: m.firms }, tmp);
    const files: VerifyResult['files'] = [];
    for (const [file, hash] of Object.entries(again)) {
      const path = join(dir, file);
      if (!isPlainFile(path)) {
        files.push({ file, ok: false, reason: existsSync(path) ? 'not a plain file' : 'missing' });
        continue;
      }
      let onDisk: string;
      try {
        onDisk = await sha256File(path);
      } catch {
        files.push({ file, ok: false, reason: 'missing or unreadable' });
        continue;
      }
      if (onDisk !== hash) files.push({ file, ok: false, reason: 'differs from the re-run' });
      else if (m.outputs[file] !== hash) files.push({ file, ok: false, reason: 'matches the re-run but not the manifest' });
      else files.push({ file, ok: true });
    }
    for (const file of Object.keys(m.outputs)) {
      if (!(file in again)) files.push({ file, ok: false, reason: 'listed in the manifest but not produced by the re-run' });
    }
    return { ok: files.every((f) => f.ok) && extra.length === 0, manifest: [], files, extra, warnings };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
    forget(tmp);
  }
}
