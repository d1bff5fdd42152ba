/**
 * A small typed specification language for parameters and scenario files.
 *
 * One spec is the single source of truth for a structure: its TypeScript
 * type (`Infer<typeof spec>`), its defaults (`defaultsOf`), its validation
 * with messages naming the field path (`validate`), and its documentation
 * (`docs/parameters.md` is generated from it). The engine knows nothing of
 * GVCs; the model declares its specs with these helpers.
 */
import { compileFormula, FormulaError, FORMULA_FUNCTIONS } from './formula.js';

export interface NumberSpec {
  readonly kind: 'number';
  readonly default: number;
  readonly min?: number;
  readonly max?: number;
  readonly integer?: boolean;
  readonly unit?: string;
  readonly doc: string;
}
export interface BooleanSpec {
  readonly kind: 'boolean';
  readonly default: boolean;
  readonly doc: string;
}
export interface StringSpec {
  readonly kind: 'string';
  readonly default: string;
  readonly doc: string;
  /** Identifier-like strings only (letters, digits, `_`, `-`). */
  readonly id?: boolean;
}
export interface EnumSpec<V extends string = string> {
  readonly kind: 'enum';
  readonly values: readonly V[];
  readonly default: V;
  readonly doc: string;
}
export interface ObjectSpec<F extends Record<string, Spec> = Record<string, Spec>> {
  readonly kind: 'object';
  readonly fields: F;
  readonly doc: string;
  /** Fields removed in an earlier version, with what replaces them (named in the error). */
  readonly removed?: Readonly<Record<string, string>>;
}
export interface ArraySpec<I extends Spec = Spec> {
  readonly kind: 'array';
  readonly items: I;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly default: readonly unknown[];
  readonly doc: string;
}
/** Fixed-length tuple of numbers (e.g. one value per capability). */
export interface VectorSpec {
  readonly kind: 'vector';
  readonly length: number;
  readonly labels: readonly string[];
  readonly default: readonly number[];
  readonly min?: number;
  readonly max?: number;
  readonly doc: string;
}
/** A number, or a formula (text) of the given symbols, checked at load time (engine/formula.ts). */
export interface FormulaSpec {
  readonly kind: 'formula';
  readonly default: number;
  readonly min?: number;
  readonly max?: number;
  readonly symbols: readonly string[];
  readonly doc: string;
}
export type Spec = NumberSpec | BooleanSpec | StringSpec | EnumSpec | ObjectSpec | ArraySpec | VectorSpec | FormulaSpec;

export type Infer<S> = S extends FormulaSpec
  ? number | string
  : S extends NumberSpec
  ? number
  : S extends BooleanSpec
    ? boolean
    : S extends StringSpec
      ? string
      : S extends EnumSpec<infer V>
        ? V
        : S extends VectorSpec
          ? number[]
          : S extends ArraySpec<infer I>
            ? Infer<I>[]
            : S extends ObjectSpec<infer F>
              ? { [K in keyof F]: Infer<F[K]> }
              : never;

// ---- constructors -------------------------------------------------------

export const num = (def: number, doc: string, o: Omit<NumberSpec, 'kind' | 'default' | 'doc'> = {}): NumberSpec => ({
  kind: 'number',
  default: def,
  doc,
  ...o,
});
export const formula = (def: number, doc: string, symbols: readonly string[], min?: number, max?: number): FormulaSpec => ({
  kind: 'formula',
  default: def,
  doc,
  symbols,
  min,
  max,
});
export const share = (def: number, doc: string): NumberSpec => num(def, doc, { min: 0, max: 1 });
export const int = (def: number, doc: string, min = 0, max?: number): NumberSpec =>
  num(def, doc, { min, max, integer: true });
export const bool = (def: boolean, doc: string): BooleanSpec => ({ kind: 'boolean', default: def, doc });
export const str = (def: string, doc: string, id = false): StringSpec => ({ kind: 'string', default: def, doc, id });
export const oneOf = <V extends string>(values: readonly V[], def: V, doc: string): EnumSpec<V> => ({
  kind: 'enum',
  values,
  default: def,
  doc,
});
export const obj = <F extends Record<string, Spec>>(fields: F, doc = '', removed?: Readonly<Record<string, string>>): ObjectSpec<F> => ({
  kind: 'object',
  fields,
  doc,
  ...(removed ? { removed } : {}),
});
export const list = <I extends Spec>(
  items: I,
  doc: string,
  o: { minItems?: number; maxItems?: number; default?: readonly Infer<I>[] } = {},
): ArraySpec<I> => ({ kind: 'array', items, doc, minItems: o.minItems, maxItems: o.maxItems, default: o.default ?? [] });
export const vec = (
  labels: readonly string[],
  def: readonly number[],
  doc: string,
  o: { min?: number; max?: number } = {},
): VectorSpec => ({ kind: 'vector', length: labels.length, labels, default: def, doc, ...o });

