// Worker threads for the batch scan (--jobs N): each builds the same automaton from a WorkerSpec
// and scans whole files it is sent, returning tallies (plain data) and, for ndjson, hits. The
// main thread keeps the order of output, so the report does not depend on the number of workers.

import { Worker } from 'node:worker_threads';
import type { Tallies, Tally } from '../../report/aggregate.js';
import type { Hit } from '../../types.js';
import type { FileScan, WorkerSpec } from '../types.js';
import type { PrestartedWorker } from './prewarm.js';
import type { Source } from '../../input/index.js';

/**
 * A file a worker started ahead scans: its path, time and size, so that a changed file is not
 * taken, and whether it was found or named, since a found file is read differently (not a log by
 * its bytes: skipped). A file matched by a glob and named too is found for the scan, named for
 * the worker, which never sees globs.
 */
export const aheadKey = (source: Source): string => `${source.found ? 'found' : 'named'}:${source.mtimeMs}:${source.size}:${source.path}`;

/**
 * Messages to a worker: the settings (to a worker started ahead, which has none), then files.
 * `claims` is shared by every thread: a file is scanned by the thread that claims it first.
 */
export type ToWorker = { type: 'spec'; spec: WorkerSpec } | { type: 'scan'; index: number; source: Source; claims: Int32Array };

/** A file's claim (ToWorker's `claims`): free, or scanned by a worker, or by the main thread. */
export const CLAIM = { free: 0, worker: 1, main: 2 } as const;

/** Messages from a worker. Tallies travel as entry lists (a Map does not survive postMessage as is). */
export type WorkerMessage =
  | { type: 'hits'; index: number; hits: Hit[] }
  | { type: 'read'; bytes: number }
  | { type: 'done'; index: number; result: WireScan }
  | { type: 'failed'; index: number; message: string }
  // The file was taken back by the main thread before this worker began it (see CLAIM).
  | { type: 'taken'; index: number }
  // A worker started ahead (prewarm.ts): a file begun and done with the default settings, and the end of that.
  | { type: 'ahead-started'; key: string }
  | { type: 'ahead-done'; key: string; result: WireScan }
  | { type: 'ahead-ended' };

export type WireScan = Omit<FileScan, 'codes' | 'unknown'> & { codes: Array<[string, Tally]>; unknown: Array<[string, Tally]> };

export const toWire = (scan: FileScan): WireScan => ({ ...scan, codes: [...scan.codes], unknown: [...scan.unknown] });
const fromWire = (wire: WireScan): FileScan => ({ ...wire, codes: new Map(wire.codes) as Tallies, unknown: new Map(wire.unknown) as Tallies });

/** Files a worker is given at once: the one it scans and the next. */
export const QUEUE_PLACES = 2;

export interface ScanPool {
  scan(source: Source, index: number, onHit: (hit: Hit) => void): Promise<FileScan>;
  /**
   * The file as a worker started ahead scanned it with the default settings, if it did or is
   * doing so (its fileIndex is the worker's guess); null otherwise, or when it could not finish.
   */
  scannedAhead(source: Source): Promise<FileScan | null> | null;
  /**
   * A file waiting in a worker's queue, not begun, now the caller's to scan (null: none): its
   * scan() settles with what the caller gives. For a thread with nothing else to do, at the end.
   */
  takeBack(): QueuedFile | null;
  close(): Promise<void>;
}

export interface QueuedFile {
  source: Source;
  index: number;
  onHit(hit: Hit): void;
  resolve(scan: FileScan): void;
  reject(error: Error): void;
}

interface Pending extends QueuedFile {
  worker: Worker;
}

/**
 * `onRead` hears of every byte any worker reads (for progress). `prestarted`: a worker started
 * ahead (prewarm.ts), used as the first one: it is sent the settings instead of being started,
 * and files sent to it wait in its queue until the one it is scanning ahead is done.
 */
