// Merge stage: takes JSON reports (one per server, say) and gives the tallies of all of them, as
// if every input had been scanned at once: counts and files add up, first and last seen take the
// extremes (ties by path, then line), inputs add up. Reports of another schemaVersion are refused.
// Unknown tokens past MAX_UNKNOWN_TOKENS are not kept: the most frequent are (a merge cannot know
// which came first in its inputs), and the hit lines of the rest join inputs.unknownOverflow.

import { mergeTallies, type Seen, type Tallies, type Tally } from './aggregate.js';
import type { Catalog } from '../catalog/catalog.js';
import { fieldError } from '../errors.js';
import type { ScanTotals } from './build-report.js';
import { parseTimestamp } from '../match/timestamps.js';
import { compareStrings, MAX_UNKNOWN_TOKENS, type Report, type ReportLocation } from '../types.js';

export interface NamedReport {
  path: string;
  report: unknown;
}

export function mergeReports(reports: readonly NamedReport[], catalog: Catalog): ScanTotals {
  const checked = reports.map(({ path, report }) => checkReport(path, report, catalog));
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

/** The fields a merge reads, checked; a problem names the file and the field (exit 78). */
function checkReport(path: string, report: unknown, catalog: Catalog): Report {
  const fail = fieldError(path);
  if (typeof report !== 'object' || report === null || Array.isArray(report)) return fail('(top level)', 'expected a cti-logscan JSON report');
  const r = report as Record<string, unknown>;
  if (r.schemaVersion !== 1) fail('schemaVersion', `expected 1, found ${JSON.stringify(r.schemaVersion)}`);
  const inputs = r.inputs as Record<string, unknown> | undefined;
  if (typeof inputs !== 'object' || inputs === null) return fail('inputs', 'expected an object');
  for (const key of ['files', 'bytes', 'lines']) if (!isCount(inputs[key])) fail(`inputs.${key}`, 'expected a whole number');
  for (const key of ['warnings', 'errors']) {
    const list = inputs[key];
    if (!Array.isArray(list) || list.some((m) => typeof m?.file !== 'string' || typeof m?.message !== 'string')) {
      fail(`inputs.${key}`, 'expected an array of { file, message }');
    }
  }
  if (inputs.unknownOverflow !== undefined && !isCount(inputs.unknownOverflow)) fail('inputs.unknownOverflow', 'expected a whole number');
  const skipped = inputs.skipped ?? [];
  if (!Array.isArray(skipped) || skipped.some((m) => typeof m?.file !== 'string' || typeof m?.reason !== 'string')) {
    fail('inputs.skipped', 'expected an array of { file, reason }');
  }
  const checkList = (field: 'codes' | 'unknown', key: 'code' | 'token'): void => {
    const list = r[field];
    if (!Array.isArray(list)) return fail(field, 'expected an array');
    list.forEach((item: Record<string, unknown> | null, i: number) => {
      const at = `${field}[${i}]`;
      if (typeof item !== 'object' || item === null) return fail(at, 'expected an object');
      if (typeof item[key] !== 'string') fail(`${at}.${key}`, 'expected a string');
      if (field === 'codes' && !catalog.byCode.has(item.code as string)) {
        fail(`${at}.code`, `${item.code} is not in the catalog (give merge the --catalog the scan used)`);
      }
      if (!isCount(item.count) || !isCount(item.files)) fail(`${at}.count`, 'expected whole numbers in count and files');
      for (const where of ['firstSeen', 'lastSeen']) {
        const l = item[where] as Record<string, unknown> | null;
        if (typeof l !== 'object' || l === null || typeof l.file !== 'string' || !isCount(l.line)) fail(`${at}.${where}`, 'expected { time, file, line }');
        if (l!.time !== null && (typeof l!.time !== 'string' || parseTimestamp(l!.time) === null)) fail(`${at}.${where}.time`, 'expected null or an ISO 8601 time as cti-logscan writes it');
      }
    });
  };
  checkList('codes', 'code');
  checkList('unknown', 'token');
  return report as Report;
}

const isCount = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0;
