// The default scan's automaton, built ahead: `npm run build` builds it once into dist/ (see
// scripts/build-automaton.mjs), and a run whose patterns are the same loads it, which takes a few
// milliseconds where building takes tens, plus the optimizing compiler's work on the build code,
// on every start. Any other plan (a site catalog, another era, --no-numeric) is built as before.
//
// The file is found by a key: a hash of the matcher's own code and of everything the build is
// given. A file left from another version, or from other patterns, is never used; a missing or
// unreadable one only means the automaton is built.
//
// Layout: the ASCII magic, a uint32 header length, a JSON header, then the arrays, each starting
// at a multiple of 8 bytes. They are read into one SharedArrayBuffer, so that worker threads use
// the same memory instead of a copy each.

import crypto from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, renameSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { MatchPlan } from '../catalog/catalog.js';
import { buildMatcher, matcherFromTables, type Matcher, type MatcherOptions, type MatcherTables } from './matcher.js';
import type { Era } from '../types.js';

const MAGIC = 'CTIAUTO1';

interface Header {
  key: string;
  prefilter: boolean;
  digitRun: number;
  /** Element size of `next`: 2 (Uint16Array) or 4 (Int32Array). */
  nextElement: 2 | 4;
  states: number;
}

/** --era and --numeric when not given: the automaton `npm run build` builds ahead is theirs. */
export const DEFAULT_ERA: Era = 'modern';
export const DEFAULT_NUMERIC = true;

/** What the automaton of a scan is built from (a plan without patterns: no scan, nothing unknown either). */
export function matcherOptionsFor(plan: MatchPlan, numeric: boolean): MatcherOptions {
  const scanning = plan.patterns.length > 0;
  return { patterns: plan.patterns, unknownNames: scanning, unknownHex: scanning && numeric };
}

/** Where `npm run build` puts the default automaton: beside the compiled matcher. */
export const DEFAULT_AUTOMATON_FILE = fileURLToPath(new URL('../automaton.bin', import.meta.url));

/** The matcher's code (compiled, or its source when run from src/ by the tests), hashed once. */
let matcherCodeHash: string | null = null;

/** The key of the automaton that `options` build: a change to how tables are built changes every key. */
export function automatonKey(options: MatcherOptions): string {
  matcherCodeHash ??= crypto
    .createHash('sha256')
    .update(readFileSync(new URL(import.meta.url.endsWith('.ts') ? './matcher.ts' : './matcher.js', import.meta.url)))
    .digest('hex');
  return crypto.createHash('sha256').update(matcherCodeHash).update(JSON.stringify(options)).digest('hex');
}

/** The automaton of `options`: from `path` when it holds this one, else built. */
export function loadOrBuildMatcher(options: MatcherOptions, path = DEFAULT_AUTOMATON_FILE): Matcher {
  const tables = options.patterns.length > 0 ? readAutomaton(path, automatonKey(options)) : null;
  return tables ? matcherFromTables(tables) : buildMatcher(options);
}

const align8 = (n: number): number => (n + 7) & ~7;

function arraysOf(tables: MatcherTables): ArrayBufferView[] {
  return [tables.next, tables.accept, tables.tag, tables.emits];
}

/** Writes the tables under `key` (to a temporary name first: a reader never sees half a file). */
export function writeAutomaton(path: string, key: string, tables: MatcherTables): void {
  const header: Header = {
    key,
    prefilter: tables.prefilter,
    digitRun: tables.digitRun,
    nextElement: tables.next instanceof Uint16Array ? 2 : 4,
    states: tables.accept.length,
  };
  const headerBytes = Buffer.from(JSON.stringify(header), 'utf8');
  const start = align8(MAGIC.length + 4 + headerBytes.length);
  const arrays = arraysOf(tables);
  const total = arrays.reduce((at, a) => align8(at + a.byteLength), start);
  const file = Buffer.alloc(total);
  file.write(MAGIC, 0, 'latin1');
  file.writeUInt32LE(headerBytes.length, MAGIC.length);
  headerBytes.copy(file, MAGIC.length + 4);
  let at = start;
  for (const a of arrays) {
    file.set(new Uint8Array(a.buffer, a.byteOffset, a.byteLength), at);
    at = align8(at + a.byteLength);
  }
  writeFileSync(`${path}.tmp`, file);
  renameSync(`${path}.tmp`, path);
}

/** The tables stored under `key`, or null when the file is missing, unreadable, damaged or another key's. */
export function readAutomaton(path: string, key: string): MatcherTables | null {
  let fd: number;
  try {
    fd = openSync(path, 'r');
  } catch {
    return null;
  }
  try {
    const head = Buffer.alloc(MAGIC.length + 4);
    if (readSync(fd, head, 0, head.length, 0) !== head.length || head.toString('latin1', 0, MAGIC.length) !== MAGIC) return null;
    const headerLength = head.readUInt32LE(MAGIC.length);
    if (headerLength > 4096) return null;
    const headerBytes = Buffer.alloc(headerLength);
    if (readSync(fd, headerBytes, 0, headerLength, head.length) !== headerLength) return null;
    const header = JSON.parse(headerBytes.toString('utf8')) as Header;
    if (header.key !== key) return null;
    const n = header.states;
    const sizes = [n * 256 * header.nextElement, n * 4, n, n];
    const start = align8(head.length + headerLength);
    const total = sizes.reduce((at, size) => align8(at + size), 0);
    const shared = new SharedArrayBuffer(total);
    const bytes = new Uint8Array(shared);
    if (readSync(fd, bytes, 0, total, start) !== total) return null;
    let at = 0;
    const take = (size: number): number => {
      const offset = at;
      at = align8(at + size);
      return offset;
    };
    const nextAt = take(sizes[0]);
    const next = header.nextElement === 2 ? new Uint16Array(shared, nextAt, n * 256) : new Int32Array(shared, nextAt, n * 256);
    return {
      next,
      accept: new Int32Array(shared, take(sizes[1]), n),
      tag: new Uint8Array(shared, take(sizes[2]), n),
      emits: new Uint8Array(shared, take(sizes[3]), n),
      digitRun: header.digitRun,
      prefilter: header.prefilter,
    };
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}
