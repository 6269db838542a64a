// Batch stage, the scan: takes sources and a built matcher; reads up to `jobs` sources at once and
// gives their merged tallies, with hits, warnings and errors delivered in input order.

import pLimit from 'p-limit';
import type { Source } from '../input/index.js';
import { mergeTallies, mergeTalliesUpTo, type Tallies } from '../report/aggregate.js';
import type { ScanTotals } from '../report/build-report.js';
import { Timeline } from '../report/timeline.js';
import { MAX_UNKNOWN_TOKENS, type Hit } from '../types.js';
import { createScanPool, QUEUE_PLACES, type ScanPool } from './parallel/pool.js';
import { dropPrestartedWorker, takePrestartedWorker, WORKER_MIN_BYTES } from './parallel/prewarm.js';
import { scanFile, WARM_UP_MIN_BYTES, warmUpScanCode } from './scan-file.js';
import type { FileScan, Progress, ScanEvents, ScanSetup } from './types.js';

/** Files open at once, whatever --jobs says. */
const MAX_OPEN_FILES = 64;
/**
 * Files of less work (bytes to scan: a gzip counts about what it inflates to, see Source.work) are
 * scanned on the main thread even while it scans another: opening and reading them costs more
 * than their scan, and the reads of several overlap there. Sent to a worker, they added its
 * messages and made the two threads wait for the same I/O threads (3,630 files of 7 KB scanned
 * slower with --jobs than without).
 */
const WORKER_MIN_FILE_BYTES = 1024 * 1024;

/** The bytes the files to read hold on disk, or null when standard input (of unknown length) is one of them. */
function sizeOfAll(sources: readonly Source[]): number | null {
  let total = 0;
  for (const source of sources) {
    if (source.path === null) return null;
    if (!source.skip) total += source.size ?? 0;
  }
  return total;
}

