// The report stage's counting of one input (file-tally.ts), its parts as tables: the time window
// (window.ts), events, nodes by path (input/layout.ts), and the timeline's buckets (timeline.ts).

import { describe, expect, it } from 'vitest';
import { nodeFromPath } from '../../src/input/layout.js';
import { parseDurationSeconds } from '../../src/cli/config.js';
import { FileTally, type CountingRules } from '../../src/report/file-tally.js';
import { Timeline } from '../../src/report/timeline.js';
import { inWindow, parseTimeBound, type TimeWindow } from '../../src/report/window.js';
import type { Timestamp } from '../../src/types.js';

/** A log time: wall clock as written and its offset (minutes; null: none), with its instant. */
function time(wall: string, offsetMinutes: number | null = null): Timestamp {
  const full = wall.length === 19 ? `${wall}.000` : wall;
  return { wall: full, offsetMinutes, epochMs: Date.parse(`${full}Z`) - (offsetMinutes ?? 0) * 60_000 };
}

const NOW = Date.parse('2026-03-14T12:00:00Z');

describe('--since / --until TIME', () => {
  it.each([
    ['2026-03-14T10:00', { kind: 'wall', wall: '2026-03-14T10:00:00.000' }],
    ['2026-03-14 10:00:00', { kind: 'wall', wall: '2026-03-14T10:00:00.000' }],
    ['2026-03-14T10:00:05.5', { kind: 'wall', wall: '2026-03-14T10:00:05.500' }],
    ['2026-03-14', { kind: 'wall', wall: '2026-03-14T00:00:00.000' }],
    ['2026-03-14T10:00-05:00', { kind: 'instant', epochMs: Date.parse('2026-03-14T15:00:00Z'), text: '2026-03-14T10:00:00.000-05:00' }],
    ['2026-03-14T10:00:00Z', { kind: 'instant', epochMs: Date.parse('2026-03-14T10:00:00Z'), text: '2026-03-14T10:00:00.000+00:00' }],
    ['2026-03-14 10:00+0530', { kind: 'instant', epochMs: Date.parse('2026-03-14T04:30:00Z') }],
    ['30m', { kind: 'instant', epochMs: NOW - 30 * 60_000, text: '2026-03-14T11:30:00.000+00:00' }],
    ['2h', { kind: 'instant', epochMs: NOW - 2 * 3_600_000 }],
    ['7d', { kind: 'instant', epochMs: NOW - 7 * 86_400_000 }],
  ])('%s', (text, expected) => {
    expect(parseTimeBound(text, NOW)).toMatchObject(expected);
  });

  it.each(['yesterday', '2026-02-30T10:00', '2026-03-14T25:00', '2026-03-14T10:00+25:00', '10:00', '5x', ''])('%j is not a TIME', (text) => {
    expect(typeof parseTimeBound(text, NOW)).toBe('string');
  });

  const bound = (text: string) => parseTimeBound(text, NOW) as Exclude<ReturnType<typeof parseTimeBound>, string>;
  it('without an offset: the log\'s own wall clock; with one: the instant', () => {
    const wall: TimeWindow = { since: bound('2026-03-14T10:00'), until: bound('2026-03-14T10:30') };
    // Wall clock as written, whatever the offset the log states.
    expect(inWindow(wall, time('2026-03-14T10:00:00', -300))).toBe(true);
    expect(inWindow(wall, time('2026-03-14T10:29:59.999', 60))).toBe(true);
    expect(inWindow(wall, time('2026-03-14T10:30:00'))).toBe(false);
    expect(inWindow(wall, time('2026-03-14T09:59:59.999'))).toBe(false);
    const instant: TimeWindow = { since: bound('2026-03-14T10:00-05:00'), until: null };
    // 09:30 at -06:00 is 10:30 at -05:00: inside; 10:30 at -04:00 is 09:30 at -05:00: outside.
    expect(inWindow(instant, time('2026-03-14T09:30:00', -360))).toBe(true);
    expect(inWindow(instant, time('2026-03-14T10:30:00', -240))).toBe(false);
    // A time without an offset against an instant: read as UTC (or --tz, which gives it one).
    expect(inWindow(instant, time('2026-03-14T15:00:00'))).toBe(true);
    expect(inWindow(instant, null)).toBe(false);
  });
});

describe('--bucket DURATION', () => {
  it.each([
    ['1s', 1],
    ['10s', 10],
    ['1m', 60],
    ['5m', 300],
    ['1h', 3600],
    ['1d', 86400],
    ['0s', null],
    ['1w', null],
    ['m', null],
  ])('%s', (text, seconds) => expect(parseDurationSeconds(text)).toBe(seconds));
});

const RULES: CountingRules = { window: null, eventWindowMs: 100, bucketSeconds: null };

describe('events: hits of a code in one input within the event window of the event\'s first hit', () => {
  it.each([
    // [times in ms after 10:00 (null: no time), events]
    [[0, 1, 50, 100], 1],
    [[0, 101], 2],
    [[0, 60, 120, 180], 2], // 120 is 120 ms after the first hit of its event, not 60 after the last
    [[0, null, 5], 3], // an untimed hit is an event of its own, and ends the one before
    [[null, null], 2],
    [[500, 450], 1], // a moment out of order is still within the window
  ])('%j -> %i', (offsets, events) => {
    const tally = new FileTally(0, RULES, () => null);
    const counted = offsets.map((ms, i) => tally.code('CTIERR_TIMEOUT', i + 1, ms === null ? null : time(new Date(Date.parse('2026-03-14T10:00:00Z') + ms).toISOString().slice(0, 23))));
    expect(tally.codes.get('CTIERR_TIMEOUT')).toMatchObject({ count: offsets.length, events });
    // What each hit was, as watch's metrics count events: the tally's events are the hits that began one.
    expect(counted.filter((c) => c === 'event')).toHaveLength(events);
    expect(counted[0]).toBe('event');
  });

  it('each code has its own events, and --event-window changes them', () => {
    const wide = new FileTally(0, { ...RULES, eventWindowMs: 1000 }, () => null);
    const narrow = new FileTally(0, RULES, () => null);
    for (const t of [wide, narrow]) {
      t.code('A', 1, time('2026-03-14T10:00:00.000'));
      t.code('B', 1, time('2026-03-14T10:00:00.000'));
      t.code('A', 2, time('2026-03-14T10:00:00.500'));
    }
    expect([wide.codes.get('A')!.events, wide.codes.get('B')!.events]).toEqual([1, 1]);
    expect([narrow.codes.get('A')!.events, narrow.codes.get('B')!.events]).toEqual([2, 1]);
  });
});

