/**
 * Safe results folders: gvcsim never deletes or overwrites what it did not
 * write.
 *
 * - A folder is a *run folder* only if it holds a gvcsim `manifest.json` and
 *   nothing but the files a run writes; only such a folder may be replaced
 *   (with `force`), and only after it is checked again at the final move.
 * - `--out` may never be the current folder, the scenario's folder, or an
 *   ancestor of either (compared by real path, so symlinks do not help).
 * - A run into `<parent>/<name>` holds a lock file `<parent>/.gvcsim-lock-<name>`
 *   created exclusively, so of two runs racing to one folder one wins and
 *   the other is refused.
 * - Temporary folders are named `.gvcsim-tmp-<name>-<host>-<pid>`; they are
 *   removed on error and on SIGINT/SIGTERM (`removeOnSignal`), and a later
 *   run into the same parent removes those whose process is gone (kill -9).
 */
import { closeSync, lstatSync, mkdirSync, openSync, readSync, readdirSync, readFileSync, realpathSync, rmSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { createHash } from 'node:crypto';
import { basename, dirname, isAbsolute, join, normalize, relative, resolve, sep } from 'node:path';

/** Every file a run can write into its folder. */
export const RUN_FILES = ['ticks.csv', 'events.csv', 'firms.csv', 'manifest.json'] as const;

export class OutputError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OutputError';
  }
}

/** A host name safe for file names. */
export const HOST = hostname().replace(/[^A-Za-z0-9_.]/g, '_') || 'host';

/** Turn a file-system error into one line naming the path and what went wrong. */
export function fsError(path: string, e: unknown, doing: string): OutputError {
  const err = e as NodeJS.ErrnoException;
  const why: Record<string, string> = {
    EACCES: 'permission denied',
    EPERM: 'operation not permitted',
    ENOTDIR: 'a part of the path is a file, not a folder',
    ENOENT: 'no such folder',
    EROFS: 'read-only file system',
    ENOSPC: 'no space left on the device',
    EEXIST: 'already exists',
    ENOTEMPTY: 'the folder is not empty',
    EISDIR: 'is a folder',
    ENAMETOOLONG: 'the name is too long',
  };
  return new OutputError(`${path}: cannot ${doing} (${(err?.code && why[err.code]) ?? err?.message ?? String(e)})`);
}

/** The real path of `p`, resolving the longest existing prefix (the rest need not exist yet). */
export function realPath(p: string): string {
  let head = resolve(p);
  const tail: string[] = [];
  for (;;) {
    try {
      return join(realpathSync(head), ...tail.reverse());
    } catch {
      const up = dirname(head);
      if (up === head) return resolve(p);
      tail.push(basename(head));
      head = up;
    }
  }
}

/** Whether `a` is `b` or an ancestor of `b` (both real, absolute paths). */
export function isSameOrAncestor(a: string, b: string): boolean {
  const r = relative(a, b);
  return r === '' || (r !== '..' && !r.startsWith(`..${sep}`) && !isAbsolute(r));
}

/** An --out path as the file system sees it: normalised, without a trailing separator (`x/.` is `x`). */
export function normaliseOut(out: string): string {
  const n = normalize(out);
  return n.length > 1 && n.endsWith(sep) ? n.slice(0, -1) : n;
}

/** A short, file-system-safe form of a folder name for temporaries and locks (long names are cut and hashed). */
function shortName(out: string): string {
  const b = basename(resolve(out));
  return b.length <= 80 ? b : `${b.slice(0, 60)}-${createHash('sha256').update(b).digest('hex').slice(0, 12)}`;
}

/**
 * Refuse an output path that would put the user's own folders at risk:
 * the folders in `protect` (and the current folder) and their ancestors.
 */
