// The command line, entered from cli.ts: argv -> options (yargs) -> the command's run -> the exit
// code. The only module that knows yargs, the console and the process; commands get it as an Io.

import { fstatSync } from 'node:fs';
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import type { CommandSpec, Io } from './commands/command.js';
import { COMMANDS } from './commands/index.js';
import { ConfigError, EXIT, UsageError } from './errors.js';
import { TOOL_VERSION } from './report.js';
import type { FileIdentity } from './types.js';

/** yargs drops a bare '-' (standard input): it travels as this and is put back after parsing. */
const DASH = '\u0000-';

/**
 * Argv as yargs can take it: `--tz -05:00` would read as flags -0 and -5, so a signed value is
 * glued to the flag that takes it; a bare '-' is kept (see DASH).
 */
function prepareArgv(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--tz' && i + 1 < argv.length && /^-\d/.test(argv[i + 1])) out.push(`--tz=${argv[++i]}`);
    else out.push(argv[i] === '-' ? DASH : argv[i]);
  }
  return out;
}

const restoreDashes = (args: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(
    Object.entries(args).map(([k, v]) => [k, v === DASH ? '-' : Array.isArray(v) ? v.map((x) => (x === DASH ? '-' : x)) : v]),
  );

const isDefault = (spec: CommandSpec): boolean => spec.names.some((n) => n.startsWith('$0'));

function describeCommand(y: Argv, spec: CommandSpec): Argv {
  if (spec.positional) {
    y.positional(spec.positional.name, { type: 'string', array: spec.positional.variadic, default: spec.positional.variadic ? [] : undefined, describe: spec.positional.describe });
  }
  for (const o of spec.options) {
    // A repeatable flag is not a yargs array: an array option would swallow the inputs after it.
    y.option(o.name, { alias: o.alias, type: o.type, default: o.default, describe: o.describe });
  }
  // The default command's usage and epilog are the program's, set once at the top (see main).
  if (!isDefault(spec)) {
    if (spec.usage) y.usage(spec.usage);
    if (spec.epilog) y.epilog(spec.epilog);
  }
  return y;
}

async function main(io: Io): Promise<number> {
  let exitCode: number = EXIT.ok;
  let parser = yargs(prepareArgv(hideBin(process.argv)))
    .scriptName('cti-logscan')
    .version(TOOL_VERSION)
    .alias('help', 'h')
    .alias('version', 'V')
    .strict()
    .wrap(Math.min(100, process.stdout.columns || 100))
    .exitProcess(false)
    .showHelpOnFail(false)
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    });
  for (const spec of COMMANDS) {
    const single = spec.options.filter((o) => !o.repeatable && o.type !== 'boolean').map((o) => o.name);
    parser = parser.command(
      spec.names,
      spec.describe,
      (y) => describeCommand(y, spec),
      async (args) => {
        for (const flag of single) {
          if (Array.isArray(args[flag])) throw new UsageError(`--${flag} was given more than once`);
        }
        exitCode = await spec.run(restoreDashes(args as Record<string, unknown>), io);
      },
    );
  }
  const main = COMMANDS.find(isDefault);
  if (main?.usage) parser = parser.usage(main.usage);
  if (main?.epilog) parser = parser.epilog(main.epilog);
  try {
    await parser.parseAsync();
  } catch (error) {
    if (error instanceof UsageError) {
      io.stderr.write(`cti-logscan: ${error.message}\nTry 'cti-logscan --help' for more information.\n`);
      return EXIT.usage;
    }
    throw error;
  }
  return exitCode;
}

const io: Io = {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  stdoutFile: regularFileOf(1),
  env: process.env,
  cwd: process.cwd(),
  onStop(handler) {
    process.once('SIGINT', handler);
    process.once('SIGTERM', handler);
  },
};

/** A file descriptor's file when it is a regular file (not a terminal, pipe or /dev/null). */
function regularFileOf(fd: number): FileIdentity | null {
  try {
    const stats = fstatSync(fd);
    return stats.isFile() ? { dev: stats.dev, ino: stats.ino } : null;
  } catch {
    return null; // closed
  }
}

// A reader that closed early (| head) is not an error: finish quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
  throw error;
});

main(io).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof ConfigError) {
      process.stderr.write(`cti-logscan: ${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    throw error;
  },
);
