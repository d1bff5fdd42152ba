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
import { closeSync, lstatSync, mkdirSync, openSync, readdirSync, readFileSync, realpathSync, rmSync, rmdirSync, unlinkSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { basename, dirname, join, relative, resolve, sep } from 'node:path';

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
  return r === '' || (!r.startsWith('..') && !r.startsWith(sep) && r !== '..');
}

/**
 * Refuse an output path that would put the user's own folders at risk:
 * the folders in `protect` (and the current folder) and their ancestors.
 */
export function checkOutPath(out: string, protect: { path: string; what: string }[]): void {
  if (out.trim() === '') throw new OutputError(`--out: expected a folder path, got an empty text`);
  const real = realPath(out);
  for (const p of [{ path: process.cwd(), what: 'the current folder' }, ...protect]) {
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

/**
 * The first entry of a would-be run folder that a run did not write, or
 * null if it is a run folder: a gvcsim manifest.json and only run files.
 */
export function foreignFile(dir: string, names: string[] = readdirSync(dir).sort()): string | null {
  for (const n of names) {
    if (!(RUN_FILES as readonly string[]).includes(n)) return `'${n}', which no gvcsim run writes`;
    const st = lstatSync(join(dir, n));
    if (!st.isFile()) return `'${n}', which is not a plain file`;
  }
  if (!names.includes('manifest.json')) return 'no gvcsim manifest.json';
  try {
    const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8')) as unknown;
    if (m === null || typeof m !== 'object' || typeof (m as { gvcsim?: unknown }).gvcsim !== 'string') return 'a manifest.json that gvcsim did not write';
  } catch {
    return 'a manifest.json that gvcsim did not write';
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

/** Name pattern of gvcsim temporaries: .gvcsim-tmp-<name>-<host>-<pid>[-old], gvcsim-verify-<host>-<pid>-XXXXXX. */
const STALE = /^(?:\.gvcsim-tmp-.*|gvcsim-verify)-([A-Za-z0-9_.]+)-(\d+)(?:-old|-[A-Za-z0-9]{6})?$/;

/**
 * Remove gvcsim temporary folders and lock files in `parent` left by a
 * process of this host that is gone (killed with SIGKILL, or a crash).
 * Other hosts' temporaries (a shared file system), and those of live
 * processes, are left alone.
 */
export function removeStaleTemporaries(parent: string): string[] {
  const removed: string[] = [];
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return removed;
  }
  for (const n of names) {
    if (n.startsWith('.gvcsim-lock-')) {
      // a lock whose run was killed: its owner is gone
      try {
        const owner = JSON.parse(readFileSync(join(parent, n), 'utf8')) as { pid?: number; host?: string };
        if (owner.host === HOST && typeof owner.pid === 'number' && owner.pid !== process.pid && !alive(owner.pid)) {
          unlinkSync(join(parent, n));
          removed.push(n);
        }
      } catch {
        /* being written, or not ours */
      }
      continue;
    }
    const m = STALE.exec(n);
    if (!m || m[1] !== HOST || alive(Number(m[2])) || Number(m[2]) === process.pid) continue;
    try {
      rmSync(join(parent, n), { recursive: true, force: true });
      removed.push(n);
    } catch {
      /* leave it */
    }
  }
  return removed;
}

export function tempName(out: string): string {
  return `.gvcsim-tmp-${basename(resolve(out))}-${HOST}-${process.pid}`;
}

/**
 * Take the lock of output folder `out`: a file created exclusively beside
 * it. A lock whose process is gone (same host) is taken over. Returns a
 * release function.
 */
export function lockOutDir(out: string): () => void {
  const parent = dirname(resolve(out));
  try {
    mkdirSync(parent, { recursive: true });
  } catch (e) {
    throw fsError(out, e, 'create the parent folder');
  }
  const lock = join(parent, `.gvcsim-lock-${basename(resolve(out))}`);
  for (let attempt = 0; attempt < 2; attempt++) {
    let fd: number;
    try {
      fd = openSync(lock, 'wx');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw fsError(out, e, 'create the lock file in the parent folder');
      let owner: { pid?: number; host?: string } = {};
      try {
        owner = JSON.parse(readFileSync(lock, 'utf8')) as typeof owner;
      } catch {
        /* being written, or damaged */
      }
      if (attempt === 0 && owner.host === HOST && typeof owner.pid === 'number' && !alive(owner.pid)) {
        try {
          unlinkSync(lock);
        } catch {
          /* someone else took it over */
        }
        continue;
      }
      throw new OutputError(
        `${out}: another gvcsim run${owner.pid ? ` (pid ${owner.pid}${owner.host && owner.host !== HOST ? ` on ${owner.host}` : ''})` : ''} is writing this folder; wait for it or choose another --out (lock: ${lock})`,
      );
    }
    writeSync(fd, JSON.stringify({ pid: process.pid, host: HOST }));
    closeSync(fd);
    removeOnSignal(lock);
    return () => {
      forget(lock);
      try {
        unlinkSync(lock);
      } catch {
        /* already gone */
      }
    };
  }
  throw new OutputError(`${out}: could not take the lock ${lock}`);
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

/** Remove every pending temporary now (synchronously). */
export function removePending(): string[] {
  const done = [...pending];
  for (const p of done) {
    try {
      rmSync(p, { recursive: true, force: true });
    } catch {
      /* best effort */
    }
  }
  pending.clear();
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
