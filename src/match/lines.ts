// Lines stage: turns the matcher's (id, end offset) into per-line hits with line numbers,
// timestamps and line text, looking at a line only around a hit and never holding a whole line.
//
// - Line numbers come from counting '\n' natively (indexOf) up to each hit and each chunk's end.
// - Hits of a line wait in `pending` until the line ends, so that a line counts once per code and
//   its text and time are known.
// - Times are parsed only at "resolution points": line 1 (an SDL FileHead dates the file), every
//   line with a hit, and one line in every SAMPLE_LINES lines and CHECKPOINT bytes. A clock that
//   needs every line (SDL: the date rolls when the time of day goes back) gets each line's bytes
//   through observeLine, which reads the time of day from fixed places without a string. A point's time is its line's own, else that of the
//   nearest earlier line that has one, at most LOOKBACK lines up (a JTAPI continuation line takes
//   its entry's time), else the previous point's. The points depend only on the bytes, never on
//   how the input was cut into chunks, so neither does any time.

import type { Matcher, MatchSink, TokenScanner } from './matcher.js';
import type { LineClock } from './timestamps.js';
import { MAX_UNKNOWN_TOKENS, type Timestamp } from '../types.js';

/** Bytes of a line handed to the clock: every supported timestamp lies within them. */
const HEAD = 160;
/** Longest line text kept for a hit. */
export const TEXT_MAX = 1000;
/** Bytes around a hit kept when the line is longer than TEXT_MAX. */
const WINDOW = 200;
/** How far up a line without a time looks for its entry's time. */
const LOOKBACK = 128;
/** A time is taken at least once in this many lines, and in this many bytes. */
const SAMPLE_LINES = 32;
const CHECKPOINT = 64 * 1024;
const EMPTY = Buffer.alloc(0);
/** LineScanner.nextNewline before it is looked for. */
const NOT_SOUGHT = -2;

export interface LineEvents {
  /** One line's hit of pattern id (once per line and id). */
  hit(id: number, line: number, time: Timestamp | null, text: string | null): void;
  /** One line's unknown token (once per line and token). */
  unknown(token: string, line: number, time: Timestamp | null, text: string | null): void;
  /**
   * A line held more distinct unknown tokens than MAX_UNKNOWN_TOKENS: `count` further ones (each
   * time one appears: they are not kept to tell repeats apart) go uncounted by `unknown`.
   */
  unknownOverflow?(count: number, line: number, time: Timestamp | null): void;
}

export interface LineScannerOptions {
  matcher: Matcher;
  clock: LineClock;
  events: LineEvents;
  /** Build line text for hits (ndjson, watch); the aggregate alone does not need it. */
  wantText: boolean;
  /** false: walk the automaton over every byte (tests compare it with the fast path). */
  prefilter?: boolean;
}

export class LineScanner implements MatchSink {
  private readonly tokens: TokenScanner;
  private readonly clock: LineClock;
  private readonly events: LineEvents;
  private readonly wantText: boolean;

  private chunk: Buffer = EMPTY;
  /** Offset of `chunk` in the whole input. */
  private chunkBase = 0;
  /** Position in `chunk` up to which newlines have been counted. */
  private counted = 0;
  /**
   * The first newline at or after `counted` in `chunk`, once looked for (-1: there is none; NOT_SOUGHT).
   * Hits in a long line would otherwise each search again to its end: a 300 MB line spent a third
   * of its scan there.
   */
  private nextNewline = NOT_SOUGHT;
  /** 1-based number of the line that holds `counted`. */
  private lineNo = 1;
  /** Start of the current line in `chunk`, or -1 when it began in an earlier chunk. */
  private lineStart = 0;
  /** Offset of the current line's start in the whole input. */
  private lineStartAbs = 0;
  /** Whether `chunk` began inside a line (whose head and text are carried). */
  private chunkStartsMidLine = false;
  /** First bytes of the open line, carried across chunks. */
  private readonly headCarry = Buffer.alloc(HEAD);
  private headLength = 0;
  private readonly textCarry = Buffer.alloc(TEXT_MAX);
  private textLength = 0;
  /** Length of the open line so far, across chunks. */
  private carriedLineLength = 0;

