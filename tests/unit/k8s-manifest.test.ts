// The shipped scheduler files (issue 8): the Kubernetes Indexed Job and the
// Slurm array script run `gvcsim sweep` so that index / array task k is
// shard k of n, and their shards merge into the unsharded result.
// (scripts/e2e-slurm.sh runs the array script under a real Slurm.)
import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, stringify } from 'yaml';
import { CLI, ROOT, cli, tempDir } from '../helpers.js';

const K8S = join(ROOT, 'experiments', 'k8s');
const SBATCH = join(ROOT, 'experiments', 'slurm', 'sweep-array.sbatch');

/** No scheduler variables from the machine running the tests (gvcsim prefers Slurm's to JOB_COMPLETION_INDEX). */
const CLEAN = { SLURM_ARRAY_TASK_ID: undefined, SLURM_ARRAY_TASK_COUNT: undefined, SLURM_ARRAY_TASK_MIN: undefined, SLURM_ARRAY_TASK_MAX: undefined, SLURM_ARRAY_TASK_STEP: undefined, SLURM_CPUS_PER_TASK: undefined, JOB_COMPLETION_INDEX: undefined, SHARDS: undefined, OUT: undefined, GVCSIM: undefined } as unknown as Record<string, string>;

/** 4 LHS points × 2 replicates = 8 short runs of the shipped baseline. */
function tinyExperiment(dir: string): string {
  const file = join(dir, 'tiny.yaml');
  writeFileSync(
    file,
    stringify({
      name: 'tiny',
      scenario: 'baseline',
      seed: 3,
      ticks: 4,
      replicates: 2,
      factors: [{ path: 'params.learning.depreciation', range: [0.005, 0.04] }],
      design: { kind: 'lhs', samples: 4 },
      outcomes: [
        { name: 'cap', column: 'cap_process', cluster: 'valley', stat: 'mean' },
        { name: 'exits', event: 'exit', stat: 'sum' },
      ],
    }),
  );
  return file;
}

const read = (p: string) => readFileSync(p);
const ok = (r: { code: number; stderr: string }) => expect(r.code, r.stderr).toBe(0);

