// First and last seen: timed hits compete by instant, ties and untimed hits go by input order and
// line; merging tallies in any order gives the same result.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { countHit, mergeTallies, seenAfter, seenBefore, type Seen, type Tallies } from '../../src/report/aggregate.js';

const at = (epochMs: number | null, fileIndex: number, line: number): Seen => ({
  time: epochMs === null ? null : { wall: new Date(epochMs).toISOString().slice(0, 23), offsetMinutes: 0, epochMs },
  fileIndex,
  line,
});

describe('ordering of hits', () => {
  it('orders timed hits by instant', () => {
    expect(seenBefore(at(1000, 5, 9), at(2000, 0, 1))).toBe(true);
    expect(seenAfter(at(2000, 0, 1), at(1000, 5, 9))).toBe(true);
  });
  it('breaks ties by input order, then line', () => {
    expect(seenBefore(at(1000, 0, 9), at(1000, 1, 1))).toBe(true);
    expect(seenBefore(at(1000, 1, 2), at(1000, 1, 3))).toBe(true);
    expect(seenAfter(at(1000, 1, 1), at(1000, 0, 9))).toBe(true);
  });
  it('lets only timed hits compete when some have a time', () => {
    expect(seenBefore(at(5000, 3, 3), at(null, 0, 1))).toBe(true);
    expect(seenAfter(at(1000, 0, 1), at(null, 9, 9))).toBe(true);
  });
  it('orders untimed hits by input order, then line', () => {
    expect(seenBefore(at(null, 0, 7), at(null, 1, 1))).toBe(true);
    expect(seenAfter(at(null, 1, 1), at(null, 0, 7))).toBe(true);
  });
});

describe('tallies', () => {
  it('count lines and files, first and last', () => {
    const file0: Tallies = new Map();
    countHit(file0, 'A', at(3000, 0, 1));
    countHit(file0, 'A', at(1000, 0, 2));
    const file1: Tallies = new Map();
    countHit(file1, 'A', at(9000, 1, 4));
    const all: Tallies = new Map();
    mergeTallies(all, file0);
    mergeTallies(all, file1);
    expect(all.get('A')).toEqual({ count: 3, events: 3, files: 2, nodes: new Map(), first: at(1000, 0, 2), last: at(9000, 1, 4) });
    // Nodes and events add up too.
    const file2: Tallies = new Map();
    countHit(file2, 'A', at(1, 2, 1), 'cucmpub');
    countHit(file2, 'A', at(2, 2, 2), 'cucmpub', false);
    mergeTallies(all, file2);
    expect(all.get('A')).toMatchObject({ count: 5, events: 4, files: 3, nodes: new Map([['cucmpub', 2]]) });
  });

  it('merge to the same result in any order', () => {
    const seenArb = fc.record({
      time: fc.option(fc.integer({ min: 0, max: 20 }), { nil: null }),
      line: fc.integer({ min: 1, max: 5 }),
    });
    fc.assert(
      fc.property(fc.array(fc.array(fc.tuple(fc.constantFrom('A', 'B'), seenArb), { maxLength: 6 }), { minLength: 1, maxLength: 5 }), (files) => {
        const perFile = files.map((hits, fileIndex) => {
          const t: Tallies = new Map();
          for (const [key, s] of [...hits].sort((x, y) => x[1].line - y[1].line)) countHit(t, key, at(s.time, fileIndex, s.line));
          return t;
        });
        const forward: Tallies = new Map();
        for (const t of perFile) mergeTallies(forward, t);
        const backward: Tallies = new Map();
        for (const t of [...perFile].reverse()) mergeTallies(backward, t);
        expect(Object.fromEntries(backward)).toEqual(Object.fromEntries(forward));
      }),
      { numRuns: 300 },
    );
  });
});
