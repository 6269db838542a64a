// Report stage, the one reader of a report file: a JSON report written by --format json or
// --write-baseline, read back for --baseline (its counts) and for merge (all of it). A problem
// names the file and the field (exit 78). Fields added after a report was written may be absent:
// what it lacks is then unknown, never zero (CONTRACT.md).

import { describeError, fieldError, readJsonFile } from '../errors.js';
import { nodeFromPath } from '../input/index.js';
import { parseTimestamp } from '../match/timestamps.js';
import { compareStrings, type Report, type Timestamp } from '../types.js';
import { mergeTallies } from './aggregate.js';
import type { ScanTotals } from './build-report.js';
import { FileTally, type CountingRules } from './file-tally.js';
import { Timeline } from './timeline.js';

/** What a baseline needs of a report: each code's and unknown token's count. */
export interface ReportCounts {
  codes: Array<{ code: string; count: number }>;
  unknown: Array<{ token: string; count: number }>;
}

/**
 * Reads and checks a report file. `counts`: only what a baseline needs (a baseline written by hand
 * may hold no more than `schemaVersion`, `codes` and `unknown`); `whole`: every field merge reads.
 */
export function readReportFile(path: string, depth: 'counts'): ReportCounts;
export function readReportFile(path: string, depth: 'whole'): Report;
export function readReportFile(path: string, depth: 'counts' | 'whole'): ReportCounts | Report {
  return checkReport(path, readJsonFile(path), depth);
}

const isCount = (v: unknown): boolean => Number.isInteger(v) && (v as number) >= 0;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** What is wrong with a code name in a report, or null (merge: it must be in the catalog merge judges by). */
export type CodeCheck = (code: string) => string | null;

export function checkReport(path: string, data: unknown, depth: 'counts', codeCheck?: CodeCheck): ReportCounts;
export function checkReport(path: string, data: unknown, depth: 'whole', codeCheck?: CodeCheck): Report;
export function checkReport(path: string, data: unknown, depth: 'counts' | 'whole', codeCheck?: CodeCheck): ReportCounts | Report;
export function checkReport(path: string, data: unknown, depth: 'counts' | 'whole', codeCheck?: CodeCheck): ReportCounts | Report {
  const fail = fieldError(path);
  if (!isObject(data)) return fail('(top level)', 'expected a cti-logscan JSON report');
  if (data.schemaVersion !== 1) fail('schemaVersion', `expected 1, found ${JSON.stringify(data.schemaVersion)}`);
  const whole = depth === 'whole';
  if (whole) checkInputs(data.inputs, fail);
  const checkList = (field: 'codes' | 'unknown', key: 'code' | 'token'): void => {
    // A baseline written by hand may leave out a list it has nothing in.
    const list = whole ? data[field] : (data[field] ?? []);
    if (!Array.isArray(list)) return fail(field, 'expected an array');
    list.forEach((item: unknown, i: number) => {
      const at = `${field}[${i}]`;
      if (!isObject(item)) return fail(at, 'expected an object');
      if (typeof item[key] !== 'string') fail(`${at}.${key}`, 'expected a string');
      const problem = key === 'code' ? (codeCheck?.(item.code as string) ?? null) : null;
      if (problem !== null) fail(`${at}.code`, problem);
      if (!isCount(item.count)) fail(`${at}.count`, 'expected a whole number');
      if (!whole) return;
      if (!isCount(item.files)) fail(`${at}.files`, 'expected a whole number');
      // Fields added later: absent in an older report, checked when there.
      if (item.events !== undefined && !isCount(item.events)) fail(`${at}.events`, 'expected a whole number');
      if (item.nodes !== undefined && (!isObject(item.nodes) || !Object.values(item.nodes).every(isCount))) fail(`${at}.nodes`, 'expected an object of whole numbers by node');
      for (const where of ['firstSeen', 'lastSeen']) {
        const l = item[where];
        if (!isObject(l) || typeof l.file !== 'string' || !isCount(l.line)) return fail(`${at}.${where}`, 'expected { time, file, line }');
        if (l.time !== null && (typeof l.time !== 'string' || parseTimestamp(l.time) === null)) fail(`${at}.${where}.time`, 'expected null or an ISO 8601 time as cti-logscan writes it');
      }
    });
  };
  checkList('codes', 'code');
  checkList('unknown', 'token');
  if (whole) {
    checkTimeline(data.timeline, fail);
    if (data.coverage !== undefined && (!Array.isArray(data.coverage) || data.coverage.some((c) => !isObject(c) || typeof c.set !== 'string' || !Array.isArray(c.gaps)))) {
      fail('coverage', 'expected an array of { node, set, files, from, to, gaps, restarts }');
    }
    return data as unknown as Report;
  }
  return { codes: (data.codes ?? []) as ReportCounts['codes'], unknown: (data.unknown ?? []) as ReportCounts['unknown'] };
}

function checkTimeline(t: unknown, fail: (field: string, problem: string) => never): void {
  if (t === undefined || t === null) return;
  if (!isObject(t) || typeof t.from !== 'string' || parseTimestamp(t.from) === null) return fail('timeline.from', 'expected an ISO 8601 time as cti-logscan writes it');
  if (!Number.isInteger(t.bucketSeconds) || (t.bucketSeconds as number) < 1) fail('timeline.bucketSeconds', 'expected a whole number of seconds');
  if (!isCount(t.buckets)) fail('timeline.buckets', 'expected a whole number');
  if (!isObject(t.codes)) return fail('timeline.codes', 'expected an object of counts by code');
  for (const [key, row] of Object.entries(t.codes)) {
    if (!Array.isArray(row) || row.length !== t.buckets || !row.every(isCount)) fail(`timeline.codes.${key}`, `expected ${t.buckets} whole numbers`);
  }
}

