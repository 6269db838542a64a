// What a command is, without yargs or the process: its name, its options as data, and a run
// function over an Io. main.ts turns these into a yargs parser and hands each run the process's Io.

import { UsageError } from '../../errors.js';
import type { FileIdentity } from '../../types.js';

export interface OptionSpec {
  name: string;
  alias?: string;
  type: 'string' | 'number' | 'boolean';
  default?: string | number | boolean;
  describe: string;
  /** A flag that may be given more than once (its values are collected, as for --allow). */
  repeatable?: boolean;
}

export interface PositionalSpec {
  name: string;
  describe: string;
  /** Zero or more values. */
  variadic: boolean;
}

/** The process as a command sees it: streams, environment, and a way to learn of SIGINT/SIGTERM. */
export interface Io {
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  stdout: { write(text: string, done?: () => void): boolean; isTTY?: boolean; columns?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  env: NodeJS.ProcessEnv;
  /** Standard output's file when it is a regular file (`> out.txt`), else null: never read as an input. */
  stdoutFile: FileIdentity | null;
  /** Standard input's file when it is a regular file (`< in.log`), else null. */
  stdinFile: FileIdentity | null;
  /** Standard input is a pipe or a file, so that it may be read with no input named (not a terminal, /dev/null or closed). */
  stdinGiven: boolean;
  /** The working directory (where .cti-logscan.json is looked for). */
  cwd: string;
  /** Calls `handler` once when the process is asked to stop. */
  onStop(handler: () => void): void;
}

export interface CommandSpec {
  /** yargs command strings, e.g. ['scan [inputs..]', '$0 [inputs..]']. */
  names: string[];
  describe: string;
  positional?: PositionalSpec;
  options: OptionSpec[];
  /** Usage line and the text after the options in --help. */
  usage?: string;
  epilog?: string;
  /** Runs the command; resolves to the exit code. UsageError / ConfigError end it with theirs. */
  run(args: Record<string, unknown>, io: Io): Promise<number>;
}

/** A string option that was given once, or undefined; given twice it is a usage error upstream. */
export const optionalString = (value: unknown): string | undefined => (value === undefined ? undefined : String(value));

/** The values of a repeatable option, split on commas. */
export const listOption = (value: unknown): string[] =>
  [value ?? []]
    .flat()
    .map(String)
    .flatMap((v) => v.split(','))
    .map((v) => v.trim())
    .filter(Boolean);

/** A flag's value among the allowed ones, else a usage error naming the flag. */
export function oneOf<T extends string>(flag: string, value: unknown, allowed: readonly T[]): T {
  const text = String(value);
  if ((allowed as readonly string[]).includes(text)) return text as T;
  throw new UsageError(`--${flag}: '${text}' is not one of ${allowed.join(', ')}`);
}
