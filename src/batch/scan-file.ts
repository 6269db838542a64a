// Batch stage, one file: its source read and decoded (input stage), its lines matched and timed
// (match stage), its hits counted per code. The same code runs on the main thread and in each
// worker; before a large scan, each thread warms it up on made-up logs (parallel/warm-up.ts).

import { loadCatalog, planMatches } from '../catalog/catalog.js';
import { nodeFromPath, readSource, type Source } from '../input/index.js';
import { DEFAULT_ERA, DEFAULT_NUMERIC, loadOrBuildMatcher, matcherOptionsFor } from '../match/automaton-file.js';
import { LineScanner, type LineEvents } from '../match/lines.js';
import { createLineClock } from '../match/timestamps.js';
import { DEFAULT_EVENT_WINDOW_MS, FileTally, type CountingRules } from '../report/file-tally.js';
import type { Hit, Timestamp } from '../types.js';
import { warmUpLogs } from './parallel/warm-up.js';
import type { FileScan, ScanSetup } from './types.js';

/** A file not read: nothing counted. */
const EMPTY_SCAN: FileScan = { bytes: 0, lines: 0, codes: new Map(), unknown: new Map(), unknownOverflow: 0, outsideWindow: 0, timeline: null, warning: null, error: null, skipped: null };

export async function scanFile(
  source: Source,
  fileIndex: number,
  setup: ScanSetup,
  onHit: (hit: Hit) => void,
  onRead: (bytes: number) => void,
): Promise<FileScan> {
  // Listed by the expansion as not a log: not opened.
  if (source.skip) return { ...EMPTY_SCAN, codes: new Map(), unknown: new Map(), skipped: source.skip };
  const clock = createLineClock({ tzOffsetMinutes: setup.tzOffsetMinutes, year: setup.year, mtimeMs: source.mtimeMs });
  // --node, else the RTMT download folder the file sits in.
  const node = setup.node ?? nodeFromPath(source.display);
  const hits = new FileHits(source.display, fileIndex, setup, onHit, () => node);
  const lines = new LineScanner({ matcher: setup.matcher, clock, wantText: setup.wantHits, events: hits });
  let bytes = 0;
  const outcome = await readSource(source, { stdin: setup.stdin, onRead }, (chunk) => {
    bytes += chunk.length;
    lines.feed(chunk);
  });
  lines.end();
  const { tally } = hits;
  return {
    bytes,
    lines: lines.lines,
    codes: tally.codes,
    unknown: tally.unknown,
    unknownOverflow: tally.unknownOverflow,
    outsideWindow: tally.outsideWindow,
    timeline: tally.timeline.toData(),
    ...outcome,
  };
}

/** A scan this big gets the thread's scan code warmed up first (a few milliseconds). */
export const WARM_UP_MIN_BYTES = 8 * 1024 * 1024;
/** Chunk sizes of the warm-up: small and odd, so that tokens and lines are cut everywhere. */
const WARM_UP_CHUNKS = [97, 4093];
let warmedUp = false;

/** Whether this thread's scan code has been warmed up (for tests). */
export const scanCodeWarmedUp = (): boolean => warmedUp;

/**
 * Scans made-up logs (warm-up.ts) in small chunks, once per thread, before a large scan. V8
 * optimizes the scan's code during the first megabyte of a file, with type feedback for the paths
 * run so far only; each later first use of a path (a chunk's end, an unknown token, a long line)
 * then threw the optimized code away and compiled it again. Run here first, every path has its
 * feedback: on the bench's 16 files, deoptimizations of the scan's code fell from about 10 to none
 * and compilations from 56 to about 40 per thread, which matters most with --jobs, where the
 * compiler shares the cores with the scan.
 */
export function warmUpScanCode(setup: ScanSetup): void {
  if (warmedUp) return;
  warmedUp = true;
  const hits = new FileHits('', 0, setup, () => {}, () => null);
  for (const log of warmUpLogs(setup.targets)) {
    for (const size of WARM_UP_CHUNKS) {
      const clock = createLineClock({ tzOffsetMinutes: setup.tzOffsetMinutes, year: setup.year, mtimeMs: 0 });
      const lines = new LineScanner({ matcher: setup.matcher, clock, wantText: setup.wantHits, events: hits });
      for (let at = 0; at < log.length; at += size) lines.feed(log.subarray(at, at + size));
      lines.end();
    }
  }
}

/**
 * One file's hits, from the line stage to the report stage's tally (and, for ndjson, as hit
 * events). A class rather than an object of closures made per file: the line scanner's optimized
 * calls into it then stay valid from one file to the next.
 */
class FileHits implements LineEvents {
  readonly tally: FileTally;

  constructor(
    private readonly file: string,
    fileIndex: number,
    private readonly setup: ScanSetup,
    private readonly onHit: (hit: Hit) => void,
    node: () => string | null,
  ) {
    this.tally = new FileTally(fileIndex, setup.counting, node);
  }

  hit(id: number, line: number, time: Timestamp | null, text: string | null): void {
    const entry = this.setup.targets[id];
    if (this.tally.code(entry.code, line, time) !== 'outside' && this.setup.wantHits) this.onHit({ code: entry.code, value: entry.value, file: this.file, line, time, text: text ?? '' });
  }

  unknown(token: string, line: number, time: Timestamp | null): void {
    this.tally.unknownToken(token, line, time);
  }

  unknownOverflow(count: number, line: number, time: Timestamp | null): void {
    this.tally.overflow(count, line, time);
  }
}

/**
 * The settings a worker started ahead scans with (prewarm.ts), before the scan's own are known:
 * the default catalog and automaton, no --tz or --year, no hit events.
 */
export function defaultScanSetup(): ScanSetup {
  const plan = planMatches(loadCatalog(null), DEFAULT_ERA, DEFAULT_NUMERIC);
  return {
    matcher: loadOrBuildMatcher(matcherOptionsFor(plan, DEFAULT_NUMERIC)),
    targets: plan.targets,
    tzOffsetMinutes: null,
    year: null,
    jobs: 1,
    stdin: process.stdin,
    wantHits: false,
    workerSpec: null,
    node: null,
    counting: DEFAULT_COUNTING,
  };
}

/** Every hit counted, events by the default window, the timeline by the default rule. */
export const DEFAULT_COUNTING: CountingRules = { window: null, eventWindowMs: DEFAULT_EVENT_WINDOW_MS, bucketSeconds: null };

/** Whether hits are counted as a worker started ahead counts them (DEFAULT_COUNTING). */
export const isDefaultCounting = (c: CountingRules): boolean => c.window === null && c.eventWindowMs === DEFAULT_EVENT_WINDOW_MS && c.bucketSeconds === null;
