// Command line, argv before yargs reads it: a command's name moved to the front, values that look
// like flags glued to their flag, '-' and what follows '--' marked to pass through as they are;
// and the checks yargs does not make (true/false values, a value flag right before '--').

import { UsageError } from '../errors.js';
import type { CommandSpec } from './commands/command.js';
import { COMMANDS } from './commands/index.js';

/**
 * An argument yargs must take as a plain value travels behind this mark, which is taken off after
 * parsing: a bare '-' (standard input, which yargs drops) and everything after '--' (which yargs
 * keeps apart from the inputs: `cti-logscan -- a.log` scanned nothing).
 */
export const AS_IS = '\u0000';

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
export const unmarkArgs = (args: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(args).map(([k, v]) => [k, Array.isArray(v) ? v.map(unmark) : unmark(v)]));

/**
 * yargs reads a boolean flag given any value but `true` (`--fail-on-unknown=yes`, `-q1`) as false,
 * without a word: a CI step would then pass with the flag off. A value, when given, is true or
 * false; yargs takes the camelCase spelling (`--failOnUnknown=yes`) as well.
 */
export function checkBooleanValues(argv: readonly string[], spec: CommandSpec): void {
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
export function checkValuesBeforeDashes(args: Record<string, unknown>, spec: CommandSpec): void {
  for (const o of spec.options) {
    const values = ([] as unknown[]).concat(args[o.name]);
    if (o.type !== 'boolean' && values.some((v) => typeof v === 'string' && v.startsWith(AS_IS))) throw new UsageError(`--${o.name}: a value is needed before '--'`);
  }
}

