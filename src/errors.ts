// Exit codes of CONTRACT.md and the typed errors that end a run with one of them. Per-file
// problems are not errors of this kind: they are messages in the report (see input/read-source.ts).

import { readFileSync } from 'node:fs';

export const EXIT = {
  ok: 0,
  unexpected: 1,
  inputError: 2,
  usage: 64,
  config: 78,
} as const;

/** A bad command line: unknown flag, bad value. The message names the flag. */
export class UsageError extends Error {
  readonly exitCode = EXIT.usage;
}

/** A bad config file, baseline or catalog. The message names the file and the field. */
export class ConfigError extends Error {
  readonly exitCode = EXIT.config;
}

/** A one-line reason for a file system error, without the stack or the syscall. */
export function describeError(error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return 'No such file or directory';
    case 'EACCES':
    case 'EPERM':
      return 'Permission denied';
    case 'EISDIR':
      return 'Is a directory';
    case 'ELOOP':
      return 'Too many levels of symbolic links';
    case 'ENOSPC':
      return 'No space left on device';
    default:
      return error.message.replace(/^[A-Z]+: /, '').replace(/, \w+ '.*'$/, '');
  }
}

/**
 * Reads a JSON file that steers a run (config, baseline, catalog, report to merge). A missing or
 * unparsable file is a ConfigError naming it as `shown`.
 */
export function readJsonFile(path: string, shown = path): unknown {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`${shown}: ${describeError(error as NodeJS.ErrnoException)}`);
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    throw new ConfigError(`${shown}: not valid JSON (${(error as Error).message})`);
  }
}

/** A thrower of ConfigErrors about one field of a file: "<file>: <field>: <problem>". */
export const fieldError =
  (shown: string) =>
  (field: string, problem: string): never => {
    throw new ConfigError(`${shown}: ${field}: ${problem}`);
  };