describe('the window in a file: hits outside are left out and counted as lines', () => {
  it('counts a line with two codes outside once; untimed hits are outside any window', () => {
    const since = parseTimeBound('2026-03-14T10:00', NOW) as Exclude<ReturnType<typeof parseTimeBound>, string>;
    const tally = new FileTally(0, { ...RULES, window: { since, until: null } }, () => 'cucmpub');
    expect(tally.code('A', 1, time('2026-03-14T09:00:00'))).toBe('outside');
    expect(tally.code('B', 1, time('2026-03-14T09:00:00'))).toBe('outside');
    expect(tally.unknownToken('CTIERR_X', 2, null)).toBe(false);
    expect(tally.code('A', 3, time('2026-03-14T10:00:00'))).toBe('event');
    expect(tally.outsideWindow).toBe(2);
    expect([...tally.codes.keys()]).toEqual(['A']);
    expect(tally.codes.get('A')!.nodes).toEqual(new Map([['cucmpub', 1]]));
    expect(tally.unknown.size).toBe(0);
  });
});

describe('nodes by an RTMT download\'s layout', () => {
  it.each([
    ['cucmpub/2026-03-14_08-20-00/cm/trace/cti/sdl/SDL001_200_000412.txt.gz', 'cucmpub'],
    ['downloads/cucmsub1/2026-03-14_08-20-00/cm/trace/cti/sdl/SDL001_200_000412.txt', 'cucmsub1'],
    ['rtmt.zip!cucmpub/2026-03-14_08-20-00/cm/trace/cti/sdl/SDL001_200_000412.txt', 'cucmpub'],
    ['/abs/cucmpub/2026-03-14_08-20-00/x.log', 'cucmpub'],
    ['2026-03-14_08-20-00/x.log', null], // no folder above the download time
    ['logs/jabber.log', null],
    ['cucmpub/2026-03-14/x.log', null],
  ])('%s -> %s', (path, node) => expect(nodeFromPath(path)).toBe(node));
});

describe('timeline buckets (the default rule: the smallest of 1s..1d giving at most 120)', () => {
  const span = (seconds: number, extra: Partial<{ bucket: number }> = {}) => {
    const t = new Timeline(extra.bucket ?? null);
    const start = Date.parse('2026-03-14T10:00:00Z');
    t.add('A', start, 0);
    t.add('A', start + seconds * 1000, 0);
    return t.finish(() => true, (ms) => new Date(ms).toISOString())!;
  };
  it.each([
    [0, 1, 1],
    [119, 1, 120],
    [120, 5, 25],
    [599, 5, 120],
    [600, 15, 41],
    [7199, 60, 120],
    [7200, 300, 25],
    [3600 * 30, 3600, 31], // 900 s would take 121 buckets
  ])('a span of %is: %is buckets, %i of them', (seconds, bucketSeconds, buckets) => {
    const t = span(seconds);
    expect([t.bucketSeconds, t.buckets]).toEqual([bucketSeconds, buckets]);
    expect(t.codes.A.reduce((a, b) => a + b, 0)).toBe(2);
  });

  it('from is the first hit rounded down to the bucket; --bucket is kept as given', () => {
    const t = new Timeline(null);
    t.add('A', Date.parse('2026-03-14T10:07:31Z'), 0);
    t.add('B', Date.parse('2026-03-14T10:20:00Z'), 0);
    const out = t.finish(() => true, (ms) => new Date(ms).toISOString())!;
    expect(out).toEqual({ from: '2026-03-14T10:07:30.000Z', bucketSeconds: 15, buckets: 51, codes: { A: [1, ...Array(50).fill(0)], B: [...Array(50).fill(0), 1] } });
    expect(span(600, { bucket: 10 })).toMatchObject({ bucketSeconds: 10, buckets: 61 });
    expect(new Timeline(null).finish(() => true, String)).toBeNull();
  });

  it('merges files in any order to the same timeline, with bounded buckets while counting', () => {
    const start = Date.parse('2026-03-14T00:00:00Z');
    const files = [0, 1, 2].map((f) => {
      const t = new Timeline(null);
      // A hit every 7 seconds for a day: 12,343 hits, kept in at most 241 buckets a key.
      for (let s = f; s < 86_400; s += 21) t.add(`K${f % 2}`, start + s * 1000, 0);
      return t;
    });
    const merged = (order: number[]) => {
      const all = new Timeline(null);
      for (const i of order) all.merge(files[i]);
      return all.finish(() => true, (ms) => new Date(ms).toISOString());
    };
    expect(merged([0, 1, 2])).toEqual(merged([2, 0, 1]));
    for (const t of files) for (const [, buckets] of t.toData().counts) expect(buckets.length).toBeLessThanOrEqual(241);
    expect(merged([0, 1, 2])!.bucketSeconds).toBe(900);
  });
});
