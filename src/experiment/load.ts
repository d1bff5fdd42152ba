/**
 * Loading experiment files (YAML or JSON) with clear errors.
 *
 * The same machinery as scenarios: the spec (src/experiment/spec.ts) types and
 * validates the file, then cross-field rules are checked here, and every
 * problem is a `ScenarioError` naming the file, the field and what was
 * expected. The base scenario is found relative to the experiment file, or
 * among the shipped scenarios by name, and is loaded with the experiment's
 * overrides; every factor's extreme levels are applied to it and validated,
 * so a sweep never fails half-way on a value out of range.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { SpecError, validate } from '../engine/spec.js';
import { EVENT_KINDS } from '../model/constants.js';
import { findScenario } from '../scenario/find.js';
import { ScenarioError, isScenarioPath, loadScenario, loadScenarioText, parseText, SCENARIO_MAX_BYTES, setPath, validateScenario, type LoadedScenario } from '../scenario/load.js';
import { experimentSpec, type Experiment, type FactorDef } from './spec.js';

export interface LoadedExperiment {
  experiment: Experiment;
  file: string;
  sha256: string;
  text: string;
  /** The base scenario (with the experiment's `set` and `ticks`), as loaded. */
  base: LoadedScenario;
  /** Variant names crossed with the design ('' = the scenario itself). */
  variants: string[];
  /** Design points read from a design file (kind: file), by factor name. */
  designFile: Record<string, number | string>[] | null;
}

/** Reserved runs.csv columns that factor and outcome names may not take. */
export const RESERVED_COLUMNS = ['run', 'point', 'variant', 'replicate', 'seed'] as const;

/** The runs.csv column of a factor. */
export function factorName(f: FactorDef): string {
  return f.name || f.path.replace(/\./g, '_');
}

