import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { SHORTEST_HOST_LED_ALARM } from '../../src/match/time-formats.js';
import { createLineClock, formatTimestamp, parseTzOffset, type TimeContext } from '../../src/match/timestamps.js';
import type { Timestamp } from '../../src/types.js';

// Vitest runs with TZ=UTC (vitest.config.ts): the mtime rule's "local time zone" is UTC here.

const NO_CONTEXT: TimeContext = { tzOffsetMinutes: null, year: null, mtimeMs: null };

function context(overrides: Partial<TimeContext>): TimeContext {
  return { ...NO_CONTEXT, ...overrides };
}

/** The Timestamp a printed time stands for; the instant comes from Date.parse, not from the code under test. */
function stamp(printed: string): Timestamp {
  const wall = printed.slice(0, 23);
  const offsetText = printed.slice(23);
  if (offsetText === '') return { wall, offsetMinutes: null, epochMs: Date.parse(`${wall}Z`) };
  const magnitude = Number(offsetText.slice(1, 3)) * 60 + Number(offsetText.slice(4, 6));
  return { wall, offsetMinutes: offsetText[0] === '-' ? -magnitude : magnitude, epochMs: Date.parse(printed) };
}

function timeOfOneLine(head: string, ctx: TimeContext = NO_CONTEXT): Timestamp | null {
  return createLineClock(ctx).timeOf(head);
}

function timesOf(heads: string[], ctx: TimeContext = NO_CONTEXT): (Timestamp | null)[] {
  const clock = createLineClock(ctx);
  return heads.map((head) => clock.timeOf(head));
}

function stamps(printed: (string | null)[]): (Timestamp | null)[] {
  return printed.map((p) => (p === null ? null : stamp(p)));
}

const MTIME_MAR14_NOON_UTC = Date.UTC(2026, 2, 14, 12, 0);
/** 02:00 UTC on the 15th is still the 14th at -05:00. */
const MTIME_MAR15_0200_UTC = Date.UTC(2026, 2, 15, 2, 0);
/** 03:00 UTC on 1 January 2027 is still 31 December 2026 at -05:00. */
const MTIME_JAN1_0300_UTC = Date.UTC(2027, 0, 1, 3, 0);

const FILEHEAD = '30000001.000 |00:00:00.114 |FileHead |UTC:-05:00,Date: 2026/03/14, AppName: CTIManager, AppId: 200, AppNodeId: 1, AppVersion: CUCM Install=14.0.1.12900-161 ..., HostName: cucmpub, FileNumber: 412, TraceVer: 3.0';
const SDL_LINE = '30412007.003 |07:32:38.647 |AppInfo  |[CTI-APP] [CTIHandler::OutputCtiMessage ] CTI ProviderOpenCompletedEvent (seq#=2) provider id=16777301 error code=2362179701';
const SDI_LINE = '12/29/2003 14:49:01.602 CTI|CTIManager::CtiProviderOpenResponse - result=0x8ccc0075|<CLID::StandAloneCluster>';
const JTAPI_LINE = '9372: Mar 14 07:09:03.121 PST %JTAPI-PROTOCOL-7-UNK:(P1-10.10.1.11) received Event: com.cisco.cti.protocol.ProviderOpenCompletedEvent {';
const MIVR_LINE = '1234: Mar 14 11:37:42.153 PST%MIVR-SS_TEL-4-ModuleRunTimeFailure:Real-time failure in TELEPHONY';
const JABBER_LINE = '2026-03-14 08:14:27,674 ERROR [0x00002578] [src\\deskphone\\DeskPhoneProvider.cpp(1422)] [csf.ecc.deskphone] - FailureResponse , result= 0x8ccc00d2';
const ISO_LINE = '2026-03-14T08:14:27.674-05:00 ctibridge[2211]: provider open failed';
const SYSLOG_LINE = 'Mar 14 07:09:03 cucmpub 1873: cucmpub.example.local: Mar 14 2026 12:09:03.121 UTC :  %UC_CTI-3-CtiProviderOpenFailure';
const SYSLOG_5424_LINE = '<34>1 2026-03-14T08:14:27.674Z ctigw01 ctibridge 2211 ID47 - provider open failed';
const ALARM_LINE = '<187>36: cucmpub: Mar 14 2026 12:12:57.1 UTC :  %UC_CTI-3-CtiProviderOpenFailure: %[CTIconnectionId=232238][ Login User Id=pguser][Reason code.=-1932787616][UNKNOWN_PARAMNAME:IPAddress=172.17.12.73]';
const ALARM_12H_LINE = '<189>8103: Oct 14 2015 05:50:19 AM.484 UTC :  %UC_AUDITLOG-5-AdministrativeEvent: %[ UserID =administrator]';
/** A CUCM alarm's text after its time, for rows that vary the header. */
const ALARM_TAIL = ' :  %UC_CTI-3-CtiProviderOpenFailure: %[Reason code.=-1932787616]';

interface Row {
  name: string;
  head: string;
  ctx: TimeContext;
  expected: string | null;
}