/** Scans every source; the result does not depend on `jobs` or on which file finished first. */
export async function scanSources(sources: readonly Source[], setup: ScanSetup, events: ScanEvents): Promise<ScanTotals> {
  const totals: ScanTotals = {
    fileCount: sources.length,
    files: sources.map((s) => s.display),
    bytes: 0,
    lines: 0,
    warnings: [],
    errors: [],
    skipped: [],
    codes: new Map(),
    unknown: new Map(),
    unknownOverflow: 0,
    outsideWindow: 0,
    window: setup.counting.window,
    timeline: new Timeline(setup.counting.bucketSeconds),
  };
  const progress: Progress = { filesDone: 0, filesTotal: sources.length, bytesRead: 0, bytesTotal: sizeOfAll(sources) };
  // From the start, not at the first file done: one large file, or standard input, shows its bytes as they are read.
  events.progress?.(progress);
  // Output in input order: the file at the head streams its hits; later files hold theirs until
  // every file before them is done.
  const held: Hit[][] = sources.map(() => []);
  const done: Array<FileScan | null> = sources.map(() => null);
  let head = 0;
  const deliver = (index: number, hit: Hit): void => {
    if (index === head) events.hit?.(hit);
    else held[index].push(hit);
  };
  const finishInOrder = (): void => {
    while (head < sources.length && done[head]) {
      const result = done[head]!;
      const file = sources[head].display;
      if (result.warning) {
        totals.warnings.push({ file, message: result.warning });
        events.warning?.({ file, message: result.warning });
      }
      if (result.error) {
        totals.errors.push({ file, message: result.error });
        events.error?.({ file, message: result.error });
      }
      if (result.skipped) totals.skipped!.push({ file, reason: result.skipped });
      // Unknown tokens in input order, not as files finish: the tokens kept past the limit are
      // then the first in input order, for any --jobs.
      totals.unknownOverflow! += result.unknownOverflow + mergeTalliesUpTo(totals.unknown, result.unknown, MAX_UNKNOWN_TOKENS);
      done[head] = null; // merged: its tallies need not be held any longer
      head++;
      if (head < sources.length) {
        for (const hit of held[head]) events.hit?.(hit);
        held[head] = [];
      }
    }
  };

  const jobs = Math.min(MAX_OPEN_FILES, Math.max(1, setup.jobs));
  const onRead = (bytes: number): void => {
    progress.bytesRead += bytes;
  };
  // With workers, this thread is one of the `jobs` scanners (it has its automaton already) and
  // jobs - 1 workers are the others; without, it reads `jobs` files at once (their I/O overlaps).
  const bytes = listedWork(sources);
  // Worker threads for more than one job and one file, and enough work in files for them to pay.
  const forWorkers = sources.filter((s) => workOf(s) >= WORKER_MIN_FILE_BYTES);
  const parallel = setup.workerSpec !== null && jobs >= 2 && sources.filter(isFile).length >= 2 && listedWork(forWorkers) >= WORKER_MIN_BYTES;
  const workers = parallel ? Math.min(jobs, sources.length) - 1 : 0;
  const pool = workers > 0 ? createScanPool(workers, setup.workerSpec!, sources.length, onRead, takePrestartedWorker()) : null;
  if (!pool) dropPrestartedWorker();
  // After the workers are on their way: they start while this thread warms up.
  if (bytes >= WARM_UP_MIN_BYTES) warmUpScanCode(setup);
  // Scans on this thread: while there is one, files go to the workers (standard input can make two).
  let mainScans = 0;
  const scanOnMain = async (source: Source, index: number, onHit: (hit: Hit) => void): Promise<FileScan> => {
    mainScans++;
    try {
      return await scanFile(source, index, setup, onHit, onRead);
    } finally {
      mainScans--;
    }
  };
  // With workers: this thread's file and the places in the workers' queues.
  const limit = pLimit(pool ? 1 + workers * QUEUE_PLACES : jobs);
  const record = (index: number, result: FileScan): void => {
    if (result.skipped) totals.fileCount--;
    totals.bytes += result.bytes;
    totals.lines += result.lines;
    totals.outsideWindow! += result.outsideWindow;
    mergeTallies(totals.codes, result.codes);
    // Counts per bucket add up in any order (timeline.ts): no need to wait for input order.
    if (result.timeline) totals.timeline!.merge(result.timeline);
    done[index] = result;
    progress.filesDone++;
    events.progress?.(progress);
    finishInOrder();
  };
  // With workers, the largest files are begun first, so that the end is made of small ones; the
  // output keeps the input order all the same. Not with hit events, which would be held meanwhile.
  const order = sources.map((_, index) => index);
  if (pool && !setup.wantHits) order.sort((a, b) => workOf(sources[b]) - workOf(sources[a]) || a - b);
  await Promise.all(
    order.map((index) =>
      limit(async () => {
        const source = sources[index];
        const onHit = (hit: Hit): void => deliver(index, hit);
        let result = await takeScannedAhead(pool, setup, source, index);
        if (result) onRead(source.size ?? 0);
        // Standard input and small files belong to this thread; a file goes to a worker when this thread is busy.
        else if (!pool || source.path === null || mainScans === 0 || workOf(source) < WORKER_MIN_FILE_BYTES) result = await scanOnMain(source, index, onHit);
        else result = await pool.scan(source, index, onHit);
        record(index, result);
        // This thread is free and no file is left to start: the files still waiting in a worker's
        // queue are better begun here at once (a large one could wait there a whole file's time).
        for (let queued = pool && mainScans === 0 && limit.pendingCount === 0 ? pool.takeBack() : null; queued; queued = pool!.takeBack()) {
          await scanOnMain(queued.source, queued.index, queued.onHit).then(queued.resolve, queued.reject);
        }
      }),
    ),
  ).finally(() => pool?.close());
  return totals;
}

/**
 * The file as the worker started ahead scanned it (prewarm.ts), when that counts: the scan's
 * settings are the defaults it used, and it is a file of its own (not an archive's member),
 * listed the same way (found or named) and unchanged since (the key holds its time and size).
 * Its tallies get the file's place in the input list, which the worker did not know.
 */
async function takeScannedAhead(pool: ScanPool | null, setup: ScanSetup, source: Source, fileIndex: number): Promise<FileScan | null> {
  // Standard input, an archive's member (it shares the archive's key) and a skipped file: never.
  if (!pool || !setup.workerSpec?.defaults || source.path === null || source.member || source.skip) return null;
  const scan = await pool.scannedAhead(source);
  if (!scan) return null;
  const placed = (tallies: Tallies): Tallies =>
    new Map([...tallies].map(([key, t]) => [key, { ...t, first: { ...t.first, fileIndex }, last: { ...t.last, fileIndex } }]));
  return { ...scan, codes: placed(scan.codes), unknown: placed(scan.unknown) };
}

/** A file to read (sizes of the rest are not known, or not read). */
const isFile = (source: Source): boolean => source.path !== null && !source.skip;

/** The bytes a file's scan is expected to go through (compressed data: about what it inflates to); 0 when not known. */
const workOf = (source: Source): number => (isFile(source) ? (source.work ?? source.size ?? 0) : 0);

/** The bytes the listed files' scans are expected to go through. */
const listedWork = (sources: readonly Source[]): number => sources.reduce((sum, s) => sum + workOf(s), 0);

