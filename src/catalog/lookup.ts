// Catalog stage, lookup for people: takes a Catalog and what a user typed (a name, an alias, a value in
// any of its spellings) and gives the matching entries and their facts (reporters/entries.ts renders them).

import { formatHex, parseValue, type Catalog, type CatalogEntry, type FormerValue } from './catalog.js';

export { parseValue };
import { ERAS, type Era } from '../types.js';

/** How an input reached an entry. */
export type MatchedBy = 'name' | 'value' | 'former value';

export interface ExplainMatch {
  entry: CatalogEntry;
  matchedBy: MatchedBy;
}

export type Lookup =
  /** `era`: the era asked for (explain --era), in which a value means one entry; null: every era. */
  | { found: true; input: string; matches: ExplainMatch[]; era: Era | null }
  /** `reason` completes "cti-logscan: <input>: …". */
  | { found: false; input: string; reason: string };

/** The facts of one entry, as explain and codes print them in JSON. */
export interface EntryFacts {
  code: string;
  value: string | null;
  unsigned: number | null;
  signed: number | null;
  aliases: string[];
  /** The names a scan matches in logs; the other aliases are known to explain only. */
  matchNames: string[];
  description: string;
  releases: string;
  source: string;
  era: Era | null;
  /** The eras in which a numeric hit of the value (or a former value) counts as this code. */
  numericHitsIn: Era[];
  formerValues: FormerValue[];
  notes: string[];
}

export const GENERIC_UNKNOWN = 'not a CTI error code or value the catalog knows';
const ZERO_NOTE = '0 is never counted as a numeric hit (it is the "no error" result); the name CTIERR_UNSPECIFIED is matched.';

const NAME = /^[A-Za-z][A-Za-z0-9_]*$/;
/** The hex spelling a scan reads as a value (CONTRACT.md): 0x and 8 digits. */
const SCANNED_HEX = /^0[xX][0-9a-fA-F]{8}$/;
const HEX = /^0[xX][0-9a-fA-F]+$/;

/**
 * Finds the entries an input means: a name or alias (any case), hex, or signed/unsigned decimal.
 * A value whose meaning changed gives an entry per era, or with `era` the one of that era (what a
 * scan with that --era counts its numeric hits as); a name means its own entry in any era.
 */
export function lookupCode(catalog: Catalog, rawInput: string, era: Era | null = null): Lookup {
  const input = rawInput.trim();
  if (NAME.test(input)) return lookupName(catalog, input, era);
  const value = parseValue(input);
  if (value === null) return { found: false, input, reason: GENERIC_UNKNOWN };
  return lookupValue(catalog, input, value, era);
}

function lookupName(catalog: Catalog, input: string, era: Era | null): Lookup {
  // Catalog names are upper case; a user typing ctierr_timeout still means CTIERR_TIMEOUT.
  const name = input.toUpperCase();
  const entry = catalog.byName.get(name);
  if (entry) return { found: true, input, matches: [{ entry, matchedBy: 'name' }], era };
  if (name.startsWith('CTIERR_')) return { found: false, input, reason: 'not in the catalog (a scan lists it under unknown)' };
  return { found: false, input, reason: GENERIC_UNKNOWN };
}

function lookupValue(catalog: Catalog, input: string, value: number, era: Era | null): Lookup {
  const hex = formatHex(value);
  // One entry per era at most (a known value has one in every era); a value whose meaning changed
  // gives two, modern first.
  const entries = [...new Set((era === null ? ERAS : [era]).map((e) => catalog.entryForValue(value, e)).filter((e) => e !== undefined))];
  if (entries.length > 0) {
    return {
      found: true,
      input,
      matches: entries.map((entry) => ({ entry, matchedBy: entry.value === hex ? 'value' : 'former value' })),
      era,
    };
  }
  if (value >>> 16 === 0x8ccc) {
    // Only the hex spelling of an unknown 0x8CCC value is listed by a scan (CONTRACT.md).
    const reason = SCANNED_HEX.test(input)
      ? `not in the catalog (a scan lists it under unknown as ${hex})`
      : HEX.test(input)
        ? `${hex} is not in the catalog (a scan lists it under unknown only when written as 0x and 8 hex digits)`
        : `${hex} is not in the catalog (a scan lists it under unknown only when written as hex)`;
    return { found: false, input, reason };
  }
  return { found: false, input, reason: GENERIC_UNKNOWN };
}

/** An entry's facts, with the three spellings of its value and where numeric hits count. */
export function describeEntry(catalog: Catalog, entry: CatalogEntry): EntryFacts {
  const value = entry.value === null ? null : Number.parseInt(entry.value, 16) >>> 0;
  const notes = value === 0 ? [...entry.notes, ZERO_NOTE] : [...entry.notes];
  return {
    code: entry.code,
    value: value === null ? null : formatHex(value),
    unsigned: value,
    signed: value === null ? null : value | 0,
    aliases: [...entry.aliases],
    matchNames: [...entry.matchNames],
    description: entry.description,
    releases: entry.releases,
    source: entry.source,
    era: entry.era ?? null,
    numericHitsIn: numericHitEras(catalog, entry),
    formerValues: (entry.formerValues ?? []).map((f) => ({ ...f })),
    notes,
  };
}

function numericHitEras(catalog: Catalog, entry: CatalogEntry): Era[] {
  const values = [entry.value, ...(entry.formerValues ?? []).map((f) => f.value)]
    .filter((v): v is string => v !== null)
    .map((v) => Number.parseInt(v, 16) >>> 0)
    .filter((v) => v !== 0); // "0" is success, never a hit
  return ERAS.filter((era) => values.some((v) => catalog.entryForValue(v, era) === entry));
}

/** Every entry, by value (unsigned) then code; entries without a value last. */
export function sortEntries(entries: readonly CatalogEntry[]): CatalogEntry[] {
  const key = (e: CatalogEntry): number => (e.value === null ? Number.POSITIVE_INFINITY : Number.parseInt(e.value, 16) >>> 0);
  return [...entries].sort((a, b) => key(a) - key(b) || (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
}