const FORMAT_ROWS: Record<string, Row[]> = {
  'SDL trace': [
    { name: 'FileHead gives its own date, offset and time', head: FILEHEAD, ctx: NO_CONTEXT, expected: '2026-03-14T00:00:00.114-05:00' },
    { name: 'FileHead offset beats --tz', head: FILEHEAD, ctx: context({ tzOffsetMinutes: 60 }), expected: '2026-03-14T00:00:00.114-05:00' },
    { name: 'FileHead with a positive half-hour offset', head: '00644027.000 |13:35:15.018 |FileHead |UTC:+05:30,Date: 2026/09/20, AppName: CCM, AppId: 100', ctx: NO_CONTEXT, expected: '2026-09-20T13:35:15.018+05:30' },
    { name: 'FileHead at UTC', head: '00644027.000 |13:35:15.018 |FileHead |UTC:+00:00,Date: 2026/09/20, AppName: CCM, AppId: 100', ctx: NO_CONTEXT, expected: '2026-09-20T13:35:15.018+00:00' },
    { name: 'excerpt line: date from mtime, offset unknown', head: SDL_LINE, ctx: context({ mtimeMs: MTIME_MAR14_NOON_UTC }), expected: '2026-03-14T07:32:38.647' },
    { name: 'excerpt line: mtime date taken in --tz', head: SDL_LINE, ctx: context({ mtimeMs: MTIME_MAR15_0200_UTC, tzOffsetMinutes: -300 }), expected: '2026-03-14T07:32:38.647-05:00' },
    { name: 'excerpt line: mtime date taken in local time without --tz', head: SDL_LINE, ctx: context({ mtimeMs: MTIME_MAR15_0200_UTC }), expected: '2026-03-15T07:32:38.647' },
    { name: 'excerpt line: --year does not date it', head: SDL_LINE, ctx: context({ year: 2020, mtimeMs: MTIME_MAR14_NOON_UTC }), expected: '2026-03-14T07:32:38.647' },
    { name: 'excerpt line from standard input has no date', head: SDL_LINE, ctx: context({ tzOffsetMinutes: -300, year: 2026 }), expected: null },
    { name: 'SdlSig-I line with a trailing \\r', head: '30413110.000 |08:35:28.162 |SdlSig-I |CtiLineOpenLineRes |ready\r', ctx: context({ mtimeMs: MTIME_MAR14_NOON_UTC }), expected: '2026-03-14T08:35:28.162' },
  ],
  'legacy SDI trace': [
    { name: 'date in the line, offset unknown', head: SDI_LINE, ctx: NO_CONTEXT, expected: '2003-12-29T14:49:01.602' },
    { name: '--tz gives the offset', head: SDI_LINE, ctx: context({ tzOffsetMinutes: 60 }), expected: '2003-12-29T14:49:01.602+01:00' },
    { name: 'mtime and --year do not change the stated date', head: SDI_LINE, ctx: context({ year: 2020, mtimeMs: MTIME_MAR14_NOON_UTC }), expected: '2003-12-29T14:49:01.602' },
    { name: 'short fraction padded', head: '12/30/2003 00:00:03.5 CTI|heartbeat', ctx: NO_CONTEXT, expected: '2003-12-30T00:00:03.500' },
    { name: 'trailing \\r', head: '12/29/2003 14:49:01.602 CTI|x\r', ctx: NO_CONTEXT, expected: '2003-12-29T14:49:01.602' },
  ],
  'JTAPI / MIVR': [
    { name: 'JTAPI header, --year', head: JTAPI_LINE, ctx: context({ year: 2026 }), expected: '2026-03-14T07:09:03.121' },
    { name: 'JTAPI header, year from mtime', head: JTAPI_LINE, ctx: context({ mtimeMs: MTIME_MAR14_NOON_UTC }), expected: '2026-03-14T07:09:03.121' },
    { name: 'JTAPI header, zone abbreviation ignored, --tz used', head: JTAPI_LINE, ctx: context({ year: 2026, tzOffsetMinutes: -480 }), expected: '2026-03-14T07:09:03.121-08:00' },
    { name: 'JTAPI header without a counter', head: 'Mar 14 07:09:03.121 PST %JTAPI-PROTOCOL-7-UNK:(P1-10.10.1.11) hello', ctx: context({ year: 2026 }), expected: '2026-03-14T07:09:03.121' },
    { name: 'JTAPI header without a zone', head: '9372: Mar 14 07:09:03.121 %JTAPI-PROTOCOL-7-UNK:hello', ctx: context({ year: 2026 }), expected: '2026-03-14T07:09:03.121' },
    { name: 'COT zone, zero-padded day', head: '4104: Jan 01 00:00:03.121 COT %JTAPI-PROTOCOL-7-UNK:hello', ctx: context({ year: 2027 }), expected: '2027-01-01T00:00:03.121' },
    { name: 'MIVR with the space before % missing', head: MIVR_LINE, ctx: context({ year: 2026 }), expected: '2026-03-14T11:37:42.153' },
    { name: 'MIVR with --tz', head: MIVR_LINE, ctx: context({ year: 2026, tzOffsetMinutes: 330 }), expected: '2026-03-14T11:37:42.153+05:30' },
    { name: 'no --year and no mtime: no year', head: JTAPI_LINE, ctx: context({ tzOffsetMinutes: -480 }), expected: null },
  ],
  'Jabber / CSF': [
    { name: 'comma before ms, offset unknown', head: JABBER_LINE, ctx: NO_CONTEXT, expected: '2026-03-14T08:14:27.674' },
    { name: 'dot before ms', head: '2026-03-14 08:14:27.674 ERROR [0x00002578] hello', ctx: NO_CONTEXT, expected: '2026-03-14T08:14:27.674' },
    { name: '--tz gives the offset', head: JABBER_LINE, ctx: context({ tzOffsetMinutes: -300 }), expected: '2026-03-14T08:14:27.674-05:00' },
  ],
  'ISO 8601': [
    { name: 'Z', head: '2026-03-14T08:14:27.674Z app: x', ctx: NO_CONTEXT, expected: '2026-03-14T08:14:27.674+00:00' },
    { name: 'negative offset with colon', head: ISO_LINE, ctx: NO_CONTEXT, expected: '2026-03-14T08:14:27.674-05:00' },
    { name: 'compact offset, no fraction', head: '2026-03-14T08:14:27+0530 app: x', ctx: NO_CONTEXT, expected: '2026-03-14T08:14:27.000+05:30' },
    { name: 'space separator with offset', head: '2026-03-14 08:14:27.674+05:30 app: x', ctx: NO_CONTEXT, expected: '2026-03-14T08:14:27.674+05:30' },
    { name: 'hours-only offset', head: '2026-03-14T08:14:27.1+05 app: x', ctx: NO_CONTEXT, expected: '2026-03-14T08:14:27.100+05:00' },
    { name: 'microseconds truncated', head: '2026-03-14T08:14:27.674512-05:00 app: x', ctx: NO_CONTEXT, expected: '2026-03-14T08:14:27.674-05:00' },
    { name: 'stated offset beats --tz', head: ISO_LINE, ctx: context({ tzOffsetMinutes: 60 }), expected: '2026-03-14T08:14:27.674-05:00' },
    { name: 'stated Z beats --tz', head: '2026-03-14T08:14:27.674Z app: x', ctx: context({ tzOffsetMinutes: 60 }), expected: '2026-03-14T08:14:27.674+00:00' },
    { name: 'no offset, no fraction: --tz', head: '2026-03-14T08:14:28 app: x', ctx: context({ tzOffsetMinutes: 60 }), expected: '2026-03-14T08:14:28.000+01:00' },
    { name: 'leap day', head: '2028-02-29T23:59:59.999Z x', ctx: NO_CONTEXT, expected: '2028-02-29T23:59:59.999+00:00' },
    { name: 'a year below 100 is not read as 19xx', head: '0099-01-02T03:04:05.006Z x', ctx: NO_CONTEXT, expected: '0099-01-02T03:04:05.006+00:00' },
  ],
  syslog: [
    { name: 'RFC 3164, --year', head: SYSLOG_LINE, ctx: context({ year: 2026 }), expected: '2026-03-14T07:09:03.000' },
    { name: 'RFC 3164, year from mtime, --tz', head: SYSLOG_LINE, ctx: context({ mtimeMs: MTIME_MAR14_NOON_UTC, tzOffsetMinutes: -300 }), expected: '2026-03-14T07:09:03.000-05:00' },
    { name: 'RFC 3164, space-padded day', head: 'Mar  4 07:09:03 cucmsub1 1874: x', ctx: context({ year: 2026 }), expected: '2026-03-04T07:09:03.000' },
    { name: 'RFC 3164 with priority', head: '<187>Mar  4 07:09:03 cucmsub1 1874: x', ctx: context({ year: 2026 }), expected: '2026-03-04T07:09:03.000' },
    { name: 'RFC 5424, Z', head: SYSLOG_5424_LINE, ctx: NO_CONTEXT, expected: '2026-03-14T08:14:27.674+00:00' },
    { name: 'RFC 5424, offset beats --tz', head: '<165>1 2026-03-14T08:14:28.003-05:00 ctigw01 ctibridge 2211 ID48 - x', ctx: context({ tzOffsetMinutes: 60 }), expected: '2026-03-14T08:14:28.003-05:00' },
    { name: 'RFC 5424 without offset: --tz', head: '<165>1 2026-03-14T08:14:28.003 ctigw01 ctibridge - - - x', ctx: context({ tzOffsetMinutes: 60 }), expected: '2026-03-14T08:14:28.003+01:00' },
    { name: 'RFC 5424 nil timestamp', head: '<165>1 - ctigw01 ctibridge 2211 ID49 - x', ctx: context({ year: 2026 }), expected: null },
    { name: 'RFC 3164 without year or mtime', head: SYSLOG_LINE, ctx: context({ tzOffsetMinutes: -300 }), expected: null },
  ],
  'CUCM syslog alarm': [
    { name: 'priority, counter and host', head: ALARM_LINE, ctx: NO_CONTEXT, expected: '2026-03-14T12:12:57.100+00:00' },
    { name: 'counter and host', head: `36: cucmpub: Mar 14 2026 12:12:57.1 UTC${ALARM_TAIL}`, ctx: NO_CONTEXT, expected: '2026-03-14T12:12:57.100+00:00' },
    { name: 'priority and host', head: `<187>cucmpub: Mar 14 2026 12:12:57.1 UTC${ALARM_TAIL}`, ctx: NO_CONTEXT, expected: '2026-03-14T12:12:57.100+00:00' },
    { name: 'priority and counter', head: `<187>36: Mar 14 2026 12:12:57.1 UTC${ALARM_TAIL}`, ctx: NO_CONTEXT, expected: '2026-03-14T12:12:57.100+00:00' },
    { name: 'host alone', head: `cucmpub: Mar 14 2026 12:12:57.1 UTC${ALARM_TAIL}`, ctx: NO_CONTEXT, expected: '2026-03-14T12:12:57.100+00:00' },
    { name: 'counter alone', head: `36: Mar 14 2026 12:12:57.1 UTC${ALARM_TAIL}`, ctx: NO_CONTEXT, expected: '2026-03-14T12:12:57.100+00:00' },
    { name: 'priority alone', head: `<187>Mar 14 2026 12:12:57.1 UTC${ALARM_TAIL}`, ctx: NO_CONTEXT, expected: '2026-03-14T12:12:57.100+00:00' },
    { name: 'nothing before the date', head: `Mar 14 2026 12:12:57.1 UTC${ALARM_TAIL}`, ctx: NO_CONTEXT, expected: '2026-03-14T12:12:57.100+00:00' },
    { name: 'host with dots, dashes and an underscore', head: `<187>36: cucm-pub_1.example.local: Mar 14 2026 12:12:57.1 UTC${ALARM_TAIL}`, ctx: NO_CONTEXT, expected: '2026-03-14T12:12:57.100+00:00' },
    { name: 'host that is an address', head: `10.10.1.5: Mar 14 2026 12:12:57.1 UTC${ALARM_TAIL}`, ctx: NO_CONTEXT, expected: '2026-03-14T12:12:57.100+00:00' },
    { name: 'host beginning with a month\'s initial', head: `Dallas-CM1: Mar 14 2026 12:12:57.1 UTC${ALARM_TAIL}`, ctx: NO_CONTEXT, expected: '2026-03-14T12:12:57.100+00:00' },
    { name: 'space-padded day', head: `<187>36: cucmpub: Mar  4 2026 12:12:57.1 UTC${ALARM_TAIL}`, ctx: NO_CONTEXT, expected: '2026-03-04T12:12:57.100+00:00' },
    { name: 'two decimals', head: `<187>36: cucmpub: Mar 14 2026 12:12:57.12 UTC${ALARM_TAIL}`, ctx: NO_CONTEXT, expected: '2026-03-14T12:12:57.120+00:00' },
    { name: 'three decimals', head: `<187>36: cucmpub: Mar 14 2026 12:12:57.123 UTC${ALARM_TAIL}`, ctx: NO_CONTEXT, expected: '2026-03-14T12:12:57.123+00:00' },
    { name: 'GMT', head: `<187>36: cucmpub: Mar 14 2026 12:12:57.1 GMT${ALARM_TAIL}`, ctx: NO_CONTEXT, expected: '2026-03-14T12:12:57.100+00:00' },
    { name: 'UTC beats --tz', head: ALARM_LINE, ctx: context({ tzOffsetMinutes: -300 }), expected: '2026-03-14T12:12:57.100+00:00' },
    { name: 'another zone name: no offset', head: `<187>36: cucmpub: Mar 14 2026 07:12:57.1 EST${ALARM_TAIL}`, ctx: NO_CONTEXT, expected: '2026-03-14T07:12:57.100' },
    { name: 'another zone name: --tz', head: `<187>36: cucmpub: Mar 14 2026 07:12:57.1 EST${ALARM_TAIL}`, ctx: context({ tzOffsetMinutes: -300 }), expected: '2026-03-14T07:12:57.100-05:00' },
    { name: 'its own year, not --year nor the mtime\'s', head: ALARM_LINE, ctx: context({ year: 2020, mtimeMs: Date.UTC(2030, 0, 1) }), expected: '2026-03-14T12:12:57.100+00:00' },
    { name: '12-hour clock, AM', head: ALARM_12H_LINE, ctx: NO_CONTEXT, expected: '2015-10-14T05:50:19.484+00:00' },
    { name: '12-hour clock, 12 AM is midnight', head: `<189>8103: Oct 14 2015 12:50:19 AM.484 UTC${ALARM_TAIL}`, ctx: NO_CONTEXT, expected: '2015-10-14T00:50:19.484+00:00' },
    { name: '12-hour clock, 12 PM is noon', head: `<189>8103: Oct 14 2015 12:50:19 PM.484 UTC${ALARM_TAIL}`, ctx: NO_CONTEXT, expected: '2015-10-14T12:50:19.484+00:00' },
    { name: '12-hour clock, 11 PM', head: `<189>8103: Oct 14 2015 11:59:59 PM.9 UTC${ALARM_TAIL}`, ctx: NO_CONTEXT, expected: '2015-10-14T23:59:59.900+00:00' },
    { name: '12-hour clock, 01 AM', head: `<189>8103: Oct 14 2015 01:00:00 AM.001 UTC${ALARM_TAIL}`, ctx: NO_CONTEXT, expected: '2015-10-14T01:00:00.001+00:00' },
    { name: '12-hour clock, another zone, --tz', head: `<189>8103: Oct 14 2015 01:00:00 PM.001 IST${ALARM_TAIL}`, ctx: context({ tzOffsetMinutes: 330 }), expected: '2015-10-14T13:00:00.001+05:30' },
    { name: 'leap day', head: `<187>36: cucmpub: Feb 29 2028 23:59:59.999 UTC${ALARM_TAIL}`, ctx: NO_CONTEXT, expected: '2028-02-29T23:59:59.999+00:00' },
    { name: 'trailing \\r', head: `<187>36: cucmpub: Mar 14 2026 12:12:57.1 UTC :\r`, ctx: NO_CONTEXT, expected: '2026-03-14T12:12:57.100+00:00' },
  ],
};

