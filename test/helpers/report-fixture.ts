// Shared test fixture: the hand-written reports every reporter is rendered from. Takes nothing and
// gives Reports (src/types.ts) whose renderings are the goldens under test/golden/reporters/ and ci/.

import type { Report, ReportCode, ReportLocation, ReportUnknown } from '../../src/types.js';

const TOOL: Report['tool'] = { name: 'cti-logscan', version: '1.0.0' };

/** A code or token with both its sightings moved to `file`. */
function seenIn<T extends { firstSeen: ReportLocation; lastSeen: ReportLocation }>(item: T, file: string): T {
  return { ...item, firstSeen: { ...item.firstSeen, file }, lastSeen: { ...item.lastSeen, file } };
}

const DIRECTORY_LOGIN_TIMEOUT: ReportCode = {
  code: 'CTIERR_DIRECTORY_LOGIN_TIMEOUT',
  value: '0x8CCC0075',
  aliases: [],
  description: 'Directory login timed out.',
  count: 12,
  events: 5,
  files: 2,
  nodes: { cucmpub: 12 },
  firstSeen: { time: '2024-08-13T07:32:38.647-05:00', file: 'logs/SDL001_200_000412.txt.gz', line: 118 },
  lastSeen: { time: '2024-08-13T16:05:11.020-05:00', file: 'logs/SDL001_200_000413.txt.gzo', line: 9 },
  expected: false,
};

const MAX_CONNECTIONS: ReportCode = {
  code: 'MAX_NUMBER_OF_CTI_CONNECTIONS_REACHED',
  value: '0x8CCC0047',
  aliases: ['CTIERR_MAX_NUMBER_OF_CTI_CONNECTIONS_REACHED'],
  description:
    'The maximum number of CTI connections reached; may need to reconfigure the maximum number of CTI connections or log out of some applications to be able to log in',
  count: 4,
  events: 2,
  files: 1,
  nodes: { cucmpub: 4 },
  firstSeen: { time: '2024-08-13T07:40:01.002-05:00', file: 'logs/SDL001_200_000412.txt.gz', line: 2210 },
  lastSeen: { time: '2024-08-13T07:41:12.950-05:00', file: 'logs/SDL001_200_000412.txt.gz', line: 2377 },
  expected: false,
};

const DEVICE_RESTRICTED: ReportCode = {
  code: 'CTIERR_DEVICE_RESTRICTED',
  value: '0x8CCC00D2',
  aliases: [],
  description: 'The device is restricted.',
  count: 3,
  events: 3,
  files: 1,
  nodes: {},
  // Jabber logs state no offset.
  firstSeen: { time: '2024-08-13T08:14:27.674', file: 'logs/jabber.log', line: 51 },
  lastSeen: { time: '2024-08-13T08:20:03.101', file: 'logs/jabber.log', line: 640 },
  expected: true,
};

const CONFERENCE_FULL: ReportCode = {
  code: 'CONFERENCE_FULL',
  value: '0x8CCC0046',
  aliases: ['CTIERR_CONFERENCE_FULL'],
  description: 'All conference bridges are busy.',
  count: 1,
  events: 1,
  files: 1,
  nodes: {},
  // A syslog excerpt read from standard input: no date to anchor the time.
  firstSeen: { time: null, file: '-', line: 42 },
  lastSeen: { time: null, file: '-', line: 42 },
  expected: true,
};

const NOT_IN_ANY_TABLE: ReportUnknown = {
  token: 'CTIERR_NOT_IN_ANY_TABLE',
  count: 2,
  files: 1,
  nodes: {},
  firstSeen: { time: '2024-08-13T08:15:00.000', file: 'logs/jabber.log', line: 77 },
  lastSeen: { time: '2024-08-13T08:19:59.999', file: 'logs/jabber.log', line: 601 },
};

/**
 * Three inputs, one of them a still-open .gzo and one missing; codes by name, by value and from
 * stdin-like text (`-`): two unexpected, two allowed, and an unknown token. The table, json and
 * ndjson goldens.
 */
export const SAMPLE_REPORT: Report = {
  schemaVersion: 1,
  tool: TOOL,
  inputs: {
    files: 3,
    bytes: 1_572_864,
    lines: 9000,
    warnings: [
      { file: 'logs/SDL001_200_000413.txt.gzo', message: 'gzip stream has no trailer (file still being written); 1843 lines read' },
    ],
    errors: [{ file: 'logs/missing.txt', message: 'ENOENT: no such file or directory' }],
    skipped: [],
    unknownOverflow: 0,
    outsideWindow: 0,
  },
  window: null,
  timeline: null,
  coverage: [],
  codes: [DIRECTORY_LOGIN_TIMEOUT, MAX_CONNECTIONS, DEVICE_RESTRICTED, CONFERENCE_FULL],
  unknown: [NOT_IN_ANY_TABLE],
  unexpected: ['CTIERR_DIRECTORY_LOGIN_TIMEOUT', 'MAX_NUMBER_OF_CTI_CONNECTIONS_REACHED'],
  exitCode: 2,
};

