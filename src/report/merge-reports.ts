// Report stage, merge: takes JSON reports (one per server, say) and gives the tallies of all of them, as
// if every input had been scanned at once: counts and files add up, first and last seen take the
// extremes (ties by path, then line), inputs add up. Reports of another schemaVersion are refused.
// Unknown tokens past MAX_UNKNOWN_TOKENS are not kept: the most frequent are (a merge cannot know
// which came first in its inputs), and the hit lines of the rest join inputs.unknownOverflow.

import { mergeTallies, type Seen, type Tallies, type Tally } from './aggregate.js';
import type { Catalog } from '../catalog/catalog.js';
import type { ScanTotals } from './build-report.js';
import { parseTimestamp } from '../match/timestamps.js';
import { checkReport } from './report-file.js';
import { compareStrings, MAX_UNKNOWN_TOKENS, type Report, type ReportLocation } from '../types.js';

export interface NamedReport {
  path: string;
  report: unknown;
}

export function mergeReports(reports: readonly NamedReport[], catalog: Catalog): ScanTotals {
  const checked = reports.map(({ path, report }) => checkMerged(path, report, catalog));
  // Seen.fileIndex orders by path, as one scan of all the inputs would.
  const paths = new Set<string>();
  for (const r of checked) {
    for (const item of [...r.codes, ...r.unknown]) paths.add(item.firstSeen.file).add(item.lastSeen.file);
  }
  const files = [...paths].sort(compareStrings);
  const indexOf = new Map(files.map((f, i) => [f, i]));
  const seen = (l: ReportLocation): Seen => ({ time: l.time === null ? null : parseTimestamp(l.time), fileIndex: indexOf.get(l.file)!, line: l.line });

  const totals: ScanTotals = { fileCount: 0, files, bytes: 0, lines: 0, warnings: [], errors: [], skipped: [], codes: new Map(), unknown: new Map(), unknownOverflow: 0 };
  for (const r of checked) {
    totals.fileCount += r.inputs.files;
    totals.bytes += r.inputs.bytes;
    totals.lines += r.inputs.lines;
    // A report written before the field existed kept every token: nothing overflowed.
    totals.unknownOverflow! += r.inputs.unknownOverflow ?? 0;
    // Loops, not push(...list): a list of 130,000 entries overflows the stack as arguments.
    for (const m of r.inputs.warnings) totals.warnings.push(m);
    for (const m of r.inputs.errors) totals.errors.push(m);
    for (const s of r.inputs.skipped ?? []) totals.skipped!.push(s);
    const codes: Tallies = new Map(r.codes.map((c) => [c.code, { count: c.count, files: c.files, first: seen(c.firstSeen), last: seen(c.lastSeen) }]));
    const unknown: Tallies = new Map(r.unknown.map((u) => [u.token, { count: u.count, files: u.files, first: seen(u.firstSeen), last: seen(u.lastSeen) }]));
    mergeTallies(totals.codes, codes);
    mergeTallies(totals.unknown, unknown);
  }
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
