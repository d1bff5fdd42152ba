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
import { parseDocument, parse as parseYamlValue } from 'yaml';
import { SpecError, validate, type Spec } from '../engine/spec.js';
import { scenarioSpec, type Scenario } from './schema.js';
import { LEVEL_INSTRUMENTS } from '../model/constants.js';

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
}

/** Parse YAML/JSON text into a plain value, with file-named errors. */
export function parseText(text: string, file: string): unknown {
  const doc = parseDocument(text, { uniqueKeys: true, prettyErrors: true });
  if (doc.errors.length > 0) {
    const e = doc.errors[0];
    const where = e.linePos ? `line ${e.linePos[0].line}, column ${e.linePos[0].col}` : '';
    throw new ScenarioError(file, '', `malformed YAML/JSON${where ? ` at ${where}` : ''}: ${e.message.split('\n')[0].replace(/ at line \d+, column \d+:?$/, '')}`);
  }
  const value = doc.toJS({ maxAliasCount: 100 }) as unknown;
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ScenarioError(file, '', 'expected a mapping at the top level (name, world, params, …)');
  }
  return value;
}

/** Find the spec of a dotted path (list items by index: world.clusters.0.firms). */
function specAt(spec: Spec, parts: string[]): Spec | null {
  let s: Spec = spec;
  for (const part of parts) {
    if (s.kind === 'object') {
      if (!(part in s.fields)) return null;
      s = s.fields[part];
    } else if (s.kind === 'array') {
      if (!/^\d+$/.test(part)) return null;
      s = s.items;
    } else if (s.kind === 'vector') {
      if (!/^\d+$/.test(part) || Number(part) >= s.length) return null;
      return { kind: 'number', default: 0, doc: '' };
    } else {
      return null;
    }
  }
  return s;
}

/** Apply `path=value` overrides to a raw scenario document (in place). */
export function applySets(raw: Record<string, unknown>, sets: readonly string[], file: string): void {
  for (const set of sets) {
    const eq = set.indexOf('=');
    if (eq <= 0) throw new ScenarioError(file, `--set ${set}`, 'expected path=value, e.g. --set params.learning.depreciation=0.01');
    const path = set.slice(0, eq).trim();
    const parts = path.split('.');
    if (!specAt(scenarioSpec, parts)) throw new ScenarioError(file, `--set ${path}`, 'no such field in the scenario format (see docs/parameters.md)');
    let value: unknown;
    try {
      value = parseYamlValue(set.slice(eq + 1));
    } catch {
      throw new ScenarioError(file, `--set ${path}`, `cannot read the value ${JSON.stringify(set.slice(eq + 1))}`);
    }
    let node: Record<string, unknown> | unknown[] = raw;
    for (let k = 0; k < parts.length - 1; k++) {
      const key = parts[k];
      const next: unknown = (node as Record<string, unknown>)[key];
      if (next === undefined || next === null) {
        if (/^\d+$/.test(parts[k + 1])) {
          throw new ScenarioError(file, `--set ${path}`, `${parts.slice(0, k + 1).join('.')} has no item ${parts[k + 1]}`);
        }
        const created: Record<string, unknown> = {};
        (node as Record<string, unknown>)[key] = created;
        node = created;
      } else if (typeof next === 'object') {
        node = next as Record<string, unknown>;
      } else {
        throw new ScenarioError(file, `--set ${path}`, `${parts.slice(0, k + 1).join('.')} is not a mapping or list`);
      }
      if (Array.isArray(node) && /^\d+$/.test(parts[k + 1]) && Number(parts[k + 1]) >= node.length && k + 1 < parts.length - 1) {
        throw new ScenarioError(file, `--set ${path}`, `${parts.slice(0, k + 1).join('.')} has no item ${parts[k + 1]}`);
      }
    }
    (node as Record<string, unknown>)[parts[parts.length - 1]] = value;
  }
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
    if (x.level === 'regional' && x.clusters.length !== 1) {
      throw new ScenarioError(file, `world.policies[${k}].clusters`, `expected exactly one cluster for a regional policy (a region's reach), got ${x.clusters.length}`);
    }
  });
  for (const d of ['va_buyer', 'va_producer', 'va_mixed'] as const) {
    const sum = s.params.production[d].reduce((a, b) => a + b, 0);
    if (Math.abs(sum - 1) > 1e-6) throw new ScenarioError(file, `params.production.${d}`, `expected value-added shares that sum to 1, got ${sum}`);
  }
  return s;
}

/** Read and parse a scenario file (no validation yet). */
function readRaw(file: string): { raw: Record<string, unknown>; bytes: Buffer } {
  let bytes: Buffer;
  try {
    if (!statSync(file).isFile()) throw new Error('not a file');
    bytes = readFileSync(file);
  } catch {
    throw new ScenarioError(file, '', 'cannot read the scenario file (missing, or not a file)');
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

/**
 * Load, override and validate a scenario file. A named variant's overrides
 * are applied first, then `sets`. Throws ScenarioError.
 */
export function loadScenario(file: string, sets: readonly string[] = [], variant: string | null = null): LoadedScenario {
  const { raw, bytes } = readRaw(file);
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
  const scenario = validateScenario(work, file);
  return { scenario, variant, file, sha256: createHash('sha256').update(bytes).digest('hex'), sets: [...sets] };
}
