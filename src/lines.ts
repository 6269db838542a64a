// Lines stage: turns the matcher's (id, end offset) into per-line hits with line numbers,
// timestamps and line text, looking at a line only around a hit and never holding a whole line.
//
// Line numbers come from counting '\n' (natively, with indexOf) only up to each hit and to the end
// of each chunk. Hits of a line wait in `pending` until the line ends, so that a line counts once
// per code and its text and time are known. A hit's time is its line's, or that of the nearest
// earlier line that has one (a JTAPI continuation line takes its entry's time): found by walking
// back from the hit's line over lines not yet looked at, so timestamps are parsed only near hits
// and once per chunk.

import type { Matcher, MatchSink, TokenScanner } from './matcher.js';
import type { LineClock } from './timestamps.js';
import type { Timestamp } from './types.js';

/** Bytes of a line handed to the clock: every supported timestamp lies within them. */
const HEAD = 160;
/** Longest line text kept for a hit. */
export const TEXT_MAX = 1000;
/** Bytes around a hit kept when the line is longer than TEXT_MAX. */
const WINDOW = 200;
const EMPTY = Buffer.alloc(0);

export interface LineEvents {
  /** One line's hit of pattern id (once per line and id). */
  hit(id: number, line: number, time: Timestamp | null, text: string | null): void;
  /** One line's unknown token (once per line and token). */
  unknown(token: string, line: number, time: Timestamp | null, text: string | null): void;
}

export interface LineScannerOptions {
  matcher: Matcher;
  clock: LineClock;
  events: LineEvents;
  /** Build line text for hits (ndjson, watch); the aggregate alone does not need it. */
  wantText: boolean;
  /** Walk the automaton over every byte (tests compare it with the fast path). */
  prefilter?: boolean;
}

export class LineScanner implements MatchSink {
  private readonly tokens: TokenScanner;
  private readonly clock: LineClock;
  private readonly events: LineEvents;
  private readonly wantText: boolean;

  private chunk: Buffer = Buffer.alloc(0);
  /** Position in `chunk` up to which newlines have been counted. */
  private counted = 0;
  /** 1-based number of the line that holds `counted`. */
  private lineNo = 1;
  /** Start of the current line in `chunk`, or -1 when it began in an earlier chunk. */
  private lineStart = 0;
  /** The line that was open when this chunk began (its head and text are carried). */
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
  private readonly pendingTokens: string[] = [];
  /** Text around the line's first hit, when the line is too long to keep whole. */
  private hitWindow: string | null = null;

  /** Time of the latest timestamped line at or before `timeKnownUpTo`. */
  private lastTime: Timestamp | null = null;
  /** Lines that start before this position in `chunk` have been looked at for a time. */
  private timeKnownUpTo = 0;
  private firstLineLookedAt = false;

  /** Completed lines, and whether the open line has any byte. */
  private newlines = 0;
  private openLineHasBytes = false;

  constructor(options: LineScannerOptions) {
    this.tokens = options.matcher.newScanner({ prefilter: options.prefilter });
    this.clock = options.clock;
    this.events = options.events;
    this.wantText = options.wantText;
  }

  /** Lines seen so far (a last line without a newline counts). */
  get lines(): number {
    return this.newlines + (this.openLineHasBytes ? 1 : 0);
  }

  feed(chunk: Buffer): void {
    if (chunk.length === 0) return;
    this.chunk = chunk;
    this.counted = 0;
    this.timeKnownUpTo = 0;
    this.chunkStartsMidLine = this.lineStart < 0;
    if (!this.chunkStartsMidLine) this.lineStart = 0;
    this.tokens.scan(chunk, this);
    this.advance(chunk.length);
    this.lookBackAtChunkEnd();
    this.carryOpenLine();
  }

  end(): void {
    // What is left of the last line is all in the carries now.
    this.chunk = EMPTY;
    this.counted = 0;
    this.timeKnownUpTo = 0;
    this.chunkStartsMidLine = true;
    this.tokens.finish(this);
    if (this.openLineHasBytes) this.endLine(0);
  }

  // MatchSink: the matcher reports a token that ended at `end` in the current chunk.
  match(id: number, end: number): void {
    this.advance(end);
    if (this.pendingIds.length === 0 && this.pendingTokens.length === 0) this.keepWindow(end);
    if (!this.pendingIds.includes(id)) this.pendingIds.push(id);
  }

  unknown(token: string, end: number): void {
    this.advance(end);
    if (this.pendingIds.length === 0 && this.pendingTokens.length === 0) this.keepWindow(end);
    if (!this.pendingTokens.includes(token)) this.pendingTokens.push(token);
  }

  /** Counts the newlines before `pos`, ending each line passed. */
  private advance(pos: number): void {
    const chunk = this.chunk;
    while (this.counted < pos) {
      const nl = chunk.indexOf(10, this.counted);
      if (nl < 0 || nl >= pos) {
        this.openLineHasBytes = true;
        this.counted = pos;
        return;
      }
      this.endLine(nl);
      this.counted = nl + 1;
    }
  }

