// Timestamps stage: takes the first bytes of a log line, with the file's --tz, --year and mtime;
// gives the line's Timestamp (SDL FileHead date + midnight roll, SDI, JTAPI/MIVR, Jabber, ISO, syslog).
import type { Timestamp } from '../types.js';

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
  /** Whether a line that begins with this byte may have a time (false: timeOf would give null; no string needed to know). */
  mayHaveTime(firstByte: number): boolean;
  /** True once the clock wants every line (an SDL file, whose date rolls when the time of day goes back). */
  readonly observesEveryLine: boolean;
  /** One line's bytes [start, end), in order, for a clock that observes every line; cheap, allocates nothing. */
  observeLine(bytes: Uint8Array, start: number, end: number): void;
}

const MINUTE_MS = 60_000;
const HOUR_MS = 60 * MINUTE_MS;
const DAY_MS = 24 * HOUR_MS;
/** An SDL time this much earlier than the previous one means the file crossed midnight; less is jitter. */
const ROLL_BACK_THRESHOLD_MS = 12 * HOUR_MS;
/** A month this much before the previous line's means the log went into the next year (December to January). */
const HALF_YEAR_MONTHS = 6;
/** java.time.ZoneOffset's range; real offsets span -12:00 to +14:00. */
const MAX_OFFSET_MINUTES = 18 * 60;

const MONTH_BY_NAME = {
  Jan: 1, Feb: 2, Mar: 3, Apr: 4, May: 5, Jun: 6,
  Jul: 7, Aug: 8, Sep: 9, Oct: 10, Nov: 11, Dec: 12,
} as const satisfies Record<string, number>;

const CHAR_0 = 0x30;
const CHAR_9 = 0x39;
const CHAR_LT = 0x3c;
/** First letters of the month abbreviations: the only letters a JTAPI/MIVR or syslog line can start with. */
const MONTH_INITIALS = 'ADFJMNOS';
const MONTH_INITIAL_BYTES = new Uint8Array(256);
for (const letter of MONTH_INITIALS) MONTH_INITIAL_BYTES[letter.charCodeAt(0)] = 1;

// `30412007.003 |07:32:38.647 |AppInfo  |...`; a FileHead adds `UTC:-05:00,Date: 2026/03/14`.
const SDL_LINE = /^\d{8}\.\d{3} \|(\d\d):(\d\d):(\d\d)\.(\d{3}) \|(?:FileHead \|UTC:\s*([+-]\d\d:?\d\d)\s*,\s*Date:\s*(\d{4})\/(\d\d)\/(\d\d))?/;
// `12/29/2003 14:49:01.602 CTI|...`
const SDI_LINE = /^(\d\d)\/(\d\d)\/(\d{4}) (\d\d):(\d\d):(\d\d)(?:\.(\d+))?/;
// `2026-03-14 08:14:27,674 ERROR` (Jabber) and `2026-03-14T08:14:27.674-05:00` (ISO 8601).
const ISO_LINE = /^(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d+))?(Z|[+-]\d\d(?::?\d\d)?)?/;
// `9372: Mar 14 07:09:03.121 PST %JTAPI-...` (JTAPI, MIVR) and `Mar  4 07:09:03 host ...` (RFC 3164).
const MONTH_DAY_LINE = /^(?:\d+: )?([A-Z][a-z][a-z]) {1,2}(\d\d?) (\d\d):(\d\d):(\d\d)(?:\.(\d+))?/;
// `<34>1 2026-...` (RFC 5424) or `<187>Mar  4 ...` (RFC 3164): the priority, then an optional version.
const SYSLOG_PRI = /^<\d{1,3}>(?:\d{1,2} )?/;
// `+05:30`, `-05:00`, `+0530`, `-5`, `+05`.
const OFFSET_TEXT = /^([+-])(?:(\d\d)(\d\d)|(\d\d?)(?::(\d\d))?)$/;

/** A calendar day: its ISO date text and its midnight as an instant (its wall clock read as UTC). */
interface Day {
  text: string;
  startMs: number;
}