  /** Hits of the current line: pattern ids and unknown tokens. */
  private readonly pendingIds: number[] = [];
  // A set: a line of any length may hold any number of tokens (bounded, see unknown()).
  private readonly pendingTokens = new Set<string>();
  private pendingOverflow = 0;
  /** Text around the line's first hit, when the line is too long to keep whole. */
  private hitWindow: Buffer | null = null;
  /** The last WINDOW bytes of the open line, carried across chunks (for a hit's window). */
  private readonly recentCarry = Buffer.alloc(WINDOW);
  private recentLength = 0;

  /** The time of the last resolution point. */
  private lastTime: Timestamp | null = null;
  /** Lines that start before this position in `chunk` are at or before the last point. */
  private resolvedUpTo = 0;
  /** Heads of the lines after the last point in earlier chunks, oldest first, at most LOOKBACK. */
  private olderHeads: string[] = [];
  private nextCheckpoint = 0;

  /** Completed lines, and whether the open line has any byte. */
  private newlines = 0;
  private openLineHasBytes = false;

  constructor(options: LineScannerOptions) {
    this.tokens = options.matcher.newScanner({ prefilter: options.prefilter });
    this.clock = options.clock;
    this.events = options.events;
    this.wantText = options.wantText;
  }

  /** Offset in the input where the open (not yet ended) line starts: all before it is done. */
  get doneBytes(): number {
    return this.lineStartAbs;
  }

  /** Lines ended so far by a newline. */
  get completeLines(): number {
    return this.newlines;
  }

  /** Lines seen so far (a last line without a newline counts). */
  get lines(): number {
    return this.newlines + (this.openLineHasBytes ? 1 : 0);
  }

  feed(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunkBase += this.chunk.length;
    this.chunk = chunk;
    this.counted = 0;
    this.nextNewline = NOT_SOUGHT;
    this.resolvedUpTo = 0;
    this.chunkStartsMidLine = this.lineStart < 0;
    if (!this.chunkStartsMidLine) this.lineStart = 0;
    this.tokens.scan(chunk, this);
    this.advance(chunk.length);
    this.keepOlderHeads();
    this.carryOpenLine();
  }

  end(): void {
    // What is left of the last line is all in the carries now.
    this.chunkBase += this.chunk.length;
    this.chunk = EMPTY;
    this.counted = 0;
    this.nextNewline = NOT_SOUGHT;
    this.resolvedUpTo = 0;
    this.chunkStartsMidLine = true;
    this.tokens.finish(this);
    if (this.openLineHasBytes) this.endLine(0);
  }

  // MatchSink: a token ended at `end` in the current chunk (-1: at the end of the input).
  match(id: number, end: number): void {
    this.advance(end);
    if (this.pendingIds.length === 0 && this.pendingTokens.size === 0) this.keepWindow(end);
    if (!this.pendingIds.includes(id)) this.pendingIds.push(id);
  }

  unknown(token: string, end: number): void {
    this.advance(end);
    if (this.pendingIds.length === 0 && this.pendingTokens.size === 0) this.keepWindow(end);
    if (this.pendingTokens.has(token)) return;
    // Memory stays bounded in a line of any length: past the limit, tokens are only counted.
    if (this.pendingTokens.size < MAX_UNKNOWN_TOKENS) this.pendingTokens.add(token);
    else this.pendingOverflow++;
  }

  /** Counts the newlines before `pos`, ending each line passed. */
  private advance(pos: number): void {
    const chunk = this.chunk;
    while (this.counted < pos) {
      if (this.nextNewline === NOT_SOUGHT) this.nextNewline = chunk.indexOf(10, this.counted);
      const nl = this.nextNewline;
      if (nl < 0 || nl >= pos) {
        this.openLineHasBytes = true;
        this.counted = pos;
        return;
      }
      this.endLine(nl);
      this.counted = nl + 1;
      this.nextNewline = NOT_SOUGHT;
    }
  }

  /** The current line ends at `nl` (a newline, or the end of the input). */
  private endLine(nl: number): void {
    if (this.clock.observesEveryLine) this.observeLine(nl);
    const hasHits = this.pendingIds.length > 0 || this.pendingTokens.size > 0;
    if (hasHits || this.lineNo % SAMPLE_LINES === 1 || this.lineStartAbs >= this.nextCheckpoint) {
      const time = this.resolve(this.lineStart, nl);
      this.nextCheckpoint = (Math.floor(this.lineStartAbs / CHECKPOINT) + 1) * CHECKPOINT;
      if (hasHits) this.emitPending(nl, time);
    }
    this.newlines++;
    this.openLineHasBytes = false;
    this.lineNo++;
    this.lineStart = nl + 1;
    this.lineStartAbs = this.chunkBase + nl + 1;
    this.hitWindow = null;
  }

