// `npm run bench`: CLI start-up time, then firm-ticks per second of the engine
// at growing world sizes. Buyers scale with firms so that about half of all
// firms hold a buyer link.
// Usage: npm run bench [-- 10000,100000,1000000 [ticks]]
// Runs the built package (dist/): the numbers are what a user of the library gets.
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Simulation, baselineScenario, loadExperiment, sweep } from '../dist/index.js';

// start-up: wall time of `gvcsim --version` and `gvcsim --help`, median of 5 (target < 0.3 s)
const cli = fileURLToPath(new URL('../dist/cli/main.js', import.meta.url));
for (const args of [['--version'], ['--help']]) {
  const times = [];
  for (let k = 0; k < 5; k++) {
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });
    times.push(Number(process.hrtime.bigint() - t0) / 1e9);
    if (r.status !== 0) throw new Error(`gvcsim ${args.join(' ')} exited ${r.status}: ${r.stderr}`);
  }
  times.sort((a, b) => a - b);
  console.log(`gvcsim ${args[0].padEnd(9)}  median ${times[2].toFixed(3)} s  (min ${times[0].toFixed(3)}, max ${times[4].toFixed(3)}; 5 runs; target < 0.3 s)`);
}

const sizes = (process.argv[2] ?? '10000,100000').split(',').map(Number);
const ticks = Number(process.argv[3] ?? 20);

for (const n of sizes) {
  const sc = baselineScenario();
  sc.world.clusters[0].firms = n;
  const scale = n / 300;
  for (const b of sc.world.buyers) b.count = Math.max(1, Math.round(b.count * scale));
  const t0 = process.hrtime.bigint();
  const sim = new Simulation(sc, { seed: 1, ticks });
  const t1 = process.hrtime.bigint();
  sim.run(2); // warm-up: links form
  const t2 = process.hrtime.bigint();
  sim.run(ticks - 2);
  const t3 = process.hrtime.bigint();
  const secs = Number(t3 - t2) / 1e9;
  const rate = (n * (ticks - 2)) / secs;
  console.log(
    `${String(n).padStart(9)} firms  init ${(Number(t1 - t0) / 1e6).toFixed(0).padStart(6)} ms  ` +
      `${(rate / 1e6).toFixed(2).padStart(6)} M firm-ticks/s  (${((secs * 1e3) / (ticks - 2)).toFixed(1)} ms/tick)`,
  );
}

// sweep throughput: the same experiment with 1 and 2 worker threads (target: 2 workers ≥ 1.7× one)
{
  const dir = mkdtempSync(join(tmpdir(), 'gvcsim-bench-'));
  const file = join(dir, 'bench.yaml');
  writeFileSync(
    file,
    [
      'name: bench',
      'scenario: baseline',
      'ticks: 80',
      'seed: 1',
      'factors:',
      '  - { path: params.learning.depreciation, range: [0.005, 0.04] }',
      'design: { kind: lhs, samples: 240 }',
      'outcomes:',
      '  - { name: cap, column: cap_process, cluster: valley, stat: mean }',
      '',
    ].join('\n'),
  );
  const l = loadExperiment(file);
  const rates = [];
  for (const workers of [1, 2]) {
    const t0 = process.hrtime.bigint();
    const r = await sweep(l, { workers });
    const secs = Number(process.hrtime.bigint() - t0) / 1e9;
    rates.push(r.runs.length / secs);
    console.log(`sweep ${String(workers)} worker(s)  ${r.runs.length} runs of 80 ticks  ${(r.runs.length / secs).toFixed(2)} runs/s  (${secs.toFixed(1)} s)`);
  }
  console.log(`sweep speed-up with 2 workers: ${(rates[1] / rates[0]).toFixed(2)}× (target ≥ 1.7×)`);
  rmSync(dir, { recursive: true, force: true });
}
