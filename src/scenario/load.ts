/**
 * Loading scenario files (YAML or JSON) with clear errors.
 *
 * Every problem becomes a `ScenarioError` naming the file, the field path and
 * what was expected. Nothing is written while loading. `--set path=value`
 * overrides are applied to the raw document before validation, so they get
 * the same checks; a path the format does not have is an error.
 */
import { readFileSync, statSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { isNode, parseDocument, visit, type Document } from 'yaml';
import { SpecError, expectedOf, validate, type Spec } from '../engine/spec.js';
import { compileFormula, FormulaError } from '../engine/formula.js';
import { scenarioSpec, type Scenario } from './schema.js';
import { LEVEL_INSTRUMENTS } from '../model/constants.js';
import { POLICY_SYMBOLS, policySpec } from '../model/inputs.js';
import { MAX_BUYERS, MAX_BYTES, MAX_FIRM_SLOTS, formatBytes, worldSize } from './limits.js';

export class ScenarioError extends Error {
  constructor(
    readonly file: string,
    readonly field: string,
    message: string,
  ) {
    super(`${file}: ${field ? `${field}: ` : ''}${message}`);
    this.name = 'ScenarioError';
  }
}

export interface LoadedScenario {
  scenario: Scenario;
  /** The variant applied, or null. */
  variant: string | null;
  /** Path as given. */
  file: string;
  /** sha256 of the file's bytes. */
  sha256: string;
  /** The `--set` overrides applied, in order. */
  sets: string[];
  /** Probable mistakes that do not stop a run (e.g. a shock after the horizon). */
  warnings: string[];
  /** The file's text, as read. */
  text: string;
}

/** Largest scenario file read, in bytes (scenario files are a few kB). */
export const SCENARIO_MAX_BYTES = 4 * 1024 * 1024;
/** Deepest nesting of mappings and lists in a scenario file. */
export const SCENARIO_MAX_DEPTH = 32;

/** Depth of nested lists and mappings, without recursion (stops past `limit`). */
export function nesting(value: unknown, limit: number): number {
  let max = 0;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, d] = stack.pop() as [unknown, number];
    if (v === null || typeof v !== 'object') continue;
    if (d > max) max = d;
    if (max > limit) return max;
    for (const x of Object.values(v as object)) stack.push([x, d + 1]);
  }
  return max;
}

/** The first explicit YAML tag in a document (`!!binary`, `!foo`), or null: scenarios are plain data. */
function explicitTag(doc: Document): string | null {
  let found: string | null = null;
  visit(doc, (_key, node) => {
    if (isNode(node) && node.tag) {
      found = String(node.tag);
      return visit.BREAK;
    }
    return undefined;
  });
  return found;
}

