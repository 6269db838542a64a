// Shapes that pass between the stages of the pipeline:
// sources -> matcher -> lines/timestamps -> aggregate -> policy -> reporter.

export type Era = 'modern' | '4.1';

/**
 * Distinct unknown tokens kept (CONTRACT.md), by a file's tally and by the whole report: any
 * 0x8ccc.... value and any CTIERR_ word is one, so that memory stays bounded on any input. Hit lines
 * of further tokens are counted in inputs.unknownOverflow.
 */
export const MAX_UNKNOWN_TOKENS = 10_000;
/**
 * The entry of `unexpected` that stands for the hit lines counted in inputs.unknownOverflow, under
 * --fail-on-unknown: they cannot be named, and they fail the run all the same.
 */
export const UNKNOWN_OVERFLOW = 'inputs.unknownOverflow';
export const ERAS = ['modern', '4.1'] as const;

/** A time as the log wrote it: wall clock plus, where known, its UTC offset. */
export interface Timestamp {
  /** Wall clock as written, "2024-08-13T07:32:38.644" (always milliseconds, never converted). */
  wall: string;
  /** UTC offset in minutes when the log states it or --tz gives it; null when unknown. */
  offsetMinutes: number | null;
  /** The instant for ordering: wall minus offset, or wall read as UTC when the offset is unknown. */
  epochMs: number;
}

/** One line's hit of one code, as printed by ndjson and watch. */
export interface Hit {
  code: string;
  value: string | null;
  file: string;
  line: number;
  time: Timestamp | null;
  /** The line without its newline, cut to a bounded length around the hit. */
  text: string;
}

export interface FileMessage {
  file: string;
  message: string;
}

/**
 * A file by its device and inode: the file this run writes its output to, which it must not read
 * (an ndjson scan or a watch would read its own hits back, without end).
 */
export interface FileIdentity {
  dev: number;
  ino: number;
}

/** Orders strings by their UTF-16 code units, as paths are sorted everywhere (not by locale). */
export const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Whether a file's stat is that of `file`. */
export const isSameFile = (stats: FileIdentity, file: FileIdentity | null): boolean => file !== null && stats.dev === file.dev && stats.ino === file.ino;

/** A file found in a directory, by a glob or in an archive and not read: known not to be a log. */
export interface SkippedFile {
  file: string;
  reason: string;
}

/** JSON report location: `time` is ISO 8601 in the log's own wall clock. */
export interface ReportLocation {
  time: string | null;
  file: string;
  line: number;
}

export interface ReportCode {
  code: string;
  value: string | null;
  aliases: string[];
  description: string;
  count: number;
  /** Failures: hits within the event window of their event's first hit, in one input, are one. */
  events: number;
  files: number;
  /** Hit lines per node; {} when no input has a node. */
  nodes: Record<string, number>;
  firstSeen: ReportLocation;
  lastSeen: ReportLocation;
  expected: boolean;
}

export interface ReportUnknown {
  token: string;
  count: number;
  files: number;
  nodes: Record<string, number>;
  firstSeen: ReportLocation;
  lastSeen: ReportLocation;
}

/** --since and --until as the report writes them (ISO 8601; with an offset when given one). */
export interface ReportWindow {
  since: string | null;
  until: string | null;
}

/** Hit lines per code (and unknown token) per bucket of `bucketSeconds`, from `from` on. */
export interface ReportTimeline {
  from: string;
  bucketSeconds: number;
  buckets: number;
  codes: Record<string, number[]>;
}

/** A stretch of time a trace set does not cover. */
export interface CoverageGap {
  from: string | null;
  to: string | null;
  reason: string;
  after: string;
  before: string;
}

/** A trace sequence that goes down between two files of a set: the service restarted. */
export interface CoverageRestart {
  at: string | null;
  file: string;
}

/** One trace set: the files of one node and directory whose names differ only in a running number. */
export interface CoverageEntry {
  node: string | null;
  set: string;
  files: number;
  from: string | null;
  to: string | null;
  gaps: CoverageGap[];
  restarts: CoverageRestart[];
}

/** The JSON report of CONTRACT.md, schemaVersion 1. */
export interface Report {
  schemaVersion: 1;
  tool: { name: 'cti-logscan'; version: string };
  inputs: {
    files: number;
    bytes: number;
    lines: number;
    warnings: FileMessage[];
    errors: FileMessage[];
    skipped: SkippedFile[];
    /** Hit lines of unknown tokens past the first MAX_UNKNOWN_TOKENS distinct ones, which are not listed. */
    unknownOverflow: number;
    /** Hit lines the time window left out. */
    outsideWindow: number;
  };
  window: ReportWindow | null;
  codes: ReportCode[];
  unknown: ReportUnknown[];
  timeline: ReportTimeline | null;
  coverage: CoverageEntry[];
  unexpected: string[];
  exitCode: number;
}