describe.each(Object.entries(FORMAT_ROWS))('%s lines', (_format, rows) => {
  it.each(rows)('$name', ({ head, ctx, expected }) => {
    expect(timeOfOneLine(head, ctx)).toEqual(expected === null ? null : stamp(expected));
  });
});

describe('formats are not mistaken for one another', () => {
  // Every sample, with the richest context: each must still follow its own format's rules.
  const RICH: TimeContext = { tzOffsetMinutes: 60, year: 2020, mtimeMs: MTIME_MAR14_NOON_UTC };
  it.each([
    { name: 'SDL FileHead: its own date and offset', head: FILEHEAD, expected: '2026-03-14T00:00:00.114-05:00' },
    { name: 'SDL excerpt: mtime date, --tz', head: SDL_LINE, expected: '2026-03-14T07:32:38.647+01:00' },
    { name: 'SDI: its own date, --tz', head: SDI_LINE, expected: '2003-12-29T14:49:01.602+01:00' },
    { name: 'JTAPI: --year, --tz', head: JTAPI_LINE, expected: '2020-03-14T07:09:03.121+01:00' },
    { name: 'MIVR: --year, --tz', head: MIVR_LINE, expected: '2020-03-14T11:37:42.153+01:00' },
    { name: 'Jabber: its own date, --tz', head: JABBER_LINE, expected: '2026-03-14T08:14:27.674+01:00' },
    { name: 'ISO: its own date and offset', head: ISO_LINE, expected: '2026-03-14T08:14:27.674-05:00' },
    { name: 'syslog 3164: --year, --tz', head: SYSLOG_LINE, expected: '2020-03-14T07:09:03.000+01:00' },
    { name: 'syslog 5424: its own date and offset', head: SYSLOG_5424_LINE, expected: '2026-03-14T08:14:27.674+00:00' },
    { name: 'CUCM alarm: its own date, UTC', head: ALARM_LINE, expected: '2026-03-14T12:12:57.100+00:00' },
    { name: 'CUCM alarm in the 12-hour form: its own date, UTC', head: ALARM_12H_LINE, expected: '2015-10-14T05:50:19.484+00:00' },
    { name: 'CUCM alarm, nothing before the date: not RFC 3164', head: 'Mar 14 2026 12:09:03.121 UTC : %UC_CTI-3-x', expected: '2026-03-14T12:09:03.121+00:00' },
    { name: 'CUCM alarm, another zone: --tz', head: `9: Mar 14 2026 07:09:03.121 EST${ALARM_TAIL}`, expected: '2026-03-14T07:09:03.121+01:00' },
    { name: 'CUCM alarm behind an RFC 3164 header: the header\'s time', head: SYSLOG_LINE, expected: '2020-03-14T07:09:03.000+01:00' },
    { name: 'a JTAPI counter of 8 digits is not an SDL sequence', head: '30412007: Mar 14 07:09:03.121 PST %JTAPI-X-7-UNK:x', expected: '2020-03-14T07:09:03.121+01:00' },
    { name: 'a JTAPI counter of 4 digits is not a year', head: '2026: Mar 14 07:09:03.121 PST %JTAPI-X-7-UNK:x', expected: '2020-03-14T07:09:03.121+01:00' },
    { name: 'a JTAPI counter of 2 digits is not an SDI month', head: '12: Dec 29 14:49:01.602 PST %JTAPI-X-7-UNK:x', expected: '2020-12-29T14:49:01.602+01:00' },
  ])('$name', ({ head, expected }) => {
    expect(timeOfOneLine(head, RICH)).toEqual(stamp(expected));
  });

  it.each([
    ['continuation: eventSequence', 'eventSequence = 211'],
    ['continuation: reason', 'reason = -1932787425'],
    ['continuation: closing brace', '}'],
    ['continuation: Java stack frame', '\tat com.cisco.jtapi.CallImpl.redirect(CallImpl.java:1187)'],
    ['continuation: exception', 'com.cisco.jtapi.extensions.CiscoJtapiException: CTIERR_REDIRECT_CALL_DOES_NOT_EXIST'],
    ['continuation: capitalised text', 'CiscoJtapiException: CTIERR_ILLEGAL_CALLSTATE'],
    ['continuation: month-like word', 'March 14 07:09:03 not a header'],
    ['empty string', ''],
    ['a lone \\r', '\r'],
    ['binary garbage', '\u0000\u0001\u00ff\u00fe\u001f\u008b\u0008\u0000\u0000\u0000'],
    ['gzip magic', '\u001f\u008b\u0008\u0000\u0000\u0000\u0000\u0000\u0000\u0003'],
    ['timestamp not at line start', ' 2026-03-14 08:14:27,674 ERROR x'],
    ['SDL with a 7-digit sequence', '3041200.003 |07:32:38.647 |AppInfo  |x'],
    ['SDL without milliseconds', '30412007.003 |07:32:38 |AppInfo  |x'],
    ['SDL with hour 25', '30412007.003 |25:32:38.647 |AppInfo  |x'],
    ['SDI with month 13', '13/29/2003 14:49:01.602 CTI|x'],
    ['SDI with dashes', '12-29-2003 14:49:01.602 CTI|x'],
    ['SDI with a two-digit year', '12/29/03 14:49:01.602 CTI|x'],
    ['ISO date that does not exist', '2026-02-30 08:14:27,674 ERROR x'],
    ['ISO date without time', '2026-03-14 ERROR x'],
    ['ISO with minute 60', '2026-03-14T08:60:27.674Z x'],
    ['ISO with leap second', '2016-12-31T23:59:60.000Z x'],
    ['ISO with an impossible offset', '2026-03-14T08:14:27.674+25:00 x'],
    ['unknown month name', 'Foo 14 07:09:03 cucmpub x'],
    ['lower-case month name', 'mar 14 07:09:03 cucmpub x'],
    ['CUCM alarm with four decimals', `<187>36: cucmpub: Mar 14 2026 12:12:57.1234 UTC${ALARM_TAIL}`],
    ['CUCM alarm without decimals', `<187>36: cucmpub: Mar 14 2026 12:12:57 UTC${ALARM_TAIL}`],
    ['CUCM alarm without a zone', '<187>36: cucmpub: Mar 14 2026 12:12:57.1 :  %UC_CTI-3-x'],
    ['CUCM alarm without the colon after the zone', '<187>36: cucmpub: Mar 14 2026 12:12:57.1 UTC %UC_CTI-3-x'],
    ['CUCM alarm with a two-digit year', `<187>36: cucmpub: Mar 14 26 12:12:57.1 UTC${ALARM_TAIL}`],
    ['CUCM alarm with hour 13 PM', `<189>8103: Oct 14 2015 13:50:19 PM.484 UTC${ALARM_TAIL}`],
    ['CUCM alarm with hour 00 AM', `<189>8103: Oct 14 2015 00:50:19 AM.484 UTC${ALARM_TAIL}`],
    ['CUCM alarm with hour 24', `<187>36: cucmpub: Mar 14 2026 24:00:00.0 UTC${ALARM_TAIL}`],
    ['CUCM alarm on a day that does not exist', `<187>36: cucmpub: Feb 29 2026 12:12:57.1 UTC${ALARM_TAIL}`],
    ['CUCM alarm with an unknown month', `<187>36: cucmpub: Foo 14 2026 12:12:57.1 UTC${ALARM_TAIL}`],
    ['CUCM alarm with three words before the date', `<187>36: cucmpub: extra: Mar 14 2026 12:12:57.1 UTC${ALARM_TAIL}`],
    ['CUCM alarm host without its colon', `cucmpub Mar 14 2026 12:12:57.1 UTC${ALARM_TAIL}`],
    ['counter without a header', '1873: cucmpub.example.local: x'],
    ['priority alone', '<187>'],
    ['not a priority', '<init> hello'],
    ['priority and garbage', '<187>hello world'],
    ['leading dash', '- 2026-03-14T08:14:27Z x'],
  ])('%s is not a timestamp', (_name, head) => {
    expect(timeOfOneLine(head, RICH)).toBeNull();
  });
});

