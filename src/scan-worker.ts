// A worker thread of the batch scan (see pool.ts): takes the main thread's automaton as data, then
// scans each file it is sent with the same code as the main thread, and posts the result.
// Started ahead (prewarm.ts), it first warms that code on generated lines, then waits for the
// scan's settings.

import { parentPort, workerData } from 'node:worker_threads';
import { matcherFromTables, type Matcher } from './matcher.js';
import { toWire, type ToWorker, type WorkerMessage, type WorkerSpec } from './pool.js';
import { scanFile, warmUp, type ScanSetup } from './scan.js';
import type { Source } from './sources.js';
import type { Hit } from './types.js';

/** Hits are sent in batches: one message per hit would cost more than the scan. */
const HIT_BATCH = 1000;
/** Bytes read are reported for progress in batches too. */
const READ_BATCH = 16 * 1024 * 1024;

const post = (message: WorkerMessage): void => parentPort!.postMessage(message);

let spec: WorkerSpec | null = null;
let matcher: Matcher | null = null;
const setSpec = (s: WorkerSpec): void => {
  spec = s;
  matcher = matcherFromTables(s.tables);
};

const data = workerData as WorkerSpec | { prewarm: true };
if ('prewarm' in data) {
  try {
    warmUp();
  } catch {
    // Only the warming failed (the default automaton or catalog unreadable, say): the scan's own
    // settings still come, and a cold worker scans as well, only slower at first.
  }
} else setSpec(data);

parentPort!.on('message', (message: ToWorker) => {
  if (message.type === 'spec') setSpec(message.spec);
  else scan(message.index, message.source);
});

function scan(index: number, source: Source): void {
  let hits: Hit[] = [];
  let unreported = 0;
  const setup: ScanSetup = {
    matcher: matcher!,
    targets: spec!.targets,
    tzOffsetMinutes: spec!.tzOffsetMinutes,
    year: spec!.year,
    jobs: 1,
    stdin: process.stdin,
    wantHits: spec!.wantHits,
    workerSpec: null,
  };
  scanFile(
    source,
    index,
    setup,
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
  ).then(
    (result) => {
      if (hits.length > 0) post({ type: 'hits', index, hits });
      if (unreported > 0) post({ type: 'read', bytes: unreported });
      post({ type: 'done', index, result: toWire(result) });
    },
    (error: Error) => post({ type: 'failed', index, message: error.message }),
  );
}