// ---- defaults -----------------------------------------------------------

export function defaultsOf<S extends Spec>(spec: S): Infer<S> {
  switch (spec.kind) {
    case 'object': {
      const out: Record<string, unknown> = {};
      for (const [k, f] of Object.entries(spec.fields)) out[k] = defaultsOf(f);
      return out as Infer<S>;
    }
    case 'array':
      return structuredClone(spec.default) as Infer<S>;
    case 'vector':
      return [...spec.default] as Infer<S>;
    default:
      return spec.default as Infer<S>;
  }
}

// ---- validation ---------------------------------------------------------

export class SpecError extends Error {
  constructor(
    readonly path: string,
    readonly expected: string,
    readonly got: string,
  ) {
    super(`${path || '(root)'}: expected ${expected}, got ${got}`);
    this.name = 'SpecError';
  }
}

function describe(v: unknown): string {
  if (v === null) return 'null';
  if (v === undefined) return 'nothing';
  if (Array.isArray(v)) return `a list of ${v.length}`;
  if (typeof v === 'object') return 'a mapping';
  if (typeof v === 'string') return `the text ${JSON.stringify(v.length > 40 ? v.slice(0, 40) + '…' : v)}`;
  return `${typeof v} ${String(v)}`;
}

function join(path: string, key: string | number): string {
  if (typeof key === 'number') return `${path}[${key}]`;
  return path ? `${path}.${key}` : key;
}

export function expectedOf(spec: Spec): string {
  switch (spec.kind) {
    case 'number': {
      const what = spec.integer ? 'an integer' : 'a number';
      if (spec.min !== undefined && spec.max !== undefined) return `${what} in [${spec.min}, ${spec.max}]`;
      if (spec.min !== undefined) return `${what} ≥ ${spec.min}`;
      if (spec.max !== undefined) return `${what} ≤ ${spec.max}`;
      return what;
    }
    case 'formula':
      return `${spec.min !== undefined && spec.max !== undefined ? `a number in [${spec.min}, ${spec.max}]` : spec.min !== undefined ? `a number ≥ ${spec.min}` : 'a number'} or a formula of ${spec.symbols.join(', ')} (functions: ${FORMULA_FUNCTIONS.join(', ')})`;
    case 'boolean':
      return 'true or false';
    case 'string':
      return spec.id ? 'an identifier (letters, digits, _ or -)' : 'a text';
    case 'enum':
      return `one of ${spec.values.join(', ')}`;
    case 'object':
      return 'a mapping';
    case 'array':
      return 'a list';
    case 'vector':
      return `a list of ${spec.length} numbers (${spec.labels.join(', ')})`;
  }
}

/**
 * Validate `value` against `spec`, filling omitted fields from defaults.
 * Throws `SpecError` naming the first offending field path.
 * `partial` objects (e.g. parameter overrides) may omit fields.
 */
export function validate<S extends Spec>(spec: S, value: unknown, path = ''): Infer<S> {
  return check(spec, value, path) as Infer<S>;
}