describe('SDL date tracking', () => {
  const sdl = (seq: string, time: string): string => `${seq} |${time} |AppInfo  |[CTI-APP] x`;
  const fileHead = (time: string, offset: string, date: string): string =>
    `30000001.000 |${time} |FileHead |UTC:${offset},Date: ${date}, AppName: CTIManager, AppId: 200`;

  it('FileHead sets the date and offset for later lines, over --tz and mtime', () => {
    const ctx = context({ tzOffsetMinutes: 60, mtimeMs: Date.UTC(2030, 0, 1) });
    expect(timesOf([fileHead('06:00:00.000', '-05:00', '2026/03/14'), SDL_LINE], ctx)).toEqual(
      stamps(['2026-03-14T06:00:00.000-05:00', '2026-03-14T07:32:38.647-05:00']),
    );
  });

  it('rolls to the next day when the time goes back more than 12 hours', () => {
    const heads = [
      fileHead('23:58:00.000', '-05:00', '2026/03/14'),
      sdl('30412001.000', '23:59:59.998'),
      sdl('30412002.000', '00:00:00.004'),
      sdl('30412003.000', '13:00:00.000'),
      sdl('30412004.000', '23:59:59.999'),
      sdl('30412005.000', '00:00:00.000'),
    ];
    expect(timesOf(heads)).toEqual(
      stamps([
        '2026-03-14T23:58:00.000-05:00',
        '2026-03-14T23:59:59.998-05:00',
        '2026-03-15T00:00:00.004-05:00',
        '2026-03-15T13:00:00.000-05:00',
        '2026-03-15T23:59:59.999-05:00',
        '2026-03-16T00:00:00.000-05:00',
      ]),
    );
  });

  it.each([
    ['end of month', '2026/03/31', '2026-03-31', '2026-04-01'],
    ['end of year', '2026/12/31', '2026-12-31', '2027-01-01'],
    ['leap day', '2028/02/28', '2028-02-28', '2028-02-29'],
    ['no leap day', '2026/02/28', '2026-02-28', '2026-03-01'],
  ])('rolls over the %s', (_name, fileHeadDate, before, after) => {
    const heads = [fileHead('23:59:59.000', '+00:00', fileHeadDate), sdl('30412002.000', '00:00:01.000')];
    expect(timesOf(heads)).toEqual(stamps([`${before}T23:59:59.000+00:00`, `${after}T00:00:01.000+00:00`]));
  });

  it('does not roll on small backward jitter, nor on exactly 12 hours back', () => {
    const heads = [
      fileHead('12:00:00.500', '-05:00', '2026/03/14'),
      sdl('30412001.000', '12:00:00.498'),
      sdl('30412002.000', '11:00:00.000'),
      sdl('30412003.000', '23:00:00.000'),
      sdl('30412004.000', '11:00:00.000'),
    ];
    expect(timesOf(heads)).toEqual(
      stamps([
        '2026-03-14T12:00:00.500-05:00',
        '2026-03-14T12:00:00.498-05:00',
        '2026-03-14T11:00:00.000-05:00',
        '2026-03-14T23:00:00.000-05:00',
        '2026-03-14T11:00:00.000-05:00',
      ]),
    );
  });

  it('rolls an excerpt dated from the mtime too', () => {
    const heads = [sdl('30412001.000', '23:59:59.000'), sdl('30412002.000', '00:00:01.000')];
    expect(timesOf(heads, context({ mtimeMs: MTIME_MAR14_NOON_UTC }))).toEqual(
      stamps(['2026-03-14T23:59:59.000', '2026-03-15T00:00:01.000']),
    );
  });

  it('a second FileHead (concatenated files) starts a new date and offset', () => {
    const heads = [
      fileHead('23:00:00.000', '-05:00', '2026/03/14'),
      sdl('30412001.000', '23:30:00.000'),
      fileHead('08:00:00.000', '+01:00', '2026/03/20'),
      sdl('30412002.000', '08:00:01.000'),
    ];
    expect(timesOf(heads)).toEqual(
      stamps([
        '2026-03-14T23:00:00.000-05:00',
        '2026-03-14T23:30:00.000-05:00',
        '2026-03-20T08:00:00.000+01:00',
        '2026-03-20T08:00:01.000+01:00',
      ]),
    );
  });

  it('standard input: excerpt lines have no time until a FileHead arrives', () => {
    const heads = [SDL_LINE, fileHead('07:40:00.000', '-05:00', '2026/03/14'), sdl('30412009.000', '07:40:01.000')];
    expect(timesOf(heads, context({ tzOffsetMinutes: -300, year: 2026 }))).toEqual(
      stamps([null, '2026-03-14T07:40:00.000-05:00', '2026-03-14T07:40:01.000-05:00']),
    );
  });
});

