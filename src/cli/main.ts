// The command line, entered from cli.ts: argv -> options (yargs) -> the command's run -> the exit
// code. The only module that knows yargs, the console and the process; commands get it as an Io.

import { fstatSync } from 'node:fs';
import yargs, { type Argv } from 'yargs';
import { hideBin } from 'yargs/helpers';
import type { CommandSpec, Io } from './commands/command.js';
import { COMMANDS } from './commands/index.js';
import { ConfigError, EXIT, UsageError } from '../errors.js';
import { TOOL_VERSION } from '../report/build-report.js';
import type { FileIdentity } from '../types.js';

/**
 * An argument yargs must take as a plain value travels behind this mark, which is taken off after
 * parsing: a bare '-' (standard input, which yargs drops) and everything after '--' (which yargs
 * keeps apart from the inputs: `cti-logscan -- a.log` scanned nothing).
 */
const AS_IS = '\u0000';

/** What a flag is, for reading argv before yargs does: whether it takes a value. */
interface FlagFacts {
  takesValue: boolean;
  /** Its long spelling, `--quiet` for `-q`. */
  long: string;
}

/** Every flag of every command, by its spellings (`--format`, `-f`): they mean the same everywhere. */
function flagsOf(commands: readonly CommandSpec[]): Map<string, FlagFacts> {
  const flags = new Map<string, FlagFacts>();
  for (const spec of commands) {
    for (const o of spec.options) {
      const facts = { takesValue: o.type !== 'boolean', long: `--${o.name}` };
      flags.set(`--${o.name}`, facts);
      if (o.alias) flags.set(`-${o.alias}`, facts);
    }
  }
  return flags;
}

const COMMAND_NAMES = new Set(COMMANDS.flatMap((spec) => spec.names.map((n) => n.split(' ')[0]).filter((n) => n !== '$0')));

export interface PreparedArgv {
  argv: string[];
  /** '--' was given with nothing after it: a wrapper's "$@" was empty. */
  emptyAfterDashes: boolean;
}

/**
 * Argv as yargs can take it:
 * - a command's name after options (`cti-logscan -q merge a.json`) is moved to the front, where
 *   yargs looks for it (it took `merge` as the value of -q, and scanned a file of that name);
 * - a value that looks like a flag (`--tz -05:00`, `--max -1932787502=1`) is glued to the flag that takes it;
 * - a bare '-' and the arguments after '--' are marked AS_IS.
 */
export function prepareArgv(argv: readonly string[], flags: ReadonlyMap<string, FlagFacts> = flagsOf(COMMANDS)): PreparedArgv {
  const out: string[] = [];
  const asIs = (arg: string): string => (arg === '-' ? AS_IS + arg : arg);
  let positionalSeen = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      for (const rest of argv.slice(i + 1)) out.push(AS_IS + rest);
      return { argv: out, emptyAfterDashes: i === argv.length - 1 };
    }
    if (flags.get(arg)?.takesValue && i + 1 < argv.length && argv[i + 1] !== '--') {
      const value = argv[++i];
      // yargs would read `-05:00` or `-1932787502=1` as flags of their own.
      if (/^-\d/.test(value)) out.push(`${arg}=${value}`);
      else out.push(arg, asIs(value));
      continue;
    }
    if (!positionalSeen && !arg.startsWith('-')) {
      positionalSeen = true;
      // The first argument that is neither a flag nor a flag's value: a command's name, or an input.
      if (COMMAND_NAMES.has(arg)) {
        out.unshift(arg);
        continue;
      }
    }
    // Before a command's name, yargs does not know which flags take no value: it read `-q a.log`
    // as -q with the value a.log. Spelled `--quiet=true`, a true/false flag takes nothing after it.
    // (Naming the default command instead costs yargs 20 ms.)
    const facts = flags.get(arg);
    if (!positionalSeen && facts && !facts.takesValue) out.push(`${facts.long}=true`);
    else out.push(asIs(arg));
  }
  return { argv: out, emptyAfterDashes: false };
}

const unmark = (value: unknown): unknown => (typeof value === 'string' && value.startsWith(AS_IS) ? value.slice(AS_IS.length) : value);
const unmarkArgs = (args: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(args).map(([k, v]) => [k, Array.isArray(v) ? v.map(unmark) : unmark(v)]));

/**
 * yargs reads a boolean flag given any value but `true` (`--fail-on-unknown=yes`, `-q1`) as false,
 * without a word: a CI step would then pass with the flag off. A value, when given, is true or
 * false; yargs takes the camelCase spelling (`--failOnUnknown=yes`) as well.
 */
function checkBooleanValues(argv: readonly string[], spec: CommandSpec): void {
  for (const o of spec.options) {
    if (o.type !== 'boolean') continue;
    const camel = o.name.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
    const long = [`--${o.name}=`, `--${camel}=`];
    for (const arg of argv) {
      const prefix = long.find((p) => arg.startsWith(p)) ?? (o.alias && arg.startsWith(`-${o.alias}`) && arg.length > 2 ? `-${o.alias}` : null);
      if (prefix === null) continue;
      const value = arg.slice(prefix.length).replace(/^=/, '');
      if (value !== 'true' && value !== 'false') throw new UsageError(`--${o.name}: '${value}' is not true or false`);
    }
  }
}

/**
 * A flag that takes a value, right before '--' (`--allow $EMPTY -- a.log`), took the first argument
 * after it as its value: it has none.
 */
function checkValuesBeforeDashes(args: Record<string, unknown>, spec: CommandSpec): void {
  for (const o of spec.options) {
    const values = ([] as unknown[]).concat(args[o.name]);
    if (o.type !== 'boolean' && values.some((v) => typeof v === 'string' && v.startsWith(AS_IS))) throw new UsageError(`--${o.name}: a value is needed before '--'`);
  }
}

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