  /** The current line ends at `nl` (a newline, or the end of the input). */
  private endLine(nl: number): void {
    if (!this.firstLineLookedAt) {
      this.firstLineLookedAt = true;
      // Line 1 may be a FileHead that dates the whole file: the clock sees it first.
      const time = this.timeOfLine(this.lineStart, nl);
      if (time) this.lastTime = time;
      this.timeKnownUpTo = nl + 1;
    }
    if (this.pendingIds.length > 0 || this.pendingTokens.length > 0) this.emitPending(nl);
    this.newlines++;
    this.openLineHasBytes = false;
    this.lineNo++;
    this.lineStart = nl + 1;
    this.hitWindow = null;
  }

  private emitPending(nl: number): void {
    const time = this.timeFor(this.lineStart, nl);
    const text = this.wantText ? this.lineText(nl) : null;
    for (const id of this.pendingIds) this.events.hit(id, this.lineNo, time, text);
    for (const token of this.pendingTokens) this.events.unknown(token, this.lineNo, time, text);
    this.pendingIds.length = 0;
    this.pendingTokens.length = 0;
  }

  /** The time of the line [start, end): its own, or the nearest earlier one's. */
  private timeFor(start: number, end: number): Timestamp | null {
    if (this.timeKnownUpTo > end) return this.lastTime; // line 1, just looked at
    const own = this.timeOfLine(start, end);
    const time = own ?? this.walkBack(start) ?? this.lastTime;
    this.lastTime = time;
    this.timeKnownUpTo = end + 1;
    return time;
  }

  /** The latest time among the lines before `start` in this chunk that were not looked at yet. */
  private walkBack(start: number): Timestamp | null {
    if (start < 0) return null;
    let e = start - 1; // the newline that ends the previous line
    while (e >= this.timeKnownUpTo) {
      const ls = e > 0 ? this.chunk.lastIndexOf(10, e - 1) + 1 : 0;
      const time = this.timeOfLine(ls === 0 && this.chunkStartsMidLine ? -1 : ls, e);
      if (time) return time;
      e = ls - 1;
    }
    return null;
  }

  /** After a chunk: the latest time among its complete lines keeps for hits in later chunks. */
  private lookBackAtChunkEnd(): void {
    const lastNewline = this.chunk.lastIndexOf(10);
    if (lastNewline < 0 || lastNewline < this.timeKnownUpTo) return;
    const time = this.walkBack(lastNewline + 1);
    if (time) this.lastTime = time;
  }

  private timeOfLine(start: number, end: number): Timestamp | null {
    const head = this.head(start, end);
    return head.length === 0 ? null : this.clock.timeOf(head);
  }

  /** First HEAD bytes of the line [start, end) as latin1 (start -1: the line began earlier). */
  private head(start: number, end: number): string {
    if (start >= 0) return this.chunk.toString('latin1', start, Math.min(end, start + HEAD));
    const carried = this.headCarry.toString('latin1', 0, this.headLength);
    return carried + this.chunk.toString('latin1', 0, Math.max(0, Math.min(end, HEAD - this.headLength)));
  }

  private keepWindow(end: number): void {
    if (!this.wantText || end < 0) return;
    const start = this.lineStart >= 0 ? this.lineStart : -this.carriedLineLength;
    if (end - start <= TEXT_MAX - WINDOW) return;
    const from = Math.max(0, end - WINDOW, this.lineStart);
    const nl = this.chunk.indexOf(10, end);
    const to = Math.min(this.chunk.length, end + WINDOW, nl < 0 ? Infinity : nl);
    this.hitWindow = this.chunk.toString('utf8', from, to);
  }

  /** The line's text: whole when short, else its beginning and the bytes around its first hit. */
  private lineText(nl: number): string {
    let end = nl;
    const start = Math.max(0, this.lineStart);
    const total = (this.lineStart >= 0 ? 0 : this.carriedLineLength) + (end - start);
    let text: string;
    if (total <= TEXT_MAX) {
      if (end > start && this.chunk[end - 1] === 13) end--;
      const carried = this.lineStart >= 0 ? '' : this.textCarry.toString('utf8', 0, this.textLength);
      text = carried + this.chunk.toString('utf8', start, end);
      if (this.lineStart < 0 && end === start && text.endsWith('\r')) text = text.slice(0, -1);
    } else {
      const begin = this.lineStart >= 0 ? this.chunk.toString('utf8', start, start + WINDOW) : this.textCarry.toString('utf8', 0, Math.min(WINDOW, this.textLength));
      text = this.hitWindow ? `${begin} … ${this.hitWindow} …` : `${begin} …`;
    }
    return text;
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
    if (this.wantText && this.textLength < TEXT_MAX) {
      const take = Math.min(TEXT_MAX - this.textLength, n - from);
      this.chunk.copy(this.textCarry, this.textLength, from, from + take);
      this.textLength += take;
    }
    this.carriedLineLength += n - from;
    this.lineStart = -1;
  }
}
