// A worker thread started before the command line is even parsed, for a batch scan that will
// want one (--jobs). While the main thread starts up (Node, yargs, the catalog: a fifth of a
// second, on one core), it starts scanning the named files and the files directly in the named
// directories, from the last, with the default settings. The scan then adopts it
// (pool.ts): what it scanned counts when the scan's settings turn out to be those defaults and the
// file is unchanged, and is thrown away otherwise. Either way it is booted and its compiled code
// is warm, which a worker started with the scan has yet to do, on cores the scan keeps busy.
//
// Whether to start it is a guess from argv (yargs is not loaded yet): a scan that names a
// directory, or two or more regular files of WORKER_MIN_BYTES to scan in all (a gzip counts
// GZIP_WORK times its size), on a machine with two cores or more, --jobs not 1. A wrong guess
// costs only the idle core's time: the scan adopts the worker or stops it, and an unused one never
// keeps the process alive.

import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
// The one module of the input stage it loads: this runs before anything else does.
import { GZIP_WORK, isGzipMagic } from '../../input/magic.js';

/** Below this much input (bytes to scan), worker threads cost more than they save (also the scan's rule, scan-sources.ts). */
export const WORKER_MIN_BYTES = 16 * 1024 * 1024;

/** The commands other than the batch scan: they never scan with workers. */
const OTHER_COMMANDS = new Set(['watch', 'explain', 'codes', 'merge']);

/** What a worker started ahead is given: the inputs named (files and directories), to list as the scan will. */
export interface AheadData {
  ahead: string[];
}

/** A started worker and what it said before the scan took it (messages are kept, not lost). */
export interface PrestartedWorker {
  worker: Worker;
  said: unknown[];
}

let prestarted: (PrestartedWorker & { keep: (message: unknown) => void }) | null = null;

/** Starts the worker when argv looks like a batch scan that will use one. */
export function prestartScanWorker(args: readonly string[]): void {
  const inputs = inputsOfParallelScan(args);
  if (!inputs) return;
  const worker = new Worker(new URL('./worker.js', import.meta.url), { workerData: { ahead: inputs } satisfies AheadData });
  const said: unknown[] = [];
  const keep = (message: unknown): void => {
    said.push(message);
  };
  worker.on('message', keep);
  // A worker that fails is not used: the scan starts its own (and reports any real failure).
  worker.on('error', () => {
    if (prestarted?.worker === worker) prestarted = null;
  });
  // After the listeners: a 'message' listener holds the process again.
  worker.unref();
  prestarted = { worker, said, keep };
}

/** The started worker, for the scan to adopt (null when none was started); it is then the caller's. */
export function takePrestartedWorker(): PrestartedWorker | null {
  const taken = prestarted;
  prestarted = null;
  if (!taken) return null;
  taken.worker.off('message', taken.keep);
  return { worker: taken.worker, said: taken.said };
}

/** The scan does not use it: stop it. */
export function dropPrestartedWorker(): void {
  void takePrestartedWorker()?.worker.terminate();
}

/**
 * The guess: a batch scan that names a directory, or two or more regular files of WORKER_MIN_BYTES
 * to scan in all, on two cores or more, not --jobs 1. Gives the named paths that exist (the
 * worker lists them; an option's value that happens to be a path costs a file scanned for
 * nothing), else null.
 */
export function inputsOfParallelScan(args: readonly string[]): string[] | null {
  if (availableParallelism() < 2 || args.length === 0 || OTHER_COMMANDS.has(args[0])) return null;
  const inputs = new Set<string>();
  let files = 0;
  let bytes = 0;
  let directory = false;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    // --jobs 1, --jobs=1, -j 1, -j1 (also written 01).
    const jobs = /^(?:-j|--jobs)(?:=?(\d+))?$/.exec(arg);
    if (jobs && Number(jobs[1] ?? args[i + 1]) === 1) return null;
    if (arg === '-h' || arg === '--help' || arg === '-V' || arg === '--version') return null;
    if (arg.startsWith('-') || inputs.has(arg)) continue;
    try {
      const stats = statSync(arg);
      if (stats.isFile()) {
        files++;
        bytes += bytes < WORKER_MIN_BYTES && isGzip(arg) ? stats.size * GZIP_WORK : stats.size;
      } else if (stats.isDirectory()) {
        directory = true;
      } else {
        continue;
      }
      inputs.add(arg);
    } catch {
      // Not a path (an option's value, a glob, a missing path): yargs and the scan will tell.
    }
  }
  return directory || (files >= 2 && bytes >= WORKER_MIN_BYTES) ? [...inputs] : null;
}

/** Whether a file's first bytes are a gzip's (false when it cannot be read: the scan will say why). */
function isGzip(path: string): boolean {
  try {
    const fd = openSync(path, 'r');
    try {
      const head = Buffer.alloc(2);
      return isGzipMagic(head.subarray(0, readSync(fd, head, 0, 2, 0)));
    } finally {
      closeSync(fd);
    }
  } catch {
    return false;
  }
}
