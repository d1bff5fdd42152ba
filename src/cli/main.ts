#!/usr/bin/env node
/** The `gvcsim` command: a thin layer over the library API. */
import { EXIT_BAD_INPUT, EXIT_OK, report } from './common.js';
import { runCommand } from './run.js';
import { validateCommand } from './validate.js';
import { verifyCommand } from './verify.js';
import { compareCommand } from './compare.js';
import { listCommand } from './list.js';
import { VERSION } from '../output/version.js';

const HELP = `gvcsim ${VERSION} — agent-based simulation of industrial clusters in global value chains

Usage: gvcsim <command> [options]

Commands:
  run <scenario>       run a scenario into a results folder
  validate <scenario>  check a scenario file and say what is wrong
  verify <DIR>         re-run a results folder from its manifest and compare hashes
  compare <scenario>   a scenario against one of its variants over many seeds (paired 95% CI)
  list [DIR]           the shipped scenarios with their summaries and variants

Run 'gvcsim <command> --help' for a command's options.
`;

const COMMANDS: Record<string, (argv: string[]) => Promise<number>> = {
  run: runCommand,
  validate: validateCommand,
  verify: verifyCommand,
  compare: compareCommand,
  list: listCommand,
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
  const f = COMMANDS[cmd];
  if (!f) {
    process.stderr.write(`gvcsim: error: unknown command '${cmd}' (commands: ${Object.keys(COMMANDS).join(', ')})\n`);
    return EXIT_BAD_INPUT;
  }
  return f(rest);
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.exitCode = report(e);
  },
);
