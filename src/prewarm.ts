// A worker thread started before the command line is even parsed, for a batch scan that will
// want one (--jobs): it loads its modules and warms its compiled code on generated lines while
// the main thread is still starting up, on the core that start-up leaves idle. Each thread has
// to optimize the scanner's code for itself, and that first file runs at a fraction of the speed
// otherwise; a worker started when the scan starts also loses its own start-up.
//
// Whether to start it is a guess from argv (yargs is not loaded yet): a scan of two or more named
// files of WORKER_MIN_BYTES in all, on a machine with two cores or more, --jobs not 1. A wrong
// guess costs only the idle core's time: the scan adopts the worker (pool.ts) or stops it, and an
// unused one never keeps the process alive.

import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';

/** Below this much input, worker threads cost more than they save (also scan.ts's rule). */
export const WORKER_MIN_BYTES = 16 * 1024 * 1024;

/** The commands other than the batch scan: they never scan with workers. */
const OTHER_COMMANDS = new Set(['watch', 'explain', 'codes', 'merge']);

let prestarted: Worker | null = null;

/** Starts the worker when argv looks like a batch scan that will use one. */
export function prestartScanWorker(args: readonly string[]): void {
  if (!looksLikeParallelScan(args)) return;
  prestarted = new Worker(new URL('./scan-worker.js', import.meta.url), { workerData: { prewarm: true } });
  prestarted.unref();
  // A worker that fails is not used: the scan starts its own (and reports any real failure).
  prestarted.on('error', () => {
    prestarted = null;
  });
}

/** The started worker, for the scan to adopt (null when none was started); it is then the caller's. */
export function takePrestartedWorker(): Worker | null {
  const worker = prestarted;
  prestarted = null;
  return worker;
}

/** The scan does not use it: stop it. */
export function dropPrestartedWorker(): void {
  void takePrestartedWorker()?.terminate();
}

/** The guess: a batch scan of two or more named regular files of WORKER_MIN_BYTES in all, on two cores or more, not --jobs 1. */
export function looksLikeParallelScan(args: readonly string[]): boolean {
  if (availableParallelism() < 2 || args.length === 0 || OTHER_COMMANDS.has(args[0])) return false;
  let files = 0;
  let bytes = 0;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (/^(-j|--jobs)(=1)?$/.test(arg) && (arg.endsWith('=1') || args[i + 1] === '1')) return false;
    if (arg === '-h' || arg === '--help' || arg === '-V' || arg === '--version') return false;
    if (arg.startsWith('-')) continue;
    try {
      const stats = statSync(arg);
      if (stats.isFile()) {
        files++;
        bytes += stats.size;
      }
    } catch {
      // Not a file (an option's value, a glob, a missing path): yargs and the scan will tell.
    }
  }
  return files >= 2 && bytes >= WORKER_MIN_BYTES;
}
