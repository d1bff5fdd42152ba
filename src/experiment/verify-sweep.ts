/**
 * Verify a sweep folder: check its manifest (version, checksum, the kept
 * experiment and scenario texts against their sha256), re-run every run of
 * the folder (its shard, or all) from those texts, rebuild the tables and
 * compare their sha256 with the files and the manifest.
 */
import { createHash } from 'node:crypto';
import { existsSync, lstatSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalJson } from '../output/run.js';
import { SWEEP_TABLES, type SweepManifest } from '../output/sweep.js';
import { csvText } from '../output/table.js';
import { VERSION } from '../engine/version.js';
import { loadExperimentText } from './load.js';
import { buildPlan, inShard } from './plan.js';
import { runTasks } from './runner.js';
import { tasksOf } from './sweep.js';
import { sweepTables } from './tables.js';

export interface SweepVerifyResult {
  ok: boolean;
  manifest: string[];
  files: { file: string; ok: boolean; reason?: string }[];
  extra: string[];
  warnings: string[];
}

const sha = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');

export async function verifySweep(dir: string, m: SweepManifest, opts: { workers?: number; anyVersion?: boolean } = {}): Promise<SweepVerifyResult> {
  const label = join(dir, 'manifest.json');
  const problems: string[] = [];
  const warnings: string[] = [];
  if (m.gvcsim !== VERSION) {
    if (opts.anyVersion) warnings.push(`sweep made by gvcsim ${String(m.gvcsim)}, verifying with ${VERSION} (--any-version)`);
    else problems.push(`${label}: gvcsim: the sweep was made by gvcsim ${String(m.gvcsim)}, this is ${VERSION}; outputs may differ between versions (add --any-version to try anyway)`);
  }
  const e = m.experiment;
  const s = m.scenario;
  if (!e || typeof e.source !== 'string' || typeof e.sha256 !== 'string') problems.push(`${label}: experiment: expected the experiment's name, file, sha256 and text`);
  else if (sha(e.source) !== e.sha256) problems.push(`${label}: experiment.sha256: expected the sha256 of the kept experiment text`);
  if (!s || typeof s.source !== 'string' || typeof s.sha256 !== 'string') problems.push(`${label}: scenario: expected the scenario's file, sha256 and text`);
  else if (sha(s.source) !== s.sha256) problems.push(`${label}: scenario.sha256: expected the sha256 of the kept scenario text`);
  const { checksum, ...rest } = m as unknown as Record<string, unknown>;
  if (typeof checksum !== 'string' || sha(canonicalJson(rest)) !== checksum) problems.push(`${label}: checksum: the manifest was edited after the sweep (its checksum does not match its content)`);
  const expected = new Set(['manifest.json', ...Object.keys(m.outputs ?? {})]);
  const extra = readdirSync(dir)
    .filter((f) => !expected.has(f) || !lstatSync(join(dir, f)).isFile())
    .sort();
  if (problems.length > 0) return { ok: false, manifest: problems, files: [], extra, warnings };
  let l;
  try {
    l = loadExperimentText(e.source, e.file, { text: s.source, file: s.file, sha256: s.sha256 });
  } catch (err) {
    return { ok: false, manifest: [`${label}: experiment: the kept texts do not load: ${(err as Error).message}`], files: [], extra, warnings };
  }
  const plan = buildPlan(l);
  if (plan.runs !== m.runs) return { ok: false, manifest: [`${label}: runs: expected ${plan.runs} (the experiment's), got ${String(m.runs)}`], files: [], extra, warnings };
  const mine = Array.from({ length: plan.runs }, (_, r) => r).filter((r) => !m.shard || inShard(r, m.shard));
  const results = new Map<number, number[]>();
  await runTasks(tasksOf(l, plan, mine), { workers: opts.workers, onResult: (r, v) => void results.set(r, v) });
  const t = sweepTables(l, plan, results, m.shard ?? null);
  const texts: Record<string, string> = { 'runs.csv': csvText(t.runs.columns, t.runs.rows), 'summary.csv': csvText(t.summary.columns, t.summary.rows) };
  if (t.sensitivity) texts['sensitivity.csv'] = csvText(t.sensitivity.columns, t.sensitivity.rows);
  const files: SweepVerifyResult['files'] = [];
  for (const f of SWEEP_TABLES) {
    if (!(f in texts)) continue;
    const path = join(dir, f);
    const want = sha(texts[f]);
    if (!existsSync(path) || !lstatSync(path).isFile()) files.push({ file: f, ok: false, reason: 'missing or not a plain file' });
    else if (sha(readFileSync(path, 'utf8')) !== want) files.push({ file: f, ok: false, reason: 'differs from the re-run' });
    else if (m.outputs?.[f] !== want) files.push({ file: f, ok: false, reason: 'matches the re-run but not the manifest' });
    else files.push({ file: f, ok: true });
  }
  return { ok: files.every((f) => f.ok) && extra.length === 0, manifest: [], files, extra, warnings };
}
