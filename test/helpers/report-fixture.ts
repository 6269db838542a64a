// Shared test fixture: the hand-written reports every reporter is rendered from. Takes nothing and
// gives Reports (src/types.ts) whose renderings are the goldens under test/golden/reporters/ and ci/.

import type { CoverageEntry, Report, ReportCode, ReportLocation, ReportTimeline, ReportUnknown } from '../../src/types.js';

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

/** A timeline row of `buckets` counts from `{ index: count }`. */
function row(buckets: number, counts: Record<number, number>): number[] {
  const out = new Array<number>(buckets).fill(0);
  for (const [index, n] of Object.entries(counts)) out[Number(index)] = n;
  return out;
}

/**
 * The sample's hits in half-hour buckets by their instant (the SDL times at -05:00, the Jabber times,
 * which have no offset, as UTC; so `from` is in UTC): 27 buckets, from 08:00 to 21:30 UTC. No SDL
 * hit falls in the gap (14:58 to 15:26 UTC); CONFERENCE_FULL has no timed hit, so no row.
 */
const SAMPLE_BUCKETS = 27;
const SAMPLE_TIMELINE: ReportTimeline = {
  from: '2024-08-13T08:00:00.000+00:00',
  bucketSeconds: 1800,
  buckets: SAMPLE_BUCKETS,
  codes: {
    CTIERR_DEVICE_RESTRICTED: row(SAMPLE_BUCKETS, { 0: 3 }),
    CTIERR_DIRECTORY_LOGIN_TIMEOUT: row(SAMPLE_BUCKETS, { 9: 3, 10: 1, 12: 4, 18: 2, 26: 2 }),
    CTIERR_NOT_IN_ANY_TABLE: row(SAMPLE_BUCKETS, { 0: 2 }),
    MAX_NUMBER_OF_CTI_CONNECTIONS_REACHED: row(SAMPLE_BUCKETS, { 9: 4 }),
  },
};

/**
 * The SDL trace set, three files: the CTIManager restarted between the first two (the trace
 * sequence went down), and trace lines are missing between the last two, inside the window.
 */
const SDL_SET: CoverageEntry = {
  node: 'cucmpub',
  set: 'logs/SDL001_200',
  files: 3,
  from: '2024-08-13T07:00:00.114-05:00',
  to: '2024-08-13T16:05:11.020-05:00',
  gaps: [
    {
      from: '2024-08-13T09:58:10.331-05:00',
      to: '2024-08-13T10:26:47.002-05:00',
      reason: '4180 trace lines missing',
      after: 'logs/SDL001_200_000412.txt.gz',
      before: 'logs/SDL001_200_000413.txt.gzo',
    },
  ],
  restarts: [{ at: '2024-08-13T07:30:02.881-05:00', file: 'logs/SDL001_200_000412.txt.gz' }],
};

const JABBER_SET: CoverageEntry = {
  node: null,
  set: 'logs/jabber.log',
  files: 1,
  from: '2024-08-13T08:00:01.250',
  to: '2024-08-13T08:20:03.101',
  gaps: [],
  restarts: [],
};

/** The warning the report stage makes for a gap that overlaps the window (CONTRACT.md, Coverage). */
const NOT_COVERED_WARNING = {
  file: 'logs/SDL001_200',
  message: 'the window is not fully covered: no traces from 2024-08-13T09:58:10.331-05:00 to 2024-08-13T10:26:47.002-05:00 (4180 trace lines missing)',
};

/**
 * Four inputs, one of them a still-open .gzo, and one missing; codes by name, by value and from
 * stdin-like text (`-`): two unexpected, two allowed, and an unknown token. A window given as wall
 * clock (no offset), which a gap of the SDL set overlaps; a restart in that set. The table, json
 * and ndjson goldens.
 */
export const SAMPLE_REPORT: Report = {
  schemaVersion: 1,
  tool: TOOL,
  inputs: {
    files: 4,
    bytes: 1_572_864,
    lines: 9000,
    warnings: [
      { file: 'logs/SDL001_200_000413.txt.gzo', message: 'gzip stream has no trailer (file still being written); 1843 lines read' },
      NOT_COVERED_WARNING,
    ],
    errors: [{ file: 'logs/missing.txt', message: 'ENOENT: no such file or directory' }],
    skipped: [],
    unknownOverflow: 0,
    outsideWindow: 7,
  },
  window: { since: '2024-08-13T07:00:00.000', until: '2024-08-13T17:00:00.000' },
  timeline: SAMPLE_TIMELINE,
  coverage: [SDL_SET, JABBER_SET],
  codes: [DIRECTORY_LOGIN_TIMEOUT, MAX_CONNECTIONS, DEVICE_RESTRICTED, CONFERENCE_FULL],
  unknown: [NOT_IN_ANY_TABLE],
  unexpected: ['CTIERR_DIRECTORY_LOGIN_TIMEOUT', 'MAX_NUMBER_OF_CTI_CONNECTIONS_REACHED'],
  exitCode: 2,
};