export function checkOutPath(out: string, protect: { path: string; what: string }[]): void {
  if (out.trim() === '') throw new OutputError(`--out: expected a folder path, got an empty text`);
  let cwd: string;
  try {
    cwd = process.cwd();
  } catch {
    throw new OutputError('the current folder no longer exists; change to an existing folder');
  }
  const real = realPath(out);
  for (const p of [{ path: cwd, what: 'the current folder' }, ...protect]) {
    const rp = realPath(p.path);
    if (isSameOrAncestor(real, rp)) {
      throw new OutputError(`${out}: cannot be the output folder: it is ${real === rp ? '' : 'an ancestor of '}${p.what} (${rp}); choose a new folder, e.g. results/<name>`);
    }
  }
}

export interface FolderState {
  /** Whether the folder existed and held files when checked. */
  held: boolean;
}

/**
 * What `out` holds now. A missing or empty folder is free; a folder of a
 * run may be replaced with `force`; anything else is refused, naming the
 * first file gvcsim did not write.
 */
export function checkOutDir(out: string, force: boolean): FolderState {
  let st;
  try {
    st = lstatSync(out);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { held: false };
    throw fsError(out, e, 'look at the output folder');
  }
  if (st.isSymbolicLink()) throw new OutputError(`${out}: is a symbolic link; give the folder itself as --out`);
  if (!st.isDirectory()) throw new OutputError(`${out}: exists and is not a folder; choose another --out`);
  let names: string[];
  try {
    names = readdirSync(out).sort();
  } catch (e) {
    throw fsError(out, e, 'read the output folder');
  }
  if (names.length === 0) return { held: false };
  if (!force) throw new OutputError(`${out}: already holds files; choose another --out, or add --force to replace the results of an earlier gvcsim run`);
  const foreign = foreignFile(out, names);
  if (foreign !== null) {
    throw new OutputError(`${out}: --force replaces only a folder gvcsim wrote, and this one holds ${foreign}; choose another --out (nothing was changed)`);
  }
  return { held: true };
}

/** Largest manifest.json read when checking a folder (a run's is tens of kB). */
export const MANIFEST_MAX_BYTES = 16 * 1024 * 1024;

/** sha256 of a file, read in chunks (synchronously). */
export function sha256FileSync(path: string): string {
  const h = createHash('sha256');
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      h.update(buf.subarray(0, n));
    }
  } finally {
    closeSync(fd);
  }
  return h.digest('hex');
}

/**
 * The first entry of a would-be run folder that a run did not write, or
 * null if it is a run folder: a gvcsim manifest.json and only the run files
 * it lists, each with the sha256 the manifest records (so a file changed
 * after the run is the user's now, and is kept).
 */
export function foreignFile(dir: string, names: string[] = readdirSync(dir).sort()): string | null {
  for (const n of names) {
    if (!(RUN_FILES as readonly string[]).includes(n)) return `'${n}', which no gvcsim run writes`;
    const st = lstatSync(join(dir, n));
    if (!st.isFile()) return `'${n}', which is not a plain file`;
  }
  if (!names.includes('manifest.json')) return 'no gvcsim manifest.json';
  const notOurs = 'a manifest.json that gvcsim did not write';
  let outputs: Record<string, unknown>;
  try {
    if (lstatSync(join(dir, 'manifest.json')).size > MANIFEST_MAX_BYTES) return notOurs;
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as Record<string, unknown> | null;
    if (m === null || typeof m !== 'object' || typeof m.gvcsim !== 'string' || !/^\d+\.\d+\.\d+/.test(m.gvcsim)) return notOurs;
    if (m.outputs === null || typeof m.outputs !== 'object' || Array.isArray(m.outputs) || m.resolved === null || typeof m.resolved !== 'object') return notOurs;
    outputs = m.outputs as Record<string, unknown>;
  } catch {
    return notOurs;
  }
  for (const n of names) {
    if (n === 'manifest.json') continue;
    if (!Object.hasOwn(outputs, n)) return `'${n}', which its manifest.json does not list`;
    if (sha256FileSync(join(dir, n)) !== outputs[n]) return `'${n}', changed since gvcsim wrote it (its sha256 differs from the manifest's)`;
  }
  return null;
}

