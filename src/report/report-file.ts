// Report stage, the one reader of a report file: a JSON report written by --format json or
// --write-baseline, read back for --baseline (its counts) and for merge (all of it). A problem
// names the file and the field (exit 78). Fields added after a report was written may be absent:
// what it lacks is then unknown, never zero (CONTRACT.md).

import { fieldError, readJsonFile } from '../errors.js';
import { parseTimestamp } from '../match/timestamps.js';
import type { Report } from '../types.js';

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
