// The command line, entered from cli.ts: argv -> options (yargs) -> the command's run -> the exit
// code. The only module that knows yargs, the console and the process; commands get it as an Io.

import { fstatSync } from 'node:fs';
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import type { CommandSpec, Io } from './commands/command.js';
import { COMMANDS } from './commands/index.js';
import { ConfigError, EXIT, UsageError } from '../errors.js';
import { TOOL_VERSION } from '../report/build-report.js';
import { AS_IS, checkBooleanValues, checkValuesBeforeDashes, prepareArgv, unmarkArgs } from './argv.js';
import type { FileIdentity } from '../types.js';

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
  const { argv, emptyAfterDashes } = prepareArgv(hideBin(process.argv));
  let parser = yargs(argv)
    .scriptName('cti-logscan')
    .version(TOOL_VERSION)
    .alias('help', 'h')
    .alias('version', 'V')
    .strict()
    .wrap(Math.min(100, process.stdout.columns || 100))
    .exitProcess(false)
    .showHelpOnFail(false)
    .fail((message, error) => {
      // yargs names arguments as it got them: without the AS_IS mark (`codes -- x`: "Unknown argument: x").
      throw error ?? new UsageError(message.replaceAll(AS_IS, ''));
    });
  for (const spec of COMMANDS) {
    const single = spec.options.filter((o) => !o.repeatable && o.type !== 'boolean').map((o) => o.name);
    parser = parser.command(
      spec.names,
      spec.describe,
      (y) => describeCommand(y, spec),
      async (args) => {
        checkBooleanValues(argv, spec);
        checkValuesBeforeDashes(args as Record<string, unknown>, spec);
        for (const flag of single) {
          if (Array.isArray(args[flag])) throw new UsageError(`--${flag} was given more than once`);
        }
        exitCode = await spec.run({ ...unmarkArgs(args as Record<string, unknown>), emptyAfterDashes }, io);
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

/**
 * Standard output, until its reader goes away (`| head`): then writes are dropped and the run goes
 * on to the exit code it would have had (a CI step's `pipefail` sees it, 2 for an unread input).
 */
let stdoutClosed = false;
const stdout: Io['stdout'] = {
  get isTTY() {
    return process.stdout.isTTY;
  },
  get columns() {
    return process.stdout.columns;
  },
  write(text: string, done?: () => void): boolean {
    if (stdoutClosed) {
      if (done) queueMicrotask(done);
      return true;
    }
    return process.stdout.write(text, done && (() => done()));
  },
};
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  stdoutClosed = true;
});

const io: Io = {
  stdin: process.stdin,
  stdout,
  stderr: process.stderr,
  stdoutFile: regularFileOf(1),
  stdinFile: regularFileOf(0),
  stdinGiven: isPipeOrFile(0),
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

/**
 * Whether something was handed over on a file descriptor: a pipe (or a socket, as a parent
 * process's pipe may be) or a regular file. A terminal, /dev/null and a closed descriptor (which
 * Node opens as /dev/null) are not: `cti-logscan $UNSET_VAR < /dev/null` has no input.
 */
function isPipeOrFile(fd: number): boolean {
  try {
    const stats = fstatSync(fd);
    return stats.isFIFO() || stats.isSocket() || stats.isFile();
  } catch {
    return false;
  }
}

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
