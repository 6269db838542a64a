// The trend (a timeline as a sparkline) and the coverage helpers, as tables of cases: resampling,
// scaling, glyphs, the span a trend covers, and which gaps overlap a window.

import { describe, expect, it } from 'vitest';
import { gapInWindow } from '../../src/reporters/coverage.js';
import { cutMiddle } from '../../src/reporters/text.js';
import { describeTrendSpan, formatDuration, MAX_TREND_CHARS, renderSparkline, resampleBuckets, trendLevel, trendOf, trendScale } from '../../src/reporters/trend.js';
import type { CoverageGap, ReportTimeline } from '../../src/types.js';

describe('trendScale: a whole number of buckets a character, at most MAX_TREND_CHARS characters', () => {
  it.each([
    // buckets, max chars, buckets a character, characters
    [1, 24, 1, 1],
    [7, 24, 1, 7],
    [24, 24, 1, 24],
    [25, 24, 2, 13],
    [27, 24, 2, 14],
    [48, 24, 2, 24],
    [100, 24, 5, 20],
    [117, 24, 5, 24],
    [120, 24, 5, 24],
    [121, 24, 6, 21],
    [120, 30, 4, 30],
    [120, 1, 120, 1],
    [5, 0, 5, 1],
  ])('%i buckets in %i: %i a character, %i characters', (buckets, max, per, chars) => {
    const scale = trendScale(buckets, max);
    expect(scale).toEqual({ bucketsPerChar: per, chars });
    expect(scale.chars).toBeLessThanOrEqual(Math.max(1, max));
  });

  it('defaults to 24 characters', () => {
    expect(MAX_TREND_CHARS).toBe(24);
    expect(trendScale(120)).toEqual({ bucketsPerChar: 5, chars: 24 });
  });
});

describe('resampleBuckets: sums, never averages or drops', () => {
  it.each([
    [[1, 2, 3, 4], 1, [1, 2, 3, 4]],
    [[1, 2, 3, 4], 2, [3, 7]],
    [[1, 2, 3, 4, 5], 2, [3, 7, 5]],
    [[0, 0, 9, 0, 0, 0, 1], 3, [9, 0, 1]],
    [[5], 4, [5]],
    [[], 3, []],
  ])('%j by %i is %j', (counts, per, sums) => {
    expect(resampleBuckets(counts, per)).toEqual(sums);
    expect(resampleBuckets(counts, per).reduce((a, b) => a + b, 0)).toBe(counts.reduce((a, b) => a + b, 0));
  });
});

describe('trendLevel: 0 only for none, any hit at least 1, the peak 7', () => {
  it.each([
    [0, 10, 0],
    [1, 10, 1],
    [1, 1000, 1],
    [2, 4, 4],
    [3, 4, 6],
    [4, 4, 7],
    [5, 10, 4],
    [10, 10, 7],
    [1, 1, 7],
    [3, 0, 0],
    [-1, 5, 0],
  ])('%i of a peak of %i is level %i', (count, peak, level) => {
    expect(trendLevel(count, peak)).toBe(level);
  });
});

describe('renderSparkline', () => {
  const one = trendScale(8);
  it.each([
    [[0, 1, 2, 3, 4, 5, 6, 7], '▁▂▃▄▅▆▇█', ' .:-=+*#'],
    [[7, 0, 0, 0, 0, 0, 0, 7], '█▁▁▁▁▁▁█', '#      #'],
    [[1, 0, 0, 0, 0, 0, 0, 1000], '▂▁▁▁▁▁▁█', '.      #'],
    [[0, 0, 0, 3, 0, 0, 0, 0], '▁▁▁█▁▁▁▁', '   #    '],
  ])('%j: %s, in ASCII %j', (counts, unicode, ascii) => {
    expect(renderSparkline(counts, one, true)).toBe(unicode);
    expect(renderSparkline(counts, one, false)).toBe(ascii);
  });

  it('is empty for a row without a hit, or none', () => {
    expect(renderSparkline([0, 0, 0], one, true)).toBe('');
    expect(renderSparkline(undefined, one, true)).toBe('');
  });

  it('scales after resampling: each row to its own peak', () => {
    // 120 one-minute buckets, one hit in each of the first ten: 5 a character, the first two full.
    const counts = Array.from({ length: 120 }, (_, i) => (i < 10 ? 1 : 0));
    expect(renderSparkline(counts, trendScale(120), true)).toBe('██' + '▁'.repeat(22));
    // Two codes of 1 and 1000 hits at the same time look alike: the COUNT column tells them apart.
    const timeline: ReportTimeline = { from: '2026-03-14T07:00:00.000-05:00', bucketSeconds: 60, buckets: 3, codes: { A: [1, 0, 0], B: [1000, 0, 0] } };
    expect(trendOf(timeline, 'A', true)).toBe(trendOf(timeline, 'B', true));
    expect(trendOf(timeline, 'C', true)).toBe('');
    expect(trendOf(null, 'A', true)).toBe('');
  });
});

