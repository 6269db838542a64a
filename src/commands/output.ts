// Where a command's report goes: standard output, or the --output file opened before any work so
// that a bad path fails fast. A failed write is reported by the caller as one line, exit 2.

import { createWriteStream, openSync } from 'node:fs';
import type { Io } from './command.js';

export interface Output {
  write(text: string): void;
  /** Flushes; rejects with the first write error. */
  close(): Promise<void>;
}

/** Throws the open error (a missing directory, say) for the caller to report. */
export function openOutput(path: string | null, io: Io): Output {
  if (path === null) {
    return {
      write: (text) => {
        io.stdout.write(text);
      },
      close: () => new Promise((resolve) => io.stdout.write('', () => resolve())),
    };
  }
  const stream = createWriteStream(path, { fd: openSync(path, 'w') });
  let failure: Error | null = null;
  stream.on('error', (error) => {
    failure ??= error;
  });
  return {
    write: (text) => {
      if (!failure) stream.write(text);
    },
    close: () =>
      new Promise((resolve, reject) => {
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

/** The terminal's width for fitting a table; null when not a terminal or of unknown size (0). */
export function terminalWidth(io: Io, toFile: boolean): number | null {
  const columns = io.stdout.columns ?? 0;
  return !toFile && io.stdout.isTTY && columns > 0 ? columns : null;
}