/** A path with characters that Markdown and XML treat specially, and non-ASCII. */
const HOSTILE_JABBER_LOG = 'logs/jabber <ñ>&.log';

/** A directory whose name holds what Markdown, XML and workflow commands treat specially, a newline too. */
const HOSTILE_DIR = 'traces/pub,sub:2 100%/a <b> | `c`\nd';

/** A trace set in that directory with a gap after the window (its reason names a file of that name). */
const HOSTILE_SET: CoverageEntry = {
  node: 'cucmsub1',
  set: `${HOSTILE_DIR}/SDL001_100`,
  files: 2,
  from: '2024-08-13T07:10:00.004-05:00',
  to: '2024-08-13T18:02:40.777-05:00',
  gaps: [
    {
      from: '2024-08-13T17:20:00.000-05:00',
      to: '2024-08-13T17:45:10.500-05:00',
      reason: 'missing files SDL001_100_<2>|`x`\ny',
      after: `${HOSTILE_DIR}/SDL001_100_000001.txt`,
      before: `${HOSTILE_DIR}/SDL001_100_000003.txt`,
    },
  ],
  restarts: [],
};

/**
 * The sample run as CI sees it over a server's traces, five inputs (the CI goldens' mixed.*): an
 * unexpected code in a copied-in directory whose name needs escaping in every format (a comma, a
 * colon, a percent sign and a space), an allowed one whose description (not the catalog's) holds
 * every character Markdown and XML treat specially, and standard input named as sources name it.
 */
export const MIXED_REPORT: Report = {
  ...SAMPLE_REPORT,
  inputs: {
    ...SAMPLE_REPORT.inputs,
    files: 5,
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
  coverage: [SDL_SET, HOSTILE_SET],
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
  // One file of its own, its times read, no gap: the trace set of a clean run.
  coverage: [{ node: null, set: 'logs/clean.log', files: 1, from: '2024-08-13T07:00:00.000', to: '2024-08-13T07:59:58.812', gaps: [], restarts: [] }],
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
    nodes: { cucmpub: 100 - i },
    firstSeen: { time: `2024-08-13T07:${n}:00.000-05:00`, file: `logs/SDL001_100_0000${n}.txt`, line: i + 1 },
    lastSeen: { time: `2024-08-13T08:${n}:00.000-05:00`, file: `logs/SDL001_100_0000${n}.txt`, line: i + 100 },
    expected,
  };
}

/** Each synthetic code's hits in five-minute buckets: half at its first sighting, half at its last. */
function syntheticTimeline(codes: readonly ReportCode[]): ReportTimeline {
  const buckets = 18; // 12:00 to 13:30 UTC: 07:00 to 08:30 at -05:00
  const rows = codes.map((c): [string, number[]] => {
    const i = Number(c.code.slice(-2));
    return [c.code, row(buckets, { [Math.floor(i / 5)]: Math.ceil(c.count / 2), [12 + Math.floor(i / 5)]: Math.floor(c.count / 2) })];
  });
  return { from: '2024-08-13T12:00:00.000+00:00', bucketSeconds: 300, buckets, codes: Object.fromEntries(rows.sort(([a], [b]) => (a < b ? -1 : 1))) };
}

const BIG_CODES = [...Array.from({ length: 25 }, (_, i) => syntheticCode(i, false)), ...Array.from({ length: 14 }, (_, i) => syntheticCode(i, true))].sort(
  // Sorted as a report is: by count, then by code.
  (a, b) => b.count - a.count || (a.code < b.code ? -1 : 1),
);

/** Files of the big run's SDL set that are missing (none that a code was seen in): three gaps, no window. */
const BIG_GAPS = [27, 33, 36].map((k) => {
  const file = (j: number) => `logs/SDL001_100_0000${String(j).padStart(2, '0')}.txt`;
  const minute = (j: number) => String(j + 20).padStart(2, '0');
  return { from: `2024-08-13T08:${minute(k - 1)}:59.990-05:00`, to: `2024-08-13T08:${minute(k + 1)}:00.010-05:00`, reason: `missing files SDL001_100_0000${k}`, after: file(k - 1), before: file(k + 1) };
});

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
  timeline: syntheticTimeline(BIG_CODES),
  coverage: [{ node: 'cucmpub', set: 'logs/SDL001_100', files: 40, from: '2024-08-13T07:00:00.000-05:00', to: '2024-08-13T09:12:00.000-05:00', gaps: BIG_GAPS, restarts: [] }],
  codes: BIG_CODES,
  unknown: [],
  unexpected: Array.from({ length: 25 }, (_, i) => syntheticCode(i, false).code),
  exitCode: 1,
};
