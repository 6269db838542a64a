// Timestamps stage: takes the first bytes of a log line, with the file's --tz, --year and mtime;
// gives the line's Timestamp, by the formats of time-formats.ts, keeping each file's state.
import type { Timestamp } from '../types.js';
import { dayAfter, dayOfValidDate, pad2, parseTzOffset, sdlTimeOfDayMs, timestampOf, TIME_FORMATS, type Day, type FileHead, type FileState, type TimeFormat } from './time-formats.js';

export { parseTzOffset } from './time-formats.js';

export interface TimeContext {
  /** --tz: offset for logs that state none; null when not given. */
  tzOffsetMinutes: number | null;
  /** --year: year for formats without one (JTAPI/MIVR, syslog). */
  year: number | null;
  /** The file's modification time; null for standard input. */
  mtimeMs: number | null;
}

export interface LineClock {
  /** `head` = the first bytes of ONE line (no newline; at most 160 bytes; decoded latin1; may have a trailing \r).
   *  Returns the line's timestamp, or null when the line has none of the supported shapes.
   *  Calls come in increasing line order but NOT for every line (only sampled lines). MUST NOT change state when it returns null. */
  timeOf(head: string): Timestamp | null;
  /**
   * Whether a line may have a time (false: timeOf would give null), known without a string: mostly
   * by the first byte. bytes[start, end) is the whole line, or at least its first 160 bytes.
   */
  mayHaveTime(bytes: Uint8Array, start: number, end: number): boolean;
  /** True once the clock wants every line (an SDL file, whose date rolls when the time of day goes back). */
  readonly observesEveryLine: boolean;
  /** One line's bytes [start, end), in order, for a clock that observes every line; cheap, allocates nothing. */
  observeLine(bytes: Uint8Array, start: number, end: number): void;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
/** An SDL time this much earlier than the previous one means the file crossed midnight; less is jitter. */
const ROLL_BACK_THRESHOLD_MS = 12 * HOUR_MS;
/** A month this much before the previous line's means the log went into the next year (December to January). */
const HALF_YEAR_MONTHS = 6;

type MayBegin = NonNullable<TimeFormat['mayBegin']>;

/**
 * A format as the dispatch runs it: every one of the same shape, so that the loop over them reads
 * its fields from one hidden class (the table's rows differ in which optional fields they have).
 */
class Candidate {
  readonly pattern: RegExp;
  readonly read: TimeFormat['read'];
  /** The precheck's position and character code; -1 when the format has none. */
  readonly checkAt: number;
  readonly checkCode: number;
  /** The format's look at a line's bytes for mayHaveTime; null when its first bytes say enough. */
  readonly mayBegin: MayBegin | null;