/** Parse YAML/JSON text into a plain value, with file-named errors. */
export function parseText(text: string, file: string): unknown {
  if (text.length > SCENARIO_MAX_BYTES) {
    throw new ScenarioError(file, '', `the file is ${text.length} characters long; a scenario file has at most ${SCENARIO_MAX_BYTES}`);
  }
  let value: unknown;
  try {
    const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true, logLevel: 'silent' });
    // warnings (unresolved tags such as !!binary or !foo, collection keys) are errors here: a scenario is plain data
    const problem = doc.errors[0] ?? doc.warnings[0];
    if (problem) {
      const e = problem;
      const where = e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '';
      const first = e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '');
      const what = /call stack/i.test(first) ? `nested deeper than ${SCENARIO_MAX_DEPTH} levels` : first;
      throw new ScenarioError(file, '', `malformed YAML/JSON${where ? ` at ${where}` : ''}: ${what}`);
    }
    const tag = explicitTag(doc);
    if (tag) throw new ScenarioError(file, '', `malformed YAML: the tag ${tag} is not allowed (a scenario is plain data: numbers, true/false, texts, lists, mappings)`);
    value = doc.toJS({ maxAliasCount: 100 }) as unknown;
  } catch (e) {
    if (e instanceof ScenarioError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    if (/alias/i.test(msg)) throw new ScenarioError(file, '', 'malformed YAML: too many aliases (an alias bomb?); expand the aliases or use fewer');
    if (e instanceof RangeError || /call stack/i.test(msg)) throw new ScenarioError(file, '', `malformed YAML/JSON: nested deeper than ${SCENARIO_MAX_DEPTH} levels`);
    throw new ScenarioError(file, '', `malformed YAML/JSON: ${msg.split('\n')[0]}`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ScenarioError(file, '', 'expected a mapping at the top level (name, world, params, …)');
  }
  if (nesting(value, SCENARIO_MAX_DEPTH) > SCENARIO_MAX_DEPTH) {
    throw new ScenarioError(file, '', `nested deeper than ${SCENARIO_MAX_DEPTH} levels of lists and mappings`);
  }
  return value;
}

/** A list index in a path: 0, 1, 2, … (no sign, no leading zero). */
const INDEX = /^(0|[1-9]\d*)$/;

/** Find the spec of a dotted path (list items by index: world.clusters.0.firms). */
function specAt(spec: Spec, parts: string[]): Spec | null {
  let s: Spec = spec;
  for (const part of parts) {
    if (s.kind === 'object') {
      if (!Object.hasOwn(s.fields, part)) return null;
      s = s.fields[part];
    } else if (s.kind === 'array') {
      if (!INDEX.test(part)) return null;
      s = s.items;
    } else if (s.kind === 'vector') {
      if (!INDEX.test(part) || Number(part) >= s.length) return null;
      return { kind: 'number', default: 0, doc: '' };
    } else {
      return null;
    }
  }
  return s;
}

/** Why a path is not a field: a removed field names what replaced it (0.6.0), anything else points to the docs. */
function notAField(parts: string[]): string {
  const parent = specAt(scenarioSpec, parts.slice(0, -1));
  const last = parts[parts.length - 1];
  if (parent?.kind === 'object' && parent.removed && Object.hasOwn(parent.removed, last)) return `a field removed in 0.6.0 (${parent.removed[last]})`;
  return 'no such field in the scenario format (see docs/parameters.md)';
}

/** Whether `path` (dotted, list items by index) names a field of the scenario format. */
export function isScenarioPath(path: string): boolean {
  return specAt(scenarioSpec, path.split('.')) !== null;
}

/** Apply `path=value` overrides to a raw scenario document (in place); values are read as YAML. */
export function applySets(raw: Record<string, unknown>, sets: readonly string[], file: string): void {
  for (const set of sets) {
    const eq = set.indexOf('=');
    if (eq <= 0) throw new ScenarioError(file, `--set ${set}`, 'expected path=value, e.g. --set params.learning.depreciation=0.01');
    const path = set.slice(0, eq).trim();
    if (!isScenarioPath(path)) throw new ScenarioError(file, `--set ${path}`, notAField(path.split('.')));
    let value: unknown;
    try {
      const doc = parseDocument(set.slice(eq + 1), { uniqueKeys: true, logLevel: 'silent' });
      if (doc.errors.length > 0 || doc.warnings.length > 0 || explicitTag(doc)) throw new Error('bad');
      value = doc.toJS({ maxAliasCount: 100 }) as unknown;
    } catch {
      throw new ScenarioError(file, `--set ${path}`, `cannot read the value ${JSON.stringify(set.slice(eq + 1))} (plain YAML: a number, true/false, a text, a list or a mapping; no tags)`);
    }
    setPath(raw, path, value, file);
  }
}

/** Set one field of a raw scenario document by dotted path (in place); `label` names the override in errors. */
export function setPath(raw: Record<string, unknown>, path: string, value: unknown, file: string, label = `--set ${path}`): void {
  const parts = path.split('.');
  if (!specAt(scenarioSpec, parts)) throw new ScenarioError(file, label, notAField(parts));
  let node: Record<string, unknown> | unknown[] = raw;
  for (let k = 0; k < parts.length - 1; k++) {
    const key = parts[k];
    const next: unknown = (node as Record<string, unknown>)[key];
    if (next === undefined || next === null) {
      if (INDEX.test(parts[k + 1])) {
        throw new ScenarioError(file, label, `${parts.slice(0, k + 1).join('.')} has no item ${parts[k + 1]}`);
      }
      const created: Record<string, unknown> = {};
      (node as Record<string, unknown>)[key] = created;
      node = created;
    } else if (typeof next === 'object') {
      node = next as Record<string, unknown>;
    } else {
      throw new ScenarioError(file, label, `${parts.slice(0, k + 1).join('.')} is not a mapping or list`);
    }
    if (Array.isArray(node) && INDEX.test(parts[k + 1]) && Number(parts[k + 1]) >= node.length && k + 1 < parts.length - 1) {
      throw new ScenarioError(file, label, `${parts.slice(0, k + 1).join('.')} has no item ${parts[k + 1]}`);
    }
  }
  const last = parts[parts.length - 1];
  if (Array.isArray(node)) {
    // a list item by index: replace one, or append right after the last; never leave a gap
    if (Number(last) > node.length) {
      throw new ScenarioError(file, label, `${parts.slice(0, -1).join('.')} has ${node.length} item(s); expected an index of at most ${node.length}`);
    }
  } else if (typeof value === 'object' && value !== null && nesting(value, SCENARIO_MAX_DEPTH) > SCENARIO_MAX_DEPTH) {
    throw new ScenarioError(file, label, `the value is nested deeper than ${SCENARIO_MAX_DEPTH} levels`);
  }
  (node as Record<string, unknown>)[last] = value;
}

/** Validate a raw document: the spec, then cross-references and unique ids. */
export function validateScenario(raw: unknown, file: string): Scenario {
  let s: Scenario;
  try {
    s = validate(scenarioSpec, raw);
  } catch (e) {
    if (e instanceof SpecError) throw new ScenarioError(file, e.path, `expected ${e.expected}, got ${e.got}`);
    throw e;
  }
  const unique = (what: string, ids: string[]) => {
    const seen = new Set<string>();
    ids.forEach((id, k) => {
      if (seen.has(id)) throw new ScenarioError(file, `world.${what}[${k}].id`, `duplicate id '${id}'`);
      seen.add(id);
    });
  };
  unique('chains', s.world.chains.map((c) => c.id));
  unique('clusters', s.world.clusters.map((c) => c.id));
  unique('buyers', s.world.buyers.map((b) => b.id));
  const W = s.world;
  unique('countries', W.countries.map((c) => c.id));
  const ref = (field: string, id: string, known: string[], what: string, allowEmpty = false) => {
    if (allowEmpty && id === '') return;
    if (!known.includes(id)) throw new ScenarioError(file, field, `expected the id of a ${what} (${known.join(', ') || 'none defined'}), got '${id}'`);
  };
  const chainIds = W.chains.map((c) => c.id);
  const clusterIds = W.clusters.map((c) => c.id);
  const countryIds = W.countries.length > 0 ? W.countries.map((c) => c.id) : ['home'];
  const groupIds = W.buyers.map((b) => b.id);
  W.clusters.forEach((c, k) => {
    ref(`world.clusters[${k}].country`, c.country, countryIds, 'country', true);
    c.chains.forEach((id, q) => ref(`world.clusters[${k}].chains[${q}]`, id, chainIds, 'chain'));
    if (c.capacity > 0 && c.capacity < c.firms) throw new ScenarioError(file, `world.clusters[${k}].capacity`, `expected 0 or at least firms (${c.firms}), got ${c.capacity}`);
  });
  if (W.chains.length > 32) throw new ScenarioError(file, 'world.chains', `expected at most 32 chains, got ${W.chains.length}`);
  W.buyers.forEach((b, k) => {
    ref(`world.buyers[${k}].chain`, b.chain, chainIds, 'chain');
    ref(`world.buyers[${k}].home`, b.home, clusterIds, 'cluster', true);
    if (b.exit > 0 && b.exit <= b.arrival) throw new ScenarioError(file, `world.buyers[${k}].exit`, `expected a tick after arrival (${b.arrival}) or 0, got ${b.exit}`);
  });
  W.links.forEach((l, k) => {
    ref(`world.links[${k}].buyers`, l.buyers, groupIds, 'buyer group');
    ref(`world.links[${k}].cluster`, l.cluster, clusterIds, 'cluster');
  });
  W.cooperation.forEach((c, k) => {
    ref(`world.cooperation[${k}].a`, c.a, clusterIds, 'cluster');
    ref(`world.cooperation[${k}].b`, c.b, clusterIds, 'cluster');
  });
  W.shocks.forEach((x, k) => {
    if (x.kind === 'demand' || x.kind === 'standard') ref(`world.shocks[${k}].chain`, x.chain, chainIds, 'chain');
    if (x.kind === 'exchange_rate') ref(`world.shocks[${k}].country`, x.country, countryIds, 'country');
    if (x.kind === 'buyer_entry' || x.kind === 'buyer_exit') ref(`world.shocks[${k}].buyers`, x.buyers, groupIds, 'buyer group');
  });
  W.relocation.forEach((r, k) => ref(`world.relocation[${k}].cluster`, r.cluster, clusterIds, 'cluster'));
  W.services.forEach((r, k) => ref(`world.services[${k}].cluster`, r.cluster, clusterIds, 'cluster'));
  W.policies.forEach((x, k) => {
    x.clusters.forEach((id, q) => ref(`world.policies[${k}].clusters[${q}]`, id, clusterIds, 'cluster'));
    ref(`world.policies[${k}].country`, x.country, countryIds, 'country', true);
    if (x.end < x.start) throw new ScenarioError(file, `world.policies[${k}].end`, `expected a tick at or after start (${x.start}), got ${x.end}`);
    if (!LEVEL_INSTRUMENTS[x.level].includes(x.instrument)) {
      throw new ScenarioError(file, `world.policies[${k}].instrument`, `expected an instrument the ${x.level} level holds (${LEVEL_INSTRUMENTS[x.level].join(', ')}), got '${x.instrument}'`);
    }
    if (x.kind !== 'all' && x.instrument !== 'joint_action') {
      throw new ScenarioError(file, `world.policies[${k}].kind`, `expected kind 'all' for a ${x.instrument} instrument (only joint_action has kinds), got '${x.kind}'`);
    }
    if (x.level === 'regional' && x.clusters.length !== 1) {
      throw new ScenarioError(file, `world.policies[${k}].clusters`, `expected exactly one cluster for a regional policy (a region's reach), got ${x.clusters.length}`);
    }
  });
  W.shocks.forEach((x, k) => {
    if ((x.kind === 'demand' || x.kind === 'exchange_rate') && !(x.value > 0)) {
      throw new ScenarioError(file, `world.shocks[${k}].value`, `expected a multiplier > 0 for a ${x.kind} shock, got ${x.value}`);
    }
    if (x.kind === 'standard' && Math.abs(x.value) > 1) {
      throw new ScenarioError(file, `world.shocks[${k}].value`, `expected a change of the standard in [-1, 1], got ${x.value}`);
    }
  });
  // shocks compound: the product of a chain's demand (a country's rate) multipliers stays in [1e-6, 1e6]
  const compound = new Map<string, number>();
  W.shocks.forEach((x, k) => {
    if (x.kind !== 'demand' && x.kind !== 'exchange_rate') return;
    const key = `${x.kind}:${x.chain || x.country}`;
    const v = (compound.get(key) ?? 1) * x.value;
    compound.set(key, v);
    if (v > 1e6 || v < 1e-6) {
      throw new ScenarioError(file, `world.shocks[${k}].value`, `expected ${x.kind} shocks whose product stays in [1e-6, 1e6] for ${x.chain || x.country}, got a product of ${v.toPrecision(3)}`);
    }
  });
  checkFormulas(s, file);
  checkSize(s, file);
  for (const d of ['va_buyer', 'va_producer', 'va_mixed'] as const) {
    const sum = s.params.production[d].reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 1) > 1e-6) throw new ScenarioError(file, `params.production.${d}`, `expected value-added shares that sum to 1, got ${sum}`);
  }
  return s;
}

