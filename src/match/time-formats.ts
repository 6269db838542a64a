// Timestamps stage, as data: every timestamp format the clock reads, one row each (lnav's way:
// name, the bytes a line can begin with, pattern, samples, and how a match becomes a Timestamp).
import type { Timestamp } from '../types.js';

/**
 * What a format's reader may ask of the file it reads: the file's offset, its running SDL date and
 * the year of lines that state none. The clock (timestamps.ts) keeps that state, one per file.
 */
export interface FileState {
  /** The offset for lines that state none: --tz, or the offset of the file's FileHead. */
  readonly offset: number | null;
  /** A time of day on the file's running date (SDL), which a FileHead starts; null when no date is known. */
  onFileDay(timeOfDayMs: number, fileHead: FileHead | null): Timestamp | null;
  /** The year of a line of this month that states none (--year and the turns since, else the mtime's); null: none known. */
  yearOf(month: number): number | null;
  /** A line of this month without a year gave a time (--year counts the turns of the year on them). */
  passMonth(month: number): void;
}

/** What an SDL FileHead line states: the file's date and UTC offset. */
export interface FileHead {
  day: Day;
  offset: number;
}

/** A sample line and the time it must give, with the --tz, --year and mtime it is read with. */
export interface TimeSample {
  readonly line: string;
  /** The time as formatTimestamp prints it. */
  readonly time: string;
  /** --tz, as the option is written. */
  readonly tz?: string;
  /** --year. */
  readonly year?: number;
  /** The file's modification time (ISO 8601); none: standard input. */
  readonly mtime?: string;
}

export interface TimeFormat {
  readonly name: string;
  /** Every byte a line of the format can begin with: the clock's first-byte table is built from these. */
  readonly firstBytes: string;
  /** A character the line must have at a fixed position, looked at before the pattern runs (cheaper than it). */
  readonly precheck?: { readonly at: number; readonly char: string };
  /**
   * A cheap look at a line's first bytes for mayHaveTime, for a format whose first bytes alone
   * would let most lines of other logs through: false when the pattern cannot match. The bytes are
   * the whole line, or at least its first 160 (the head timeOf is given).
   */
  readonly mayBegin?: (bytes: Uint8Array, start: number, end: number) => boolean;
  /** Anchored at the line's start; no two formats' patterns match the same line (the samples test proves it). */
  readonly pattern: RegExp;
  /** The match as a Timestamp, with the file's state; null (and no state changed) when a field is out of range. */
  readonly read: (match: RegExpExecArray, file: FileState) => Timestamp | null;
  readonly samples: readonly TimeSample[];
}

const DIGITS = '0123456789';
/** First letters of the month abbreviations. */
const MONTH_INITIALS = 'ADFJMNOS';
const LETTERS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

const MONTH_BY_NAME = {
  Jan: 1, Feb: 2, Mar: 3, Apr: 4, May: 5, Jun: 6,
  Jul: 7, Aug: 8, Sep: 9, Oct: 10, Nov: 11, Dec: 12,
} as const satisfies Record<string, number>;

// `Mar 14 07:09:03`, `Mar  4 07:09:03` (JTAPI, MIVR, RFC 3164): month, day, hours, minutes, seconds.
const MONTH_DAY_TIME = String.raw`([A-Z][a-z][a-z]) {1,2}(\d\d?) (\d\d):(\d\d):(\d\d)`;
// The same with a fraction of a second, without groups, for lookaheads: JTAPI and MIVR write milliseconds, RFC 3164 none.
const MONTH_DAY_TIME_FRACTION = String.raw`[A-Z][a-z][a-z] {1,2}\d\d? \d\d:\d\d:\d\d\.\d`;
// `2026-03-14 08:14:27,674` (Jabber), `2026-03-14T08:14:27.674-05:00` (ISO 8601).
const ISO_DATE_TIME = String.raw`(\d{4})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:[.,](\d+))?(Z|[+-]\d\d(?::?\d\d)?)?`;
// `<34>`, `<34>1 `: a syslog priority and an optional RFC 5424 version.
const SYSLOG_PRIORITY = String.raw`<\d{1,3}>(?:\d{1,2} )?`;

/**
 * The formats, in the order the clock tries those a line's first byte allows (the digit-led ones
 * by one character each: '-' at 4, '/' at 2, '.' at 8). Their patterns do not overlap, so the order
 * changes the speed, never a time.
 */
