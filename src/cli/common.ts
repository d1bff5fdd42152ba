/**
 * Shared CLI plumbing: exit codes, turning errors into one clear line, and
 * finding a scenario by path or name. Kept free of heavy imports so that
 * `gvcsim --version` starts at once.
 */
import { SHIPPED_EXPERIMENTS, SHIPPED_SCENARIOS, findScenario, foundMessage } from '../scenario/find.js';

export const EXIT_OK = 0;
export const EXIT_FAIL = 1;
export const EXIT_BAD_INPUT = 2;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Errors that are the user's input, not a bug: one line, exit 2. */
const INPUT_ERRORS = new Set(['ScenarioError', 'UsageError', 'OutputError']);

/** Print an error as one line on stderr and return its exit code. */
export function report(e: unknown): number {
  if (e instanceof Error && INPUT_ERRORS.has(e.name)) {
    process.stderr.write(`gvcsim: error: ${oneLine(e.message)}\n`);
    return EXIT_BAD_INPUT;
  }
  if (e && typeof e === 'object' && 'code' in e && String((e as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`gvcsim: error: ${oneLine((e as unknown as Error).message)} (see --help)\n`);
    return EXIT_BAD_INPUT;
  }
  process.stderr.write(`gvcsim: internal error (please report it): ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  return EXIT_FAIL;
}

function oneLine(s: string): string {
  return s.replace(/\s*\n\s*/g, ' ');
}

export function warn(message: string): void {
  process.stderr.write(`gvcsim: warning: ${oneLine(message)}\n`);
}

export function parseInteger(flag: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new UsageError(`${flag}: expected an integer in [${min}, ${max}], got ${JSON.stringify(v)}`);
  }
  return Number(v);
}

/**
 * The scenario file a command's argument means: a path, or the name of a
 * file in the current folder or of a shipped scenario (`gvcsim run baseline`).
 * Says on stderr which file a name resolved to, unless quiet.
 */
export function resolveScenarioArg(arg: string, quiet = false, what: 'scenario' | 'experiment' = 'scenario'): string {
  if (arg.trim() === '') throw new UsageError(`expected a ${what} file or the name of a shipped ${what}, got an empty text (see gvcsim list)`);
  const f = findScenario(arg, process.cwd(), what === 'scenario' ? SHIPPED_SCENARIOS : SHIPPED_EXPERIMENTS);
  const msg = foundMessage(arg, f, what);
  if (msg && !quiet) process.stderr.write(`gvcsim: ${msg}\n`);
  return f.path;
}
