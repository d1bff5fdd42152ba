#!/usr/bin/env node
/**
 * The `gvcsim` command: a thin layer over the library API. Commands are
 * loaded on demand, so `--version` and `--help` answer at once.
 */
import { EXIT_BAD_INPUT, EXIT_OK, report } from './common.js';
import { VERSION } from '../engine/version.js';

const HELP = `gvcsim ${VERSION} — agent-based simulation of industrial clusters in global value chains

Usage: gvcsim <command> [options]

Commands:
  run <scenario>       run a scenario (a file, or the name of a shipped one) into a results folder
  validate <scenario>  check a scenario file and say what is wrong
  verify <DIR>         check a results folder's manifest, re-run it and compare hashes
  compare <scenario>   a scenario against one of its variants over many seeds, per cluster (paired 95% CI)
  sweep <experiment>   run an experiment (sweep, replicates, Morris, Sobol) on every core, resumable
  merge <DIR>...       combine the shard folders of one sweep
  list [DIR]           the shipped scenarios with their summaries and variants

Run 'gvcsim <command> --help' for a command's options.
Exit codes: 0 done, 1 failed (verify) or internal error, 2 bad input, 130/143 interrupted.
`;

type Command = (argv: string[]) => Promise<number>;
const COMMANDS: Record<string, () => Promise<Command>> = {
  run: async () => (await import('./run.js')).runCommand,
  validate: async () => (await import('./validate.js')).validateCommand,
  verify: async () => (await import('./verify.js')).verifyCommand,
  compare: async () => (await import('./compare.js')).compareCommand,
  list: async () => (await import('./list.js')).listCommand,
  sweep: async () => (await import('./sweep.js')).sweepCommand,
  merge: async () => (await import('./merge.js')).mergeCommand,
};

async function main(argv: string[]): Promise<number> {
  const [cmd, ...rest] = argv;
  if (cmd === undefined || cmd === '--help' || cmd === '-h' || cmd === 'help') {
    process.stdout.write(HELP);
    return cmd === undefined ? EXIT_BAD_INPUT : EXIT_OK;
  }
  if (cmd === '--version' || cmd === '-v') {
    process.stdout.write(`${VERSION}\n`);
    return EXIT_OK;
  }
  if (!Object.hasOwn(COMMANDS, cmd)) {
    process.stderr.write(`gvcsim: error: unknown command '${cmd}' (commands: ${Object.keys(COMMANDS).join(', ')})\n`);
    return EXIT_BAD_INPUT;
  }
  try {
    process.cwd();
  } catch {
    process.stderr.write('gvcsim: error: the current folder no longer exists; change to an existing folder\n');
    return EXIT_BAD_INPUT;
  }
  const { installSignalCleanup } = await import('../output/folder.js');
  installSignalCleanup((sig, removed) => {
    const tmp = removed.filter((p) => !/\.gvcsim-lock-/.test(p));
    process.stderr.write(`gvcsim: interrupted by ${sig}${tmp.length ? `; removed the temporary folder ${tmp.join(', ')}` : ''}\n`);
  });
  return (await COMMANDS[cmd]())(rest);
}

// a closed pipe (gvcsim list | head -1) ends the output quietly
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
    // standard output cannot be written (a full disk, /dev/full): say so once, if stderr still works
    try {
      if (stream !== process.stderr) process.stderr.write(`gvcsim: error: cannot write to standard output (${e.code ?? e.message})\n`);
    } finally {
      process.exit(EXIT_BAD_INPUT);
    }
  });
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.exitCode = report(e);
  },
);