/**
 * Evaluate every policy formula over each tick of its active window within
 * the horizon: it must give a finite real number no larger than the field's
 * maximum there, so a run can never fail on it half-way.
 */
function checkFormulas(s: Scenario, file: string): void {
  const spec = policySpec.fields.intensity;
  s.world.policies.forEach((p, k) => {
    if (typeof p.intensity !== 'string') return;
    const field = `world.policies[${k}].intensity`;
    const got = `the text ${JSON.stringify(p.intensity.length > 40 ? p.intensity.slice(0, 40) + '…' : p.intensity)}`;
    let f;
    try {
      f = compileFormula(p.intensity, POLICY_SYMBOLS);
    } catch (e) {
      if (e instanceof FormulaError) throw new ScenarioError(file, field, `expected ${expectedOf(spec)}, got ${got}: ${e.message}`);
      throw e;
    }
    const last = Math.min(p.end, s.ticks);
    for (let t = p.start; t <= last; t++) {
      let v: number;
      try {
        v = f.evaluate({ t, start: p.start, until: p.end });
      } catch (e) {
        if (e instanceof FormulaError) throw new ScenarioError(file, field, `expected a formula that gives a finite number at every tick from ${p.start} to ${last}; ${e.message}`);
        throw e;
      }
      if (spec.max !== undefined && v > spec.max) {
        throw new ScenarioError(file, field, `expected a formula that gives at most ${spec.max} at every tick from ${p.start} to ${last}; it gives ${v} at t=${t}`);
      }
    }
  });
}

