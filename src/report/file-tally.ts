// Report stage, one input's hits counted as they go by, for a scan and a watch alike: inside the
// time window or counted as left out; per code its lines, events (one CTIManager failure writes
// two to four lines within milliseconds) and node; its timeline; unknown tokens up to the limit.

import { MAX_UNKNOWN_TOKENS, type Timestamp } from '../types.js';
import { countHit, type Tallies } from './aggregate.js';
import { Timeline } from './timeline.js';
import { inWindow, type TimeWindow } from './window.js';

/** What decides how hits are counted, the same for every input of a run. */
export interface CountingRules {
  window: TimeWindow | null;
  /** Hits of a code within this many milliseconds of its event's first hit are that event (--event-window). */
  eventWindowMs: number;
  /** --bucket, in seconds; null: the default rule. */
  bucketSeconds: number | null;
}

export const DEFAULT_EVENT_WINDOW_MS = 100;

/**
 * What one hit of a code was to its input's tally: left out by the window, the first hit of an
 * event (a failure), or a later line of the current event. Watch's metrics count events by it.
 */
export type Counted = 'outside' | 'event' | 'in-event';

export class FileTally {
  readonly codes: Tallies = new Map();
  readonly unknown: Tallies = new Map();
  readonly timeline: Timeline;
  /** Hit lines of tokens past the first MAX_UNKNOWN_TOKENS. */
  unknownOverflow = 0;
  /** Hit lines left out by the window (a line with two codes is one). */
  outsideWindow = 0;
  private lastOutsideLine = 0;
  /** Per code: the instant of the first hit of its current event; null: untimed (its own event). */
  private readonly eventStart = new Map<string, number | null>();

  /** `nodeOf`: the input's node, asked at each hit (an SDL FileHead names it at line 1). */
  constructor(
    private readonly fileIndex: number,
    private readonly rules: CountingRules,
    private readonly nodeOf: () => string | null,
  ) {
    this.timeline = new Timeline(rules.bucketSeconds);
  }

  /** One line's hit of a catalog code: left out by the window, or counted as an event's first hit or a later one. */
  code(code: string, line: number, time: Timestamp | null): Counted {
    if (!this.inside(line, time)) return 'outside';
    const event = this.startsEvent(code, time);
    countHit(this.codes, code, { time, fileIndex: this.fileIndex, line }, this.nodeOf(), event);
    if (time) this.timeline.add(code, time.epochMs, time.offsetMinutes);
    return event ? 'event' : 'in-event';
  }

  /**
   * One line's unknown token; false when the window leaves it out. Memory stays bounded inside one
   * file: its first tokens are kept, the rest only counted.
   */
  unknownToken(token: string, line: number, time: Timestamp | null): boolean {
    if (!this.inside(line, time)) return false;
    if (this.unknown.size >= MAX_UNKNOWN_TOKENS && !this.unknown.has(token)) {
      this.unknownOverflow++;
      return true;
    }
    countHit(this.unknown, token, { time, fileIndex: this.fileIndex, line }, this.nodeOf());
    if (time) this.timeline.add(token, time.epochMs, time.offsetMinutes);
    return true;
  }

  /** Tokens a line held past the limit (lines.ts counts them without keeping them). */
  overflow(count: number, line: number, time: Timestamp | null): void {
    if (this.inside(line, time)) this.unknownOverflow += count;
  }

  private inside(line: number, time: Timestamp | null): boolean {
    if (this.rules.window === null || inWindow(this.rules.window, time)) return true;
    this.outside(line);
    return false;
  }

  private outside(line: number): void {
    if (line === this.lastOutsideLine) return;
    this.lastOutsideLine = line;
    this.outsideWindow++;
  }

  /**
   * Whether a hit of `code` begins an event: untimed hits are events of their own, and a timed one
   * is part of the current event while within the event window of that event's first hit.
   */
  private startsEvent(code: string, time: Timestamp | null): boolean {
    const start = this.eventStart.get(code);
    const at = time === null ? null : time.epochMs;
    if (at !== null && start !== undefined && start !== null && Math.abs(at - start) <= this.rules.eventWindowMs) return false;
    this.eventStart.set(code, at);
    return true;
  }
}