describe('year for JTAPI, MIVR and RFC 3164 syslog', () => {
  const header = (month: string, day: string): string => `9372: ${month} ${day} 07:09:03.121 COT %JTAPI-PROTOCOL-7-UNK:x`;

  it.each([
    { name: 'same month as the mtime: the mtime year', head: header('Mar', '14'), ctx: context({ mtimeMs: MTIME_MAR14_NOON_UTC }), expected: '2026-03-14T07:09:03.121' },
    { name: 'earlier month: the mtime year', head: header('Jan', '02'), ctx: context({ mtimeMs: MTIME_MAR14_NOON_UTC }), expected: '2026-01-02T07:09:03.121' },
    { name: 'December line, January mtime: the year before', head: header('Dec', '31'), ctx: context({ mtimeMs: Date.UTC(2027, 0, 2) }), expected: '2026-12-31T07:09:03.121' },
    { name: 'January line, January mtime: the mtime year', head: header('Jan', '01'), ctx: context({ mtimeMs: Date.UTC(2027, 0, 2) }), expected: '2027-01-01T07:09:03.121' },
    { name: 'mtime year in local time (UTC): 2027', head: header('Jan', '01'), ctx: context({ mtimeMs: MTIME_JAN1_0300_UTC }), expected: '2027-01-01T07:09:03.121' },
    { name: 'mtime year in --tz: still 2026 at -05:00', head: header('Jan', '01'), ctx: context({ mtimeMs: MTIME_JAN1_0300_UTC, tzOffsetMinutes: -300 }), expected: '2026-01-01T07:09:03.121-05:00' },
    { name: 'mtime in --tz, December line', head: header('Dec', '31'), ctx: context({ mtimeMs: MTIME_JAN1_0300_UTC, tzOffsetMinutes: -300 }), expected: '2026-12-31T07:09:03.121-05:00' },
    { name: '--year wins over the mtime, with no December adjustment', head: header('Dec', '31'), ctx: context({ year: 2019, mtimeMs: Date.UTC(2027, 0, 2) }), expected: '2019-12-31T07:09:03.121' },
    { name: 'February 29 with a leap --year', head: header('Feb', '29'), ctx: context({ year: 2028 }), expected: '2028-02-29T07:09:03.121' },
    { name: 'February 29 in a --year without one', head: header('Feb', '29'), ctx: context({ year: 2026 }), expected: null },
    { name: 'February 29 in an mtime year without one', head: header('Feb', '29'), ctx: context({ mtimeMs: MTIME_MAR14_NOON_UTC }), expected: null },
    { name: 'no --year, no mtime', head: header('Mar', '14'), ctx: NO_CONTEXT, expected: null },
  ])('$name', ({ head, ctx, expected }) => {
    expect(timeOfOneLine(head, ctx)).toEqual(expected === null ? null : stamp(expected));
  });
});

