// Types of scripts/generate-catalog.mjs, for the type-checked tests (test/tsconfig.json): the script
// stays plain JavaScript that node runs; this says what each export takes and gives.

import type { CatalogData } from '../src/catalog/catalog.js';

/** A release range: "3.3.3+" (to null), "3.3.3 only", "3.3.3–4.2.1"; `text` as written. */
export interface ReleaseRange {
  from: string;
  to: string | null;
  text: string;
}

/** A row of ../shared/reference/cti-error-values.tsv: the value and every name it had, when. */
export interface ValueRow {
  value: string;
  names: { name: string; kind: 'errName' | 'constant' | 'client'; range: ReleaseRange }[];
  in41: boolean;
}

/** A Table C-1 row. */
export interface Seed {
  name: string;
  description: string;
}

/** A Table C-1 spelling that differs from the software's (NOTES.md). */
export interface DocSpelling {
  docName: string;
  value: string;
  softwareName: string;
  typo: boolean;
}

/** data/catalog.json as generated: what the catalog stage reads, and who wrote it. */
export interface GeneratedCatalog extends CatalogData {
  generatedBy: string;
}

export function parseRange(text: string): ReleaseRange;
export function compareVersions(a: string, b: string): number;
export function parseValueTable(text: string): ValueRow[];
export function parseSeeds(text: string): Seed[];
export function parseDocSpellings(notes: string): DocSpelling[];
export function buildCatalog(inputs: {
  seedsText: string;
  tsvText: string;
  notesText: string;
  /** scripts/descriptions.json: code -> our own short description. */
  descriptions: Record<string, string>;
}): GeneratedCatalog;
export function generateFromShared(sharedDir: string): GeneratedCatalog;
export function renderCatalog(catalog: GeneratedCatalog): string;
