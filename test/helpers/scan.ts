// Shared test helpers: run the real matcher and line stage over text in chosen chunk sizes.

import { loadBundledCatalog, planMatches } from '../../src/catalog/catalog.js';
import { LineScanner } from '../../src/match/lines.js';
import { buildMatcher, type Matcher } from '../../src/match/matcher.js';
import { createLineClock } from '../../src/match/timestamps.js';
import type { Era } from '../../src/types.js';

export const catalog = loadBundledCatalog();

const matchers = new Map<string, { matcher: Matcher; codes: string[] }>();

export function matcherFor(era: Era = 'modern', numeric = true): { matcher: Matcher; codes: string[] } {
  const key = `${era}:${numeric}`;
  let built = matchers.get(key);
  if (!built) {
    const plan = planMatches(catalog, era, numeric);
    built = {
      matcher: buildMatcher({ patterns: plan.patterns, unknownNames: true, unknownHex: numeric }),
      codes: plan.targets.map((t) => t.code),
    };
    matchers.set(key, built);
  }
  return built;
}

export interface ScanResult {
  /** "line:CODE" for each line's hit of a code, and "line:?TOKEN" for unknown tokens. */
  hits: string[];
  lines: number;
  texts: string[];
}

export interface ScanTextOptions {
  era?: Era;
  numeric?: boolean;
  /** Chunk sizes to cut the input into, repeated; default: one chunk. */
  chunks?: number[];
  prefilter?: boolean;
}

export function scanBytes(input: Buffer | string, options: ScanTextOptions = {}): ScanResult {
  const bytes = typeof input === 'string' ? Buffer.from(input, 'latin1') : input;
  const { matcher, codes } = matcherFor(options.era, options.numeric);
  const hits: string[] = [];
  const texts: string[] = [];
  const scanner = new LineScanner({
    matcher,
    clock: createLineClock({ tzOffsetMinutes: null, year: null, mtimeMs: null }),
    wantText: true,
    prefilter: options.prefilter,
    events: {
      hit: (id, line, _time, text) => {
        hits.push(`${line}:${codes[id]}`);
        texts.push(text ?? '');
      },
      unknown: (token, line) => {
        hits.push(`${line}:?${token}`);
      },
    },
  });
  const sizes = options.chunks ?? [bytes.length || 1];
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = Math.max(1, sizes[i % sizes.length]);
    // Copy: a real stream hands over fresh buffers, and the scanner must not rely on old ones.
    scanner.feed(Buffer.from(bytes.subarray(at, at + size)));
    at += size;
  }
  scanner.end();
  return { hits: hits.sort(compareHits), lines: scanner.lines, texts };
}

export const compareHits = (a: string, b: string): number => {
  const la = Number(a.slice(0, a.indexOf(':')));
  const lb = Number(b.slice(0, b.indexOf(':')));
  return la - lb || (a < b ? -1 : a > b ? 1 : 0);
};
