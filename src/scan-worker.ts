// A worker thread of the batch scan (see pool.ts): takes the main thread's automaton as data, then
// scans each file it is sent with the same code as the main thread, and posts the result.

import { parentPort, workerData } from 'node:worker_threads';
import { matcherFromTables } from './matcher.js';
import { toWire, type WorkerMessage, type WorkerSpec } from './pool.js';
import { scanFile } from './scan.js';
import type { Source } from './sources.js';
import type { Hit } from './types.js';

const spec = workerData as WorkerSpec;
const matcher = matcherFromTables(spec.tables);
/** Hits are sent in batches: one message per hit would cost more than the scan. */
const HIT_BATCH = 1000;
/** Bytes read are reported for progress in batches too. */
const READ_BATCH = 16 * 1024 * 1024;

const post = (message: WorkerMessage): void => parentPort!.postMessage(message);

parentPort!.on('message', ({ index, source }: { index: number; source: Source }) => {
  let hits: Hit[] = [];
  let unreported = 0;
  const setup = {
    matcher,
    targets: spec.targets,
    tzOffsetMinutes: spec.tzOffsetMinutes,
    year: spec.year,
    jobs: 1,
    stdin: process.stdin,
    wantHits: spec.wantHits,
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
});
