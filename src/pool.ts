// Worker threads for the batch scan (--jobs N): each builds the same automaton from a WorkerSpec
// and scans whole files it is sent, returning tallies (plain data) and, for ndjson, hits. The
// main thread keeps the order of output, so the report does not depend on the number of workers.

import { Worker } from 'node:worker_threads';
import type { Tallies, Tally } from './aggregate.js';
import type { CatalogEntry } from './catalog.js';
import type { MatcherTables } from './matcher.js';
import type { Hit } from './types.js';
import type { FileScan } from './scan.js';
import type { Source } from './sources.js';

/** What a worker needs: this thread's automaton (as data: no second build) and clock settings. */
export interface WorkerSpec {
  tables: MatcherTables;
  targets: CatalogEntry[];
  tzOffsetMinutes: number | null;
  year: number | null;
  wantHits: boolean;
}

/** Messages to a worker: the settings (to a worker started ahead, which has none), then files. */
export type ToWorker = { type: 'spec'; spec: WorkerSpec } | { type: 'scan'; index: number; source: Source };

/** Messages from a worker. Tallies travel as entry lists (a Map does not survive postMessage as is). */
export type WorkerMessage =
  | { type: 'hits'; index: number; hits: Hit[] }
  | { type: 'read'; bytes: number }
  | { type: 'done'; index: number; result: WireScan }
  | { type: 'failed'; index: number; message: string };

export type WireScan = Omit<FileScan, 'codes' | 'unknown'> & { codes: Array<[string, Tally]>; unknown: Array<[string, Tally]> };

export const toWire = (scan: FileScan): WireScan => ({ ...scan, codes: [...scan.codes], unknown: [...scan.unknown] });
const fromWire = (wire: WireScan): FileScan => ({ ...wire, codes: new Map(wire.codes) as Tallies, unknown: new Map(wire.unknown) as Tallies });

export interface ScanPool {
  scan(source: Source, index: number, onHit: (hit: Hit) => void): Promise<FileScan>;
  close(): Promise<void>;
}

interface Pending {
  resolve(scan: FileScan): void;
  reject(error: Error): void;
  onHit(hit: Hit): void;
}

/**
 * `onRead` hears of every byte any worker reads (for progress). `prestarted`: a worker started
 * ahead (prewarm.ts), used as the first one: it is sent the settings instead of being started.
 */
export function createScanPool(size: number, spec: WorkerSpec, onRead: (bytes: number) => void, prestarted: Worker | null = null): ScanPool {
  const url = new URL('./scan-worker.js', import.meta.url);
  const idle: Worker[] = [];
  const waiting: Array<(w: Worker) => void> = [];
  const pending = new Map<number, Pending>();
  const workers = Array.from({ length: size }, (_, i) => {
    const adopted = i === 0 ? prestarted : null;
    const worker = adopted ?? new Worker(url, { workerData: spec });
    if (adopted) {
      adopted.ref();
      adopted.postMessage({ type: 'spec', spec } satisfies ToWorker);
    }
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'read') {
        onRead(message.bytes);
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
    });
    worker.on('error', (error) => {
      for (const p of pending.values()) p.reject(error);
      pending.clear();
    });
    idle.push(worker);
    return worker;
  });
  const release = (worker: Worker): void => {
    const next = waiting.shift();
    if (next) next(worker);
    else idle.push(worker);
  };
  const acquire = (): Promise<Worker> => {
    const worker = idle.pop();
    return worker ? Promise.resolve(worker) : new Promise((resolve) => waiting.push(resolve));
  };
  return {
    async scan(source, index, onHit) {
      const worker = await acquire();
      return new Promise<FileScan>((resolve, reject) => {
        pending.set(index, { resolve, reject, onHit });
        worker.postMessage({ type: 'scan', index, source } satisfies ToWorker);
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
