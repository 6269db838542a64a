// Policy stage: decides which codes seen are expected and which are unexpected. Takes --allow
// patterns, --max limits, a baseline report and --fail-on-unknown; gives a judge of (code, count).

import { createRequire } from 'node:module';
import type { Catalog, CatalogEntry } from './catalog.js';
import { fieldError, readJsonFile } from './errors.js';

export interface PolicyRules {
  /** Names, aliases or globs: a code matching one is always expected. */
  allow: string[];
  /** Code (or alias) -> the most hits that are still expected. */
  max: Record<string, number>;
  /** A baseline: codes and unknown tokens allowed up to their count in an earlier report. */
  baseline: Baseline | null;
  /** Unknown tokens are unexpected too (unless allowed or in the baseline). */
  failOnUnknown: boolean;
}

export interface Baseline {
  codes: Map<string, number>;
  unknown: Map<string, number>;
}

export interface Policy {
  readonly failOnUnknown: boolean;
  /** Whether `count` hits of the code are expected. */
  expectsCode(entry: CatalogEntry, count: number): boolean;
  /** Whether `count` hits of an unknown token are expected (consulted with failOnUnknown). */
  expectsUnknown(token: string, count: number): boolean;
}

type Picomatch = typeof import('picomatch');
/** What makes an --allow pattern a glob; any other pattern is a name, compared as it is. */
const GLOB_SYNTAX = /[*?[\]{}()!+@\\]/;
let picomatch: Picomatch | null = null;
/** picomatch takes 10-15 ms to load, a twentieth of the start-up: it is loaded for a glob only. */
const loadPicomatch = (): Picomatch => (picomatch ??= createRequire(import.meta.url)('picomatch') as Picomatch);
const matcherOf = (pattern: string): ((name: string) => boolean) =>
  GLOB_SYNTAX.test(pattern) ? loadPicomatch()(pattern, { dot: true }) : (name) => name === pattern;

export function buildPolicy(rules: PolicyRules, catalog: Catalog): Policy {
  const patterns = rules.allow.map(matcherOf);
  const allowed = (names: string[]): boolean => names.some((name) => patterns.some((m) => m(name)));
  // --max names a code by any of its names; the limit belongs to the code.
  const limits = new Map<string, number>();
  for (const [name, limit] of Object.entries(rules.max)) {
    const entry = catalog.byName.get(name);
    limits.set(entry ? entry.code : name, limit);
  }
  const withinBaseline = (table: Map<string, number> | undefined, key: string, count: number): boolean =>
    table !== undefined && count <= (table.get(key) ?? -1);
  return {
    failOnUnknown: rules.failOnUnknown,
    expectsCode: (entry, count) =>
      allowed([entry.code, ...entry.aliases, ...(entry.value ? [entry.value] : [])]) ||
      count <= (limits.get(entry.code) ?? -1) ||
      withinBaseline(rules.baseline?.codes, entry.code, count),
    expectsUnknown: (token, count) =>
      allowed([token]) || count <= (limits.get(token) ?? -1) || withinBaseline(rules.baseline?.unknown, token, count),
  };
}

/** Reads a baseline: any JSON report of schemaVersion 1. Problems name the file and the field. */
export function readBaseline(path: string): Baseline {
  const fail = fieldError(path);
  const report = readJsonFile(path);
  if (typeof report !== 'object' || report === null) return fail('(top level)', 'expected a cti-logscan JSON report');
  const r = report as Record<string, unknown>;
  if (r.schemaVersion !== 1) fail('schemaVersion', `expected 1, found ${JSON.stringify(r.schemaVersion)}`);
  const table = (field: 'codes' | 'unknown', key: 'code' | 'token'): Map<string, number> => {
    const list = r[field] ?? [];
    if (!Array.isArray(list)) return fail(field, 'expected an array');
    const out = new Map<string, number>();
    list.forEach((item: unknown, i: number) => {
      const it = item as Record<string, unknown> | null;
      if (typeof it !== 'object' || it === null) fail(`${field}[${i}]`, 'expected an object');
      if (typeof it![key] !== 'string') fail(`${field}[${i}].${key}`, 'expected a string');
      if (!Number.isInteger(it!.count) || (it!.count as number) < 0) fail(`${field}[${i}].count`, 'expected a whole number');
      out.set(it![key] as string, it!.count as number);
    });
    return out;
  };
  return { codes: table('codes', 'code'), unknown: table('unknown', 'token') };
}
