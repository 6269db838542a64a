// Catalog stage: loads data/catalog.json (generated from ../shared by scripts/generate-catalog.mjs)
// and answers "which entry is this name / this value in this era".

import { readFileSync } from 'node:fs';
import { fieldError, readJsonFile } from '../errors.js';
import type { Era } from '../types.js';

export interface FormerValue {
  value: string;
  releases: string;
}

export interface CatalogEntry {
  code: string;
  /** 32-bit value as "0x8CCC0009", or null for a code known only by name. */
  value: string | null;
  aliases: string[];
  description: string;
  source: string;
  releases: string;
  /** Set on entries that share their value with another meaning: the era they belong to. */
  era?: Era;
  /** Names matched in logs: Table C-1 names and CTIERR_ names; bare constants are too generic. */
  matchNames: string[];
  formerValues?: FormerValue[];
  notes: string[];
}

export interface CatalogData {
  schemaVersion: number;
  eras: Record<Era, string>;
  entries: CatalogEntry[];
  /** Every known value -> the code it means in each era. */
  values: Record<string, Record<Era, string>>;
}

export interface Catalog {
  entries: readonly CatalogEntry[];
  byCode: ReadonlyMap<string, CatalogEntry>;
  /** Every name and alias -> its entry. */
  byName: ReadonlyMap<string, CatalogEntry>;
  /** The entry a numeric value means in an era (value as an unsigned 32-bit number). */
  entryForValue(value: number, era: Era): CatalogEntry | undefined;
  /** Every known value (unsigned) with its entry in the era. */
  valuesFor(era: Era): Array<[number, CatalogEntry]>;
}

const BUNDLED = new URL('../../data/catalog.json', import.meta.url);

