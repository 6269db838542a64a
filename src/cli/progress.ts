// Progress on standard error for long scans: files done of total, MB read and MB/s, redrawn in
// place on a terminal. Takes a writer and a clock, so it holds no knowledge of the process.

import type { Progress } from '../batch/types.js';

/** A scan shorter than this shows no progress at all. */
export const PROGRESS_DELAY_MS = 1000;
const REDRAW_MS = 250;
const MB = 1024 * 1024;

export function formatProgress(p: Progress, elapsedMs: number): string {
  const mb = p.bytesRead / MB;
  const rate = elapsedMs > 0 ? mb / (elapsedMs / 1000) : 0;
  // Of a known total only while it holds: a file may grow while it is read.
  const of = p.bytesTotal !== null && p.bytesTotal >= p.bytesRead ? ` of ${(p.bytesTotal / MB).toFixed(1)}` : '';
  return `cti-logscan: ${p.filesDone}/${p.filesTotal} files, ${mb.toFixed(1)}${of} MB read, ${rate.toFixed(1)} MB/s`;
}

export interface ProgressLine {
  update(p: Progress): void;
  /** Writes a line of its own (a warning or error) without mixing it into the progress line. */
  message(text: string): void;
  stop(): void;
}

/** A progress line that first shows after PROGRESS_DELAY_MS, then redraws every REDRAW_MS. */
export function startProgress(write: (text: string) => void, now: () => number = Date.now): ProgressLine {
  const started = now();
  let latest: Progress | null = null;
  let shown = false;
  const draw = (): void => {
    if (!latest || now() - started < PROGRESS_DELAY_MS) return;
    write(`\r\x1b[K${formatProgress(latest, now() - started)}`);
    shown = true;
  };
  const timer = setInterval(draw, REDRAW_MS);
  timer.unref();
  const clear = (): void => {
    if (shown) write('\r\x1b[K');
    shown = false;
  };
  return {
    update: (p) => {
      latest = p; // the scan updates this object as it reads
    },
    message: (text) => {
      clear();
      write(text);
      draw();
    },
    stop: () => {
      clearInterval(timer);
      clear();
    },
  };
}

/** For a scan that shows no progress (not a terminal, or --quiet). */
export function silentProgress(write: (text: string) => void): ProgressLine {
  return { update: () => {}, message: write, stop: () => {} };
}