  constructor(format: TimeFormat) {
    this.mayBegin = format.mayBegin ?? null;
    this.pattern = format.pattern;
    this.read = format.read;
    this.checkAt = format.precheck?.at ?? -1;
    this.checkCode = format.precheck?.char.charCodeAt(0) ?? -1;
  }
}

const ALL_CANDIDATES = TIME_FORMATS.map((format) => new Candidate(format));
/** The formats a line may be of, by its first byte, in the table's order: most lines try one or two. */
const CANDIDATES: readonly (readonly Candidate[])[] = Array.from({ length: 256 }, (_, byte) =>
  ALL_CANDIDATES.filter((_candidate, i) => TIME_FORMATS[i].firstBytes.includes(String.fromCharCode(byte))),
);
const NO_CANDIDATES: readonly Candidate[] = [];
/** By first byte: no format begins with it (NEVER), one that needs no further look does (MAY), or ask the formats' mayBegin (ASK). */
const NEVER = 0;
const MAY = 1;
const ASK = 2;
const GATE = Uint8Array.from(CANDIDATES, (candidates) =>
  candidates.length === 0 ? NEVER : candidates.some((c) => c.mayBegin === null) ? MAY : ASK,
);
/** By first byte, the candidates' mayBegin (for an ASK byte, every candidate has one). */
const LOOKS: readonly (readonly MayBegin[])[] = CANDIDATES.map((candidates) => candidates.flatMap((c) => (c.mayBegin === null ? [] : [c.mayBegin])));

/** Whether a candidate of an ASK byte says the line may be of its format. */
function mayBeginAny(bytes: Uint8Array, start: number, end: number): boolean {
  const looks = LOOKS[bytes[start]];
  for (let i = 0; i < looks.length; i++) if (looks[i](bytes, start, end)) return true;
  return false;
}

/** The mtime as a calendar date: year and month for JTAPI and syslog lines, the day for SDL excerpts. */
interface CalendarDate {
  year: number;
  month: number;
  day: Day;
}

/**
 * A clock per file: the state the formats' readers ask for (FileState), and the dispatch over the
 * formats. A class, not closures: every file's clock then has the same methods, so the optimized
 * code of the line scanner that calls them stays valid from one file to the next (fresh closures
 * per file deoptimized it at every file).
 */
class FileClock implements LineClock, FileState {
  // The offset for lines that state none: a FileHead's offset overrides --tz for the rest of the file.
  offset: number | null;
  private mtimeDate: CalendarDate | null;
  // SDL lines carry only a time of day: the date comes from the FileHead (or the mtime) and rolls at midnight.
  private sdlDay: Day | null = null;
  private previousSdlTimeMs: number | null = null;
  // Whether every line's time of day comes through observeLine: then the date rolls there, exactly,
  // and timeOf only reads it; otherwise timeOf rolls it from the lines it is given.
  private observing = false;
  // --year: the month of the last line with a time (0: none yet), and the turns of the year since the log's start.
  private previousMonth = 0;
  private yearsTurned = 0;

  constructor(private readonly ctx: TimeContext) {
    this.offset = ctx.tzOffsetMinutes;
    this.mtimeDate = calendarDateOf(ctx.mtimeMs, this.offset);
  }

  get observesEveryLine(): boolean {
    return this.sdlDay !== null;
  }

  observeLine(bytes: Uint8Array, start: number, end: number): void {
    if (this.sdlDay === null) return;
    const timeOfDayMs = sdlTimeOfDayMs(bytes, start, end);
    if (timeOfDayMs < 0) return;
    this.observing = true;
    this.rollTo(timeOfDayMs);
  }

  mayHaveTime(bytes: Uint8Array, start: number, end: number): boolean {
    if (start >= end) return false;
    const gate = GATE[bytes[start]];
    return gate === MAY || (gate === ASK && mayBeginAny(bytes, start, end));
  }

  timeOf(head: string): Timestamp | null {
    const first = head.charCodeAt(0); // NaN for an empty head
    const candidates = first < 256 ? CANDIDATES[first] : NO_CANDIDATES;
    for (let i = 0; i < candidates.length; i++) {
      const candidate = candidates[i];
      if (candidate.checkAt >= 0 && head.charCodeAt(candidate.checkAt) !== candidate.checkCode) continue;
      const match = candidate.pattern.exec(head);
      // No other format's pattern matches the line (the samples test): its reader has the last word.
      if (match !== null) return candidate.read(match, this);
    }
    return null;
  }

  onFileDay(timeOfDayMs: number, fileHead: FileHead | null): Timestamp | null {
    if (fileHead !== null) {
      this.offset = fileHead.offset;
      this.mtimeDate = calendarDateOf(this.ctx.mtimeMs, fileHead.offset);
      this.sdlDay = fileHead.day;
    } else if (this.sdlDay === null) {
      // An excerpt without its FileHead: the best date we have is the file's.
      if (this.mtimeDate === null) return null;
      this.sdlDay = this.mtimeDate.day;
    } else if (!this.observing) {
      this.rollTo(timeOfDayMs);
    }
    if (!this.observing) this.previousSdlTimeMs = timeOfDayMs;
    return timestampOf(this.sdlDay, timeOfDayMs, this.offset);
  }

