// Report stage, merge: takes JSON reports (one per server, say) and gives the tallies of all of them, as
// if every input had been scanned at once: counts and files add up, first and last seen take the
// extremes (ties by path, then line), inputs add up. Reports of another schemaVersion are refused.
// Unknown tokens past MAX_UNKNOWN_TOKENS are not kept: the most frequent are (a merge cannot know
// which came first in its inputs), and the hit lines of the rest join inputs.unknownOverflow.

import { mergeTallies, type Seen, type Tallies, type Tally } from './aggregate.js';
import type { Catalog } from '../catalog/catalog.js';
import { fieldError } from '../errors.js';
import type { ScanTotals } from './build-report.js';
import { parseTimestamp } from '../match/timestamps.js';
import { checkReport, type MergeInput } from './report-file.js';
import { compareStrings, MAX_UNKNOWN_TOKENS, type Report, type ReportLocation, type ReportTimeline, type ReportWindow } from '../types.js';
import { Timeline, type TimelineData } from './timeline.js';
import { describeWindow, type TimeBound, type TimeWindow } from './window.js';

export interface NamedReport {
  path: string;
  report: unknown;
}

/**
 * A report's timeline as counts to merge: its buckets at its own resolution, its span from its
 * first to its last bucket with a hit (the merged report's bucket and `from` are then what one
 * scan of all the inputs gives, as its bucket is never finer than any report's).
 */
function timelineOfReport(t: ReportTimeline): TimelineData {
  const from = parseTimestamp(t.from);
  const fromMs = from?.epochMs ?? 0;
  const first = Math.floor(fromMs / 1000 / t.bucketSeconds);
  let minMs: number | null = null;
  let maxMs: number | null = null;
  const counts: TimelineData['counts'] = Object.entries(t.codes).map(([key, row]) => {
    const buckets: Array<[number, number]> = [];
    row.forEach((n, i) => {
      if (n === 0) return;
      buckets.push([first + i, n]);
      const at = (first + i) * t.bucketSeconds * 1000;
      minMs = minMs === null ? at : Math.min(minMs, at);
      maxMs = maxMs === null ? at : Math.max(maxMs, at);
    });
    return [key, buckets];
  });
  return { resolution: t.bucketSeconds, fixed: false, minMs, maxMs, offsets: [from?.offsetMinutes ?? null], counts };
}

/** A report's window back as bounds (with an offset: an instant; without: a wall clock). */
function windowOfReport(w: ReportWindow | null): TimeWindow | null {
  if (w === null) return null;
  const bound = (text: string | null): TimeBound | null => {
    if (text === null) return null;
    const t = parseTimestamp(text);
    if (t === null) return null;
    return t.offsetMinutes === null ? { kind: 'wall', wall: t.wall, text } : { kind: 'instant', epochMs: t.epochMs, text };
  };
  return { since: bound(w.since), until: bound(w.until) };
}