  /** Hands the clock the line's bytes (an SDL clock rolls its date on every line's time). */
  private observeLine(nl: number): void {
    if (this.lineStart >= 0) {
      this.clock.observeLine(this.chunk, this.lineStart, nl);
    } else if (this.headLength >= HEAD || nl === 0) {
      this.clock.observeLine(this.headCarry, 0, this.headLength);
    } else {
      const head = Buffer.concat([this.headCarry.subarray(0, this.headLength), this.chunk.subarray(0, Math.min(nl, HEAD))]);
      this.clock.observeLine(head, 0, head.length);
    }
  }

  private emitPending(nl: number, time: Timestamp | null): void {
    const text = this.wantText ? this.lineText(nl) : null;
    for (const id of this.pendingIds) this.events.hit(id, this.lineNo, time, text);
    for (const token of this.pendingTokens) this.events.unknown(token, this.lineNo, time, text);
    if (this.pendingOverflow > 0) this.events.unknownOverflow?.(this.pendingOverflow, this.lineNo, time);
    this.pendingIds.length = 0;
    this.pendingTokens.clear();
    this.pendingOverflow = 0;
  }

  /** A resolution point at the line [start, end): its own time, its entry's, or the last point's. */
  private resolve(start: number, end: number): Timestamp | null {
    const time = this.timeOfLine(start, end) ?? this.lookBack(start);
    if (time) this.lastTime = time;
    this.resolvedUpTo = end + 1;
    this.olderHeads = [];
    return this.lastTime;
  }

  /** The time of the nearest earlier line after the last point that has one, LOOKBACK lines up at most. */
  private lookBack(start: number): Timestamp | null {
    let looked = 0;
    if (start >= 0) {
      let e = start - 1; // the newline that ends the line above
      while (e >= this.resolvedUpTo && looked < LOOKBACK) {
        const ls = e > 0 ? this.chunk.lastIndexOf(10, e - 1) + 1 : 0;
        const time = this.timeOfLine(ls === 0 && this.chunkStartsMidLine ? -1 : ls, e);
        if (time) return time;
        looked++;
        e = ls - 1;
      }
    }
    // On into the lines kept from earlier chunks (none when the last point is in this chunk).
    for (let i = this.olderHeads.length - 1; i >= 0 && looked < LOOKBACK; i--, looked++) {
      const time = this.clock.timeOf(this.olderHeads[i]);
      if (time) return time;
    }
    return null;
  }

  /** After a chunk: keep the heads of its last lines that lie after the last point. */
  private keepOlderHeads(): void {
    const kept: string[] = [];
    let e = this.chunk.lastIndexOf(10);
    while (e >= this.resolvedUpTo && kept.length < LOOKBACK) {
      const ls = e > 0 ? this.chunk.lastIndexOf(10, e - 1) + 1 : 0;
      kept.push(this.head(ls === 0 && this.chunkStartsMidLine ? -1 : ls, e));
      e = ls - 1;
    }
    if (kept.length === 0) return;
    kept.reverse();
    this.olderHeads = kept.length >= LOOKBACK || this.resolvedUpTo > 0 ? kept : [...this.olderHeads, ...kept].slice(-LOOKBACK);
  }

  private timeOfLine(start: number, end: number): Timestamp | null {
    // Most lines without a time are known by their first bytes, before a string is made of them
    // (a log of short lines without times spent most of its scan making those strings).
    const mayHaveTime = start >= 0 ? this.clock.mayHaveTime(this.chunk, start, Math.min(end, start + HEAD)) : this.carriedMayHaveTime(end);
    if (!mayHaveTime) return null;
    return this.clock.timeOf(this.head(start, end));
  }

  /** The clock's mayHaveTime for a line begun in an earlier chunk, which ends at `end`: on its first HEAD bytes, or all when fewer. */
  private carriedMayHaveTime(end: number): boolean {
    if (this.headLength >= HEAD || end <= 0) return this.clock.mayHaveTime(this.headCarry, 0, this.headLength);
    // Its first bytes are in two buffers (once per chunk at most): joined.
    const head = Buffer.concat([this.headCarry.subarray(0, this.headLength), this.chunk.subarray(0, Math.min(end, HEAD - this.headLength))]);
    return this.clock.mayHaveTime(head, 0, head.length);
  }

