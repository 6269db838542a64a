// Catalog stage: loads data/catalog.json (generated from ../shared by scripts/generate-catalog.mjs)
// and answers "which entry is this name / this value in this era".

import { readFileSync } from 'node:fs';
import type { Era } from './types.js';

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

const BUNDLED = new URL('../data/catalog.json', import.meta.url);

export const formatHex = (value: number): string => `0x${(value >>> 0).toString(16).toUpperCase().padStart(8, '0')}`;

export function loadBundledCatalog(): Catalog {
  return buildCatalog(JSON.parse(readFileSync(BUNDLED, 'utf8')) as CatalogData);
}

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
