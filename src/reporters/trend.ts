// Reporter helpers for the timeline: takes a report's timeline and gives each code's trend as a
// sparkline of at most a few dozen characters, and the span and step a reader needs to read it.

import { parseTimestamp } from '../match/timestamps.js';
import type { ReportTimeline } from '../types.js';

/**
 * Eight levels, lowest first. The first glyph is a count of 0, so that a quiet stretch is told
 * from a few hits; ASCII (for a terminal whose locale is not UTF-8) has a space there.
 */
export const TREND_GLYPHS = { unicode: '▁▂▃▄▅▆▇█', ascii: ' .:-=+*#' } as const;
const TOP_LEVEL = 7;

/** The widest a trend is drawn: 120 buckets (the timeline's default at most) become 24 characters of 5. */
export const MAX_TREND_CHARS = 24;

/** How a timeline of `buckets` buckets is drawn in at most `maxChars` characters. */
export interface TrendScale {
  /** Buckets summed into one character: a whole number, so that every character spans the same time. */
  bucketsPerChar: number;
  /** Characters of a trend: the last one sums what is left (fewer buckets when they do not divide). */
  chars: number;
}

export function trendScale(buckets: number, maxChars: number = MAX_TREND_CHARS): TrendScale {
  const bucketsPerChar = Math.max(1, Math.ceil(buckets / Math.max(1, maxChars)));
  return { bucketsPerChar, chars: Math.ceil(buckets / bucketsPerChar) };
}

/** The counts summed `bucketsPerChar` at a time: hit lines are added up, never averaged or dropped. */
export function resampleBuckets(counts: readonly number[], bucketsPerChar: number): number[] {
  const out = new Array<number>(Math.ceil(counts.length / bucketsPerChar)).fill(0);
  counts.forEach((n, i) => (out[Math.floor(i / bucketsPerChar)] += n));
  return out;
}

/**
 * A count's level, 0 to 7, against the peak of its row: 0 only for no hits, any hit at least 1,
 * the peak 7. Each row is scaled to its own peak (the usual sparkline): the shape says *when*, the
 * COUNT column says how many; scaled to the largest code, a rare code would be a flat line.
 */
export function trendLevel(count: number, peak: number): number {
  if (count <= 0 || peak <= 0) return 0;
  return Math.min(TOP_LEVEL, Math.max(1, Math.ceil((count * TOP_LEVEL) / peak)));
}

/** A row of counts as a sparkline, resampled by `scale`; empty when it has no hit. */
export function renderSparkline(counts: readonly number[] | undefined, scale: TrendScale, unicode: boolean): string {
  if (counts === undefined) return '';
  const sums = resampleBuckets(counts, scale.bucketsPerChar);
  let peak = 0;
  for (const n of sums) peak = Math.max(peak, n);
  if (peak === 0) return '';
  const glyphs = [...(unicode ? TREND_GLYPHS.unicode : TREND_GLYPHS.ascii)];
  return sums.map((n) => glyphs[trendLevel(n, peak)]).join('');
}

/** The trend of one code or unknown token: empty when the report has no timeline or the key no timed hit. */
export function trendOf(timeline: ReportTimeline | null, key: string, unicode: boolean, maxChars: number = MAX_TREND_CHARS): string {
  if (timeline === null) return '';
  return renderSparkline(timeline.codes[key], trendScale(timeline.buckets, maxChars), unicode);
}

/** What a trend covers: `from` and `to` as the timeline writes times, and the time one character stands for. */
export interface TrendSpan {
  from: string;
  /** The end of the last bucket, in `from`'s offset; null when `from` is not a time this tool writes. */
  to: string | null;
  /** "1h", "1h15m", "30s": the time one character stands for. */
  step: string;
}

export function describeTrendSpan(timeline: ReportTimeline, maxChars: number = MAX_TREND_CHARS): TrendSpan {
  const { bucketsPerChar } = trendScale(timeline.buckets, maxChars);
  const start = parseTimestamp(timeline.from);
  let to: string | null = null;
  if (start !== null) {
    // The wall clock moves with the instant: same offset, so the end is written in it too.
    const endWall = new Date(Date.parse(`${start.wall}Z`) + timeline.buckets * timeline.bucketSeconds * 1000).toISOString().slice(0, 23);
    to = endWall + timeline.from.slice(start.wall.length);
  }
  return { from: timeline.from, to, step: formatDuration(bucketsPerChar * timeline.bucketSeconds) };
}

/** Seconds as "1d6h", "1h15m", "30m", "45s": the units that are not zero, largest first. */
export function formatDuration(seconds: number): string {
  const units = [
    ['d', 86_400],
    ['h', 3600],
    ['m', 60],
    ['s', 1],
  ] as const;
  let rest = Math.max(0, Math.round(seconds));
  let text = '';
  for (const [unit, size] of units) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) text += `${n}${unit}`;
  }
  return text === '' ? '0s' : text;
}
