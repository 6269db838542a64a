// Report stage: takes the merged tallies, the inputs' outcome and the policy; gives the JSON
// report of CONTRACT.md (codes sorted by count, then code) with its exit code.

import type { Seen, Tallies, Tally } from './aggregate.js';
import type { Catalog } from '../catalog/catalog.js';
import type { Policy } from './policy.js';
import { formatTimestamp } from '../match/timestamps.js';
import { compareStrings, UNKNOWN_OVERFLOW, type CoverageEntry, type FileMessage, type Report, type ReportLocation, type SkippedFile } from '../types.js';
import type { Timeline } from './timeline.js';
import { describeWindow, isoOfInstant, type TimeWindow } from './window.js';
import { EXIT } from '../errors.js';

export const TOOL_VERSION = '1.0.0';

export interface ScanTotals {
  /** Inputs read. */
  fileCount: number;
  /** Display paths by file index (the order of Seen.fileIndex: sorted paths). */
  files: string[];
  bytes: number;
  lines: number;
  warnings: FileMessage[];
  errors: FileMessage[];
  /** Files found but not read (known not to be logs); absent where nothing lists them (merge). */
  skipped?: SkippedFile[];
  codes: Tallies;
  unknown: Tallies;
  /** Hit lines of unknown tokens past the MAX_UNKNOWN_TOKENS kept in `unknown`; absent: 0 (watch keeps every token). */
  unknownOverflow?: number;
  /** Hit lines the window left out; absent: 0. */
  outsideWindow?: number;
  /** The window the hits were counted in; absent: none. */
  window?: TimeWindow | null;
  /** Every input's timeline, merged; absent: no timed hit. */
  timeline?: Timeline;
  /** The trace sets and what they cover; absent: none known. */
  coverage?: CoverageEntry[];
}

export interface ReportOptions {
  catalog: Catalog;
  policy: Policy;
}

/**
 * The timeline's `from`: hits are placed by instant (a time without an offset as if UTC), and
 * `from` is written in the logs' own offset when they all share one, without one when none has
 * one, and in UTC when they differ.
 */
function formatBucketStart(epochMs: number, offset: number | null | undefined): string {
  if (offset === undefined) return isoOfInstant(epochMs);
  const wall = new Date(epochMs + (offset ?? 0) * 60_000).toISOString().slice(0, 23);
  return formatTimestamp({ wall, offsetMinutes: offset, epochMs });
}

/** A tally's hit lines per node, by node name. */
const nodesOf = (tally: Tally): Record<string, number> => Object.fromEntries([...tally.nodes].sort(([a], [b]) => compareStrings(a, b)));

export function buildReport(totals: ScanTotals, options: ReportOptions): Report {
  const where = (seen: Seen): ReportLocation => ({
    time: seen.time ? formatTimestamp(seen.time) : null,
    file: totals.files[seen.fileIndex],
    line: seen.line,
  });
  const byCount = ([a, x]: [string, Tally], [b, y]: [string, Tally]): number => y.count - x.count || (a < b ? -1 : a > b ? 1 : 0);
  const codes = [...totals.codes].sort(byCount).map(([code, tally]) => {
    const entry = options.catalog.byCode.get(code);
    if (!entry) throw new Error(`internal: a hit of ${code}, which the catalog does not hold`);
    return {
      code,
      value: entry.value,
      aliases: entry.aliases,
      description: entry.description,
      count: tally.count,
      events: tally.events,
      files: tally.files,
      nodes: nodesOf(tally),
      firstSeen: where(tally.first),
      lastSeen: where(tally.last),
      expected: options.policy.expectsCode(entry, tally.count),
    };
  });
  const unknown = [...totals.unknown].sort(byCount).map(([token, tally]) => ({
    token,
    count: tally.count,
    files: tally.files,
    nodes: nodesOf(tally),
    firstSeen: where(tally.first),
    lastSeen: where(tally.last),
  }));
  const unknownOverflow = totals.unknownOverflow ?? 0;
  const unexpected = [
    ...codes.filter((c) => !c.expected).map((c) => c.code),
    ...(options.policy.failOnUnknown ? unknown.filter((u) => !options.policy.expectsUnknown(u.token, u.count)).map((u) => u.token) : []),
    // Tokens not kept cannot be allowed by name, so under --fail-on-unknown they fail (CONTRACT.md).
    ...(options.policy.failOnUnknown && unknownOverflow > 0 ? [UNKNOWN_OVERFLOW] : []),
  ];
  const exitCode = totals.errors.length > 0 ? EXIT.inputError : unexpected.length > 0 ? EXIT.unexpected : EXIT.ok;
  return {
    schemaVersion: 1,
    tool: { name: 'cti-logscan', version: TOOL_VERSION },
    inputs: {
      files: totals.fileCount,
      bytes: totals.bytes,
      lines: totals.lines,
      warnings: totals.warnings,
      errors: totals.errors,
      skipped: totals.skipped ?? [],
      unknownOverflow,
      outsideWindow: totals.outsideWindow ?? 0,
    },
    window: describeWindow(totals.window ?? null),
    codes,
    unknown,
    timeline: totals.timeline?.finish((key) => totals.codes.has(key) || totals.unknown.has(key), formatBucketStart) ?? null,
    coverage: totals.coverage ?? [],
    unexpected,
    exitCode,
  };
}
