// Report stage, the timeline: hit lines per code (and unknown token) per time bucket, placed by
// their instant. Counted as hits go by in memory bounded by keys x buckets, never by lines: each
// key's counts are kept at a resolution that coarsens as the span of timed hits grows, and the
// report's bucket is chosen at the end by CONTRACT.md's rule. Tallies of files merge in any order.

/** The default buckets, in seconds: each divides the next, and all are counted from the epoch. */
export const BUCKET_LADDER = [1, 5, 15, 60, 300, 900, 3600, 21600, 86400] as const;
/** The default rule: the smallest bucket of the ladder that gives at most this many buckets. */
export const MAX_BUCKETS = 120;
/**
 * Buckets kept per key while counting (at most, plus one): coarser than this, the counts move up
 * the ladder. Any bucket finer than the kept one gives more than MAX_BUCKETS, so the report's is
 * always at least as coarse and comes from these counts exactly.
 */
const KEPT_BUCKETS = 2 * MAX_BUCKETS;

export interface TimelineJson {
  from: string;
  bucketSeconds: number;
  buckets: number;
  codes: Record<string, number[]>;
}

/** Counts as plain data, for a worker's postMessage and for a report read back. */
export interface TimelineData {
  resolution: number;
  fixed: boolean;
  minMs: number | null;
  maxMs: number | null;
  /** The UTC offsets (minutes) of the hits' times; null for a time without one. */
  offsets: Array<number | null>;
  counts: Array<[string, Array<[number, number]>]>;
}

export class Timeline {
  /** Seconds per kept bucket. */
  private resolution: number;
  private minMs: number | null = null;
  private maxMs: number | null = null;
  /** key -> bucket index (epoch seconds / resolution, floored) -> hit lines. */
  private readonly counts = new Map<string, Map<number, number>>();
  /** The offsets of the hits' times (a few: the logs' zones), so that `from` is written in theirs when they share one. */
  private readonly offsets = new Set<number | null>();

  /** `fixedSeconds`: --bucket, the report's bucket; null: chosen by the default rule at the end. */
  constructor(private readonly fixedSeconds: number | null = null) {
    this.resolution = fixedSeconds ?? BUCKET_LADDER[0];
  }

  /** One hit line of `key` at an instant (ms since the epoch), written in the log with `offset` (minutes; null: none). */
  add(key: string, epochMs: number, offset: number | null, lines = 1): void {
    this.offsets.add(offset);
    if (this.minMs === null || epochMs < this.minMs) this.minMs = epochMs;
    if (this.maxMs === null || epochMs > this.maxMs) this.maxMs = epochMs;
    this.setResolution(this.neededFrom(this.resolution));
    let buckets = this.counts.get(key);
    if (!buckets) this.counts.set(key, (buckets = new Map()));
    const at = Math.floor(epochMs / 1000 / this.resolution);
    buckets.set(at, (buckets.get(at) ?? 0) + lines);
  }

  /** Adds another timeline's counts (another file's, another report's). */
  merge(other: Timeline | TimelineData): void {
    const data = other instanceof Timeline ? other.toData() : other;
    if (data.minMs === null || data.maxMs === null) return;
    this.minMs = this.minMs === null ? data.minMs : Math.min(this.minMs, data.minMs);
    this.maxMs = this.maxMs === null ? data.maxMs : Math.max(this.maxMs, data.maxMs);
    for (const offset of data.offsets) this.offsets.add(offset);
    this.setResolution(this.neededFrom(commonResolution(this.resolution, data.resolution)));
    for (const [key, buckets] of data.counts) {
      let mine = this.counts.get(key);
      if (!mine) this.counts.set(key, (mine = new Map()));
      for (const [index, n] of buckets) {
        const at = Math.floor((index * data.resolution) / this.resolution);
        mine.set(at, (mine.get(at) ?? 0) + n);
      }
    }
  }

  toData(): TimelineData {
    return {
      resolution: this.resolution,
      fixed: this.fixedSeconds !== null,
      minMs: this.minMs,
      maxMs: this.maxMs,
      offsets: [...this.offsets],
      counts: [...this.counts].map(([key, buckets]) => [key, [...buckets]]),
    };
  }

  static fromData(data: TimelineData): Timeline {
    const t = new Timeline(data.fixed ? data.resolution : null);
    t.merge(data);
    return t;
  }

  /**
   * The report's timeline, or null when no hit had a time. `keep`: the keys to show (codes and
   * unknown tokens listed in the report); `format`: an instant as the report writes `from`, in
   * the offset every hit's time had (null: none had one; undefined: they differ, so UTC).
   */
  finish(keep: (key: string) => boolean, format: (epochMs: number, offset: number | null | undefined) => string): TimelineJson | null {
    if (this.minMs === null || this.maxMs === null) return null;
    const minSec = Math.floor(this.minMs / 1000);
    const maxSec = Math.floor(this.maxMs / 1000);
    const span = (n: number): number => Math.floor(maxSec / n) - Math.floor(minSec / n) + 1;
    const bucket = this.fixedSeconds ?? BUCKET_LADDER.find((n) => n >= this.resolution && n % this.resolution === 0 && span(n) <= MAX_BUCKETS) ?? Math.max(BUCKET_LADDER[BUCKET_LADDER.length - 1], this.resolution);
    const first = Math.floor(minSec / bucket);
    const buckets = span(bucket);
    const codes: Record<string, number[]> = {};
    for (const key of [...this.counts.keys()].sort()) {
      if (!keep(key)) continue;
      const row = new Array<number>(buckets).fill(0);
      for (const [index, n] of this.counts.get(key)!) row[Math.floor((index * this.resolution) / bucket) - first] += n;
      codes[key] = row;
    }
    const offset = this.offsets.size === 1 ? [...this.offsets][0] : undefined;
    return { from: format(first * bucket * 1000, offset), bucketSeconds: bucket, buckets, codes };
  }

  /**
   * The resolution to keep counts at, from `start`: up the ladder while the span of timed hits
   * needs more than KEPT_BUCKETS buckets (not with --bucket, which is kept as given).
   */
  private neededFrom(start: number): number {
    if (this.fixedSeconds !== null || this.minMs === null || this.maxMs === null) return start;
    const spanSec = (this.maxMs - this.minMs) / 1000;
    let next = start;
    while (spanSec / next > KEPT_BUCKETS) {
      const up = BUCKET_LADDER.find((n) => n > next && n % next === 0);
      if (up === undefined) break;
      next = up;
    }
    return next;
  }

  /** Puts every key's counts in buckets of `next` seconds (a multiple of the current resolution). */
  private setResolution(next: number): void {
    if (next === this.resolution) return;
    const from = this.resolution;
    this.resolution = next;
    for (const [key, buckets] of this.counts) {
      const moved = new Map<number, number>();
      for (const [index, n] of buckets) {
        const at = Math.floor((index * from) / next);
        moved.set(at, (moved.get(at) ?? 0) + n);
      }
      this.counts.set(key, moved);
    }
  }
}

/** The finest resolution both can be counted at: the coarser, when one divides the other; else their least common multiple. */
function commonResolution(a: number, b: number): number {
  const [small, large] = a < b ? [a, b] : [b, a];
  if (large % small === 0) return large;
  const gcd = (x: number, y: number): number => (y === 0 ? x : gcd(y, x % y));
  return (a * b) / gcd(a, b);
}
