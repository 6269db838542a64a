// Report stage, policy: decides which codes seen are expected and which are unexpected. Takes --allow
// patterns, --max limits, a baseline report and --fail-on-unknown; gives a judge of (code, count).

import { createRequire } from 'node:module';
import { formatHex, parseValue, type Catalog, type CatalogEntry } from '../catalog/catalog.js';
import { ERAS } from '../types.js';
import { readReportFile } from './report-file.js';

export interface PolicyRules {
  /** Names, aliases, values (any spelling) or globs: a code matching one is always expected. */
  allow: string[];
  /** Code (a name, alias or value) -> the most hits that are still expected. */
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
  /** --allow patterns and --max names that match no catalog code: a typo allows nothing, and says so. */
  readonly unmatched: Array<{ rule: 'allow' | 'max'; pattern: string }>;
}

type Picomatch = typeof import('picomatch');
/** What makes an --allow pattern a glob; any other pattern is a name, compared as it is. */
const GLOB_SYNTAX = /[*?[\]{}()!+@\\]/;
let picomatch: Picomatch | null = null;
/** picomatch takes 10-15 ms to load, a twentieth of the start-up: it is loaded for a glob only. */
const loadPicomatch = (): Picomatch => (picomatch ??= createRequire(import.meta.url)('picomatch') as Picomatch);

/**
 * What one --allow pattern or --max name stands for: catalog entries (a name, an alias, a glob over
 * them, or a value in any spelling explain takes, which means every entry that value has meant),
 * and the unknown token it names exactly (`CTIERR_NOT_IN_ANY_TABLE`, `0x8CCC0299`). A glob never
 * names an unknown token: `--allow '*' --fail-on-unknown` must still fail on a code nobody knows.
 */
interface Rule {
  entries: Set<CatalogEntry>;
  token: string | null;
}

function resolveRule(pattern: string, catalog: Catalog): Rule {
  const value = parseValue(pattern);
  if (value !== null) {
    const hex = formatHex(value);
    const entries = new Set(catalog.entries.filter((e) => e.value === hex));
    for (const era of ERAS) {
      const entry = catalog.entryForValue(value, era);
      if (entry) entries.add(entry);
    }
    return { entries, token: value >>> 16 === 0x8ccc ? hex : null };
  }
  if (GLOB_SYNTAX.test(pattern)) {
    const matches = loadPicomatch()(pattern, { dot: true });
    return { entries: new Set(catalog.entries.filter((e) => [e.code, ...e.aliases].some((name) => matches(name)))), token: null };
  }
  const entry = catalog.byName.get(pattern);
  return { entries: new Set(entry ? [entry] : []), token: entry ? null : pattern };
}

export function buildPolicy(rules: PolicyRules, catalog: Catalog): Policy {
  const unmatched: Policy['unmatched'] = [];
  const allowedEntries = new Set<CatalogEntry>();
  const allowedTokens = new Set<string>();
  for (const pattern of rules.allow) {
    const rule = resolveRule(pattern, catalog);
    for (const entry of rule.entries) allowedEntries.add(entry);
    if (rule.token !== null) allowedTokens.add(rule.token);
    if (rule.entries.size === 0) unmatched.push({ rule: 'allow', pattern });
  }
  // --max names a code by any of its names or values; the limit belongs to the code.
  const codeLimits = new Map<CatalogEntry, number>();
  const tokenLimits = new Map<string, number>();
  for (const [name, limit] of Object.entries(rules.max)) {
    const rule = resolveRule(name, catalog);
    for (const entry of rule.entries) codeLimits.set(entry, limit);
    if (rule.token !== null) tokenLimits.set(rule.token, limit);
    if (rule.entries.size === 0) unmatched.push({ rule: 'max', pattern: name });
  }
  const withinBaseline = (table: Map<string, number> | undefined, key: string, count: number): boolean =>
    table !== undefined && count <= (table.get(key) ?? -1);
  return {
    failOnUnknown: rules.failOnUnknown,
    expectsCode: (entry, count) => allowedEntries.has(entry) || count <= (codeLimits.get(entry) ?? -1) || withinBaseline(rules.baseline?.codes, entry.code, count),
    expectsUnknown: (token, count) => allowedTokens.has(token) || count <= (tokenLimits.get(token) ?? -1) || withinBaseline(rules.baseline?.unknown, token, count),
    unmatched,
  };
}

/** The warning for a pattern that matches no code: a typo allows nothing, and says so. */
export function describeUnmatched({ rule, pattern }: Policy['unmatched'][number]): string {
  const token = /^CTIERR_[A-Z0-9_]+$|^0x8CCC[0-9A-F]{4}$/i.test(pattern);
  const effect = rule === 'allow' ? 'allows' : 'limits';
  return `--${rule}: ${pattern} matches no code in the catalog (${token ? `it ${effect} only an unknown token of exactly that name` : `a typo? it ${effect} nothing`})`;
}

/** Reads a baseline: any JSON report of schemaVersion 1 (report-file.ts). Problems name the file and the field. */
export function readBaseline(path: string): Baseline {
  const { codes, unknown } = readReportFile(path, 'counts');
  return { codes: new Map(codes.map((c) => [c.code, c.count])), unknown: new Map(unknown.map((u) => [u.token, u.count])) };
}