function checkInputs(inputs: unknown, fail: (field: string, problem: string) => never): void {
  if (!isObject(inputs)) return fail('inputs', 'expected an object');
  for (const key of ['files', 'bytes', 'lines']) if (!isCount(inputs[key])) fail(`inputs.${key}`, 'expected a whole number');
  for (const key of ['warnings', 'errors']) {
    const list = inputs[key];
    if (!Array.isArray(list) || list.some((m) => typeof m?.file !== 'string' || typeof m?.message !== 'string')) fail(`inputs.${key}`, 'expected an array of { file, message }');
  }
  if (inputs.unknownOverflow !== undefined && !isCount(inputs.unknownOverflow)) fail('inputs.unknownOverflow', 'expected a whole number');
  const skipped = inputs.skipped ?? [];
  if (!Array.isArray(skipped) || skipped.some((m) => typeof m?.file !== 'string' || typeof m?.reason !== 'string')) fail('inputs.skipped', 'expected an array of { file, reason }');
}

/** What a merge reads: a report (checked by merge), or hit events counted as one scan counts them. */
export type MergeInput = { path: string; report: unknown } | { path: string; totals: ScanTotals };

/**
 * What a stream of ndjson events (a scan's --format ndjson, a watch's) holds: each `summary`
 * event's report, and for hit events after the last summary (a watch still running, a stream cut
 * short) their tallies, counted by the same rules as a scan's (file-tally.ts), with a warning
 * that their bytes and lines are not known. Read line by line with split2; a line that is not a
 * cti-logscan event is a ConfigError naming the file and the line.
 */
export async function readEventStream(path: string, stream: NodeJS.ReadableStream, counting: CountingRules): Promise<MergeInput[]> {
  const { default: split2 } = await import('split2');
  const out: MergeInput[] = [];
  let section = new EventsCounted(counting);
  let lineNo = 0;
  const fail = fieldError(path);
  try {
    for await (const line of stream.pipe(split2()) as AsyncIterable<string>) {
      lineNo++;
      if (line.trim() === '') continue;
      let event: unknown;
      try {
        event = JSON.parse(line);
      } catch {
        fail(`line ${lineNo}`, 'not valid JSON (expected one cti-logscan event a line)');
      }
      if (!isObject(event) || typeof event.type !== 'string') return fail(`line ${lineNo}`, 'not a cti-logscan event (no "type")');
      if (event.type === 'summary') {
        // The report covers the hits before it.
        out.push({ path, report: event.report });
        section = new EventsCounted(counting);
      } else if (event.type === 'hit') {
        const time = event.time === null ? null : typeof event.time === 'string' ? parseTimestamp(event.time) : undefined;
        if (typeof event.code !== 'string' || typeof event.file !== 'string' || !isCount(event.line) || time === undefined || (event.time !== null && time === null)) {
          fail(`line ${lineNo}`, 'a hit event needs code, file, line and time (null or as cti-logscan writes it)');
        }
        section.add(event.code as string, event.file as string, event.line as number, time ?? null);
      }
      // ready, rotated, truncated: nothing to count.
    }
  } catch (error) {
    if (error instanceof Error && (error as NodeJS.ErrnoException).code) fail('(reading)', describeError(error as NodeJS.ErrnoException));
    throw error;
  }
  if (section.files.size > 0) out.push({ path, totals: section.totals(path) });
  return out;
}

/** Hit events counted per file as a scan counts a file's hits (events, timeline), then as one run's totals. */
class EventsCounted {
  readonly files = new Map<string, FileTally>();

  constructor(private readonly counting: CountingRules) {}

  add(code: string, file: string, line: number, time: Timestamp | null): void {
    let tally = this.files.get(file);
    // The file's place in the order is set when the totals are made (by path).
    if (!tally) this.files.set(file, (tally = new FileTally(0, this.counting, () => nodeFromPath(file))));
    tally.code(code, line, time);
  }

  totals(path: string): ScanTotals {
    const files = [...this.files.keys()].sort(compareStrings);
    const totals: ScanTotals = {
      fileCount: files.length,
      files,
      bytes: 0,
      lines: 0,
      warnings: [{ file: path, message: 'hit events without a summary (a watch still running, or a stream cut short): counted from the events; bytes and lines not known' }],
      errors: [],
      skipped: [],
      codes: new Map(),
      unknown: new Map(),
      outsideWindow: 0,
      window: this.counting.window,
      timeline: new Timeline(this.counting.bucketSeconds),
    };
    files.forEach((file, fileIndex) => {
      const t = this.files.get(file)!;
      mergeTallies(totals.codes, new Map([...t.codes].map(([k, v]) => [k, { ...v, first: { ...v.first, fileIndex }, last: { ...v.last, fileIndex } }])));
      totals.outsideWindow! += t.outsideWindow;
      totals.timeline!.merge(t.timeline);
    });
    return totals;
  }
}
