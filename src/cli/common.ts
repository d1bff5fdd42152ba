/** Shared CLI plumbing: exit codes and turning errors into one clear line. */
import { ScenarioError } from '../scenario/load.js';
import { OutputError } from '../output/run.js';

export const EXIT_OK = 0;
export const EXIT_FAIL = 1;
export const EXIT_BAD_INPUT = 2;

export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

/** Print an error as one line on stderr and return its exit code. */
export function report(e: unknown): number {
  if (e instanceof ScenarioError || e instanceof UsageError || e instanceof OutputError) {
    process.stderr.write(`gvcsim: error: ${e.message}\n`);
    return EXIT_BAD_INPUT;
  }
  if (e && typeof e === 'object' && 'code' in e && String((e as { code: unknown }).code).startsWith('ERR_PARSE_ARGS')) {
    process.stderr.write(`gvcsim: error: ${(e as unknown as Error).message} (see --help)\n`);
    return EXIT_BAD_INPUT;
  }
  process.stderr.write(`gvcsim: internal error: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
  return EXIT_FAIL;
}

export function parseInteger(flag: string, v: string | undefined, min: number, max: number): number | undefined {
  if (v === undefined) return undefined;
  if (!/^\d+$/.test(v) || Number(v) < min || Number(v) > max) {
    throw new UsageError(`${flag}: expected an integer in [${min}, ${max}], got ${JSON.stringify(v)}`);
  }
  return Number(v);
}