/** A path with characters that Markdown and XML treat specially, and non-ASCII. */
const HOSTILE_JABBER_LOG = 'logs/jabber <ñ>&.log';

/**
 * The sample run as CI sees it over a server's traces, four inputs (the CI goldens' mixed.*): an
 * unexpected code in a copied-in directory whose name needs escaping in every format (a comma, a
 * colon, a percent sign and a space), an allowed one whose description (not the catalog's) holds
 * every character Markdown and XML treat specially, and standard input named as sources name it.
 */
export const MIXED_REPORT: Report = {
  ...SAMPLE_REPORT,
  inputs: {
    ...SAMPLE_REPORT.inputs,
    files: 4,
    errors: [{ file: 'logs/missing.txt', message: "ENOENT: no such file or directory, open 'logs/missing.txt'" }],
  },
  codes: [
    DIRECTORY_LOGIN_TIMEOUT,
    seenIn(MAX_CONNECTIONS, 'traces/pub,sub:2 100%/SDL001_100_000001.txt'),
    {
      ...seenIn(DEVICE_RESTRICTED, HOSTILE_JABBER_LOG),
      description: 'The device is restricted | see `show risdb` <query> & "CTI" \'rights\' — Bogotá',
    },
    seenIn(CONFERENCE_FULL, '<stdin>'),
  ],
  unknown: [seenIn(NOT_IN_ANY_TABLE, HOSTILE_JABBER_LOG)],
};

/** The CI run under --fail-on-unknown, every input read. */
export const FAIL_ON_UNKNOWN_REPORT: Report = {
  ...MIXED_REPORT,
  inputs: { ...MIXED_REPORT.inputs, errors: [] },
  unexpected: [...MIXED_REPORT.unexpected, 'CTIERR_NOT_IN_ANY_TABLE'],
  exitCode: 1,
};

/** A clean run: one small file, nothing found. */
export const CLEAN_REPORT: Report = {
  schemaVersion: 1,
  tool: TOOL,
  inputs: { files: 1, bytes: 20_480, lines: 312, warnings: [], errors: [], skipped: [], unknownOverflow: 0, outsideWindow: 0 },
  window: null,
  timeline: null,
  coverage: [],
  codes: [],
  unknown: [],
  unexpected: [],
  exitCode: 0,
};

function syntheticCode(i: number, expected: boolean): ReportCode {
  const n = String(i).padStart(2, '0');
  return {
    code: `CTIERR_SYNTHETIC_${expected ? 'ALLOWED' : 'FAILING'}_${n}`,
    value: null,
    aliases: [],
    description: `Synthetic code ${n}.`,
    count: 100 - i,
    events: 100 - i,
    files: 1,
    nodes: {},
    firstSeen: { time: `2024-08-13T07:${n}:00.000-05:00`, file: `logs/SDL001_100_0000${n}.txt`, line: i + 1 },
    lastSeen: { time: `2024-08-13T08:${n}:00.000-05:00`, file: `logs/SDL001_100_0000${n}.txt`, line: i + 100 },
    expected,
  };
}

/** A bad day: 25 unexpected codes, 14 allowed ones and 12 warnings, past every annotation cap. */
export const BIG_REPORT: Report = {
  schemaVersion: 1,
  tool: TOOL,
  inputs: {
    files: 40,
    bytes: 80 * 1024 * 1024,
    lines: 1_200_000,
    warnings: Array.from({ length: 12 }, (_, i) => ({ file: `logs/SDL001_100_0001${String(i).padStart(2, '0')}.txt.gzo`, message: 'gzip stream has no trailer' })),
    errors: [],
    skipped: [],
    unknownOverflow: 0,
    outsideWindow: 0,
  },
  window: null,
  timeline: null,
  coverage: [],
  // Sorted as a report is: by count, then by code.
  codes: [...Array.from({ length: 25 }, (_, i) => syntheticCode(i, false)), ...Array.from({ length: 14 }, (_, i) => syntheticCode(i, true))].sort(
    (a, b) => b.count - a.count || (a.code < b.code ? -1 : 1),
  ),
  unknown: [],
  unexpected: Array.from({ length: 25 }, (_, i) => syntheticCode(i, false).code),
  exitCode: 1,
};
