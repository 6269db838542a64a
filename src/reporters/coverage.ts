// Reporter helpers for the window and the coverage of the traces: takes a report's window and trace
// sets and gives which gaps overlap the window, and the plain facts every format words its own way.

import { parseTimestamp } from '../match/timestamps.js';
import type { CoverageEntry, CoverageGap, CoverageRestart, Report, ReportWindow } from '../types.js';
import { countOf } from './text.js';

/** How the report stage words the warning for a gap in the window (CONTRACT.md, Coverage). */
const NOT_COVERED = /^the window is not fully covered/i;

/** The warnings of the report that say the window is not fully covered. */
export function notCoveredWarnings(report: Report): Report['inputs']['warnings'] {
  return report.inputs.warnings.filter((w) => NOT_COVERED.test(w.message));
}

/**
 * Whether a gap overlaps the window (at or after since, before until), compared as the window
 * compares hits: a bound with an offset by instant (a gap time without one read as UTC), one without
 * by the wall clock as written. An end of the gap that is not known (null) could be anywhere
 * beyond the other: it is taken to reach the window, since the question is whether the traces
 * cover it. No window: no gap is in it.
 */
export function gapInWindow(gap: CoverageGap, window: ReportWindow | null): boolean {
  if (window === null) return false;
  const from = gap.from === null ? null : parseTimestamp(gap.from);
  const to = gap.to === null ? null : parseTimestamp(gap.to);
  const since = window.since === null ? null : parseTimestamp(window.since);
  const until = window.until === null ? null : parseTimestamp(window.until);
  const compare = (a: ReturnType<typeof parseTimestamp>, bound: NonNullable<ReturnType<typeof parseTimestamp>>): number => {
    if (a === null) return Number.NaN;
    if (bound.offsetMinutes !== null) return a.epochMs - bound.epochMs;
    return a.wall < bound.wall ? -1 : a.wall > bound.wall ? 1 : 0;
  };
  // NaN (an unknown end) fails neither test: the gap is taken to reach the bound.
  if (since !== null && compare(to, since) <= 0) return false;
  if (until !== null && compare(from, until) >= 0) return false;
  return true;
}

/** Every gap of every trace set with its set, in report order, and whether it overlaps the window. */
export function listGaps(report: Report): { entry: CoverageEntry; gap: CoverageGap; inWindow: boolean }[] {
  return report.coverage.flatMap((entry) => entry.gaps.map((gap) => ({ entry, gap, inWindow: gapInWindow(gap, report.window) })));
}

/** Every restart of every trace set with its set, in report order. */
export function listRestarts(report: Report): { entry: CoverageEntry; restart: CoverageRestart }[] {
  return report.coverage.flatMap((entry) => entry.restarts.map((restart) => ({ entry, restart })));
}

/** "2024-08-13T07:00:00.000 to 2024-08-13T17:00:00.000", "from X on", "before Y", each time as `show` writes it. */
export function describeWindowSpan(window: ReportWindow, show: (time: string) => string = (t) => t): string {
  if (window.since !== null && window.until !== null) return `${show(window.since)} to ${show(window.until)}`;
  if (window.since !== null) return `from ${show(window.since)} on`;
  return window.until !== null ? `before ${show(window.until)}` : 'any time';
}

// ---- Plain facts for the CI formats, before each escapes them ----

/** "Time window: X to Y; 7 hit lines outside it are not counted.", or null without a window. */
export function describeWindow(report: Report): string | null {
  if (report.window === null) return null;
  const outside = report.inputs.outsideWindow;
  return `Time window: ${describeWindowSpan(report.window)}; ${countOf(outside, 'hit line')} outside it ${outside === 1 ? 'is' : 'are'} not counted.`;
}

const timeOrUnknown = (time: string | null): string => time ?? 'an unknown time';

/** "logs/SDL001_200: 4180 trace lines missing: no traces from X to Y, between a and b (inside the time window)." */
export function describeGap(entry: CoverageEntry, gap: CoverageGap, inWindow: boolean): string {
  return (
    `${entry.set}: ${gap.reason}: no traces from ${timeOrUnknown(gap.from)} to ${timeOrUnknown(gap.to)}, ` +
    `between ${gap.after} and ${gap.before}${inWindow ? ' (inside the time window)' : ''}.`
  );
}

/** "logs/SDL001_200: the service restarted at X (the trace sequence starts over in b)." */
export function describeRestart(entry: CoverageEntry, restart: CoverageRestart): string {
  return `${entry.set}: the service restarted${restart.at === null ? '' : ` at ${restart.at}`} (the trace sequence starts over in ${restart.file}).`;
}

/** "2 trace sets, 1 gap (1 inside the time window), 1 restart". */
export function describeCoverageCounts(report: Report): string {
  const gaps = listGaps(report);
  const inside = gaps.filter((g) => g.inWindow).length;
  const restarts = listRestarts(report).length;
  return `${countOf(report.coverage.length, 'trace set')}, ${countOf(gaps.length, 'gap')}${inside > 0 ? ` (${inside} inside the time window)` : ''}, ${countOf(restarts, 'restart')}`;
}
