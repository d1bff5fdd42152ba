/** Test helpers: small hand-built worlds and a CLI runner. */
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { lstatSync, mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { scenarioFrom, type Scenario } from '../src/index.js';

export const ROOT = fileURLToPath(new URL('..', import.meta.url));
export const CLI = join(ROOT, 'dist', 'cli', 'main.js');

export function tempDir(prefix = 'gvcsim-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/**
 * Run the built CLI; resolves to exit code, stdout, stderr. Asynchronous, so
 * the test worker's event loop keeps answering vitest while the CLI runs.
 */
export function cli(args: string[], cwd = ROOT, env: Record<string, string> = {}): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, ...env }, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024 }, (err, stdout, stderr) => {
      const code = err ? (typeof (err as { code?: unknown }).code === 'number' ? ((err as { code: number }).code) : -1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/** A small valid scenario; `patch` edits the plain object before validation. */
export function smallScenario(patch: (s: Record<string, any>) => void = () => {}): Scenario {
  const s: Record<string, any> = {
    name: 'small',
    seed: 7,
    ticks: 20,
    world: {
      chains: [{ id: 'c', complexity: 0.6, codifiability: 0.5, standard: 0.45 }],
      clusters: [{ id: 'k', firms: 40, ties: 4, tie_window: 10 }],
      buyers: [
        { id: 'lead', type: 'global_lead', chain: 'c', count: 1 },
        { id: 'trader', type: 'trading_company', chain: 'c', count: 1 },
      ],
    },
    params: {},
  };
  patch(s);
  return scenarioFrom(s, 'small');
}

/** Every file under `dir` with its content (for "nothing was written or deleted" checks). */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string, rel: string) => {
    for (const n of readdirSync(d).sort()) {
      const p = join(d, n);
      const r = rel ? `${rel}/${n}` : n;
      const st = lstatSync(p);
      if (st.isDirectory()) {
        out[`${r}/`] = '';
        walk(p, r);
      } else out[r] = st.isFile() ? createHash('sha256').update(readFileSync(p)).digest('hex') : 'special';
    }
  };
  walk(dir, '');
  return out;
}
