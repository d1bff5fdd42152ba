/**
 * Write one table (a header line and rows) to a CSV file, safely.
 *
 * The rules are those of every gvcsim output: the file is written to a
 * temporary sibling and renamed into place when complete, so a crash never
 * leaves half a table; the temporary file is removed on any error; and a file
 * gvcsim did not write is never overwritten. An existing file is replaced
 * only with `force` AND when its first line is exactly this table's header
 * (so it is a table of the same kind that gvcsim wrote before).
 */
import { closeSync, lstatSync, openSync, readFileSync, readSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { stringify } from 'csv-stringify/sync';
import { OutputError, forget, removeOnSignal } from './folder.js';

/** One cell: numbers are written with full precision (`String(x)`), NaN, null and undefined as empty. */
export type Cell = string | number | boolean | null | undefined;

export interface CsvFileOptions {
  /** Replace an existing file whose first line is exactly the header. */
  force?: boolean;
  /** How the path is named in error messages, e.g. the flag that gave it ('--out'). */
  label?: string;
  /** With `force`: a check every row (its cells) of the existing file must pass to be replaced. */
  rowCheck?: (cells: string[]) => boolean;
}

const CAST = {
  number: (v: number) => (Number.isNaN(v) ? '' : String(v)),
  boolean: (v: boolean) => (v ? 'true' : 'false'),
};

/** The header line of a table with these columns (without the line break). */
export function csvHeaderLine(columns: readonly string[]): string {
  return stringify([], { header: true, columns: [...columns] }).replace(/\r?\n$/, '');
}

/** The whole CSV text of a table. */
export function csvText(columns: readonly string[], rows: readonly Record<string, Cell>[]): string {
  return stringify(rows as Record<string, Cell>[], { header: true, columns: [...columns], cast: CAST });
}

/** The first line of a file (read from its start only), without the line break. */
function firstLine(path: string, max: number): string {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.alloc(max);
    const n = readSync(fd, buf, 0, max, 0);
    const text = buf.subarray(0, n).toString('utf8');
    const eol = text.indexOf('\n');
    return (eol < 0 ? text : text.slice(0, eol)).replace(/\r$/, '');
  } finally {
    closeSync(fd);
  }
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * Check that `path` may be written with this header: its folder exists, and
 * it either does not exist or (with `force`) is a table with the same header.
 * Throws OutputError naming `label` and the path. Cheap: call it before
 * computing a long table, and `writeCsvFileAtomic` calls it again.
 */
export function checkCsvFile(path: string, columns: readonly string[], opts: CsvFileOptions = {}): void {
  const name = opts.label ? `${opts.label} ${path}` : path;
  const parent = dirname(resolve(path));
  let parentIsDir = false;
  try {
    parentIsDir = statSync(parent).isDirectory();
  } catch {
    parentIsDir = false;
  }
  if (!parentIsDir) throw new OutputError(`${name}: expected a file in an existing folder, but ${parent} does not exist`);
  if (!exists(path)) return;
  let st;
  try {
    st = lstatSync(path);
  } catch {
    throw new OutputError(`${name}: exists and is not a readable file; refusing to overwrite it`);
  }
  if (st.isSymbolicLink()) throw new OutputError(`${name}: is a symbolic link; refusing to replace it`);
  if (!st.isFile()) throw new OutputError(`${name}: exists and is not a file`);
  if (!opts.force) throw new OutputError(`${name}: already exists; choose another path or add --force to replace a table gvcsim wrote`);
  const header = csvHeaderLine(columns);
  let first: string;
  try {
    first = firstLine(path, Buffer.byteLength(header) + 2);
  } catch {
    throw new OutputError(`${name}: exists and cannot be read; refusing to overwrite it`);
  }
  if (first !== header) {
    throw new OutputError(`${name}: exists and is not a table gvcsim wrote (its first line is not the header '${header}'); refusing to overwrite it, even with --force`);
  }
  // every line must look like a row of this table: the same number of cells, no quoted text
  // (gvcsim's tables hold ids and numbers), so a user's notes under a copied header are kept
  if (st.size > 256 * 1024 * 1024) throw new OutputError(`${name}: larger than any table gvcsim writes; refusing to overwrite it`);
  const lines = readFileSync(path, 'utf8').split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  const bad = lines.findIndex((l, i) => i > 0 && (l.includes('"') || l.split(',').length !== columns.length || (opts.rowCheck !== undefined && !opts.rowCheck(l.split(',')))));
  if (bad > 0) throw new OutputError(`${name}: line ${bad + 1} is not a row gvcsim writes in this table; refusing to overwrite the file, even with --force`);
}

let serial = 0;

/**
 * Write `rows` under `columns` to the CSV file `path`: to a temporary file in
 * the same folder, then renamed into place. Refuses (OutputError) a missing
 * folder and an existing file unless `force` and its first line is this
 * header. The temporary file is removed on any error.
 */
export function writeCsvFileAtomic(path: string, columns: readonly string[], rows: readonly Record<string, Cell>[], opts: CsvFileOptions = {}): void {
  checkCsvFile(path, columns, opts);
  const text = csvText(columns, rows);
  const tmp = join(dirname(resolve(path)), `.${basename(path)}.tmp-${process.pid}-${++serial}`);
  let created = false;
  try {
    const fd = openSync(tmp, 'wx'); // never reuse a file that is already there
    created = true;
    removeOnSignal(tmp);
    try {
      writeFileSync(fd, text);
    } finally {
      closeSync(fd);
    }
    checkCsvFile(path, columns, opts); // the file may have appeared while we wrote
    renameSync(tmp, path);
    forget(tmp);
  } catch (e) {
    if (created) rmSync(tmp, { force: true });
    forget(tmp);
    if (e instanceof OutputError) throw e;
    const name = opts.label ? `${opts.label} ${path}` : path;
    throw new OutputError(`${name}: cannot write the file: ${e instanceof Error ? e.message : String(e)}`);
  }
}