/** The mtime as a calendar date: year and month for JTAPI and syslog lines, the day for SDL excerpts. */
interface CalendarDate {
  year: number;
  month: number;
  day: Day;
}

/**
 * A clock per file. A class, not closures: every file's clock then has the same methods, so the
 * optimized code of the line scanner that calls them stays valid from one file to the next (fresh
 * closures per file deoptimized it at every file).
 */
class FileClock implements LineClock {
  // The offset for lines that state none: a FileHead's offset overrides --tz for the rest of the file.
  private fileOffset: number | null;
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
    this.fileOffset = ctx.tzOffsetMinutes;
    this.mtimeDate = calendarDateOf(ctx.mtimeMs, this.fileOffset);
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

  mayHaveTime(firstByte: number): boolean {
    return (firstByte >= CHAR_0 && firstByte <= CHAR_9) || firstByte === CHAR_LT || MONTH_INITIAL_BYTES[firstByte] === 1;
  }

  timeOf(head: string): Timestamp | null {
    const first = head.charCodeAt(0);
    if (first >= CHAR_0 && first <= CHAR_9) return this.timeOfDigitLed(head);
    if (first === CHAR_LT) return this.timeOfSyslog(head);
    if (head.length > 0 && MONTH_INITIALS.includes(head[0])) {
      const match = MONTH_DAY_LINE.exec(head);
      return match === null ? null : this.timeOfMonthDay(match);
    }
    return null;
  }

  private rollTo(timeOfDayMs: number): void {
    if (this.sdlDay !== null && this.previousSdlTimeMs !== null && timeOfDayMs < this.previousSdlTimeMs - ROLL_BACK_THRESHOLD_MS) {
      this.sdlDay = dayAfter(this.sdlDay);
    }
    this.previousSdlTimeMs = timeOfDayMs;
  }

  private timeOfSdl(match: RegExpExecArray): Timestamp | null {
    const timeOfDayMs = timeOfDayMsOf(match[1], match[2], match[3], match[4]);
    if (timeOfDayMs === null) return null;

    if (match[6] !== undefined) {
      const offset = parseTzOffset(match[5]);
      const fileHeadDay = dayOf(Number(match[6]), Number(match[7]), Number(match[8]));
      if (offset === null || fileHeadDay === null) return null;
      this.fileOffset = offset;
      this.mtimeDate = calendarDateOf(this.ctx.mtimeMs, offset);
      this.sdlDay = fileHeadDay;
    } else if (this.sdlDay === null) {
      // An excerpt without its FileHead: the best date we have is the file's.
      if (this.mtimeDate === null) return null;
      this.sdlDay = this.mtimeDate.day;
    } else if (!this.observing) {
      this.rollTo(timeOfDayMs);
    }
    if (!this.observing) this.previousSdlTimeMs = timeOfDayMs;
    return timestampOf(this.sdlDay, timeOfDayMs, this.fileOffset);
  }

  private timeOfMonthDay(match: RegExpExecArray): Timestamp | null {
    const month = MONTH_BY_NAME[match[1] as keyof typeof MONTH_BY_NAME] as number | undefined;
    if (month === undefined) return null;
    const year = this.yearOf(month);
    if (year === null) return null;
    const day = dayOf(year, month, Number(match[2]));
    const timeOfDayMs = timeOfDayMsOf(match[3], match[4], match[5], match[6]);
    if (day === null || timeOfDayMs === null) return null;
    // Only a line that has a time moves the year on (timeOf must not change state when it gives null).
    if (this.ctx.year !== null) this.passMonth(month);
    return timestampOf(day, timeOfDayMs, this.fileOffset);
  }

  /**
   * Year for a line without one. With --year, the year of the log's start, and one more for every
   * turn of the year seen since (December to January, in line order). Without, the mtime's (the
   * log's end), one less for a month after the mtime's (December seen in January).
   */
  private yearOf(month: number): number | null {
    if (this.ctx.year !== null) return this.ctx.year + this.yearsTurned + monthTurn(this.previousMonth, month, this.yearsTurned);
    if (this.mtimeDate === null) return null;
    return month > this.mtimeDate.month ? this.mtimeDate.year - 1 : this.mtimeDate.year;
  }