/** Validate an experiment document (already parsed); `file` names it in errors, `dir` resolves relative paths. */
export function validateExperiment(
  raw: unknown,
  file: string,
  dir: string,
  kept?: { text: string; file: string; sha256: string },
): Omit<LoadedExperiment, 'file' | 'sha256' | 'text'> {
  let e: Experiment;
  try {
    e = validate(experimentSpec, raw);
  } catch (err) {
    if (err instanceof SpecError) throw new ScenarioError(file, err.path, `expected ${err.expected}, got ${err.got}`);
    throw err;
  }
  const fail = (field: string, msg: string): never => {
    throw new ScenarioError(file, field, msg);
  };
  if (e.scenario.trim() === '') fail('scenario', 'expected a scenario path (relative to this file) or the name of a shipped scenario, got nothing');
  // the base scenario: relative to the experiment file, else a shipped name
  const found = findScenario(e.scenario, dir);
  const path = found.how === 'path' && !isAbsolute(found.path) ? join(dir, found.path) : found.path;
  let base: LoadedScenario;
  try {
    const runSettings = e.ticks > 0 ? { ticks: e.ticks } : {};
    // a kept scenario text (merge, verify) stands for the file it was read from
    base = kept ? loadScenarioText(kept.text, kept.file, e.set, null, runSettings, kept.sha256) : loadScenario(path, e.set, null, runSettings);
  } catch (err) {
    if (err instanceof ScenarioError) fail('scenario', `the base scenario does not load: ${err.message}`);
    throw err;
  }
  const s = base!.scenario;
  const variants = e.variants.length > 0 ? e.variants : [''];
  const known = s.variants.map((v) => v.name);
  const seenVariants = new Set<string>();
  variants.forEach((v, k) => {
    if (v !== '' && !known.includes(v)) fail(`variants[${k}]`, `expected a variant of ${s.name} (${known.join(', ') || 'none defined'}) or "" for the scenario itself, got '${v}'`);
    if (seenVariants.has(v)) fail(`variants[${k}]`, `duplicate variant '${v}'`);
    seenVariants.add(v);
  });

  // factors
  const names = new Set<string>(RESERVED_COLUMNS);
  const design = e.design.kind;
  e.factors.forEach((f, k) => {
    const at = `factors[${k}]`;
    if (!isScenarioPath(f.path)) fail(`${at}.path`, `expected a field of the scenario format (see docs/parameters.md), got '${f.path}'`);
    const name = factorName(f);
    if (!/^[A-Za-z0-9_-]+$/.test(name)) fail(`${at}.name`, `expected an identifier (letters, digits, _ or -), got '${name}'`);
    if (names.has(name)) fail(`${at}.name`, `expected a column name not used yet (run, point, variant, replicate, seed and the other factors), got '${name}'`);
    names.add(name);
    const ways = [f.values.length > 0, f.choices.length > 0, f.range.length > 0 || f.scale === 'normal'].filter(Boolean).length;
    if (ways !== 1) fail(at, 'expected exactly one of values, choices, range (or scale: normal with mean and sd)');
    if (f.range.length > 0 && f.range.length !== 2) fail(`${at}.range`, `expected [lo, hi], got a list of ${f.range.length}`);
    if (f.range.length === 2 && !(f.range[0] <= f.range[1])) fail(`${at}.range`, `expected lo ≤ hi, got [${f.range[0]}, ${f.range[1]}]`);
    if (f.scale === 'log' && f.range.length === 2 && !(f.range[0] > 0)) fail(`${at}.range`, 'expected lo > 0 for scale: log');
    if (f.scale === 'int' && f.range.length === 2 && !(Number.isInteger(f.range[0]) && Number.isInteger(f.range[1]))) fail(`${at}.range`, 'expected integer bounds for scale: int');
    if (f.scale === 'normal' && !(f.sd > 0)) fail(`${at}.sd`, 'expected sd > 0 for scale: normal');
    if (design === 'factorial' && f.values.length === 0 && f.choices.length === 0) fail(at, 'expected values or choices: a factorial design crosses listed levels (use lhs, morris or sobol to sample a range)');
    // every extreme level must give a valid scenario
    for (const level of extremes(f)) {
      // the resolved scenario is itself a valid raw document
      const copy = structuredClone(base!.scenario) as unknown as Record<string, unknown>;
      try {
        setPath(copy, f.path, level, base!.file, `${at}.path ${f.path}`);
        validateScenario(copy, base!.file);
      } catch (err) {
        if (err instanceof ScenarioError) fail(at, `the level ${JSON.stringify(level)} of ${f.path} gives an invalid scenario: ${err.message}`);
        throw err;
      }
    }
  });
  const k = e.factors.length;
  if ((design === 'morris' || design === 'sobol') && k < 1) fail('factors', `expected at least one factor for a ${design} design`);
  if (design === 'morris' && e.design.levels % 2 !== 0) fail('design.levels', `expected an even number of grid levels, got ${e.design.levels}`);
  if (design === 'sobol' && k > 32) fail('factors', `expected at most 32 factors for a sobol design, got ${k}`);
  if (design !== 'file' && e.design.file !== '') fail('design.file', `expected no file for a ${design} design (kind: file reads one)`);
  let designFile: Record<string, number | string>[] | null = null;
  if (design === 'file') designFile = readDesignFile(e, file, dir);

  // outcomes
  const clusterIds = s.world.clusters.map((c) => c.id);
  e.outcomes.forEach((o, j) => {
    const at = `outcomes[${j}]`;
    if (names.has(o.name)) fail(`${at}.name`, `expected a column name not used yet (run, point, variant, replicate, seed, factors and other outcomes), got '${o.name}'`);
    names.add(o.name);
    if ((o.column === '') === (o.event === '')) fail(at, 'expected exactly one of column (a ticks.csv column) or event (an event kind)');
    if (o.event !== '' && !(EVENT_KINDS as readonly string[]).includes(o.event)) fail(`${at}.event`, `expected an event kind (${EVENT_KINDS.join(', ')}), got '${o.event}'`);
    if (o.column !== '' && o.cluster === '') fail(`${at}.cluster`, `expected a cluster id for a column outcome (${clusterIds.join(', ')})`);
    if (o.cluster !== '' && !clusterIds.includes(o.cluster)) fail(`${at}.cluster`, `expected the id of a cluster (${clusterIds.join(', ')}), got '${o.cluster}'`);
    if (o.from > o.to) fail(`${at}.from`, `expected a tick at or before to (${o.to}), got ${o.from}`);
    if (o.from > s.ticks) fail(`${at}.from`, `expected a tick within the horizon (${s.ticks}), got ${o.from}`);
    if (o.stat === 'at' && o.at > s.ticks) fail(`${at}.at`, `expected a tick within the horizon (${s.ticks}), got ${o.at}`);
    if (o.event !== '' && (o.stat === 'at' || o.stat === 'first')) fail(`${at}.stat`, `expected mean, sum, min or max for an event count, got ${o.stat}`);
    if (o.status !== '' && o.event === '') fail(`${at}.status`, 'expected a status filter on an event outcome only');
    if (o.per_firm && o.event === '') fail(`${at}.per_firm`, 'expected per_firm on an event outcome only');
  });
  return { experiment: e, base: base!, variants, designFile };
}

/** The levels of a factor that bound what it can take (applied at validation). */
function extremes(f: FactorDef): unknown[] {
  if (f.values.length > 0) return [Math.min(...f.values), Math.max(...f.values)];
  if (f.choices.length > 0) return f.choices.map(parseChoice);
  if (f.range.length === 2) return f.scale === 'int' ? [Math.ceil(f.range[0]), Math.floor(f.range[1])] : [f.range[0], f.range[1]];
  return [f.mean];
}

