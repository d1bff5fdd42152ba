/**
 * Formulas of time for scenario values (policy intensities), with mathjs.
 *
 * A formula is parsed once per run and checked against a whitelist: numbers,
 * the symbols a caller allows (e.g. `t`, `start`, `end`), the constants
 * `pi` and `e`, arithmetic, comparison and conditional operators, and a
 * fixed list of pure math functions. Anything else — assignments, function
 * definitions, property access, unknown symbols such as `process` or
 * `import`, or any other function — is rejected at load time, so a formula
 * can reach no file, process or global. Evaluation uses the compiled
 * expression with a plain scope object holding only the allowed symbols.
 */
import { create, all, type MathNode, type EvalFunction } from 'mathjs';

const math = create(all);

export const FORMULA_FUNCTIONS = [
  'min', 'max', 'abs', 'exp', 'log', 'sqrt', 'pow', 'floor', 'ceil', 'round', 'sin', 'cos', 'tanh', 'sign', 'mod',
] as const;
const FUNCTIONS = new Set<string>(FORMULA_FUNCTIONS);
const CONSTANTS = new Set(['pi', 'e']);
const NODE_TYPES = new Set(['ConstantNode', 'SymbolNode', 'OperatorNode', 'ParenthesisNode', 'FunctionNode', 'ConditionalNode']);

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

/** Parse and check a formula; throws FormulaError naming what is not allowed. */
export function compileFormula(text: string, symbols: readonly string[]): Formula {
  let node: MathNode;
  try {
    node = math.parse(text);
  } catch (e) {
    throw new FormulaError(`cannot parse formula ${JSON.stringify(text)}: ${(e as Error).message}`);
  }
  const allowed = new Set(symbols);
  node.traverse((n: MathNode, _path: string, parent: MathNode | null) => {
    if (!NODE_TYPES.has(n.type)) throw new FormulaError(`${n.type.replace('Node', '').toLowerCase()} is not allowed in a formula (${JSON.stringify(text)})`);
    if (n.type === 'ConstantNode' && typeof (n as unknown as { value: unknown }).value !== 'number') {
      throw new FormulaError(`only numbers are allowed as constants in a formula (${JSON.stringify(text)})`);
    }
    if (n.type === 'FunctionNode') {
      const fn = (n as unknown as { fn: MathNode }).fn;
      const name = fn.type === 'SymbolNode' ? (fn as unknown as { name: string }).name : '';
      if (!name) throw new FormulaError(`property access is not allowed in a formula (${JSON.stringify(text)})`);
      if (!FUNCTIONS.has(name)) {
        throw new FormulaError(`unknown function '${name || fn.type}' in formula ${JSON.stringify(text)} (allowed: ${FORMULA_FUNCTIONS.join(', ')})`);
      }
    }
    if (n.type === 'SymbolNode') {
      const name = (n as unknown as { name: string }).name;
      const isFunctionName = parent?.type === 'FunctionNode' && (parent as unknown as { fn: MathNode }).fn === n;
      if (!isFunctionName && !allowed.has(name) && !CONSTANTS.has(name)) {
        throw new FormulaError(`unknown symbol '${name}' in formula ${JSON.stringify(text)} (allowed: ${[...symbols, ...CONSTANTS].join(', ')})`);
      }
    }
  });
  const code: EvalFunction = node.compile();
  return {
    text,
    evaluate(scope: Record<string, number>): number {
      const v = code.evaluate({ ...scope, pi: Math.PI, e: Math.E }) as unknown;
      const x = typeof v === 'boolean' ? (v ? 1 : 0) : Number(v);
      if (!Number.isFinite(x)) throw new FormulaError(`formula ${JSON.stringify(text)} gave ${String(v)} at ${JSON.stringify(scope)}`);
      return x;
    },
  };
}