  /** First HEAD bytes of the line [start, end) as latin1 (start -1: the line began earlier). */
  private head(start: number, end: number): string {
    if (start >= 0) return this.chunk.toString('latin1', start, Math.min(end, start + HEAD));
    const carried = this.headCarry.toString('latin1', 0, this.headLength);
    return carried + this.chunk.toString('latin1', 0, Math.max(0, Math.min(end, HEAD - this.headLength)));
  }

  /** Keeps the WINDOW bytes of the line before the end of its first hit (for a long line's text). */
  private keepWindow(end: number): void {
    if (!this.wantText) return;
    const upTo = end < 0 ? this.chunk.length : end;
    const from = Math.max(this.lineStart >= 0 ? this.lineStart : 0, upTo - WINDOW);
    const inChunk = this.chunk.subarray(from, upTo);
    const needed = WINDOW - inChunk.length;
    const earlier = this.lineStart < 0 && needed > 0 ? this.recentCarry.subarray(Math.max(0, this.recentLength - needed), this.recentLength) : EMPTY;
    this.hitWindow = Buffer.concat([earlier, inChunk]);
  }

  /**
   * The line's text: whole when short, else its first WINDOW bytes and the WINDOW bytes before the
   * end of its first hit. Bytes are joined before decoding, so a character cut by a chunk's end is
   * whole again, and the text never depends on where chunks end.
   */
  private lineText(nl: number): string {
    const spans = this.lineStart < 0;
    const start = spans ? 0 : this.lineStart;
    const total = (spans ? this.carriedLineLength : 0) + (nl - start);
    if (total > TEXT_MAX) {
      return `${this.lineBegin(nl).toString('utf8')} … ${this.hitWindow?.toString('utf8') ?? ''} …`;
    }
    const bytes = spans ? Buffer.concat([this.textCarry.subarray(0, this.textLength), this.chunk.subarray(0, nl)]) : this.chunk.subarray(start, nl);
    const text = bytes.toString('utf8');
    return text.endsWith('\r') ? text.slice(0, -1) : text;
  }

  /**
   * The first WINDOW bytes of the current line, which ends at `nl`. A line begun in an earlier
   * chunk has them carried, but perhaps not all: its first chunk may have ended a few bytes in.
   */
  private lineBegin(nl: number): Buffer {
    if (this.lineStart >= 0) return this.chunk.subarray(this.lineStart, this.lineStart + WINDOW);
    const carried = this.textCarry.subarray(0, Math.min(WINDOW, this.textLength));
    if (carried.length === WINDOW) return carried;
    return Buffer.concat([carried, this.chunk.subarray(0, Math.min(nl, WINDOW - carried.length))]);
  }

  /** The chunk ends inside a line: keep its first bytes (bounded) for its time and text. */
  private carryOpenLine(): void {
    const n = this.chunk.length;
    const from = this.lineStart >= 0 ? this.lineStart : 0;
    if (from >= n) return; // the chunk ended with a newline
    if (this.lineStart >= 0) {
      // The open line began in this chunk: its carry starts afresh.
      this.headLength = 0;
      this.textLength = 0;
      this.carriedLineLength = 0;
    }
    if (this.headLength < HEAD) {
      const take = Math.min(HEAD - this.headLength, n - from);
      this.chunk.copy(this.headCarry, this.headLength, from, from + take);
      this.headLength += take;
    }
    if (this.wantText) {
      if (this.textLength < TEXT_MAX) {
        const take = Math.min(TEXT_MAX - this.textLength, n - from);
        this.chunk.copy(this.textCarry, this.textLength, from, from + take);
        this.textLength += take;
      }
      if (this.lineStart >= 0) this.recentLength = 0;
      const recent = Buffer.concat([this.recentCarry.subarray(0, this.recentLength), this.chunk.subarray(Math.max(from, n - WINDOW), n)]);
      const kept = recent.subarray(Math.max(0, recent.length - WINDOW));
      kept.copy(this.recentCarry);
      this.recentLength = kept.length;
    }
    this.carriedLineLength += n - from;
    this.lineStart = -1;
  }
}
