// Batch stage, its shapes: how a scan is set up (the matcher, clock settings, threads), what it
// tells as it goes, and one file's outcome as plain data (it comes back from a worker thread).
// A leaf module: the scan and its worker pool both take them from here.

import type { CatalogEntry } from '../catalog/catalog.js';
import type { Matcher, MatcherTables } from '../match/matcher.js';
import type { Tallies } from '../report/aggregate.js';
import type { CountingRules } from '../report/file-tally.js';
import type { TimelineData } from '../report/timeline.js';
import type { FileMessage, Hit } from '../types.js';

export interface ScanSetup {
  matcher: Matcher;
  /** Pattern id -> the catalog entry it means (era already applied). */
  targets: readonly CatalogEntry[];
  tzOffsetMinutes: number | null;
  year: number | null;
  jobs: number;
  stdin: NodeJS.ReadableStream;
  /** Hit events are wanted (ndjson): lines' text is then kept. */
  wantHits: boolean;
  /** How a worker thread builds the same matcher; null: scan on this thread only. */
  workerSpec: WorkerSpec | null;
  /** --node: the node of every input; null: each input's own (its FileHead, its RTMT folder). */
  node: string | null;
  /** The window, event window and bucket. */
  counting: CountingRules;
}

export interface Progress {
  filesDone: number;
  filesTotal: number;
  /** Bytes read from disk (compressed, for gzip and zip), as they are read. */
  bytesRead: number;
  /** What the files to read hold on disk; null when standard input is among them. */
  bytesTotal: number | null;
}

export interface ScanEvents {
  /** Every line's hit of every code, in input order. */
  hit?(hit: Hit): void;
  warning?(message: FileMessage): void;
  error?(message: FileMessage): void;
  progress?(progress: Progress): void;
}

/** One file's outcome; plain data, so that it can come back from a worker thread. */
export interface FileScan {
  bytes: number;
  lines: number;
  codes: Tallies;
  /** At most MAX_UNKNOWN_TOKENS: the file's first distinct tokens, in the order they first appear. */
  unknown: Tallies;
  /** Hit lines of the file's tokens past those. */
  unknownOverflow: number;
  /** Hit lines the window left out. */
  outsideWindow: number;
  /** Its timeline's counts (plain data: it comes back from a worker thread); null when nothing was read. */
  timeline: TimelineData | null;
  warning: string | null;
  error: string | null;
  /** Why the source was not read (known not to be a log): it is listed as skipped, not counted. */
  skipped: string | null;
}

/** What a worker needs: this thread's automaton (as data: no second build) and clock settings. */
export interface WorkerSpec {
  tables: MatcherTables;
  targets: CatalogEntry[];
  tzOffsetMinutes: number | null;
  year: number | null;
  wantHits: boolean;
  node: string | null;
  counting: CountingRules;
  /** These are the default settings (default automaton, no --tz, --year, --node, window or buckets, no hit events): what a worker started ahead scanned with. */
  defaults: boolean;
}