/** Refuse, before allocation, a world larger than the documented limits (src/scenario/limits.ts). */
function checkSize(s: Scenario, file: string): void {
  const z = worldSize(s);
  if (z.slots > MAX_FIRM_SLOTS) {
    throw new ScenarioError(file, 'world.clusters', `expected at most ${MAX_FIRM_SLOTS} firm slots over all clusters (firms, or capacity, per cluster), got ${z.slots}`);
  }
  if (z.buyers > MAX_BUYERS) throw new ScenarioError(file, 'world.buyers', `expected at most ${MAX_BUYERS} buyers over all groups, got ${z.buyers}`);
  if (z.bytes > MAX_BYTES) {
    throw new ScenarioError(file, 'world.clusters', `the world needs about ${formatBytes(z.bytes)} of memory; at most ${formatBytes(MAX_BYTES)} is allowed on this machine (fewer firms, ties or max_links)`);
  }
  // initial links: each needs its own supplier link slot in the cluster
  const perCluster = new Map<string, number>();
  s.world.links.forEach((l, k) => {
    const g = s.world.buyers.find((b) => b.id === l.buyers);
    const n = (perCluster.get(l.cluster) ?? 0) + (g ? g.count : 0) * l.per_buyer;
    perCluster.set(l.cluster, n);
    const c = s.world.clusters.find((x) => x.id === l.cluster);
    const room = c ? c.firms * s.params.sourcing.max_links : 0;
    if (n > room) {
      throw new ScenarioError(file, `world.links[${k}].per_buyer`, `expected initial links that fit the cluster: '${l.cluster}' has ${c?.firms ?? 0} firms × ${s.params.sourcing.max_links} link slots = ${room}, the links ask for ${n}`);
    }
  });
}