  /**
   * Year for a line without one. With --year, the year of the log's start, and one more for every
   * turn of the year seen since (December to January, in line order). Without, the mtime's (the
   * log's end), one less for a month after the mtime's (December seen in January).
   */
  yearOf(month: number): number | null {
    if (this.ctx.year !== null) return this.ctx.year + this.yearsTurned + monthTurn(this.previousMonth, month, this.yearsTurned);
    if (this.mtimeDate === null) return null;
    return month > this.mtimeDate.month ? this.mtimeDate.year - 1 : this.mtimeDate.year;
  }

  /** With --year, a line of `month` had a time: a turn of the year is counted; a late line of the year before changes nothing. */
  passMonth(month: number): void {
    if (this.ctx.year === null) return;
    const turn = monthTurn(this.previousMonth, month, this.yearsTurned);
    if (turn === 1) this.yearsTurned++;
    if (turn !== -1) this.previousMonth = month;
  }

  private rollTo(timeOfDayMs: number): void {
    if (this.sdlDay !== null && this.previousSdlTimeMs !== null && timeOfDayMs < this.previousSdlTimeMs - ROLL_BACK_THRESHOLD_MS) {
      this.sdlDay = dayAfter(this.sdlDay);
    }
    this.previousSdlTimeMs = timeOfDayMs;
  }
}

/**
 * How a line's month stands to the month of the line before (0: none yet), as the year goes: 1 when
 * it went back by more than half a year (December to January: the next year), -1 when it went
 * forward by more than half a year after a turn (a line of December written a moment after one of
 * January: the year before), else 0. Less than half a year back is lines a moment out of order at
 * a month's end, as for SDL times (ROLL_BACK_THRESHOLD_MS); a log is not read backwards.
 */
function monthTurn(previous: number, month: number, yearsTurned: number): -1 | 0 | 1 {
  if (previous === 0) return 0;
  if (month < previous - HALF_YEAR_MONTHS) return 1;
  if (month > previous + HALF_YEAR_MONTHS && yearsTurned > 0) return -1;
  return 0;
}

export function createLineClock(ctx: TimeContext): LineClock {
  return new FileClock(ctx);
}

/** The mtime as a calendar date in the offset that applies, else in the process's zone. */
function calendarDateOf(mtimeMs: number | null, offsetMinutes: number | null): CalendarDate | null {
  if (mtimeMs === null) return null;
  if (offsetMinutes !== null) {
    const shifted = new Date(mtimeMs + offsetMinutes * MINUTE_MS);
    return calendarDate(shifted.getUTCFullYear(), shifted.getUTCMonth() + 1, shifted.getUTCDate());
  }
  const local = new Date(mtimeMs);
  return calendarDate(local.getFullYear(), local.getMonth() + 1, local.getDate());
}

function calendarDate(year: number, month: number, dayOfMonth: number): CalendarDate {
  return { year, month, day: dayOfValidDate(year, month, dayOfMonth) };
}

/** ISO 8601 "2024-08-13T07:32:38.644-05:00"; no suffix when the offset is unknown, "+00:00" rather than "Z". */
export function formatTimestamp(t: Timestamp): string {
  if (t.offsetMinutes === null) return t.wall;
  const sign = t.offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(t.offsetMinutes);
  return `${t.wall}${sign}${pad2(Math.floor(abs / 60))}:${pad2(abs % 60)}`;
}

/** A time as formatTimestamp writes it, read back (for merging reports); null when not one. */
export function parseTimestamp(text: string): Timestamp | null {
  const m = /^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3})([+-]\d\d:\d\d)?$/.exec(text);
  if (!m) return null;
  const offsetMinutes = m[2] === undefined ? null : parseTzOffset(m[2]);
  const wallMs = Date.parse(`${m[1]}Z`);
  if (Number.isNaN(wallMs) || (m[2] !== undefined && offsetMinutes === null)) return null;
  return { wall: m[1], offsetMinutes, epochMs: wallMs - (offsetMinutes ?? 0) * MINUTE_MS };
}
