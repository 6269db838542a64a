// A worker thread of the batch scan (see pool.ts): builds the automaton from its WorkerSpec once,
// then scans each file it is sent with the same code as the main thread, and posts the result.

import { parentPort, workerData } from 'node:worker_threads';
import { loadCatalog, planMatches } from './catalog.js';
import { buildMatcher } from './matcher.js';
import { toWire, type WorkerMessage, type WorkerSpec } from './pool.js';
import { scanFile } from './scan.js';
import type { Source } from './sources.js';
import type { Hit } from './types.js';

const spec = workerData as WorkerSpec;
const catalog = loadCatalog(spec.catalogPath);
const plan = planMatches(catalog, spec.era, spec.numeric);
const matcher = buildMatcher({ patterns: plan.patterns, unknownNames: true, unknownHex: spec.numeric });
/** Hits are sent in batches: one message per hit would cost more than the scan. */
const HIT_BATCH = 1000;

const post = (message: WorkerMessage): void => parentPort!.postMessage(message);

parentPort!.on('message', ({ index, source }: { index: number; source: Source }) => {
  let hits: Hit[] = [];
  const setup = {
    matcher,
    targets: plan.targets,
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
    (bytes) => post({ type: 'read', bytes }),
  ).then(
    (result) => {
      if (hits.length > 0) post({ type: 'hits', index, hits });
      post({ type: 'done', index, result: toWire(result) });
    },
    (error: Error) => post({ type: 'failed', index, message: error.message }),
  );
});
