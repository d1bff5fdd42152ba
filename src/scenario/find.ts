/**
 * Finding a scenario by name: `gvcsim run baseline` from any folder.
 *
 * An argument that names an existing file is that file. A bare name (no
 * folder part) is looked up first in the current folder (`NAME`,
 * `NAME.yaml`, `NAME.yml`, `NAME.json`), then among the shipped scenarios
 * (the package's `scenarios/` folder), so a local file of that name wins.
 * The result says which was used, so the CLI can tell the user.
 */
import { statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The shipped scenarios folder (scenarios/ of the package, from src/ and dist/ alike). */
export const SHIPPED_SCENARIOS = fileURLToPath(new URL('../../scenarios/', import.meta.url));

export interface FoundScenario {
  /** Path to load. */
  path: string;
  /** 'path': the argument as given; 'local': a file of that name in the current folder; 'shipped': a shipped scenario. */
  how: 'path' | 'local' | 'shipped';
  /** A shipped scenario of the same name exists but was not used. */
  shadows: string | null;
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function candidates(dir: string, name: string): string[] {
  const out = [join(dir, name)];
  if (!/\.(ya?ml|json)$/i.test(name)) out.push(join(dir, `${name}.yaml`), join(dir, `${name}.yml`), join(dir, `${name}.json`));
  return out;
}

/** The shipped experiments folder (experiments/ of the package). */
export const SHIPPED_EXPERIMENTS = fileURLToPath(new URL('../../experiments/', import.meta.url));

export function findScenario(arg: string, cwd: string = process.cwd(), shippedDir: string = SHIPPED_SCENARIOS): FoundScenario {
  const bare = arg !== '' && basename(arg) === arg && arg !== '.' && arg !== '..';
  const shipped = bare ? (candidates(shippedDir, arg).find(isFile) ?? null) : null;
  if (isFile(join(cwd, arg)) || (!bare && isFile(arg))) return { path: arg, how: 'path', shadows: shipped };
  if (!bare) return { path: arg, how: 'path', shadows: null };
  const local = candidates(cwd, arg).find(isFile);
  if (local) return { path: local, how: 'local', shadows: shipped };
  if (shipped) return { path: shipped, how: 'shipped', shadows: null };
  return { path: arg, how: 'path', shadows: null };
}

/** One line telling which file a scenario (or experiment) argument resolved to, or null when it was a plain path. */
export function foundMessage(arg: string, f: FoundScenario, what = 'scenario'): string | null {
  if (f.how === 'shipped') return `${what} '${arg}': the shipped ${what} ${f.path}`;
  if (f.shadows) return `${what} '${arg}': ${f.path} in the current folder (not the shipped ${what} of that name, ${f.shadows})`;
  if (f.how === 'local') return `${what} '${arg}': ${f.path} in the current folder`;
  return null;
}