describe('--year over a turn of the year (JTAPI, MIVR, RFC 3164 syslog)', () => {
  const header = (month: string, day: string, time = '23:59:59.000'): string => `9372: ${month} ${day} ${time} COT %JTAPI-PROTOCOL-7-UNK:x`;
  const YEAR_2025 = context({ year: 2025 });

  it('--year is the year of the log\'s start: January after December is the next year', () => {
    const heads = [header('Dec', '31', '23:59:58.000'), header('Jan', '01', '00:00:00.500'), header('Jan', '01', '00:00:01.000')];
    expect(timesOf(heads, YEAR_2025)).toEqual(stamps(['2025-12-31T23:59:58.000', '2026-01-01T00:00:00.500', '2026-01-01T00:00:01.000']));
  });

  it('turns once per turn of the year, for syslog lines too', () => {
    const heads = [header('Nov', '30'), header('Dec', '31'), header('Jan', '01'), 'Jun 15 07:09:03 cucmsub1 1874: x', header('Dec', '31'), header('Jan', '02')];
    expect(timesOf(heads, YEAR_2025)).toEqual(
      stamps(['2025-11-30T23:59:59.000', '2025-12-31T23:59:59.000', '2026-01-01T23:59:59.000', '2026-06-15T07:09:03.000', '2026-12-31T23:59:59.000', '2027-01-02T23:59:59.000']),
    );
  });

  it('a line a moment out of order is not a turn: back a month at its end, or December just after January', () => {
    const heads = [header('Jan', '31', '23:59:59.999'), header('Feb', '01', '00:00:00.001'), header('Jan', '31', '23:59:59.998'), header('Feb', '01')];
    expect(timesOf(heads, YEAR_2025)).toEqual(stamps(['2025-01-31T23:59:59.999', '2025-02-01T00:00:00.001', '2025-01-31T23:59:59.998', '2025-02-01T23:59:59.000']));
    const late = [header('Dec', '31', '23:59:59.990'), header('Jan', '01', '00:00:00.010'), header('Dec', '31', '23:59:59.995'), header('Jan', '01', '00:00:00.020')];
    expect(timesOf(late, YEAR_2025)).toEqual(stamps(['2025-12-31T23:59:59.990', '2026-01-01T00:00:00.010', '2025-12-31T23:59:59.995', '2026-01-01T00:00:00.020']));
  });

  it('December later in a log that began in January, before any turn, is the same year', () => {
    expect(timesOf([header('Jan', '05'), header('Dec', '31')], YEAR_2025)).toEqual(stamps(['2025-01-05T23:59:59.000', '2025-12-31T23:59:59.000']));
  });

  it('a line without a time (null) in between changes nothing: Feb 29 of a year without one, an hour 25, noise', () => {
    const clock = createLineClock(YEAR_2025);
    expect(clock.timeOf(header('Dec', '31'))).toEqual(stamp('2025-12-31T23:59:59.000'));
    // Read as January of 2026, they give null: the year must not turn on them.
    for (const head of [header('Feb', '29'), header('Jan', '01', '25:00:00.000'), header('Apr', '31'), 'eventSequence = 211']) expect(clock.timeOf(head)).toBeNull();
    // Had a null line turned the year, July (five months before December) would be 2026.
    expect(clock.timeOf(header('Jul', '01'))).toEqual(stamp('2025-07-01T23:59:59.000'));
  });

  it('property: null lines anywhere leave every time unchanged', () => {
    const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
    const NULLS = [header('Feb', '30'), header('Apr', '31'), header('Jun', '31'), header('Nov', '31'), header('Jan', '01', '24:00:00.000'), header('Dec', '32'), '}'];
    const line = fc.tuple(fc.integer({ min: 0, max: 11 }), fc.integer({ min: 1, max: 28 })).map(([m, d]) => header(MONTHS[m], String(d).padStart(2, '0')));
    fc.assert(
      fc.property(fc.array(fc.tuple(line, fc.array(fc.constantFrom(...NULLS), { maxLength: 3 })), { maxLength: 40 }), fc.integer({ min: 2020, max: 2030 }), (rows, year) => {
        const ctx = context({ year });
        const clean = timesOf(rows.map(([head]) => head), ctx);
        const clock = createLineClock(ctx);
        const noisy = rows.map(([head, nulls]) => {
          for (const n of nulls) expect(clock.timeOf(n)).toBeNull();
          return clock.timeOf(head);
        });
        expect(noisy).toEqual(clean);
      }),
      { numRuns: 300 },
    );
  });

  it('the same line asked twice gives the same time', () => {
    const clock = createLineClock(YEAR_2025);
    clock.timeOf(header('Dec', '31'));
    expect(clock.timeOf(header('Jan', '01'))).toEqual(stamp('2026-01-01T23:59:59.000'));
    expect(clock.timeOf(header('Jan', '01'))).toEqual(stamp('2026-01-01T23:59:59.000'));
  });

  it('without --year, the mtime rule is unchanged (the mtime is the log\'s end)', () => {
    const heads = [header('Dec', '31'), header('Jan', '01')];
    expect(timesOf(heads, context({ mtimeMs: Date.UTC(2027, 0, 2) }))).toEqual(stamps(['2026-12-31T23:59:59.000', '2027-01-01T23:59:59.000']));
  });
});