export const formatHex = (value: number): string => `0x${(value >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;

const HEX_SPELLING = /^0[xX]0*([0-9a-fA-F]{1,8})$/;
const DECIMAL_SPELLING = /^-?[0-9]+$/;
const UINT32_LIMIT = 2 ** 32;
const INT32_MIN = -(2 ** 31);

/**
 * The unsigned 32-bit value of a spelling a log or a user writes: hex (`0x8ccc0001`, any case,
 * leading zeros optional), unsigned or signed decimal; null when it is none of them.
 */
export function parseValue(input: string): number | null {
  const hex = HEX_SPELLING.exec(input);
  if (hex) return Number.parseInt(hex[1], 16);
  if (!DECIMAL_SPELLING.test(input)) return null;
  const n = Number(input);
  if (!Number.isSafeInteger(n) || n < INT32_MIN || n >= UINT32_LIMIT) return null;
  return n >>> 0;
}

export function loadBundledCatalog(): Catalog {
  return buildCatalog(readBundledData());
}

const readBundledData = (): CatalogData => JSON.parse(readFileSync(BUNDLED, 'utf8')) as CatalogData;

/**
 * The bundled catalog with a site catalog (--catalog FILE) merged over it: an entry whose code
 * the catalog has changes the fields it gives; a new code is added, and its value (if any) means
 * it in both eras. Bad files are ConfigErrors that name the file and the field.
 */
export function loadCatalog(sitePath: string | null): Catalog {
  const data = readBundledData();
  if (sitePath === null) return buildCatalog(data);
  const fail = fieldError(sitePath);
  const site = readJsonFile(sitePath);
  if (!isObject(site)) return fail('(top level)', 'expected an object with "entries"');
  for (const key of Object.keys(site)) if (key !== 'entries' && key !== 'schemaVersion') fail(key, 'unknown field (expected "entries")');
  if (!Array.isArray(site.entries)) return fail('entries', 'expected an array of entries');
  const byCode = new Map(data.entries.map((e) => [e.code, e]));
  site.entries.forEach((raw: unknown, i: number) => {
    const at = `entries[${i}]`;
    if (!isObject(raw)) return fail(at, 'expected an object');
    for (const key of Object.keys(raw)) if (!SITE_FIELDS.includes(key)) fail(`${at}.${key}`, `unknown field (expected one of ${SITE_FIELDS.join(', ')})`);
    if (typeof raw.code !== 'string' || !CODE_NAME.test(raw.code)) return fail(`${at}.code`, 'expected a code name such as CTIERR_SITE_SPECIFIC');
    if (raw.value !== undefined && (typeof raw.value !== 'string' || !HEX_VALUE.test(raw.value) || Number.parseInt(raw.value, 16) === 0)) {
      return fail(`${at}.value`, 'expected a non-zero 32-bit hex value such as 0x8CCC0300');
    }
    if (raw.description !== undefined && typeof raw.description !== 'string') fail(`${at}.description`, 'expected a string');
    if (raw.aliases !== undefined && (!Array.isArray(raw.aliases) || raw.aliases.some((a) => typeof a !== 'string' || !CODE_NAME.test(a)))) {
      fail(`${at}.aliases`, 'expected an array of code names');
    }
    const value = raw.value === undefined ? undefined : formatHex(Number.parseInt(raw.value as string, 16));
    const aliases = (raw.aliases as string[] | undefined) ?? [];
    const known = byCode.get(raw.code);
    if (known) {
      if (value !== undefined && value !== known.value) fail(`${at}.value`, `${raw.code} is ${known.value} in the catalog`);
      if (raw.description !== undefined) known.description = raw.description as string;
      known.aliases = [...new Set([...known.aliases, ...aliases])].sort();
      known.matchNames = [...new Set([...known.matchNames, ...aliases.filter((a) => a.startsWith('CTIERR_'))])].sort();
      return;
    }
    const entry: CatalogEntry = {
      code: raw.code,
      value: value ?? null,
      aliases: [...new Set(aliases)].sort(),
      description: (raw.description as string | undefined) ?? '',
      source: sitePath,
      releases: '',
      matchNames: [raw.code, ...aliases].filter((n) => n.startsWith('CTIERR_')).sort(),
      notes: [],
    };
    data.entries.push(entry);
    byCode.set(entry.code, entry);
    if (value !== undefined) {
      if (data.values[value]) fail(`${at}.value`, `${value} is already ${data.values[value].modern} in the catalog`);
      data.values[value] = { modern: entry.code, '4.1': entry.code };
    }
  });
  const names = new Map<string, string>();
  for (const e of data.entries) {
    for (const n of [e.code, ...e.aliases]) {
      const other = names.get(n);
      if (other && other !== e.code) fail('entries', `the name ${n} would belong to both ${other} and ${e.code}`);
      names.set(n, e.code);
    }
  }
  return buildCatalog(data);
}

const SITE_FIELDS = ['code', 'value', 'description', 'aliases'];
const CODE_NAME = /^[A-Z][A-Z0-9_]*$/;
const HEX_VALUE = /^0[xX][0-9a-fA-F]{1,8}$/;
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function buildCatalog(data: CatalogData): Catalog {
  const byCode = new Map<string, CatalogEntry>();
  const byName = new Map<string, CatalogEntry>();
  for (const entry of data.entries) {
    byCode.set(entry.code, entry);
    for (const name of [entry.code, ...entry.aliases]) byName.set(name, entry);
  }
  const byValue = new Map<number, Record<Era, CatalogEntry>>();
  for (const [hex, eras] of Object.entries(data.values)) {
    const modern = byCode.get(eras.modern);
    const old = byCode.get(eras['4.1']);
    if (!modern || !old) throw new Error(`catalog value ${hex} names an unknown code`);
    byValue.set(Number.parseInt(hex, 16) >>> 0, { modern, '4.1': old });
  }
  return {
    entries: data.entries,
    byCode,
    byName,
    entryForValue: (value, era) => byValue.get(value >>> 0)?.[era],
    valuesFor: (era) => [...byValue].map(([value, eras]) => [value, eras[era]] as [number, CatalogEntry]),
  };
}

/** What the matcher looks for in an era: each pattern's id indexes `targets`. */
export interface MatchPlan {
  patterns: Array<{ text: string; id: number; caseInsensitive?: boolean }>;
  targets: CatalogEntry[];
}

/**
 * Every matchable name (Table C-1 names and CTIERR_ names; a name means its own entry in any era)
 * and, unless `numeric` is off, every spelling of every known value but 0: hex (any case),
 * unsigned and signed decimal, meaning the entry that holds the value in `era`.
 */
export function planMatches(catalog: Catalog, era: Era, numeric: boolean): MatchPlan {
  const targets: CatalogEntry[] = [];
  const idOf = new Map<CatalogEntry, number>();
  const id = (entry: CatalogEntry): number => {
    let n = idOf.get(entry);
    if (n === undefined) {
      n = targets.length;
      targets.push(entry);
      idOf.set(entry, n);
    }
    return n;
  };
  const patterns: MatchPlan['patterns'] = [];
  for (const entry of catalog.entries) {
    for (const name of entry.matchNames) patterns.push({ text: name, id: id(entry) });
  }
  if (numeric) {
    for (const [value, entry] of catalog.valuesFor(era)) {
      if (value === 0) continue; // "0" is success, never a hit
      const target = id(entry);
      patterns.push({ text: `0x${value.toString(16).padStart(8, '0')}`, id: target, caseInsensitive: true });
      patterns.push({ text: String(value >>> 0), id: target });
      if ((value | 0) < 0) patterns.push({ text: String(value | 0), id: target });
    }
  }
  return { patterns, targets };
}
