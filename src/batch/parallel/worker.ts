// A worker thread of the batch scan (see pool.ts): takes the main thread's automaton as data, then
// scans each file it is sent with the same code as the main thread, and posts the result.
// Started ahead (prewarm.ts), it first scans the named inputs' files, from the last, with the
// default settings, until the scan's own settings come; then it takes files like any other worker.

import { parentPort, workerData } from 'node:worker_threads';
import { matcherFromTables } from '../../match/matcher.js';
import { aheadKey, CLAIM, toWire, type ToWorker, type WorkerMessage } from './pool.js';
import type { AheadData } from './prewarm.js';
import { defaultScanSetup, scanFile, warmUpScanCode } from '../scan-file.js';
import type { ScanSetup, WorkerSpec } from '../types.js';
import { namedFilesFromTheLast, type Source } from '../../input/index.js';
import type { Hit } from '../../types.js';

/** Hits are sent in batches: one message per hit would cost more than the scan. */
const HIT_BATCH = 1000;
/** Bytes read are reported for progress in batches too. */
const READ_BATCH = 16 * 1024 * 1024;

const post = (message: WorkerMessage): void => parentPort!.postMessage(message);

const setupOf = (spec: WorkerSpec): ScanSetup => ({
  matcher: matcherFromTables(spec.tables),
  targets: spec.targets,
  tzOffsetMinutes: spec.tzOffsetMinutes,
  year: spec.year,
  jobs: 1,
  stdin: process.stdin,
  wantHits: spec.wantHits,
  workerSpec: null,
  node: spec.node,
  counting: spec.counting,
});

const data = workerData as WorkerSpec | AheadData;
let setup: ScanSetup | null = 'ahead' in data ? null : setupOf(data);
/** Files are scanned one after the other, in the order sent, after the scan ahead if any: the pool sends the next file before this one is done. */
let queue: Promise<void> = Promise.resolve();

parentPort!.on('message', (message: ToWorker) => {
  if (message.type === 'spec') setup = setupOf(message.spec);
  else queue = queue.then(() => scanUnlessTaken(message.index, message.source, message.claims));
});

if ('ahead' in data) queue = scanAhead(data.ahead);

/** Scans the named inputs' files from the last (the input stage's namedFilesFromTheLast), with the default settings, until the scan's own arrive. */
async function scanAhead(inputs: readonly string[]): Promise<void> {
  try {
    const defaults = defaultScanSetup();
    warmUpScanCode(defaults);
    for await (const file of namedFilesFromTheLast(inputs)) {
      if (setup !== null) break;
      const key = aheadKey(file);
      post({ type: 'ahead-started', key });
      // Its index in the input list is not known here: the scan puts it in what it takes.
      const result = await scanFile(file, 0, defaults, () => {}, () => {});
      post({ type: 'ahead-done', key, result: toWire(result) });
    }
  } catch {
    // Nothing to reuse then (the catalog unreadable, say): the scan reads every file itself.
  } finally {
    post({ type: 'ahead-ended' });
  }
}

/** Scans a file from the queue, unless the main thread took it back first (it had nothing else to do). */
async function scanUnlessTaken(index: number, source: Source, claims: Int32Array): Promise<void> {
  if (Atomics.compareExchange(claims, index, CLAIM.free, CLAIM.worker) !== CLAIM.free) post({ type: 'taken', index });
  else await scan(index, source, setup!);
}

async function scan(index: number, source: Source, settings: ScanSetup): Promise<void> {
  let hits: Hit[] = [];
  let unreported = 0;
  try {
    warmUpScanCode(settings); // a pool is there for a large scan
    const result = await scanFile(
      source,
      index,
      settings,
      (hit) => {
        hits.push(hit);
        if (hits.length >= HIT_BATCH) {
          post({ type: 'hits', index, hits });
          hits = [];
        }
      },
      (bytes) => {
        unreported += bytes;
        if (unreported >= READ_BATCH) {
          post({ type: 'read', bytes: unreported });
          unreported = 0;
        }
      },
    );
    if (hits.length > 0) post({ type: 'hits', index, hits });
    if (unreported > 0) post({ type: 'read', bytes: unreported });
    post({ type: 'done', index, result: toWire(result) });
  } catch (error) {
    post({ type: 'failed', index, message: (error as Error).message });
  }
}