describe('experiments/k8s/sweep-indexed-job.yaml', () => {
  const job = parse(readFileSync(join(K8S, 'sweep-indexed-job.yaml'), 'utf8'));
  const pod = job.spec.template.spec;
  const c = pod.containers[0];
  const argv: string[] = [...(c.command ?? []), ...(c.args ?? [])].map(String);
  const sweepAt = argv.findIndex((a, i) => /(^|\/)gvcsim$/.test(a) && argv[i + 1] === 'sweep');
  const sweepArgs = argv.slice(sweepAt + 2);
  const opt = (name: string) => {
    const i = sweepArgs.indexOf(name);
    return i < 0 ? undefined : sweepArgs[i + 1];
  };
  const n: number = job.spec.completions;
  const out = opt('--out') ?? '';
  const mount = c.volumeMounts.find((m: { mountPath: string }) => out.startsWith(`${m.mountPath}/`));

  it('is an Indexed Job whose completions is the --shards of its gvcsim sweep, with no --shard', () => {
    expect(job.apiVersion).toBe('batch/v1');
    expect(job.kind).toBe('Job');
    expect(job.spec.completionMode).toBe('Indexed');
    expect(Number.isInteger(n) && n >= 2).toBe(true);
    expect(job.spec.parallelism).toBeGreaterThanOrEqual(1);
    expect(job.spec.parallelism).toBeLessThanOrEqual(n);
    expect(sweepAt, argv.join(' ')).toBeGreaterThanOrEqual(0);
    expect(Number(opt('--shards'))).toBe(n);
    expect(argv.some((a) => a === '--shard' || a.startsWith('--shard='))).toBe(false);
    // --workers matches the CPU request
    expect(Number(opt('--workers'))).toBe(Number(c.resources.requests.cpu));
  });

  it('writes each index to its own folder on a mounted volume, named as gvcsim names shards, and merge-job.yaml merges those', () => {
    expect(out).toContain('$(JOB_COMPLETION_INDEX)');
    expect(out).toMatch(new RegExp(`/shard-\\$\\(JOB_COMPLETION_INDEX\\)-of-${n}$`));
    // $(VAR) in args expands only from the container's env: it is declared there
    expect(c.env.find((e: { name: string }) => e.name === 'JOB_COMPLETION_INDEX')?.valueFrom.fieldRef.fieldPath).toBe("metadata.annotations['batch.kubernetes.io/job-completion-index']");
    expect(mount).toBeDefined();
    const claim = pod.volumes.find((v: { name: string }) => v.name === mount.name).persistentVolumeClaim.claimName;
    expect(parse(readFileSync(join(K8S, 'results-pvc.yaml'), 'utf8')).metadata.name).toBe(claim);
    const merge = parse(readFileSync(join(K8S, 'merge-job.yaml'), 'utf8'));
    const m = merge.spec.template.spec;
    expect(m.volumes[0].persistentVolumeClaim.claimName).toBe(claim);
    expect(m.containers[0].volumeMounts[0].mountPath).toBe(mount.mountPath);
    const script = [...m.containers[0].command, ...m.containers[0].args].join(' ');
    expect(script).toContain(`gvcsim merge ${out.replace('$(JOB_COMPLETION_INDEX)', '*')} --out `);
  });

  it('run as Kubernetes runs it, index k with --shards n gives the runs.csv of --shard k/n, and the merge is the unsharded sweep', async () => {
    const dir = tempDir('gvcsim-k8s-');
    const exp = tinyExperiment(dir);
    // the manifest's arguments, with the experiment and the volume replaced, $(JOB_COMPLETION_INDEX) expanded as the kubelet does
    const asPod = (k: number) =>
      sweepArgs.map((a, i) => {
        if (i === 0) return exp;
        if (a === out) return a.replace(mount.mountPath, dir).replace('$(JOB_COMPLETION_INDEX)', String(k));
        return a;
      });
    const ks = Array.from({ length: n }, (_, k) => k);
    const runs = await Promise.all([
      ...ks.map((k) => cli(['sweep', ...asPod(k), '--quiet'], dir, { ...CLEAN, JOB_COMPLETION_INDEX: String(k) })),
      ...ks.map((k) => cli(['sweep', exp, '--shard', `${k}/${n}`, '--workers', '1', '--out', `ref-${k}`, '--quiet'], dir, CLEAN)),
      cli(['sweep', exp, '--workers', '1', '--out', 'whole', '--quiet'], dir, CLEAN),
    ]);
    runs.forEach(ok);
    const folders = ks.map((k) => asPod(k)[asPod(k).indexOf('--out') + 1]);
    for (const k of ks) {
      expect(folders[k]).toBe(join(dir, out.slice(mount.mountPath.length + 1).replace('$(JOB_COMPLETION_INDEX)', String(k))));
      expect(JSON.parse(readFileSync(join(folders[k], 'manifest.json'), 'utf8')).shard).toEqual({ index: k, count: n });
      expect(read(join(folders[k], 'runs.csv')).equals(read(join(dir, `ref-${k}`, 'runs.csv'))), `index ${k}`).toBe(true);
    }
    ok(await cli(['merge', ...folders, '--out', 'merged', '--quiet'], dir, CLEAN));
    for (const f of ['runs.csv', 'summary.csv']) expect(read(join(dir, 'merged', f)).equals(read(join(dir, 'whole', f))), f).toBe(true);
    expect(read(join(dir, 'whole', 'runs.csv')).toString().trim().split('\n')).toHaveLength(1 + 8);
  });
});

/** Run the array script directly with bash, as one array task (its #SBATCH lines are comments). */
function sbatchTask(env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile('bash', [SBATCH], { env: { ...process.env, ...CLEAN, GVCSIM: `${process.execPath} ${CLI}`, ...env }, encoding: 'utf8' }, (err, stdout, stderr) => {
      resolve({ code: err ? Number((err as { code?: unknown }).code ?? -1) : 0, stdout, stderr });
    });
  });
}