export const TIME_FORMATS = [
  {
    name: 'iso-8601',
    // Jabber/CSF `2026-03-14 08:14:27,674 ERROR ...` and ISO 8601 `2026-03-14T08:14:27.674-05:00`.
    firstBytes: DIGITS,
    precheck: { at: 4, char: '-' },
    pattern: new RegExp(`^${ISO_DATE_TIME}`),
    read: readIso,
    samples: [
      {
        line: '2026-03-14 08:14:27,674 ERROR [0x00002578] [src\\deskphone\\DeskPhoneProvider.cpp(1422)] [csf.ecc.deskphone] - FailureResponse , result= 0x8ccc00d2 , ( CTIERR_DEVICE_RESTRICTED )',
        time: '2026-03-14T08:14:27.674',
      },
      { line: '2023-01-23 08:14:27,674 WARN  [0x00001f44] [csf.ecc.deskphone] - LineOpen failed, error=0x8ccc00d3', time: '2023-01-23T08:14:27.674-05:00', tz: '-05:00' },
      { line: '2026-03-14T08:14:27.674-05:00 ctibridge[2211]: provider open failed result=0x8ccc0075', time: '2026-03-14T08:14:27.674-05:00', tz: '+01:00' },
      { line: '2026-03-14T08:14:27Z ctibridge[2211]: retrying', time: '2026-03-14T08:14:27.000+00:00' },
    ],
  },
  {
    name: 'sdi',
    // CUCM 3.x/4.x SDI traces: `12/29/2003 14:49:01.602 CTI|...`.
    firstBytes: DIGITS,
    precheck: { at: 2, char: '/' },
    pattern: /^(\d\d)\/(\d\d)\/(\d{4}) (\d\d):(\d\d):(\d\d)(?:\.(\d+))?/,
    read(m: RegExpExecArray, file: FileState): Timestamp | null {
      const day = dayOf(Number(m[3]), Number(m[1]), Number(m[2]));
      const timeOfDayMs = timeOfDayMsOf(Number(m[4]), Number(m[5]), Number(m[6]), m[7]);
      return day === null || timeOfDayMs === null ? null : timestampOf(day, timeOfDayMs, file.offset);
    },
    samples: [
      { line: '12/29/2003 14:49:01.602 CTI|CTIManager::CtiProviderOpenResponse - result=0x8ccc0075|<CLID::StandAloneCluster>', time: '2003-12-29T14:49:01.602' },
      { line: '12/30/2003 00:00:03.5 CTI|heartbeat', time: '2003-12-30T00:00:03.500+01:00', tz: '+01:00' },
    ],
  },
  {
    name: 'sdl',
    // CUCM SDL traces: `30412007.003 |07:32:38.647 |AppInfo  |...`; the FileHead line states the
    // file's date and offset: `... |FileHead |UTC:-05:00,Date: 2026/03/14, ...`.
    firstBytes: DIGITS,
    precheck: { at: 8, char: '.' },
    pattern: /^\d{8}\.\d{3} \|(\d\d):(\d\d):(\d\d)\.(\d{3}) \|(?:FileHead \|UTC:\s*([+-]\d\d:?\d\d)\s*,\s*Date:\s*(\d{4})\/(\d\d)\/(\d\d))?/,
    read(m: RegExpExecArray, file: FileState): Timestamp | null {
      const timeOfDayMs = timeOfDayMsOf(Number(m[1]), Number(m[2]), Number(m[3]), m[4]);
      if (timeOfDayMs === null) return null;
      if (m[6] === undefined) return file.onFileDay(timeOfDayMs, null);
      const offset = parseTzOffset(m[5]);
      const day = dayOf(Number(m[6]), Number(m[7]), Number(m[8]));
      return offset === null || day === null ? null : file.onFileDay(timeOfDayMs, { day, offset });
    },
    samples: [
      {
        line: '30000001.000 |00:00:00.114 |FileHead |UTC:-05:00,Date: 2026/03/14, AppName: CTIManager, AppId: 200, AppNodeId: 1, AppVersion: CUCM Install=14.0.1.12900-161 ..., HostName: cucmpub, FileNumber: 412, TraceVer: 3.0',
        time: '2026-03-14T00:00:00.114-05:00',
        tz: '+01:00',
      },
      {
        line: '30412007.004 |07:32:38.651 |AppInfo  |CtiProviderOpenFailure - CTI application failed to open provider CTIconnectionId:212 Reason code.:-1932787595 App ID:Cisco CTIManager',
        time: '2026-03-14T07:32:38.651',
        mtime: '2026-03-14T12:00:00Z',
      },
      {
        line: '30413110.000 |08:35:28.162 |SdlSig-I |CtiLineOpenLineRes |ready |CTIDeviceLineMgr(1,200,9,1) |CTIRegistrar(3,100,26,1) |1,200,21,167.6^10.1.1.5^SEPA1B2C3D4E5F6 |[R:N-H:0,N:0,L:0,V:0,Z:0,D:0] AsyncResponse=624 LH=1|145 Result=0x8ccc00d3',
        time: '2026-03-14T08:35:28.162-05:00',
        tz: '-05:00',
        mtime: '2026-03-14T12:00:00Z',
      },
      {
        line: '00895255.002 |09:10:11.012 |SdlSig   | CtiDeviceOpenDeviceRes |ready |CTIDeviceLineMgr(1,200,9,1) mOpenResult=0x0',
        time: '2026-03-14T09:10:11.012',
        mtime: '2026-03-14T12:00:00Z',
      },
    ],
  },
  {
    name: 'jtapi-mivr',
    // JTAPI and UCCX MIVR headers: `9372: Mar 14 07:09:03.121 PST %JTAPI-...`, `... PST%MIVR-...`;
    // without the counter, the milliseconds tell them from RFC 3164 syslog. No year: --year or the mtime's.
    firstBytes: DIGITS + MONTH_INITIALS,
    pattern: new RegExp(`^(?:\\d+: |(?=${MONTH_DAY_TIME_FRACTION}))${MONTH_DAY_TIME}(?:\\.(\\d+))?`),
    read: readMonthDayTime,
    samples: [
      {
        line: '9372: Mar 14 07:09:03.121 PST %JTAPI-PROTOCOL-7-UNK:(P1-10.10.1.11) received Event: com.cisco.cti.protocol.ProviderOpenCompletedEvent {',
        time: '2026-03-14T07:09:03.121',
        year: 2026,
      },
      {
        line: '1229: Mar 14 11:37:42.153 IST%MIVR-SS_TEL-4-ModuleRunTimeFailure:Real-time failure in TELEPHONY: Module=JTAPI Subsystem,Failure Cause=CTIERR_CONFERENCE_FULL',
        time: '2026-03-14T11:37:42.153+05:30',
        tz: '+05:30',
        year: 2026,
      },
      // A month after the mtime's is of the year before.
      { line: 'Nov 23 07:09:02.973 COT %JTAPI-JTAPIIMPL-7-UNK:(P1-10.20.1.11) [SS_TEL_INIT] Request: getProvider', time: '2025-11-23T07:09:02.973-05:00', tz: '-05:00', mtime: '2026-03-14T12:00:00Z' },
    ],
  },
  {
    name: 'syslog-3164',
    // `Mar  4 07:09:03 host ...`, `<187>Mar  4 07:09:03 host ...` (RFC 3164; the first header wins
    // when a server stores a CUCM alarm behind its own). No year: --year or the mtime's.
    firstBytes: `<${MONTH_INITIALS}`,
    pattern: new RegExp(`^(?:${SYSLOG_PRIORITY}|(?!${MONTH_DAY_TIME_FRACTION}))${MONTH_DAY_TIME}(?:\\.(\\d+))?`),
    read: readMonthDayTime,
    samples: [
      {
        line: 'Mar 14 07:09:03 cucmpub 1873: cucmpub.example.local: Mar 14 2026 12:09:03.121 UTC :  %UC_CTI-3-CtiProviderOpenFailure: %[CTIconnectionId=212][Reason code.=-1932787595]',
        time: '2026-03-14T07:09:03.000-05:00',
        tz: '-05:00',
        mtime: '2026-03-14T13:15:00Z',
      },
      { line: '<187>Mar  4 07:09:05 cucmsub1 1876: cucmsub1.example.local: Mar 04 2026 12:09:05.440 UTC :  %UC_CTI-6-CtiConnectionClosed', time: '2026-03-04T07:09:05.000', year: 2026 },
    ],
  },
  {
    name: 'syslog-5424',
    // `<34>1 2026-03-14T08:14:27.674Z host app ...` (RFC 5424): the time as ISO 8601.
    firstBytes: '<',
    pattern: new RegExp(`^${SYSLOG_PRIORITY}${ISO_DATE_TIME}`),
    read: readIso,
    samples: [
      { line: '<34>1 2026-03-14T08:14:27.674Z ctigw01 ctibridge 2211 ID47 - provider open failed result=0x8ccc0075', time: '2026-03-14T08:14:27.674+00:00' },
      { line: '<165>1 2026-03-14T08:14:28.003-05:00 ctigw01 ctibridge 2211 ID48 [origin ip="10.40.0.12"] retrying provider open', time: '2026-03-14T08:14:28.003-05:00', tz: '+01:00' },
    ],
  },
  {
    name: 'cucm-syslog-alarm',
    // CUCM alarms as a syslog server stores them: `<187>36: cucmpub: Mar 14 2026 12:12:57.1 UTC :  %UC_CTI-...`,
    // the priority, the counter and the host each optional; 1-3 decimals; the 12-hour form puts
    // AM/PM before them (`05:50:19 AM.484`). UTC and GMT are +00:00; another zone name, --tz or none.
    firstBytes: `<${DIGITS}${LETTERS}`,
    mayBegin: mayBeginAlarm,
    pattern: /^(?:<\d{1,3}>)?(?:\d+: )?(?:[A-Za-z0-9][\w.-]*: )?([A-Z][a-z][a-z]) {1,2}(\d\d?) (\d{4}) (\d\d):(\d\d):(\d\d)(?: ([AP]M))?\.(\d{1,3}) ([A-Za-z]+) :/,
    read(m: RegExpExecArray, file: FileState): Timestamp | null {
      const month = monthOf(m[1]);
      if (month === undefined) return null;
      const day = dayOf(Number(m[3]), month, Number(m[2]));
      let hours = Number(m[4]);
      if (m[7] !== undefined) {
        // 12 AM is midnight, 12 PM noon; a 12-hour clock has no hour 0 or 13.
        if (hours < 1 || hours > 12) return null;
        hours = (hours % 12) + (m[7] === 'PM' ? 12 : 0);
      }
      const timeOfDayMs = timeOfDayMsOf(hours, Number(m[5]), Number(m[6]), m[8]);
      if (day === null || timeOfDayMs === null) return null;
      return timestampOf(day, timeOfDayMs, m[9] === 'UTC' || m[9] === 'GMT' ? 0 : file.offset);
    },
    samples: [
      {
        line: '<187>36: cucmpub: Mar 14 2026 12:12:57.1 UTC :  %UC_CTI-3-CtiProviderOpenFailure: %[CTIconnectionId=232238][ Login User Id=pguser][Reason code.=-1932787616][UNKNOWN_PARAMNAME:IPAddress=172.17.12.73][App ID=Cisco CTIManager][Cluster ID=StandAloneCluster][Node ID=cucmpub]: CTI application failed to open provider; application startup failed',
        time: '2026-03-14T12:12:57.100+00:00',
        tz: '-05:00',
      },
      {
        line: '<189>8103: Oct 14 2015 05:50:19 AM.484 UTC :  %UC_AUDITLOG-5-AdministrativeEvent: %[ UserID =administrator][ ClientAddress =10.1.1.20][ EventStatus =Success][App ID=Cisco Tomcat][Cluster ID=StandAloneCluster][Node ID=cucmpub]: Audit Event is generated by this application',
        time: '2015-10-14T05:50:19.484+00:00',
      },
      { line: '<187>36: cucmpub: Dec 22 2015 20:12:57.1 UTC :  %UC_CTI-3-CtiProviderOpenFailure: %[CTIconnectionId=232238][Reason code.=-1932787616]', time: '2015-12-22T20:12:57.100+00:00' },
      // Without the priority; GMT.
      { line: '1402: cucmsub1: Mar 14 2026 12:13:04.52 GMT :  %UC_CTI-4-CtiDeviceOpenFailure: %[Device Name=SEP00AA11BB22CC][Reason code.=-1932787617][App ID=Cisco CTIManager]: CTI device open failed', time: '2026-03-14T12:13:04.520+00:00' },
      // Without the priority and the counter; a host with dots.
      { line: 'cucmpub.example.local: Mar 14 2026 12:14:10.006 UTC :  %UC_CTI-3-CtiQbeFailureResponse: %[ErrorCode=2362179701][App ID=Cisco CTIManager]', time: '2026-03-14T12:14:10.006+00:00' },
      // The priority without the counter; a host that is an address.
      { line: '<187>10.10.1.5: Mar 14 2026 12:14:11.2 UTC :  %UC_CTI-6-CtiProviderClosed: %[CTIconnectionId=212][Reason code.=-1932787594]', time: '2026-03-14T12:14:11.200+00:00' },
      // Nothing before the date (Cisco's own message date); the year is the line's, not --year's.
      { line: 'Mar 14 2026 12:15:00.3 UTC :  %UC_CTI-6-CtiLineClosed: %[Reason code.=-1932787501]', time: '2026-03-14T12:15:00.300+00:00', year: 2020 },
      { line: '<189>8104: Oct 14 2015 12:05:02 PM.007 UTC :  %UC_AUDITLOG-5-AdministrativeEvent: %[ UserID =administrator]', time: '2015-10-14T12:05:02.007+00:00' },
      { line: '<189>8105: Oct 14 2015 12:00:00 AM.101 UTC :  %UC_AUDITLOG-5-AdministrativeEvent: %[ UserID =administrator]', time: '2015-10-14T00:00:00.101+00:00' },
      { line: '<189>8106: Oct 14 2015 01:30:00 PM.5 UTC :  %UC_AUDITLOG-5-AdministrativeEvent: %[ UserID =administrator]', time: '2015-10-14T13:30:00.500+00:00' },
      // Another zone name states no offset: none, or --tz.
      { line: '<187>2342: cucmpub: Mar 14 2026 07:12:57.123 EST :  %UC_CTI-3-CtiProviderOpenFailure: %[Reason code.=-1932787616]', time: '2026-03-14T07:12:57.123' },
      { line: '<187>2343: cucmpub: Mar 14 2026 07:12:58.123 EST :  %UC_CTI-3-CtiLineOpenFailure: %[Reason code.=-1932787501]', time: '2026-03-14T07:12:58.123-05:00', tz: '-05:00' },
    ],
  },
] as const satisfies readonly TimeFormat[];