/** A categorical level, read as YAML (as --set does): `true` is a boolean, `0.5` a number, `captive` a text. */
export function parseChoice(text: string): unknown {
  const t = text.trim();
  if (t === 'true') return true;
  if (t === 'false') return false;
  if (t !== '' && Number.isFinite(Number(t)) && /^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(t)) return Number(t);
  return text;
}

function readDesignFile(e: Experiment, file: string, dir: string): Record<string, number | string>[] {
  const f = e.design.file;
  if (f === '') throw new ScenarioError(file, 'design.file', 'expected the path of a CSV or JSON-lines design file for kind: file');
  const path = isAbsolute(f) ? f : join(dir, f);
  let text: string;
  try {
    if (statSync(path).size > SCENARIO_MAX_BYTES * 16) throw new ScenarioError(file, 'design.file', `${f}: larger than ${SCENARIO_MAX_BYTES * 16} bytes`);
    text = readFileSync(path, 'utf8');
  } catch (err) {
    if (err instanceof ScenarioError) throw err;
    throw new ScenarioError(file, 'design.file', `cannot read ${f} (missing, or not a file)`);
  }
  const factorNames = e.factors.map(factorName);
  const rows: Record<string, number | string>[] = [];
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length === 0) throw new ScenarioError(file, 'design.file', `${f}: expected at least one design point, got an empty file`);
  if (/\.jsonl?$/i.test(f) || lines[0].trim().startsWith('{')) {
    lines.forEach((l, i) => {
      let o: unknown;
      try {
        o = JSON.parse(l);
      } catch {
        throw new ScenarioError(file, 'design.file', `${f} line ${i + 1}: expected a JSON object, got invalid JSON`);
      }
      if (o === null || typeof o !== 'object' || Array.isArray(o)) throw new ScenarioError(file, 'design.file', `${f} line ${i + 1}: expected a JSON object`);
      rows.push(designRow(o as Record<string, unknown>, factorNames, `${f} line ${i + 1}`, file));
    });
  } else {
    const header = lines[0].split(',').map((h) => h.trim());
    lines.slice(1).forEach((l, i) => {
      const cells = l.split(',').map((c) => c.trim());
      if (cells.length !== header.length) throw new ScenarioError(file, 'design.file', `${f} line ${i + 2}: expected ${header.length} cells, got ${cells.length}`);
      rows.push(designRow(Object.fromEntries(header.map((h, j) => [h, cells[j]])), factorNames, `${f} line ${i + 2}`, file));
    });
    if (rows.length === 0) throw new ScenarioError(file, 'design.file', `${f}: expected at least one design point after the header`);
  }
  return rows;
}

function designRow(o: Record<string, unknown>, names: string[], where: string, file: string): Record<string, number | string> {
  const row: Record<string, number | string> = {};
  for (const n of names) {
    if (!Object.hasOwn(o, n)) throw new ScenarioError(file, 'design.file', `${where}: expected a value for factor '${n}' (columns: ${names.join(', ')})`);
    const v = o[n];
    if (typeof v === 'number' && Number.isFinite(v)) row[n] = v;
    else if (typeof v === 'string' && v.trim() !== '') row[n] = Number.isFinite(Number(v)) ? Number(v) : v;
    else if (typeof v === 'boolean') row[n] = String(v);
    else throw new ScenarioError(file, 'design.file', `${where}: factor '${n}': expected a finite number or a text, got ${JSON.stringify(v)}`);
  }
  for (const k of Object.keys(o)) if (!names.includes(k)) throw new ScenarioError(file, 'design.file', `${where}: '${k}' is not a factor (factors: ${names.join(', ')})`);
  return row;
}

/** Load and validate an experiment file. Throws ScenarioError (one line, exit 2 in the CLI). */
export function loadExperiment(file: string): LoadedExperiment {
  let bytes: Buffer;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new Error('not a file');
    if (st.size > SCENARIO_MAX_BYTES) throw new ScenarioError(file, '', `the file has ${st.size} bytes; an experiment file has at most ${SCENARIO_MAX_BYTES}`);
    bytes = readFileSync(file);
  } catch (err) {
    if (err instanceof ScenarioError) throw err;
    throw new ScenarioError(file, '', 'cannot read the experiment file (missing, or not a file)');
  }
  const text = bytes.toString('utf8');
  const raw = parseText(text, file);
  const v = validateExperiment(raw, file, dirname(file));
  return { ...v, file, sha256: createHash('sha256').update(bytes).digest('hex'), text };
}

/** An experiment from kept texts (a sweep manifest): the experiment's and its base scenario's. */
export function loadExperimentText(text: string, file: string, scenario: { text: string; file: string; sha256: string }): LoadedExperiment {
  const raw = parseText(text, file);
  const v = validateExperiment(raw, file, dirname(file), scenario);
  return { ...v, file, sha256: createHash('sha256').update(text, 'utf8').digest('hex'), text };
}