/** Things in a valid scenario that are probably mistakes: schedules beyond the horizon. */
export function scenarioWarnings(s: Scenario, file: string): string[] {
  const out: string[] = [];
  const T = s.ticks;
  const late = (field: string, tick: number, what: string) => {
    if (tick > T) out.push(`${file}: ${field}: tick ${tick} is after the horizon (${T} ticks); ${what}`);
  };
  const W = s.world;
  W.shocks.forEach((x, k) => late(`world.shocks[${k}].tick`, x.tick, 'the shock never happens'));
  W.policies.forEach((x, k) => late(`world.policies[${k}].start`, x.start, 'the policy never runs'));
  W.clusters.forEach((x, k) => late(`world.clusters[${k}].arrival`, x.arrival, 'the cluster never arrives'));
  W.buyers.forEach((x, k) => late(`world.buyers[${k}].arrival`, x.arrival, 'the buyers never arrive'));
  W.cooperation.forEach((x, k) => late(`world.cooperation[${k}].start`, x.start, 'the co-operation never starts'));
  W.relocation.forEach((x, k) => late(`world.relocation[${k}].tick`, x.tick, 'the relocation never happens'));
  W.services.forEach((x, k) => late(`world.services[${k}].tick`, x.tick, 'the move into services never happens'));
  return out;
}

