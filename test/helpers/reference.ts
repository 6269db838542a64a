// The slow, obviously-correct reading of CONTRACT.md "What counts as a hit", for comparison with
// the automaton: split lines on \n, take every maximal [A-Za-z0-9_]+ run, look it up.

import { MAX_TOKEN } from '../../src/match/matcher.js';
import type { Era } from '../../src/types.js';
import { catalog, compareHits } from './scan.js';

export function referenceScan(text: string, era: Era = 'modern', numeric = true): string[] {
  const names = new Map<string, string>();
  for (const e of catalog.entries) for (const n of e.matchNames) names.set(n, e.code);
  const values = new Map<string, string>();
  if (numeric) {
    for (const [value, entry] of catalog.valuesFor(era)) {
      if (value === 0) continue;
      values.set(`0x${value.toString(16).padStart(8, '0')}`, entry.code);
      values.set(String(value >>> 0), entry.code);
      values.set(String(value | 0), entry.code);
    }
  }
  const out: string[] = [];
  text.split('\n').forEach((line, i) => {
    const seen = new Set<string>();
    for (const m of line.matchAll(/[A-Za-z0-9_]+/g)) {
      const token = m[0];
      const at = m.index;
      const signedStart = at > 0 && line[at - 1] === '-' && (at < 2 || !/[A-Za-z0-9_]/.test(line[at - 2]));
      let hit: string | undefined;
      if (signedStart) hit = values.get(`-${token}`);
      hit ??= names.get(token) ?? values.get(token) ?? (/^0x/i.test(token) ? values.get(token.toLowerCase()) : undefined);
      if (hit) seen.add(hit);
      else if (token.startsWith('CTIERR_') && token.length > 7 && token.length <= MAX_TOKEN) seen.add(`?${token}`);
      else if (numeric && /^0[xX]8[cC]{3}[0-9a-fA-F]{4}$/.test(token)) seen.add(`?0x${token.slice(2).toUpperCase()}`);
    }
    for (const s of seen) out.push(`${i + 1}:${s}`);
  });
  return out.sort(compareHits);
}
