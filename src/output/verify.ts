/**
 * Verify a run folder: re-run from its manifest and compare every output's
 * sha256 with the files on disk.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { validateScenario } from '../scenario/load.js';
import { sha256File } from './hash.js';
import { OutputError, writeRunFiles, type Manifest } from './run.js';
import { VERSION } from './version.js';

export interface VerifyResult {
  ok: boolean;
  /** Per file: whether the file on disk matches the re-run. */
  files: { file: string; ok: boolean; reason?: string }[];
  warnings: string[];
}

export function readManifest(dir: string): Manifest {
  const path = join(dir, 'manifest.json');
  if (!existsSync(path)) throw new OutputError(`${dir}: no manifest.json (not a gvcsim run folder?)`);
  let m: Manifest;
  try {
    m = JSON.parse(readFileSync(path, 'utf8')) as Manifest;
  } catch (e) {
    throw new OutputError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  for (const key of ['resolved', 'seed', 'ticks', 'outputs'] as const) {
    if (m[key] === undefined) throw new OutputError(`${path}: ${key}: missing`);
  }
  return m;
}

export async function verifyRun(dir: string): Promise<VerifyResult> {
  const m = readManifest(dir);
  const scenario = validateScenario(m.resolved, join(dir, 'manifest.json') + ' (resolved)');
  const warnings: string[] = [];
  if (m.gvcsim !== VERSION) warnings.push(`run made by gvcsim ${m.gvcsim}, verifying with ${VERSION}`);
  const tmp = mkdtempSync(join(tmpdir(), 'gvcsim-verify-'));
  try {
    const again = await writeRunFiles({ scenario, seed: m.seed, ticks: m.ticks, firms: m.firms }, tmp);
    const files: VerifyResult['files'] = [];
    for (const [file, hash] of Object.entries(again)) {
      const path = join(dir, file);
      if (!existsSync(path)) {
        files.push({ file, ok: false, reason: 'missing' });
        continue;
      }
      const onDisk = await sha256File(path);
      if (onDisk !== hash) files.push({ file, ok: false, reason: 'differs from the re-run' });
      else if (m.outputs[file] !== hash) files.push({ file, ok: false, reason: 'matches the re-run but not the manifest' });
      else files.push({ file, ok: true });
    }
    for (const file of Object.keys(m.outputs)) {
      if (!(file in again)) files.push({ file, ok: false, reason: 'listed in the manifest but not produced by the re-run' });
    }
    return { ok: files.every((f) => f.ok), files, warnings };
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}