/** Read and parse a scenario file (no validation yet). */
function readRaw(file: string): { raw: Record<string, unknown>; bytes: Buffer } {
  let bytes: Buffer;
  let size: number;
  try {
    const st = statSync(file);
    if (!st.isFile()) throw new Error('not a file');
    size = st.size;
  } catch {
    throw new ScenarioError(file, '', 'cannot read the scenario file (missing, or not a file)');
  }
  if (size > SCENARIO_MAX_BYTES) throw new ScenarioError(file, '', `the file has ${size} bytes; a scenario file has at most ${SCENARIO_MAX_BYTES}`);
  try {
    bytes = readFileSync(file);
  } catch (e) {
    throw new ScenarioError(file, '', `cannot read the scenario file (${(e as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  if ((bytes[0] === 0xff && bytes[1] === 0xfe) || (bytes[0] === 0xfe && bytes[1] === 0xff) || bytes.subarray(0, 4096).includes(0)) {
    throw new ScenarioError(file, '', 'expected UTF-8 text (the file looks like UTF-16 or binary; save it as UTF-8)');
  }
  return { raw: parseText(bytes.toString('utf8'), file) as Record<string, unknown>, bytes };
}

/** Check every variant of a validated scenario: its overrides must give a valid scenario. */
function checkVariants(s: Scenario, raw: Record<string, unknown>, file: string): void {
  const names = new Set<string>();
  s.variants.forEach((v, k) => {
    if (names.has(v.name)) throw new ScenarioError(file, `variants[${k}].name`, `duplicate variant '${v.name}'`);
    names.add(v.name);
    for (const set of v.set) {
      if (set.trim().startsWith('variants')) throw new ScenarioError(file, `variants[${k}].set`, 'a variant cannot change the variants');
    }
    const copy = structuredClone(raw);
    try {
      applySets(copy, v.set, file);
      validateScenario(copy, file);
    } catch (e) {
      if (e instanceof ScenarioError) throw new ScenarioError(file, `variants[${k}] (${v.name})`, e.message.slice(file.length + 2));
      throw e;
    }
  });
}

/** Run settings that override the scenario's own (the CLI's --seed and --ticks). */
export interface RunOverrides {
  seed?: number;
  ticks?: number;
}

/**
 * Load, override and validate a scenario file. A named variant's overrides
 * are applied first, then `sets`, then `overrides` (seed, ticks), so the
 * resolved scenario is exactly what runs. Throws ScenarioError.
 */
export function loadScenario(file: string, sets: readonly string[] = [], variant: string | null = null, overrides: RunOverrides = {}): LoadedScenario {
  const { raw, bytes } = readRaw(file);
  return loadScenarioText(bytes.toString('utf8'), file, sets, variant, overrides, createHash('sha256').update(bytes).digest('hex'), raw);
}

/** As `loadScenario`, from the text of a scenario file (e.g. the source kept in a manifest). */
export function loadScenarioText(
  text: string,
  file: string,
  sets: readonly string[] = [],
  variant: string | null = null,
  overrides: RunOverrides = {},
  sha256: string = createHash('sha256').update(text, 'utf8').digest('hex'),
  parsed?: Record<string, unknown>,
): LoadedScenario {
  const raw = parsed ?? (parseText(text, file) as Record<string, unknown>);
  const base = validateScenario(structuredClone(raw), file);
  checkVariants(base, raw, file);
  const work = structuredClone(raw);
  if (variant !== null) {
    const v = base.variants.find((x) => x.name === variant);
    if (!v) {
      throw new ScenarioError(file, '--variant', `expected one of the scenario's variants (${base.variants.map((x) => x.name).join(', ') || 'none defined'}), got '${variant}'`);
    }
    applySets(work, v.set, file);
  }
  applySets(work, sets, file);
  if (overrides.seed !== undefined) work.seed = overrides.seed;
  if (overrides.ticks !== undefined) work.ticks = overrides.ticks;
  const scenario = validateScenario(work, file);
  return { scenario, variant, file, sha256, sets: [...sets], warnings: scenarioWarnings(scenario, file), text };
}