/** Remove a run folder file by file (never recursively): it only ever holds run files. */
export function removeRunFolder(dir: string): void {
  for (const f of RUN_FILES) {
    try {
      unlinkSync(join(dir, f));
    } catch {
      /* not there */
    }
  }
  rmdirSync(dir); // fails, keeping everything, if something else appeared
}

// ---- process liveness, stale temporaries, locks ---------------------------

/** Whether process `pid` on this host is still running. */
export function alive(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Names of gvcsim temporaries: `.gvcsim-tmp-<name>-<host>-<pid>[-old]` beside a run folder, `gvcsim-verify-<host>-<pid>-XXXXXX` in the temporary folder. */
const STALE_RUN = /^\.gvcsim-tmp-.*-([A-Za-z0-9_.]+)-(\d+)(?:-old)?$/;
const STALE_VERIFY = /^gvcsim-verify-([A-Za-z0-9_.]+)-(\d+)-[A-Za-z0-9]{6}$/;

/** Whether a folder holds nothing but plain run files (what a gvcsim temporary can hold). */
function onlyRunFiles(dir: string): boolean {
  try {
    if (!lstatSync(dir).isDirectory()) return false;
    return readdirSync(dir).every((n) => (RUN_FILES as readonly string[]).includes(n) && lstatSync(join(dir, n)).isFile());
  } catch {
    return false;
  }
}

/**
 * Remove gvcsim temporary folders and lock files in `parent` left by a
 * process of this host that is gone (killed with SIGKILL, or a crash):
 * run temporaries beside a run folder (`kind: 'run'`), or verify's in the
 * temporary folder (`kind: 'verify'`). Only a folder whose name has the
 * exact pattern, whose process is gone, and which holds nothing but run
 * files is removed; other hosts' temporaries (a shared file system), those
 * of live processes, and anything else are left alone.
 */
export function removeStaleTemporaries(parent: string, kind: 'run' | 'verify' = 'run'): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return removed;
  }
  for (const n of names) {
    if (kind === 'run' && /^\.gvcsim-lock-/.test(n) && !n.endsWith('.takeover')) {
      // a lock whose run was killed: its owner is gone
      const owner = readLock(join(parent, n));
      if (owner && owner.host === HOST && owner.pid !== process.pid && !alive(owner.pid)) {
        try {
          unlinkSync(join(parent, n));
          removed.push(n);
        } catch {
          /* taken over meanwhile */
        }
      }
      continue;
    }
    const m = (kind === 'run' ? STALE_RUN : STALE_VERIFY).exec(n);
    if (!m || m[1] !== HOST || Number(m[2]) === process.pid || alive(Number(m[2]))) continue;
    const path = join(parent, n);
    if (!onlyRunFiles(path)) continue;
    try {
      removeRunFolder(path);
      removed.push(n);
    } catch {
      /* leave it */
    }
  }
  return removed;
}

function readLock(path: string): { pid: number; host: string } | null {
  try {
    if (lstatSync(path).size > 4096) return null;
    const o = JSON.parse(readFileSync(path, 'utf8')) as { pid?: unknown; host?: unknown };
    return typeof o.pid === 'number' && typeof o.host === 'string' ? { pid: o.pid, host: o.host } : null;
  } catch {
    return null;
  }
}

export function tempName(out: string): string {
  return `.gvcsim-tmp-${shortName(out)}-${HOST}-${process.pid}`;
}

/**
 * Take the lock of output folder `out`: a file created exclusively beside
 * it, holding the owner's pid and host. A lock whose process is gone (same
 * host) is taken over, under a second exclusive file (`….takeover`) so that
 * of several runs finding the same stale lock only one takes it. Returns a
 * release function.
 */