function check(spec: Spec, v: unknown, path: string): unknown {
  switch (spec.kind) {
    case 'number': {
      if (typeof v !== 'number' || !Number.isFinite(v)) throw new SpecError(path, expectedOf(spec), describe(v));
      if (spec.integer && !Number.isInteger(v)) throw new SpecError(path, expectedOf(spec), describe(v));
      if ((spec.min !== undefined && v < spec.min) || (spec.max !== undefined && v > spec.max))
        throw new SpecError(path, expectedOf(spec), describe(v));
      return v;
    }
    case 'formula': {
      if (typeof v === 'number' && Number.isFinite(v)) {
        if ((spec.min !== undefined && v < spec.min) || (spec.max !== undefined && v > spec.max))
          throw new SpecError(path, expectedOf(spec), describe(v));
        return v;
      }
      if (typeof v !== 'string') throw new SpecError(path, expectedOf(spec), describe(v));
      try {
        compileFormula(v, spec.symbols);
      } catch (e) {
        if (e instanceof FormulaError) throw new SpecError(path, expectedOf(spec), `${describe(v)}: ${e.message}`);
        throw e;
      }
      return v;
    }
    case 'boolean':
      if (typeof v !== 'boolean') throw new SpecError(path, expectedOf(spec), describe(v));
      return v;
    case 'string':
      if (typeof v !== 'string' || (spec.id && !/^[A-Za-z0-9_-]+$/.test(v)))
        throw new SpecError(path, expectedOf(spec), describe(v));
      return v;
    case 'enum':
      if (typeof v !== 'string' || !(spec.values as readonly string[]).includes(v))
        throw new SpecError(path, expectedOf(spec), describe(v));
      return v;
    case 'vector': {
      if (!Array.isArray(v) || v.length !== spec.length) throw new SpecError(path, expectedOf(spec), describe(v));
      return v.map((x, i) => {
        const p = `${path}[${i}] (${spec.labels[i]})`;
        if (typeof x !== 'number' || !Number.isFinite(x)) throw new SpecError(p, 'a number', describe(x));
        if ((spec.min !== undefined && x < spec.min) || (spec.max !== undefined && x > spec.max))
          throw new SpecError(p, `a number in [${spec.min ?? '-∞'}, ${spec.max ?? '∞'}]`, describe(x));
        return x;
      });
    }
    case 'array': {
      if (!Array.isArray(v)) throw new SpecError(path, expectedOf(spec), describe(v));
      for (let i = 0; i < v.length; i++) {
        if (!Object.hasOwn(v, i)) throw new SpecError(join(path, i), 'an item (lists may have no gaps)', 'nothing');
      }
      if (spec.minItems !== undefined && v.length < spec.minItems)
        throw new SpecError(path, `a list of at least ${spec.minItems}`, describe(v));
      if (spec.maxItems !== undefined && v.length > spec.maxItems)
        throw new SpecError(path, `a list of at most ${spec.maxItems}`, describe(v));
      return v.map((x, i) => check(spec.items, x, join(path, i)));
    }
    case 'object': {
      if (v === undefined || v === null) v = {};
      if (typeof v !== 'object' || Array.isArray(v)) throw new SpecError(path, 'a mapping', describe(v));
      const rec = v as Record<string, unknown>;
      // own keys only: `constructor`, `toString` or `__proto__` are not fields
      for (const k of Object.keys(rec)) {
        if (!Object.hasOwn(spec.fields, k)) {
          if (spec.removed && Object.hasOwn(spec.removed, k)) {
            throw new SpecError(join(path, k), `a current field (${spec.removed[k]})`, 'a field removed in 0.6.0');
          }
          const near = closest(k, Object.keys(spec.fields));
          throw new SpecError(
            join(path, k === '' ? '(an empty key)' : k),
            `one of the known fields (${Object.keys(spec.fields).join(', ')})`,
            near ? `an unknown field (did you mean '${near}'?)` : 'an unknown field',
          );
        }
      }
      const out: Record<string, unknown> = {};
      for (const [k, f] of Object.entries(spec.fields)) {
        const x = Object.hasOwn(rec, k) ? rec[k] : undefined;
        if (x === undefined && f.kind === 'array' && (f.minItems ?? 0) > 0) {
          // a required list: omitting it is not the same as an empty world
          throw new SpecError(join(path, k), `a list of at least ${f.minItems} (required)`, 'nothing');
        }
        out[k] = x === undefined ? (f.kind === 'object' ? check(f, undefined, join(path, k)) : defaultsOf(f)) : check(f, x, join(path, k));
      }
      return out;
    }
  }
}

/** The known name within edit distance 2 of `name`, if any. */
function closest(name: string, known: string[]): string | null {
  let best: string | null = null;
  let bestD = 3;
  for (const k of known) {
    const d = editDistance(name, k);
    if (d < bestD) {
      bestD = d;
      best = k;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

/** Walk every leaf of a spec (for documentation and `--set` lookup). */
export function* leaves(spec: Spec, path = ''): Generator<[string, Exclude<Spec, ObjectSpec>]> {
  if (spec.kind === 'object') {
    for (const [k, f] of Object.entries(spec.fields)) yield* leaves(f, join(path, k));
  } else {
    yield [path, spec];
  }
}

/**
 * A deep copy of plain data (numbers, strings, booleans, null, arrays, objects) whose objects have fast
 * properties. V8 keeps an object whose fields were added key by key in dictionary mode beyond about 16 fields
 * (the validated parameters: `switches`, `governance`, `learning`), and each read of such a field is a hash
 * lookup. The model reads its parameters in every inner loop, so the World keeps a copy made by JSON.parse,
 * which V8 builds with fast properties. Exact for such data: JSON keeps every finite double's digits
 * (shortest round trip), and -0 travels as a marker string; a value JSON cannot carry (a non-finite number,
 * undefined, a function) throws rather than change.
 */
export function fastCopy<T>(value: T): T {
  const text = JSON.stringify(value, (_k, v: unknown) => {
    if (typeof v === 'number') {
      if (!Number.isFinite(v)) throw new Error(`fastCopy: a non-finite number (${v})`);
      if (Object.is(v, -0)) return MINUS_ZERO;
    }
    if (v === MINUS_ZERO) throw new Error('fastCopy: a string that is its own -0 marker');
    if (v === undefined || typeof v === 'function' || typeof v === 'bigint' || typeof v === 'symbol') throw new Error(`fastCopy: a value JSON cannot carry (${typeof v})`);
    return v;
  });
  return JSON.parse(text, (_k, v: unknown) => (v === MINUS_ZERO ? -0 : v)) as T;
}
const MINUS_ZERO = '\u0000-0';
