// Report stage, the one reader of a report file: a JSON report written by --format json or
// --write-baseline, read back for --baseline (its counts) and for merge (all of it). A problem
// names the file and the field (exit 78). Fields added after a report was written may be absent:
// what it lacks is then unknown, never zero (CONTRACT.md).

import { describeError, fieldError, readJsonFile } from '../errors.js';
import { parseTimestamp } from '../match/timestamps.js';
import { compareStrings, type Report, type ReportLocation } from '../types.js';

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
      for (const where of ['firstSeen', 'lastSeen']) {
        const l = item[where];
        if (!isObject(l) || typeof l.file !== 'string' || !isCount(l.line)) return fail(`${at}.${where}`, 'expected { time, file, line }');
        if (l.time !== null && (typeof l.time !== 'string' || parseTimestamp(l.time) === null)) fail(`${at}.${where}.time`, 'expected null or an ISO 8601 time as cti-logscan writes it');
      }
    });
  };
  checkList('codes', 'code');
  checkList('unknown', 'token');
  if (whole) return data as unknown as Report;
  return { codes: (data.codes ?? []) as ReportCounts['codes'], unknown: (data.unknown ?? []) as ReportCounts['unknown'] };
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

/**
 * What a stream of ndjson events (a scan's --format ndjson, a watch's) holds, as reports: each
 * `summary` event's report, and for hit events after the last summary (a watch still running, a
 * stream cut short) a report made of them alone. Read line by line with split2; a line that is
 * not a cti-logscan event is a ConfigError naming the file and the line.
 */
export async function readEventStream(path: string, stream: NodeJS.ReadableStream): Promise<unknown[]> {
  const { default: split2 } = await import('split2');
  const reports: unknown[] = [];
  let section = new EventTally();
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
        reports.push(event.report);
        section = new EventTally();
      } else if (event.type === 'hit') {
        if (typeof event.code !== 'string' || typeof event.file !== 'string' || !isCount(event.line) || (event.time !== null && typeof event.time !== 'string')) {
          fail(`line ${lineNo}`, 'a hit event needs code, file, line and time');
        }
        section.add(event.code as string, { time: event.time as string | null, file: event.file as string, line: event.line as number });
      }
      // ready, rotated, truncated: nothing to count.
    }
  } catch (error) {
    if (error instanceof Error && (error as NodeJS.ErrnoException).code) fail('(reading)', describeError(error as NodeJS.ErrnoException));
    throw error;
  }
  if (section.size > 0) reports.push(section.toReport(path));
  return reports;
}

/** Hit events tallied into a report's shape: count and files per code, first and last seen. */
class EventTally {
  private readonly codes = new Map<string, { count: number; files: Set<string>; first: ReportLocation; last: ReportLocation }>();
  private readonly files = new Set<string>();

  get size(): number {
    return this.codes.size;
  }

  add(code: string, at: ReportLocation): void {
    this.files.add(at.file);
    const c = this.codes.get(code);
    if (!c) {
      this.codes.set(code, { count: 1, files: new Set([at.file]), first: at, last: at });
      return;
    }
    c.count++;
    c.files.add(at.file);
    if (comesBefore(at, c.first)) c.first = at;
    if (comesAfter(at, c.last)) c.last = at;
  }

  /** A report of what the events say; what they do not say (bytes, lines) is 0, and a warning says so. */
  toReport(path: string): unknown {
    return {
      schemaVersion: 1,
      inputs: {
        files: this.files.size,
        bytes: 0,
        lines: 0,
        warnings: [{ file: path, message: 'hit events without a summary (a watch still running, or a stream cut short): counted from the events; bytes and lines not known' }],
        errors: [],
        skipped: [],
      },
      codes: [...this.codes].map(([code, c]) => ({ code, count: c.count, files: c.files.size, firstSeen: c.first, lastSeen: c.last })),
      unknown: [],
    };
  }
}

/**
 * First and last seen's order on report locations, as aggregate.ts orders hits: timed hits win
 * over untimed ones, then earlier (later) instants, then the input path (sorted) and the line.
 */
function comesBefore(a: ReportLocation, b: ReportLocation): boolean {
  const [ta, tb] = [instantOf(a), instantOf(b)];
  if (ta !== null && tb !== null && ta !== tb) return ta < tb;
  if ((ta === null) !== (tb === null)) return ta !== null;
  return (compareStrings(a.file, b.file) || a.line - b.line) < 0;
}

function comesAfter(a: ReportLocation, b: ReportLocation): boolean {
  const [ta, tb] = [instantOf(a), instantOf(b)];
  if (ta !== null && tb !== null && ta !== tb) return ta > tb;
  if ((ta === null) !== (tb === null)) return ta !== null;
  return (compareStrings(a.file, b.file) || a.line - b.line) > 0;
}

const instantOf = (l: ReportLocation): number | null => (l.time === null ? null : (parseTimestamp(l.time)?.epochMs ?? null));
