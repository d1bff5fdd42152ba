// Build dist/ once before the tests: the CLI and plain-JavaScript import tests run the built package.
import { execFileSync } from 'node:child_process';
import { chmodSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export default function setup(): void {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  execFileSync(process.execPath, [fileURLToPath(new URL('../../node_modules/typescript/bin/tsc', import.meta.url)), '-p', 'tsconfig.build.json'], {
    cwd: root,
    stdio: 'inherit',
  });
  // as `npm run build`: the bin stays executable (npx gvcsim, Slurm scripts)
  chmodSync(fileURLToPath(new URL('../../dist/cli/main.js', import.meta.url)), 0o755);
}
