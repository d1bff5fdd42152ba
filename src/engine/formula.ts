/**
 * Formulas of time for scenario values (policy intensities), with mathjs.
 *
 * A formula is parsed once per run and checked against a whitelist: numbers,
 * the symbols a caller allows (e.g. `t`, `start`, `until`), the constants
 * `pi` and `e`, arithmetic, comparison, logical and conditional operators,
 * and a fixed list of pure math functions. Anything else — assignments,
 * function definitions, property access, unit conversion (`to`), matrices,
 * unknown symbols such as `process` or `import`, or any other function — is
 * rejected at load time, so a formula can reach no file, process or global.
 * Its length and nesting depth are bounded, so a hostile file cannot exhaust
 * the parser. Evaluation uses the compiled expression with a plain scope
 * object holding only the allowed symbols, and must give a finite real
 * number (a boolean counts as 0 or 1).
 *
 * mathjs is loaded on the first formula only (it takes about 1.5 s to load,
 * and most runs have no formula), so `gvcsim --version` and scenarios
 * without formulas start at once.
 */
import { createRequire } from 'node:module';
import type { EvalFunction, MathJsInstance, MathNode } from 'mathjs';

export const FORMULA_FUNCTIONS = [
  'min', 'max', 'abs', 'exp', 'log', 'sqrt', 'pow', 'floor', 'ceil', 'round', 'sin', 'cos', 'tanh', 'sign', 'mod',
] as const;
/** Longest formula text accepted, in characters. */
export const FORMULA_MAX_LENGTH = 1000;
/** Deepest nesting of a formula's expression tree. */
export const FORMULA_MAX_DEPTH = 40;

const FUNCTIONS = new Set<string>(FORMULA_FUNCTIONS);
const CONSTANTS = new Set(['pi', 'e']);
const NODE_TYPES = new Set(['ConstantNode', 'SymbolNode', 'OperatorNode', 'ParenthesisNode', 'FunctionNode', 'ConditionalNode']);
/** Operators by mathjs function name: arithmetic, comparison, logic. */
const OPERATORS = new Set([
  'add', 'subtract', 'multiply', 'divide', 'pow', 'mod', 'unaryMinus', 'unaryPlus',
  'smaller', 'larger', 'smallerEq', 'largerEq', 'equal', 'unequal', 'and', 'or', 'not', 'xor',
]);

export class FormulaError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormulaError';
  }
}

export interface Formula {
  readonly text: string;
  evaluate(scope: Record<string, number>): number;
}

let mathjs: MathJsInstance | null = null;
function math(): MathJsInstance {
  if (mathjs === null) {
    const { create, all } = createRequire(import.meta.url)('mathjs') as typeof import('mathjs');
    mathjs = create(all);
  }
  return mathjs;
}

function quote(text: string): string {
  return JSON.stringify(text.length > 60 ? `${text.slice(0, 60)}…` : text);
}

/** Depth of an expression tree, stopping early past `limit`. */
function depth(n: MathNode, limit: number): number {
  let d = 0;
  n.forEach((child: MathNode) => {
    if (d <= limit) d = Math.max(d, depth(child, limit));
  });
  return d + 1;
}

/** Parse and check a formula; throws FormulaError naming what is not allowed. */
export function compileFormula(text: string, symbols: readonly string[]): Formula {
  if (text.length > FORMULA_MAX_LENGTH) {
    throw new FormulaError(`formula ${quote(text)} is ${text.length} characters long (at most ${FORMULA_MAX_LENGTH})`);
  }
  if (text.trim() === '') throw new FormulaError('empty formula');
  // bound bracket nesting before the (recursive) parser sees the text
  let open = 0;
  for (const ch of text) {
    if (ch === '(' || ch === '[' || ch === '{') open++;
    else if (ch === ')' || ch === ']' || ch === '}') open--;
    if (open > FORMULA_MAX_DEPTH) throw new FormulaError(`formula ${quote(text)} nests brackets deeper than ${FORMULA_MAX_DEPTH}`);
  }
  let node: MathNode;
  try {
    node = math().parse(text);
  } catch (e) {
    throw new FormulaError(`cannot parse formula ${quote(text)}: ${(e as Error).message}`);
  }
  if (depth(node, FORMULA_MAX_DEPTH) > FORMULA_MAX_DEPTH) {
    throw new FormulaError(`formula ${quote(text)} nests deeper than ${FORMULA_MAX_DEPTH} operations`);
  }
  const allowed = new Set(symbols);
  node.traverse((n: MathNode, _path: string, parent: MathNode | null) => {
    if (!NODE_TYPES.has(n.type)) throw new FormulaError(`${n.type.replace('Node', '').toLowerCase()} is not allowed in a formula (${quote(text)})`);
    if (n.type === 'ConstantNode' && typeof (n as unknown as { value: unknown }).value !== 'number') {
      throw new FormulaError(`only numbers are allowed as constants in a formula (${quote(text)})`);
    }
    if (n.type === 'OperatorNode') {
      const { fn, op } = n as unknown as { fn: string; op: string };
      if (!OPERATORS.has(fn)) throw new FormulaError(`the operator '${op}' is not allowed in a formula (${quote(text)}; allowed: + - * / ^ %, comparisons, and, or, not, ?:)`);
    }
    if (n.type === 'FunctionNode') {
      const fn = (n as unknown as { fn: MathNode }).fn;
      const name = fn.type === 'SymbolNode' ? (fn as unknown as { name: string }).name : '';
      if (!name) throw new FormulaError(`property access is not allowed in a formula (${quote(text)})`);
      if (!FUNCTIONS.has(name)) {
        throw new FormulaError(`unknown function '${name || fn.type}' in formula ${quote(text)} (allowed: ${FORMULA_FUNCTIONS.join(', ')})`);
      }
    }
    if (n.type === 'SymbolNode') {
      const name = (n as unknown as { name: string }).name;
      const isFunctionName = parent?.type === 'FunctionNode' && (parent as unknown as { fn: MathNode }).fn === n;
      if (!isFunctionName && !allowed.has(name) && !CONSTANTS.has(name)) {
        throw new FormulaError(`unknown symbol '${name}' in formula ${quote(text)} (allowed: ${[...symbols, ...CONSTANTS].join(', ')})`);
      }
    }
  });
  const code: EvalFunction = node.compile();
  return {
    text,
    evaluate(scope: Record<string, number>): number {
      let v: unknown;
      try {
        v = code.evaluate({ ...scope, pi: Math.PI, e: Math.E });
      } catch (e) {
        throw new FormulaError(`formula ${quote(text)} fails at ${describeScope(scope)}: ${(e as Error).message}`);
      }
      const x = typeof v === 'boolean' ? (v ? 1 : 0) : typeof v === 'number' ? v : NaN;
      if (!Number.isFinite(x)) {
        const got = typeof v === 'number' || typeof v === 'boolean' ? String(v) : `a ${typeof v === 'object' && v !== null ? ((v as { type?: string }).type ?? 'non-number') : typeof v} (${String(v)})`;
        throw new FormulaError(`formula ${quote(text)} gives ${got} at ${describeScope(scope)}, not a finite real number`);
      }
      return x;
    },
  };
}

function describeScope(scope: Record<string, number>): string {
  return Object.entries(scope)
    .map(([k, v]) => `${k}=${v}`)
    .join(', ');
}