describe('describeTrendSpan', () => {
  it.each([
    ['2024-08-13T08:00:00.000+00:00', 1800, 27, { to: '2024-08-13T21:30:00.000+00:00', step: '1h' }],
    ['2026-03-14T07:00:00.000-05:00', 900, 117, { to: '2026-03-15T12:15:00.000-05:00', step: '1h15m' }],
    ['2026-03-14T23:59:59.000', 1, 3, { to: '2026-03-15T00:00:02.000', step: '1s' }],
    ['not a time', 60, 10, { to: null, step: '1m' }],
  ])('%s, %i s x %i', (from, bucketSeconds, buckets, expected) => {
    expect(describeTrendSpan({ from, bucketSeconds, buckets, codes: {} })).toEqual({ from, ...expected });
  });

  it.each([
    [0, '0s'],
    [1, '1s'],
    [45, '45s'],
    [60, '1m'],
    [75 * 60, '1h15m'],
    [86_400, '1d'],
    [86_400 * 5 + 3600 * 6, '5d6h'],
    [3661, '1h1m1s'],
  ])('formatDuration(%i) is %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });
});

describe('gapInWindow: compared as the window compares hits', () => {
  const gap = (from: string | null, to: string | null): CoverageGap => ({ from, to, reason: 'r', after: 'a', before: 'b' });
  it.each([
    // gap from, gap to, since, until, overlaps
    ['2024-08-13T09:58:10.331-05:00', '2024-08-13T10:26:47.002-05:00', '2024-08-13T07:00:00.000', '2024-08-13T17:00:00.000', true],
    // Wall clock against wall clock: the gap's offset is not applied.
    ['2024-08-13T09:58:10.331-05:00', '2024-08-13T10:26:47.002-05:00', '2024-08-13T11:00:00.000', null, false],
    // An instant against an instant: 10:26 at -05:00 is 15:26 UTC.
    ['2024-08-13T09:58:10.331-05:00', '2024-08-13T10:26:47.002-05:00', '2024-08-13T15:00:00.000+00:00', null, true],
    ['2024-08-13T09:58:10.331-05:00', '2024-08-13T10:26:47.002-05:00', '2024-08-13T15:30:00.000+00:00', null, false],
    // A gap time without an offset is read as UTC against an instant.
    ['2024-08-13T09:58:10.331', '2024-08-13T10:26:47.002', '2024-08-13T10:00:00.000+00:00', '2024-08-13T10:10:00.000+00:00', true],
    // Ends touching: the window is [since, until), a gap that ends at since or starts at until is outside.
    ['2024-08-13T08:00:00.000', '2024-08-13T09:00:00.000', '2024-08-13T09:00:00.000', null, false],
    ['2024-08-13T08:00:00.000', '2024-08-13T09:00:00.000', null, '2024-08-13T08:00:00.000', false],
    ['2024-08-13T08:00:00.000', '2024-08-13T09:00:00.000', null, '2024-08-13T08:00:00.001', true],
    // Unknown ends reach the bound they face.
    [null, '2024-08-13T09:00:00.000', null, '2024-08-13T08:00:00.000', true],
    [null, '2024-08-13T09:00:00.000', '2024-08-13T10:00:00.000', '2024-08-13T11:00:00.000', false],
    [null, null, '2024-08-13T10:00:00.000', '2024-08-13T11:00:00.000', true],
    ['2024-08-13T12:00:00.000', null, '2024-08-13T10:00:00.000', '2024-08-13T11:00:00.000', false],
    ['2024-08-13T10:30:00.000', null, '2024-08-13T10:00:00.000', '2024-08-13T11:00:00.000', true],
  ])('gap %s to %s, window %s to %s: %s', (from, to, since, until, overlaps) => {
    expect(gapInWindow(gap(from, to), { since, until })).toBe(overlaps);
  });

  it('no window: no gap is in it', () => {
    expect(gapInWindow(gap(null, null), null)).toBe(false);
  });
});

describe('cutMiddle: a set name keeps both ends', () => {
  it.each([
    ['cucmpub/2026-03-14_10-45-00/cm/trace/cti/sdl/SDL001_200', 21, 'cucmpub/20…SDL001_200'],
    ['cucmpub/2026-03-14_10-45-00/cm/trace/cti/sdl/SDL001_200', 22, 'cucmpub/20…/SDL001_200'],
    ['abcdef', 6, 'abcdef'],
    ['abcdef', 5, 'ab…ef'],
    ['abcdef', 4, 'a…ef'],
    ['abcdef', 2, '…f'],
    ['abcdef', 1, '…'],
    ['abcdef', 0, ''],
    ['ñañaña', 3, 'ñ…a'],
  ])('%j in %i columns: %j', (text, width, cut) => {
    expect(cutMiddle(text, width)).toBe(cut);
    expect([...cutMiddle(text, width)].length).toBeLessThanOrEqual(Math.max(0, width));
  });
});