export function createScanPool(
  size: number,
  spec: WorkerSpec,
  sourceCount: number,
  onRead: (bytes: number) => void,
  prestarted: PrestartedWorker | null = null,
): ScanPool {
  const url = new URL('./worker.js', import.meta.url);
  const claims = new Int32Array(new SharedArrayBuffer(4 * sourceCount));
  // Free places in the workers' queues, first come first served: a worker holds the file it scans
  // and the next, so that it never waits for this thread, itself busy scanning, to hear it is done.
  const idle: Worker[] = [];
  const waiting: Array<(w: Worker | null) => void> = [];
  const dead = new Set<Worker>();
  let closing = false;
  const pending = new Map<number, Pending>();
  const ahead = new Map<string, { result: Promise<FileScan | null>; settle(scan: FileScan | null): void }>();
  const endAhead = (): void => {
    for (const file of ahead.values()) file.settle(null); // begun, not done: the worker failed
  };
  const release = (worker: Worker): void => {
    const next = waiting.shift();
    if (next) next(worker);
    else idle.push(worker);
  };
  /** A place in a worker's queue; null when every worker has failed. */
  const acquire = (): Promise<Worker | null> => {
    const worker = idle.shift();
    if (worker) return Promise.resolve(worker);
    return dead.size === size ? Promise.resolve(null) : new Promise((resolve) => waiting.push(resolve));
  };
  const workers = Array.from({ length: size }, (_, i) => {
    const adopted = i === 0 ? prestarted : null;
    const worker = adopted?.worker ?? new Worker(url, { workerData: spec });
    const hear = (message: WorkerMessage): void => {
      if (message.type === 'read') {
        onRead(message.bytes);
        return;
      }
      if (message.type === 'ahead-started') {
        let settle!: (scan: FileScan | null) => void;
        const result = new Promise<FileScan | null>((resolve) => (settle = resolve));
        ahead.set(message.key, { result, settle });
        return;
      }
      if (message.type === 'ahead-done') {
        ahead.get(message.key)?.settle(fromWire(message.result));
        return;
      }
      if (message.type === 'ahead-ended') {
        endAhead();
        return;
      }
      if (message.type === 'taken') {
        release(worker); // its file was settled by the thread that took it back
        return;
      }
      const p = pending.get(message.index);
      if (!p) return;
      if (message.type === 'hits') {
        for (const hit of message.hits) p.onHit(hit);
        return;
      }
      pending.delete(message.index);
      release(worker);
      if (message.type === 'done') p.resolve(fromWire(message.result));
      else p.reject(new Error(message.message));
    };
    worker.on('message', hear);
    // A worker that fails (or ends before close) takes no more files; its own fail with its error.
    const fail = (error: Error): void => {
      if (closing || dead.has(worker)) return;
      dead.add(worker);
      for (let at = idle.indexOf(worker); at >= 0; at = idle.indexOf(worker)) idle.splice(at, 1);
      for (const [index, p] of pending) {
        if (p.worker !== worker) continue;
        p.reject(error);
        pending.delete(index);
      }
      if (worker === adopted?.worker) endAhead();
      // With no worker left, files waiting for a place would wait for ever.
      if (dead.size === size) for (const next of waiting.splice(0)) next(null);
    };
    worker.on('error', fail);
    worker.on('exit', (code) => fail(new Error(`a scan worker ended (exit code ${code})`)));
    if (adopted) {
      adopted.worker.ref();
      // What it said before: the files it has begun or done ahead, perhaps the end of that.
      for (const message of adopted.said) hear(message as WorkerMessage);
      // It takes files at once too: they wait in its queue for the end of the file it scans ahead.
      adopted.worker.postMessage({ type: 'spec', spec } satisfies ToWorker);
    }
    return worker;
  });
  for (let place = 0; place < QUEUE_PLACES; place++) idle.push(...workers);
  return {
    async scan(source, index, onHit) {
      const worker = await acquire();
      if (!worker) throw new Error('every scan worker has failed');
      return new Promise<FileScan>((resolve, reject) => {
        pending.set(index, { worker, source, index, resolve, reject, onHit });
        worker.postMessage({ type: 'scan', index, source, claims } satisfies ToWorker);
      });
    },
    scannedAhead(source) {
      return ahead.get(aheadKey(source))?.result ?? null;
    },
    takeBack() {
      for (const [index, p] of pending) {
        if (Atomics.compareExchange(claims, index, CLAIM.free, CLAIM.main) !== CLAIM.free) continue; // begun
        pending.delete(index);
        return p;
      }
      return null;
    },
    async close() {
      closing = true;
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