describe('a null return does not change state', () => {
  const NULL_LINES = [
    'eventSequence = 211',
    '}',
    '',
    '30412007.003 |99:00:00.000 |AppInfo  |out-of-range time',
    '30000001.000 |10:00:00.000 |FileHead |UTC:-05:00,Date: 2026/02/30, AppName: CTIManager',
    '\u0000\u00ff\u00fe',
  ];

  it('an SDL roll-over is still detected across null lines', () => {
    const clock = createLineClock(NO_CONTEXT);
    clock.timeOf('30000001.000 |23:59:59.000 |FileHead |UTC:-05:00,Date: 2026/03/14, AppName: CTIManager');
    for (const head of NULL_LINES) expect(clock.timeOf(head)).toBeNull();
    expect(clock.timeOf('30412002.000 |00:00:01.000 |AppInfo  |x')).toEqual(stamp('2026-03-15T00:00:01.000-05:00'));
  });

  it('an SDL excerpt from standard input stays undated', () => {
    const clock = createLineClock(NO_CONTEXT);
    expect(clock.timeOf(SDL_LINE)).toBeNull();
    expect(clock.timeOf(SDL_LINE)).toBeNull();
    expect(clock.timeOf(ISO_LINE)).toEqual(stamp('2026-03-14T08:14:27.674-05:00'));
    expect(clock.timeOf(SDL_LINE)).toBeNull();
  });

  it('interleaving null lines leaves every fixture result unchanged', () => {
    for (const fixture of FIXTURES) {
      const heads = headsOf(fixture.file);
      const clean = timesOf(heads, fixture.ctx);
      const clock = createLineClock(fixture.ctx);
      const noisy = heads.map((head) => {
        for (const noise of NULL_LINES) clock.timeOf(noise);
        return clock.timeOf(head);
      });
      expect(noisy, fixture.file).toEqual(clean);
    }
  });
});

describe('formatTimestamp', () => {
  const wall = '2024-08-13T07:32:38.644';
  it.each([
    [330, '2024-08-13T07:32:38.644+05:30'],
    [60, '2024-08-13T07:32:38.644+01:00'],
    [-300, '2024-08-13T07:32:38.644-05:00'],
    [-570, '2024-08-13T07:32:38.644-09:30'],
    [-30, '2024-08-13T07:32:38.644-00:30'],
    [0, '2024-08-13T07:32:38.644+00:00'],
    [null, '2024-08-13T07:32:38.644'],
  ])('offset %s', (offsetMinutes, expected) => {
    expect(formatTimestamp({ wall, offsetMinutes, epochMs: 0 })).toBe(expected);
  });
});

describe('parseTzOffset', () => {
  it.each([
    ['+05:30', 330],
    ['-05:00', -300],
    ['+0530', 330],
    ['-0930', -570],
    ['-5', -300],
    ['+5', 300],
    ['+05', 300],
    ['+5:30', 330],
    ['+14:00', 840],
    ['-12:00', -720],
    ['Z', 0],
    ['z', 0],
    ['UTC', 0],
    ['utc', 0],
    ['+00:00', 0],
    ['-00:00', 0],
    [' +01:00 ', 60],
  ])('%j -> %d', (text, minutes) => {
    expect(parseTzOffset(text)).toBe(minutes);
  });

  it.each(['', '05:30', '0530', '+', '-', '+530', '+05:3', '+05:60', '+19:00', '+05:30:00', '++05', 'EST', 'PST', 'UTC+1', 'GMT', 'Z0', '5'])(
    '%j is not an offset',
    (text) => {
      expect(parseTzOffset(text)).toBeNull();
    },
  );
});

interface Fixture {
  file: string;
  ctx: TimeContext;
  expected: (string | null)[];
}

/** Each fixture line's first 160 bytes, as the scanner hands them over (latin1, \r kept). */
function headsOf(file: string): string[] {
  const text = readFileSync(new URL(`../../fixtures/formats/${file}`, import.meta.url), 'latin1');
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  return lines.map((line) => line.slice(0, 160));
}

const FIXTURES: Fixture[] = [
  {
    file: 'sdl-filehead.txt',
    // --tz is overridden by the FileHead; no mtime is needed.
    ctx: context({ tzOffsetMinutes: 60 }),
    expected: [
      '2026-03-14T23:41:07.114-05:00',
      '2026-03-14T23:41:07.115-05:00',
      '2026-03-14T23:58:51.320-05:00',
      '2026-03-14T23:59:59.998-05:00',
      '2026-03-14T23:59:59.996-05:00',
      '2026-03-15T00:00:00.004-05:00',
      '2026-03-15T00:00:01.250-05:00',
      '2026-03-15T00:07:32.647-05:00',
      '2026-03-15T00:07:32.651-05:00',
      '2026-03-15T00:07:32.652-05:00',
    ],
  },
  {
    file: 'sdl-excerpt.txt',
    ctx: context({ tzOffsetMinutes: -300, mtimeMs: MTIME_MAR15_0200_UTC }),
    expected: [
      '2026-03-14T07:32:38.647-05:00',
      '2026-03-14T07:32:38.651-05:00',
      '2026-03-14T07:32:39.002-05:00',
      '2026-03-14T08:35:28.162-05:00',
      '2026-03-14T08:35:28.899-05:00',
      '2026-03-14T08:35:29.010-05:00',
    ],
  },
  {
    file: 'sdl-excerpt.txt',
    // Standard input: no mtime, so no date.
    ctx: context({ tzOffsetMinutes: -300 }),
    expected: [null, null, null, null, null, null],
  },
  {
    file: 'sdi-legacy.txt',
    ctx: NO_CONTEXT,
    expected: [
      '2003-12-29T14:49:01.602',
      '2003-12-29T14:49:01.617',
      '2003-12-29T14:49:02.004',
      '2003-12-29T23:59:59.881',
      null,
      '2003-12-30T00:00:00.120',
      '2003-12-30T00:00:03.508',
    ],
  },
  {
    file: 'jtapi.log',
    // Modified just after the last line, 2027-01-01 00:00:04 at -05:00 (COT).
    ctx: context({ tzOffsetMinutes: -300, mtimeMs: Date.UTC(2027, 0, 1, 5, 0, 4) }),
    expected: [
      '2026-12-31T23:59:58.870-05:00',
      '2026-12-31T23:59:59.204-05:00',
      null,
      null,
      null,
      '2027-01-01T00:00:03.121-05:00',
      null,
      null,
      null,
      null,
      '2027-01-01T00:00:03.125-05:00',
      '2027-01-01T00:00:03.130-05:00',
    ],
  },
  {
    file: 'mivr.log',
    ctx: context({ tzOffsetMinutes: 330, year: 2026 }),
    expected: [
      '2026-03-14T11:37:41.902+05:30',
      '2026-03-14T11:37:42.153+05:30',
      '2026-03-14T11:37:42.155+05:30',
      null,
      null,
      null,
      '2026-03-14T11:37:43.001+05:30',
      '2026-03-14T11:37:44.610+05:30',
    ],
  },
  {
    file: 'jabber.log',
    ctx: NO_CONTEXT,
    expected: [
      '2026-03-14T08:14:27.611',
      '2026-03-14T08:14:27.674',
      '2026-03-14T08:14:27.675',
      '2026-03-14T08:14:28.002',
      '2026-03-14T08:14:31.390',
    ],
  },
  {
    file: 'iso.log',
    ctx: context({ tzOffsetMinutes: 60 }),
    expected: [
      '2026-03-14T08:14:27.674+00:00',
      '2026-03-14T08:14:27.674-05:00',
      '2026-03-14T08:14:27.000+05:30',
      '2026-03-14T08:14:27.674+05:30',
      '2026-03-14T08:14:27.674-05:00',
      '2026-03-14T08:14:28.000+01:00',
      null,
      '2026-03-14T08:14:29.100+05:00',
    ],
  },
  {
    file: 'cucm-syslog-alarm.log',
    // --tz for the line that names another zone; the UTC and GMT lines keep +00:00.
    ctx: context({ tzOffsetMinutes: -300, year: 2020, mtimeMs: Date.UTC(2030, 0, 1) }),
    expected: [
      '2026-03-14T12:12:57.100+00:00',
      '2026-03-14T12:12:58.250+00:00',
      '2026-03-14T12:13:04.520+00:00',
      '2026-03-14T12:14:10.006+00:00',
      '2026-03-14T12:20:00.700+00:00',
      '2026-03-14T13:05:19.484+00:00',
      '2026-03-14T13:06:00.002+00:00',
      '2026-03-14T08:30:00.300-05:00',
    ],
  },
  {
    file: 'syslog.log',
    ctx: context({ tzOffsetMinutes: -300, mtimeMs: Date.UTC(2026, 2, 14, 13, 15) }),
    expected: [
      '2026-03-14T07:09:03.000-05:00',
      '2026-03-04T07:09:03.000-05:00',
      '2026-03-14T07:09:04.000-05:00',
      '2026-03-04T07:09:05.000-05:00',
      '2026-03-14T08:14:27.674+00:00',
      '2026-03-14T08:14:28.003-05:00',
      null,
    ],
  },
];

