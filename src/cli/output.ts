// Where a command's report goes: standard output, or the --output file opened before any work so
// that a bad path fails fast. A failed write is reported by the caller as one line, exit 2.

import { constants, createWriteStream, fstatSync, ftruncateSync, openSync } from 'node:fs';
import type { FileIdentity } from '../types.js';
import type { Io } from './commands/command.js';

export interface Output {
  /** The regular file written to, if any: inputs that are this file are not read. */
  file: FileIdentity | null;
  write(text: string): void;
  /** Flushes; rejects with the first write error. */
  close(): Promise<void>;
  /** Lets go without writing: an --output file is left as it was. */
  discard(): void;
}

/**
 * Writes are gathered up to this size, or to the end of the event loop's turn: with a write each,
 * every ndjson hit event was a system call of its own (900,000 hits took a second more).
 */
const BATCH = 64 * 1024;

/** `write` gathers; `flush` hands what was gathered to `sink` in one piece. */
function batched(sink: (text: string) => void): { write: (text: string) => void; flush: () => void } {
  let parts: string[] = [];
  let length = 0;
  let scheduled = false;
  const flush = (): void => {
    scheduled = false;
    if (parts.length === 0) return;
    const text = parts.length === 1 ? parts[0] : parts.join('');
    parts = [];
    length = 0;
    sink(text);
  };
  const write = (text: string): void => {
    parts.push(text);
    length += text.length;
    if (length >= BATCH) flush();
    else if (!scheduled) {
      scheduled = true;
      setImmediate(flush);
    }
  };
  return { write, flush };
}

/** Throws the open error (a missing directory, say) for the caller to report. */
export function openOutput(path: string | null, io: Io): Output {
  if (path === null) {
    const out = batched((text) => io.stdout.write(text));
    return {
      file: io.stdoutFile,
      write: out.write,
      close: () => {
        out.flush();
        return new Promise((resolve) => io.stdout.write('', () => resolve()));
      },
      discard: () => {},
    };
  }
  // Not emptied yet: a file that turns out to be an input (`-o a.log a.log`) is left as it was.
  // It is emptied before the first write, or at close.
  const fd = openSync(path, constants.O_WRONLY | constants.O_CREAT, 0o666);
  const stats = fstatSync(fd);
  let emptied = !stats.isFile(); // a device or a FIFO has nothing to empty
  let failure: Error | null = null;
  const empty = (): void => {
    if (emptied) return;
    emptied = true;
    try {
      ftruncateSync(fd, 0);
    } catch (error) {
      failure ??= error as Error;
    }
  };
  const stream = createWriteStream(path, { fd });
  stream.on('error', (error) => {
    failure ??= error;
  });
  const out = batched((text) => {
    empty();
    if (!failure) stream.write(text);
  });
  return {
    file: { dev: stats.dev, ino: stats.ino },
    write: out.write,
    discard: () => stream.destroy(),
    close: () =>
      new Promise((resolve, reject) => {
        out.flush();
        empty();
        stream.end((error?: Error | null) => {
          const failed = failure ?? error;
          if (failed) reject(failed);
          else resolve();
        });
      }),
  };
}

/** Colour for the table: `always`, `never`, or on a terminal unless NO_COLOR is set. */
export function wantsColor(mode: string, io: Io, toFile: boolean): boolean {
  if (mode === 'always') return true;
  if (mode === 'never' || toFile) return false;
  return Boolean(io.stdout.isTTY) && !io.env.NO_COLOR;
}

/**
 * Whether the terminal takes UTF-8, from the locale as the C library reads it: the first of
 * LC_ALL, LC_CTYPE and LANG that is set and not empty names the character set ("en_US.UTF-8",
 * "C.utf8"); none (the C locale) is ASCII. The table draws its trends to suit.
 */
export function wantsUnicode(env: NodeJS.ProcessEnv): boolean {
  const locale = env.LC_ALL || env.LC_CTYPE || env.LANG || '';
  return /utf-?8/i.test(locale);
}

/** The terminal's width for fitting a table; null when not a terminal or of unknown size (0). */
export function terminalWidth(io: Io, toFile: boolean): number | null {
  const columns = io.stdout.columns ?? 0;
  return !toFile && io.stdout.isTTY && columns > 0 ? columns : null;
}