/** JTAPI/MIVR and RFC 3164 (a reader that rows share, so that the clock's call of it sees fewer functions): the year from the file. */
function readMonthDayTime(m: RegExpExecArray, file: FileState): Timestamp | null {
  const month = monthOf(m[1]);
  if (month === undefined) return null;
  const year = file.yearOf(month);
  if (year === null) return null;
  const day = dayOf(year, month, Number(m[2]));
  const timeOfDayMs = timeOfDayMsOf(Number(m[3]), Number(m[4]), Number(m[5]), m[6]);
  if (day === null || timeOfDayMs === null) return null;
  // Only a line that has a time moves the year on (the clock must not change state when it gives null).
  file.passMonth(month);
  return timestampOf(day, timeOfDayMs, file.offset);
}

/** ISO 8601 and RFC 5424: an offset written in the line is the truth; --tz is only a fallback. */
function readIso(m: RegExpExecArray, file: FileState): Timestamp | null {
  const day = dayOf(Number(m[1]), Number(m[2]), Number(m[3]));
  const timeOfDayMs = timeOfDayMsOf(Number(m[4]), Number(m[5]), Number(m[6]), m[7]);
  if (day === null || timeOfDayMs === null) return null;
  let offset = file.offset;
  if (m[8] !== undefined) {
    offset = parseTzOffset(m[8]);
    if (offset === null) return null;
  }
  return timestampOf(day, timeOfDayMs, offset);
}