/** `bucketSeconds`: merge's --bucket; null: the default rule on the merged span. */
export function mergeReports(inputs: readonly MergeInput[], catalog: Catalog, bucketSeconds: number | null = null): ScanTotals {
  const reports = inputs.filter((i): i is NamedReport => 'report' in i);
  const counted = inputs.filter((i): i is { path: string; totals: ScanTotals } => 'totals' in i);
  const checked = reports.map(({ path, report }) => checkMerged(path, report, catalog));
  for (const { path, totals } of counted) {
    for (const code of totals.codes.keys()) if (!catalog.byCode.has(code)) fieldError(path)(`hit event of ${code}`, `${code} is not in the catalog (give merge the --catalog the scan used)`);
  }
  // Seen.fileIndex orders by path, as one scan of all the inputs would.
  const paths = new Set<string>();
  for (const r of checked) {
    for (const item of [...r.codes, ...r.unknown]) paths.add(item.firstSeen.file).add(item.lastSeen.file);
  }
  for (const { totals } of counted) for (const file of totals.files) paths.add(file);
  const files = [...paths].sort(compareStrings);
  const indexOf = new Map(files.map((f, i) => [f, i]));
  const seen = (l: ReportLocation): Seen => ({ time: l.time === null ? null : parseTimestamp(l.time), fileIndex: indexOf.get(l.file)!, line: l.line });

  const totals: ScanTotals = {
    fileCount: 0,
    files,
    bytes: 0,
    lines: 0,
    warnings: [],
    errors: [],
    skipped: [],
    codes: new Map(),
    unknown: new Map(),
    unknownOverflow: 0,
    outsideWindow: 0,
    window: null,
    timeline: new Timeline(bucketSeconds),
    coverage: [],
  };
  const windows = new Set<string>();
  for (const [i, r] of checked.entries()) {
    const path = reports[i].path;
    totals.fileCount += r.inputs.files;
    totals.bytes += r.inputs.bytes;
    totals.lines += r.inputs.lines;
    // A report written before the field existed kept every token: nothing overflowed.
    totals.unknownOverflow! += r.inputs.unknownOverflow ?? 0;
    totals.outsideWindow! += r.inputs.outsideWindow ?? 0;
    // Loops, not push(...list): a list of 130,000 entries overflows the stack as arguments.
    for (const m of r.inputs.warnings) totals.warnings.push(m);
    for (const m of r.inputs.errors) totals.errors.push(m);
    for (const s of r.inputs.skipped ?? []) totals.skipped!.push(s);
    for (const c of r.coverage ?? []) totals.coverage!.push(c);
    windows.add(JSON.stringify(r.window ?? null));
    // What a report written before a field existed lacks is unknown, never zero: said so.
    if (r.codes.some((c) => c.events === undefined)) totals.warnings.push({ file: path, message: 'a report from before events were counted: its hit lines are taken as its events' });
    if (r.timeline === undefined && r.codes.some((c) => c.firstSeen.time !== null)) totals.warnings.push({ file: path, message: 'a report from before timelines: its hits are not in the timeline' });
    if (r.timeline) totals.timeline!.merge(timelineOfReport(r.timeline));
    const tallyOf = (c: { count: number; files: number; events?: number; nodes?: Record<string, number>; firstSeen: ReportLocation; lastSeen: ReportLocation }): Tally => ({
      count: c.count,
      events: c.events ?? c.count,
      files: c.files,
      nodes: new Map(Object.entries(c.nodes ?? {})),
      first: seen(c.firstSeen),
      last: seen(c.lastSeen),
    });
    const codes: Tallies = new Map(r.codes.map((c) => [c.code, tallyOf(c)]));
    const unknown: Tallies = new Map(r.unknown.map((u) => [u.token, tallyOf(u)]));
    mergeTallies(totals.codes, codes);
    mergeTallies(totals.unknown, unknown);
  }
  // Hit events counted as a scan counts them: their tallies, placed by path among all the inputs'.
  for (const { totals: t } of counted) {
    totals.fileCount += t.fileCount;
    for (const m of t.warnings) totals.warnings.push(m);
    totals.outsideWindow! += t.outsideWindow ?? 0;
    windows.add(JSON.stringify(describeWindow(t.window ?? null)));
    if (t.timeline) totals.timeline!.merge(t.timeline);
    const placed = (tallies: Tallies): Tallies =>
      new Map([...tallies].map(([k, v]) => [k, { ...v, first: { ...v.first, fileIndex: indexOf.get(t.files[v.first.fileIndex])! }, last: { ...v.last, fileIndex: indexOf.get(t.files[v.last.fileIndex])! } }]));
    mergeTallies(totals.codes, placed(t.codes));
  }
  // One window for all, or none said: reports counted in other windows are not of one scan.
  if (windows.size === 1) totals.window = windowOfReport(JSON.parse([...windows][0]) as ReportWindow | null);
  else totals.warnings.push({ file: reports.map((r) => r.path).join(', '), message: 'reports of other time windows: the merged report gives no window' });
  totals.coverage!.sort((a, b) => compareStrings(a.node ?? '', b.node ?? '') || compareStrings(a.set, b.set));
  if (totals.unknown.size > MAX_UNKNOWN_TOKENS) {
    // The report's own order (count, then token): the least frequent give way.
    const byCount = [...totals.unknown].sort(([a, x]: [string, Tally], [b, y]: [string, Tally]) => y.count - x.count || compareStrings(a, b));
    totals.unknown = new Map(byCount.slice(0, MAX_UNKNOWN_TOKENS));
    for (const [, tally] of byCount.slice(MAX_UNKNOWN_TOKENS)) totals.unknownOverflow! += tally.count;
  }
  const byFile = (a: { file: string }, b: { file: string }): number => compareStrings(a.file, b.file);
  totals.warnings.sort(byFile);
  totals.errors.sort(byFile);
  totals.skipped!.sort(byFile);
  return totals;
}

/** A report as merge reads it (report-file.ts), its codes all in the catalog this merge judges by. */
const checkMerged = (path: string, data: unknown, catalog: Catalog): Report =>
  checkReport(path, data, 'whole', (code) => (catalog.byCode.has(code) ? null : `${code} is not in the catalog (give merge the --catalog the scan used)`));