  /** A line of `month` had a time: a turn of the year is counted; a late line of the year before changes nothing. */
  private passMonth(month: number): void {
    const turn = monthTurn(this.previousMonth, month, this.yearsTurned);
    if (turn === 1) this.yearsTurned++;
    if (turn !== -1) this.previousMonth = month;
  }

  private timeOfDigitLed(head: string): Timestamp | null {
    // One character at a fixed position tells the digit-led shapes apart before any regex runs.
    if (head.charCodeAt(4) === 0x2d /* - */) return timeOfIso(head, this.fileOffset);
    if (head.charCodeAt(2) === 0x2f /* / */) return timeOfSdi(head, this.fileOffset);
    if (head.charCodeAt(8) === 0x2e /* . */) {
      const match = SDL_LINE.exec(head);
      return match === null ? null : this.timeOfSdl(match);
    }
    const match = MONTH_DAY_LINE.exec(head);
    return match === null ? null : this.timeOfMonthDay(match);
  }

  private timeOfSyslog(head: string): Timestamp | null {
    const pri = SYSLOG_PRI.exec(head);
    if (pri === null) return null;
    const rest = head.slice(pri[0].length);
    const first = rest.charCodeAt(0);
    if (first >= CHAR_0 && first <= CHAR_9) return timeOfIso(rest, this.fileOffset);
    const match = MONTH_DAY_LINE.exec(rest);
    return match === null ? null : this.timeOfMonthDay(match);
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

/** The time of day of an SDL line `30412007.003 |07:32:38.647 |...` read from its bytes, or -1. */
function sdlTimeOfDayMs(b: Uint8Array, start: number, end: number): number {
  // Called for every line of an SDL file: unrolled, no allocation.
  if (end - start < 27 || b[start + 8] !== 0x2e || b[start + 13] !== 0x7c || b[start + 16] !== 0x3a || b[start + 19] !== 0x3a || b[start + 22] !== 0x2e) {
    return -1;
  }
  const h = twoDigits(b, start + 14);
  const m = twoDigits(b, start + 17);
  const sec = twoDigits(b, start + 20);
  const ms = twoDigits(b, start + 23) * 10 + (b[start + 25] - CHAR_0);
  if (h < 0 || h > 23 || m < 0 || m > 59 || sec < 0 || sec > 59 || ms < 0 || ms > 999 || b[start + 25] < CHAR_0 || b[start + 25] > CHAR_9) return -1;
  return ((h * 60 + m) * 60 + sec) * 1000 + ms;
}

function twoDigits(b: Uint8Array, at: number): number {
  const tens = b[at] - CHAR_0;
  const ones = b[at + 1] - CHAR_0;
  return tens < 0 || tens > 9 || ones < 0 || ones > 9 ? -1 : tens * 10 + ones;
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

/** "+05:30" -> 330, "-05:00" -> -300, "+0530", "-5", "Z"/"UTC" -> 0; null when not an offset. */
export function parseTzOffset(text: string): number | null {
  const trimmed = text.trim();
  const upper = trimmed.toUpperCase();
  if (upper === 'Z' || upper === 'UTC') return 0;
  const match = OFFSET_TEXT.exec(trimmed);
  if (match === null) return null;
  const hours = Number(match[2] ?? match[4]);
  const minutes = Number(match[3] ?? match[5] ?? 0);
  if (minutes >= 60) return null;
  const total = hours * 60 + minutes;
  if (total > MAX_OFFSET_MINUTES) return null;
  // Avoid -0 for "-00:00".
  return total === 0 ? 0 : match[1] === '-' ? -total : total;
}

function timeOfIso(text: string, defaultOffset: number | null): Timestamp | null {
  const match = ISO_LINE.exec(text);
  if (match === null) return null;
  const day = dayOf(Number(match[1]), Number(match[2]), Number(match[3]));
  const timeOfDayMs = timeOfDayMsOf(match[4], match[5], match[6], match[7]);
  if (day === null || timeOfDayMs === null) return null;
  // An offset written in the line is the truth; --tz is only a fallback.
  let offset = defaultOffset;
  if (match[8] !== undefined) {
    offset = parseTzOffset(match[8]);
    if (offset === null) return null;
  }
  return timestampOf(day, timeOfDayMs, offset);
}

function timeOfSdi(head: string, offset: number | null): Timestamp | null {
  const match = SDI_LINE.exec(head);
  if (match === null) return null;
  const day = dayOf(Number(match[3]), Number(match[1]), Number(match[2]));
  const timeOfDayMs = timeOfDayMsOf(match[4], match[5], match[6], match[7]);
  if (day === null || timeOfDayMs === null) return null;
  return timestampOf(day, timeOfDayMs, offset);
}

/** The instant is the wall clock read as UTC minus the offset (none when unknown). */
function timestampOf(day: Day, timeOfDayMs: number, offsetMinutes: number | null): Timestamp {
  return {
    wall: `${day.text}T${clockTextOf(timeOfDayMs)}`,
    offsetMinutes,
    epochMs: day.startMs + timeOfDayMs - (offsetMinutes ?? 0) * MINUTE_MS,
  };
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

/** A Day from a log's fields; null for a date that does not exist (Feb 30, month 13). */
/** The last day dayOf gave, by year, month and day (one number): lines of a log mostly share their date. */
let lastDayKey = -1;
let lastDay: Day | null = null;

function dayOf(year: number, month: number, dayOfMonth: number): Day | null {
  const key = (year * 100 + month) * 100 + dayOfMonth; // month and day have two digits at most
  if (key === lastDayKey) return lastDay;
  lastDay = month < 1 || month > 12 || dayOfMonth < 1 || dayOfMonth > daysInMonth(year, month) ? null : dayOfValidDate(year, month, dayOfMonth);
  lastDayKey = key;
  return lastDay;
}

function dayOfValidDate(year: number, month: number, dayOfMonth: number): Day {
  return { text: dateTextOf(year, month, dayOfMonth), startMs: utcDayStartMs(year, month, dayOfMonth) };
}

function dayAfter(day: Day): Day {
  const startMs = day.startMs + DAY_MS;
  // Usually once per day crossed; by hand all the same, since a log whose times jump about rolls often.
  const d = new Date(startMs);
  return { text: dateTextOf(d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate()), startMs };
}

function utcDayStartMs(year: number, month: number, dayOfMonth: number): number {
  // Date.UTC reads years 0-99 as 1900-1999; setUTCFullYear does not.
  return year >= 100 ? Date.UTC(year, month - 1, dayOfMonth) : new Date(0).setUTCFullYear(year, month - 1, dayOfMonth);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Milliseconds since midnight; a fraction is cut or padded to 3 digits. Null when out of range. */
function timeOfDayMsOf(hours: string, minutes: string, seconds: string, fraction: string | undefined): number | null {
  const h = Number(hours);
  const m = Number(minutes);
  const s = Number(seconds);
  // Leap seconds (":60") are rejected rather than normalised, so `wall` stays as written.
  if (h > 23 || m > 59 || s > 59) return null;
  const ms = fraction === undefined ? 0 : Number(fraction.length >= 3 ? fraction.slice(0, 3) : fraction.padEnd(3, '0'));
  return ((h * 60 + m) * 60 + s) * 1000 + ms;
}

/** "2026-03-14"; built by hand because toISOString costs more than the rest of a line's parse. */
function dateTextOf(year: number, month: number, dayOfMonth: number): string {
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(dayOfMonth)}`;
}

/** "07:32:38.647" */
function clockTextOf(timeOfDayMs: number): string {
  const ms = timeOfDayMs % 1000;
  const seconds = Math.floor(timeOfDayMs / 1000);
  return `${pad2(Math.floor(seconds / 3600))}:${pad2(Math.floor(seconds / 60) % 60)}:${pad2(seconds % 60)}.${String(ms).padStart(3, '0')}`;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