describe('experiments/slurm/sweep-array.sbatch', () => {
  const text = readFileSync(SBATCH, 'utf8');

  it('is an array job script that runs gvcsim sweep with the task CPUs as workers', () => {
    expect(text.startsWith('#!/usr/bin/env bash\n')).toBe(true);
    const m = /^#SBATCH --array=(\d+)-(\d+)/m.exec(text);
    expect(m, 'an #SBATCH --array=a-b line').not.toBeNull();
    expect(Number(m![2])).toBeGreaterThan(Number(m![1]));
    expect(text).toMatch(/^#SBATCH --cpus-per-task=\d+/m);
    // sbatch reads #SBATCH lines only before the first command
    const lines = text.split('\n');
    const lastDirective = lines.map((l) => l.startsWith('#SBATCH ')).lastIndexOf(true);
    expect(lines.slice(1, lastDirective).every((l) => l.trim() === '' || l.startsWith('#'))).toBe(true);
    expect(text).toMatch(/^exec \$GVCSIM sweep "\$EXPERIMENT" --workers "\$workers"/m);
    expect(text).toContain('workers="${SLURM_CPUS_PER_TASK:-1}"');
    expect(text).toMatch(/gvcsim merge /);
    expect(text).toMatch(/--dependency=afterok:/);
  });

  it('as task i of an array (from 0 or 1, or a subset with SHARDS) it runs shard i, the runs of --shard i/n; a gappy array without SHARDS is refused', async () => {
    const dir = tempDir('gvcsim-sbatch-');
    const exp = tinyExperiment(dir);
    const base = { EXPERIMENT: exp, OUT: join(dir, 'out') };
    const [a, b, c, ref1, ref2] = await Promise.all([
      sbatchTask({ ...base, SLURM_ARRAY_TASK_ID: '1', SLURM_ARRAY_TASK_COUNT: '3', SLURM_ARRAY_TASK_MIN: '0', SLURM_ARRAY_TASK_MAX: '2' }), // --array=0-2
      sbatchTask({ ...base, OUT: join(dir, 'from1'), SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '3', SLURM_ARRAY_TASK_MIN: '1', SLURM_ARRAY_TASK_MAX: '3', SLURM_CPUS_PER_TASK: '2' }), // --array=1-3
      sbatchTask({ ...base, OUT: join(dir, 'subset'), SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '1', SLURM_ARRAY_TASK_MIN: '2', SLURM_ARRAY_TASK_MAX: '2', SHARDS: '3' }), // --array=2 of 3
      cli(['sweep', exp, '--shard', '1/3', '--workers', '1', '--out', 'ref1', '--quiet'], dir, CLEAN),
      cli(['sweep', exp, '--shard', '2/3', '--workers', '1', '--out', 'ref2', '--quiet'], dir, CLEAN),
    ]);
    for (const r of [a, b, c, ref1, ref2]) ok(r);
    expect(a.stdout).toMatch(/task 1 = shard 1 of 3 .* 1 worker\(s\)/);
    expect(b.stdout).toMatch(/task 2 = shard 1 of 3 .* 2 worker\(s\)/);
    expect(c.stdout).toMatch(/task 2 = shard 2 of 3/);
    expect(read(join(dir, 'out', 'shard-1-of-3', 'runs.csv')).equals(read(join(dir, 'ref1', 'runs.csv')))).toBe(true);
    expect(read(join(dir, 'from1', 'shard-1-of-3', 'runs.csv')).equals(read(join(dir, 'ref1', 'runs.csv')))).toBe(true);
    expect(read(join(dir, 'subset', 'shard-2-of-3', 'runs.csv')).equals(read(join(dir, 'ref2', 'runs.csv')))).toBe(true);
    // without EXPERIMENT it says what to set
    const none = await sbatchTask({ SLURM_ARRAY_TASK_ID: '0', SLURM_ARRAY_TASK_COUNT: '1' });
    expect(none.code).not.toBe(0);
    expect(none.stderr).toMatch(/EXPERIMENT/);
    // --array=2,5 without SHARDS: Slurm counts 2 tasks, so task 2 would be shard 0 of 2; refused
    const gappy = await sbatchTask({ ...base, OUT: join(dir, 'gappy'), SLURM_ARRAY_TASK_ID: '2', SLURM_ARRAY_TASK_COUNT: '2', SLURM_ARRAY_TASK_MIN: '2', SLURM_ARRAY_TASK_MAX: '5', SLURM_ARRAY_TASK_STEP: '1' });
    expect(gappy.code).toBe(2);
    expect(gappy.stderr).toMatch(/not a range a-b with step 1: pass the shard count as SHARDS=n/);
    expect(existsSync(join(dir, 'gappy'))).toBe(false);
  });
});