export function lockOutDir(out: string): () => void {
  const parent = dirname(resolve(out));
  try {
    mkdirSync(parent, { recursive: true });
  } catch (e) {
    throw fsError(out, e, 'create the parent folder');
  }
  const lock = join(parent, `.gvcsim-lock-${shortName(out)}`);
  const content = JSON.stringify({ pid: process.pid, host: HOST });
  const busy = (owner: { pid: number; host: string } | null) =>
    new OutputError(
      `${out}: another gvcsim run${owner ? ` (pid ${owner.pid}${owner.host !== HOST ? ` on ${owner.host}` : ''})` : ''} is writing this folder; wait for it or choose another --out (lock: ${lock})`,
    );
  const create = (): boolean => {
    let fd: number;
    try {
      fd = openSync(lock, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw fsError(out, e, 'create the lock file in the parent folder');
    }
    writeSync(fd, content);
    closeSync(fd);
    return true;
  };
  if (!create()) {
    const owner = readLock(lock);
    if (!owner || owner.host !== HOST || alive(owner.pid)) throw busy(owner);
    // stale: take it over under the takeover mutex
    const mutex = `${lock}.takeover`;
    let fd: number;
    try {
      fd = openSync(mutex, 'wx');
    } catch {
      // a mutex left by a process that died mid-takeover is removed; the next run takes the lock
      const holder = readLock(mutex);
      if (holder && holder.host === HOST && !alive(holder.pid)) {
        try {
          unlinkSync(mutex);
        } catch {
          /* gone */
        }
      }
      throw busy(null);
    }
    writeSync(fd, content);
    closeSync(fd);
    try {
      const again = readLock(lock);
      if (again && (again.host !== HOST || alive(again.pid))) throw busy(again);
      try {
        unlinkSync(lock);
      } catch {
        /* released meanwhile */
      }
      if (!create()) throw busy(readLock(lock));
    } finally {
      unlinkSync(mutex);
    }
  }
  removeOnSignal(lock);
  return () => {
    forget(lock);
    try {
      if (readFileSync(lock, 'utf8') === content) unlinkSync(lock);
    } catch {
      /* already gone */
    }
  };
}

// ---- cleanup on SIGINT / SIGTERM -------------------------------------------

const pending = new Set<string>();

/** Remove `path` (recursively) if the process is interrupted before `forget(path)`. */
export function removeOnSignal(path: string): void {
  pending.add(path);
}
export function forget(path: string): void {
  pending.delete(path);
}

const pendingEmpty = new Set<string>();

/** Remove folder `path` on an interrupt only if it is empty (a placeholder of ours), never its content. */
export function removeEmptyOnSignal(path: string): void {
  pendingEmpty.add(path);
}
export function forgetEmpty(path: string): void {
  pendingEmpty.delete(path);
}

/** Remove every pending temporary now (synchronously); placeholders only if still empty. */
export function removePending(): string[] {
  const done = [...pending];
  for (const p of done) {
    try {
      rmSync(p, { recursive: true, force: true });
    } catch {
      /* best effort */
    }
  }
  for (const p of pendingEmpty) {
    try {
      rmdirSync(p);
    } catch {
      /* not empty: not ours to remove */
    }
  }
  pending.clear();
  pendingEmpty.clear();
  return done;
}

/**
 * For command-line programs: on SIGINT or SIGTERM remove the temporaries of
 * runs under way and exit with 130 or 143. (Not installed by the library.)
 */
export function installSignalCleanup(onSignal: (signal: NodeJS.Signals, removed: string[]) => void = () => {}): void {
  for (const [sig, code] of [['SIGINT', 130], ['SIGTERM', 143]] as const) {
    process.on(sig, () => {
      const removed = removePending();
      onSignal(sig, removed);
      process.exit(code);
    });
  }
}

/** The folders a file lives in: as given, and after resolving symbolic links (both are protected). */
export function foldersOf(file: string, what: string): { path: string; what: string }[] {
  const out = [{ path: dirname(resolve(file)), what }];
  try {
    out.push({ path: dirname(realpathSync(file)), what });
  } catch {
    /* not there: nothing more to protect */
  }
  return out;
}