function monthOf(name: string): number | undefined {
  return MONTH_BY_NAME[name as keyof typeof MONTH_BY_NAME] as number | undefined;
}

const CHAR_0 = 0x30;
const CHAR_9 = 0x39;
const CHAR_COLON = 0x3a;
const CHAR_SPACE = 0x20;
/** Bytes of a host name: letters, digits, '.', '-' and '_', as the alarm pattern's `[\w.-]`. */
const HOST_BYTES = new Uint8Array(256);
for (const c of `${LETTERS}${DIGITS}._-`) HOST_BYTES[c.charCodeAt(0)] = 1;
/** Letters other than a month's initial: a line that begins with one can only be an alarm's host. */
const HOST_LETTER_BYTES = new Uint8Array(256);
for (const c of LETTERS) if (!MONTH_INITIALS.includes(c)) HOST_LETTER_BYTES[c.charCodeAt(0)] = 1;
const MONTH_INITIAL_BYTES = new Uint8Array(256);
for (const c of MONTH_INITIALS) MONTH_INITIAL_BYTES[c.charCodeAt(0)] = 1;

/** The shortest line the alarm pattern matches that begins with a host: `a: Mar 4 2026 12:12:57.1 Z :`. */
export const SHORTEST_HOST_LED_ALARM = 28;