describe('fixtures/formats', () => {
  it.each(FIXTURES)('$file', ({ file, ctx, expected }) => {
    const heads = headsOf(file);
    expect(heads).toHaveLength(expected.length);
    expect(timesOf(heads, ctx)).toEqual(stamps(expected));
  });

  it('sampling only some lines gives the same times for those lines', () => {
    const heads = headsOf('sdl-filehead.txt');
    const sampled = [0, 3, 5, 9];
    const all = timesOf(heads);
    expect(timesOf(sampled.map((i) => heads[i]))).toEqual(sampled.map((i) => all[i]));
  });

  it('formats each fixture time back to the printed form', () => {
    for (const { file, ctx, expected } of FIXTURES) {
      const printed = timesOf(headsOf(file), ctx).map((t) => (t === null ? null : formatTimestamp(t)));
      expect(printed, file).toEqual(expected);
    }
  });
});

describe('mayHaveTime: a line known to have no time by its first bytes', () => {
  const clock = createLineClock(NO_CONTEXT);
  const mayHaveTime = (line: string): boolean => {
    const bytes = Buffer.from(line, 'latin1');
    return clock.mayHaveTime(bytes, 0, bytes.length);
  };

  it('is true for every fixture line with a time', () => {
    for (const { file, expected } of FIXTURES) {
      headsOf(file).forEach((head, i) => {
        if (expected[i] !== null) expect(mayHaveTime(head), `${file}:${i + 1}`).toBe(true);
      });
    }
  });

  it('is false for lines of no format, by the first byte or a few more', () => {
    for (const line of ['', '}', ' 2026-03-14 08:14:27,674 x', '\tat com.cisco.jtapi.CallImpl.redirect(CallImpl.java:1187)', '[CTI-APP] x', '-', '\u00ff', 'eventSequence = 211', 'reason = -1932787425', 'CiscoJtapiException: CTIERR_ILLEGAL_CALLSTATE', 'com.cisco.jtapi.extensions.CiscoJtapiException: CTIERR_X', 'a b: Mar 14 2026 12:12:57.1 UTC :', 'host:Mar 14 2026', 'a: b: c: Mar 14 2026 12:12:57.1 UTC :', 'x: -']) {
      expect(mayHaveTime(line), JSON.stringify(line)).toBe(false);
    }
  });

  it('a line that begins with a letter no other format begins with may be an alarm, and is so only from its shortest', () => {
    const shortest = 'a: Mar 4 2026 12:12:57.1 Z :';
    expect(shortest).toHaveLength(SHORTEST_HOST_LED_ALARM);
    expect(mayHaveTime(shortest)).toBe(true);
    expect(timeOfOneLine(shortest, context({ tzOffsetMinutes: 60 }))).toEqual(stamp('2026-03-04T12:12:57.100+01:00'));
    // One byte less, wherever it is taken from, and the pattern cannot match.
    for (let i = 0; i < shortest.length; i++) expect(timeOfOneLine(shortest.slice(0, i) + shortest.slice(i + 1)), String(i)).toBeNull();
    for (const line of ['cucmpub', 'cucmpub: Mar 14 2026 12:1', 'cucmpub.example.local.Mar 14 2026 12:12:57.1 UTC :', 'x: '.repeat(20)]) expect(mayHaveTime(line), line).toBe(false);
  });

  it('looks only at [start, end)', () => {
    const bytes = Buffer.from('xx}cucmpub: Mar 14 2026 12:12:57.1 UTC :', 'latin1');
    expect(clock.mayHaveTime(bytes, 2, bytes.length)).toBe(false);
    expect(clock.mayHaveTime(bytes, 3, bytes.length)).toBe(true);
    expect(clock.mayHaveTime(bytes, 3, 3)).toBe(false);
  });

  it('false means no time, whatever the byte and whatever follows', () => {
    const tails = ['', '30412007.003 |07:32:38.647 |AppInfo', '4/03/14 08:14:27,674', 'ar 14 07:09:03.121 PST', '34>Mar  4 07:09:03 host', 'ucmpub: Mar 14 2026 12:12:57.1 UTC :', ': Mar 14 2026 12:12:57.1 UTC :'];
    const rich = context({ tzOffsetMinutes: 60, year: 2020, mtimeMs: MTIME_MAR14_NOON_UTC });
    for (let byte = 0; byte < 256; byte++) {
      for (const tail of tails) {
        const line = String.fromCharCode(byte) + tail;
        if (!mayHaveTime(line)) expect(timeOfOneLine(line, rich), JSON.stringify(line)).toBeNull();
      }
    }
  });

  it('property: false means no time, on lines made of the formats\' own pieces', () => {
    const piece = fc.constantFrom('<187>', '36: ', 'cucmpub: ', 'Mar ', '14 ', '2026 ', '12:12:57', '.1', ' AM', ' UTC :', '2026-03-14', ' 08:14:27,674', '30412007.003 |', '07:32:38.647 |', '12/29/2003 ', 'x', ' ', ':', '-', '9372: ');
    const rich = context({ tzOffsetMinutes: 60, year: 2020, mtimeMs: MTIME_MAR14_NOON_UTC });
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 10 }), (pieces) => {
        const line = pieces.join('');
        if (!mayHaveTime(line)) expect(timeOfOneLine(line, rich)).toBeNull();
      }),
      { numRuns: 2000 },
    );
  });
});

describe('dates of consecutive lines (the last day is kept for the next line)', () => {
  it('each line gets its own date, valid or not, whatever the line before had', () => {
    const heads = ['2026-03-14 08:00:00,000 a', '2026-03-14 09:00:00,000 b', '2026-03-15 08:00:00,000 c', '2026-02-30 08:00:00,000 d', '2026-02-30 08:00:00,000 e', '2026-03-14 10:00:00,000 f', '0026-03-14 10:00:00,000 g'];
    expect(timesOf(heads)).toEqual(stamps(['2026-03-14T08:00:00.000', '2026-03-14T09:00:00.000', '2026-03-15T08:00:00.000', null, null, '2026-03-14T10:00:00.000', '0026-03-14T10:00:00.000']));
  });
});