/**
 * Whether a line may be a CUCM syslog alarm, for a line that begins with a letter no other format
 * begins with: then its first word is the host, and `: ` and the month follow. A line of other
 * text (a JTAPI `eventSequence = 211`, `CiscoJtapiException: CTIERR_...`) is told in a few bytes.
 * Any other line may be one (other formats' first bytes let it through all the same).
 */
function mayBeginAlarm(b: Uint8Array, start: number, end: number): boolean {
  if (HOST_LETTER_BYTES[b[start]] !== 1) return true;
  if (end - start < SHORTEST_HOST_LED_ALARM) return false;
  let j = start + 1;
  while (j < end && HOST_BYTES[b[j]] === 1) j++;
  return j + 2 < end && b[j] === CHAR_COLON && b[j + 1] === CHAR_SPACE && MONTH_INITIAL_BYTES[b[j + 2]] === 1;
}

// ---------------------------------------------------------------------------------------------
// The SDL line's time of day from its bytes: the clock reads it from every line of an SDL file.
// ---------------------------------------------------------------------------------------------

/** The time of day of an SDL line `30412007.003 |07:32:38.647 |...` read from its bytes, or -1. */
export function sdlTimeOfDayMs(b: Uint8Array, start: number, end: number): number {
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

// ---------------------------------------------------------------------------------------------
// Calendar arithmetic the readers and the clock share.
// ---------------------------------------------------------------------------------------------

const MINUTE_MS = 60_000;
const DAY_MS = 24 * 60 * MINUTE_MS;
/** java.time.ZoneOffset's range; real offsets span -12:00 to +14:00. */
const MAX_OFFSET_MINUTES = 18 * 60;
// `+05:30`, `-05:00`, `+0530`, `-5`, `+05`.
const OFFSET_TEXT = /^([+-])(?:(\d\d)(\d\d)|(\d\d?)(?::(\d\d))?)$/;

/** A calendar day: its ISO date text and its midnight as an instant (its wall clock read as UTC). */
export interface Day {
  text: string;
  startMs: number;
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

/** The instant is the wall clock read as UTC minus the offset (none when unknown). */
export function timestampOf(day: Day, timeOfDayMs: number, offsetMinutes: number | null): Timestamp {
  return {
    wall: `${day.text}T${clockTextOf(timeOfDayMs)}`,
    offsetMinutes,
    epochMs: day.startMs + timeOfDayMs - (offsetMinutes ?? 0) * MINUTE_MS,
  };
}

/** The last day dayOf gave, by year, month and day (one number): lines of a log mostly share their date. */
let lastDayKey = -1;
let lastDay: Day | null = null;

/** A Day from a log's fields; null for a date that does not exist (Feb 30, month 13). */
export function dayOf(year: number, month: number, dayOfMonth: number): Day | null {
  const key = (year * 100 + month) * 100 + dayOfMonth; // month and day have two digits at most
  if (key === lastDayKey) return lastDay;
  lastDay = month < 1 || month > 12 || dayOfMonth < 1 || dayOfMonth > daysInMonth(year, month) ? null : dayOfValidDate(year, month, dayOfMonth);
  lastDayKey = key;
  return lastDay;
}

export function dayOfValidDate(year: number, month: number, dayOfMonth: number): Day {
  return { text: dateTextOf(year, month, dayOfMonth), startMs: utcDayStartMs(year, month, dayOfMonth) };
}

export function dayAfter(day: Day): Day {
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
function timeOfDayMsOf(h: number, m: number, s: number, fraction: string | undefined): number | null {
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

export function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
