// The built CLI (dist/cli.js) run as a subprocess on real files: the public contract of
// CONTRACT.md (scan, hits, timestamps, JSON/ndjson/table output, exit codes, --allow).
// Build first: `npx tsc -p .` (npm test does). TZ=UTC for every run; no mocks.

import { spawn } from 'node:child_process';
import { cpSync, createWriteStream, existsSync, readdirSync, readFileSync, statSync, symlinkSync, utimesSync } from 'node:fs';
import { join } from 'node:path';
import { once } from 'node:events';
import { gzipSync, deflateRawSync, constants as zlibConstants } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/types.js';
import {
  ANSI,
  CLI,
  childEnv,
  expectGolden,
  linesOf,
  parseNdjson,
  parseReport,
  REPO,
  runCli,
  runCliMeasured,
  runCommand,
  SCRIPT_BIN,
  STACK_TRACE,
  TempDirs,
  TIME_BIN,
  writeFile,
  type HitEvent,
  type RunOptions,
  type RunResult,
  counts,
  runJson,
} from '../helpers/cli.js';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

/** Runs with --format ndjson: hit events, then the summary (whose exitCode = the exit code). */
async function runNdjson(args: readonly string[], options: RunOptions = {}): Promise<{ result: RunResult; hits: HitEvent[]; summary: Report }> {
  const result = await runCli(['--format', 'ndjson', ...args], options);
  const { hits, summary } = parseNdjson(result.stdout);
  expect(summary.exitCode).toBe(result.code);
  return { result, hits, summary };
}

const codeOf = (report: Report, code: string) => {
  const found = report.codes.find((c) => c.code === code);
  if (!found) throw new Error(`${code} not in the report: ${JSON.stringify(counts(report))}`);
  return found;
};
const hitLines = (hits: HitEvent[]): string[] => hits.map((h) => `${h.file}:${h.line}:${h.code}`);

const DEVICE_RESTRICTED = 'CTIERR_DEVICE_RESTRICTED';
const LINE_RESTRICTED = 'CTIERR_LINE_RESTRICTED';

// ---------------------------------------------------------------------------------------------
// 1. The bundled samples (fixtures/samples, described in fixtures/SAMPLES.md)
// ---------------------------------------------------------------------------------------------

const SDL = 'fixtures/samples/cucmpub/2026-03-14_08-20-00/cm/trace/cti/sdl';
const F412 = `${SDL}/SDL001_200_000412.txt`;
const F413 = `${SDL}/SDL001_200_000413.txt.gz`;
const F414 = `${SDL}/SDL001_200_000414.txt.gzo`;
const JTAPI = 'fixtures/samples/jtapi/CiscoJtapi1.log';
const JABBER = 'fixtures/samples/jabber/jabber.log';
/** SAMPLES.md: "Every file's mtime is set to 2026-03-15T12:00:00Z" (a git checkout does not keep it). */
const SAMPLES_MTIME = new Date('2026-03-15T12:00:00Z');

/** SAMPLES.md "All files together": code, value, lines, files, in report order (count, then code). */
const SAMPLE_TOTALS: Array<[string, string, number, number]> = [
  ['CTIERR_DIRECTORY_LOGIN_TIMEOUT', '0x8CCC0075', 5, 3],
  ['CTIERR_ILLEGAL_CALLSTATE', '0x8CCC0009', 5, 3],
  ['CTIERR_DEVICE_RESTRICTED', '0x8CCC00D2', 4, 3],
  ['CTIERR_LINE_RESTRICTED', '0x8CCC00D3', 4, 2],
  ['CONFERENCE_FULL', '0x8CCC0046', 3, 2],
  ['CTIERR_PROVIDER_NOT_OPEN', '0x8CCC0061', 3, 2],
  ['CTIERR_CALL_MANAGER_NOT_AVAILABLE', '0x8CCC0017', 2, 1],
  ['CTIERR_DIRECTORY_LOGIN_FAILED', '0x8CCC0060', 2, 1],
  ['CTIERR_REDIRECT_CALL_UNKNOWN_DESTINATION', '0x8CCC0034', 2, 1],
  ['CTIERR_DEVICE_NOT_OPEN', '0x8CCC001A', 1, 1],
  ['CTIERR_LOGIN_FAILED_ACCOUNT_LOCKED', '0x8CCC011F', 1, 1],
  ['CTIERR_TRANSFERFAILED_DESTINATION_BUSY', '0x8CCC000D', 1, 1],
];

/**
 * Per file: the SAMPLES.md counts, as the line numbers that carry them (read off the sample files;
 * e.g. 412 line 33 names LINE_RESTRICTED twice and counts once, 413 line 54 is the 11-digit trap).
 */
const SAMPLE_FILES: Record<string, { lines: number; hits: Record<string, number[]>; unknown: Record<string, number[]> }> = {
  [F412]: {
    lines: 71,
    hits: {
      CTIERR_DIRECTORY_LOGIN_TIMEOUT: [8, 9, 10],
      CTIERR_LINE_RESTRICTED: [30, 31, 33],
      CTIERR_DEVICE_RESTRICTED: [37, 38],
      CTIERR_ILLEGAL_CALLSTATE: [44, 45],
      CTIERR_REDIRECT_CALL_UNKNOWN_DESTINATION: [51, 52],
      CTIERR_DEVICE_NOT_OPEN: [60],
    },
    unknown: { '0x8CCC0299': [66] },
  },
  [F413]: {
    lines: 63,
    hits: {
      CTIERR_CALL_MANAGER_NOT_AVAILABLE: [21, 23],
      CTIERR_DIRECTORY_LOGIN_FAILED: [43, 44],
      CTIERR_PROVIDER_NOT_OPEN: [37, 38],
      CTIERR_DIRECTORY_LOGIN_TIMEOUT: [47],
      CTIERR_ILLEGAL_CALLSTATE: [53],
    },
    unknown: {},
  },
  [F414]: {
    lines: 36,
    hits: { CONFERENCE_FULL: [23], CTIERR_DEVICE_RESTRICTED: [29], CTIERR_LINE_RESTRICTED: [31] },
    unknown: {},
  },
  [JTAPI]: {
    lines: 63,
    hits: {
      CONFERENCE_FULL: [60, 61],
      CTIERR_ILLEGAL_CALLSTATE: [53, 56],
      CTIERR_DIRECTORY_LOGIN_TIMEOUT: [22],
      CTIERR_LOGIN_FAILED_ACCOUNT_LOCKED: [39],
      CTIERR_TRANSFERFAILED_DESTINATION_BUSY: [59],
    },
    unknown: { CTIERR_NOT_IN_ANY_TABLE: [62] },
  },
  [JABBER]: {
    lines: 30,
    hits: { CTIERR_DEVICE_RESTRICTED: [11], CTIERR_PROVIDER_NOT_OPEN: [23] },
    unknown: {},
  },
};

describe('bundled samples', () => {
  /** A copy of fixtures/samples with the mtimes SAMPLES.md states, so that JTAPI's year is 2026 on any checkout. */
  let root: string;
  beforeAll(() => {
    root = temp.make();
    cpSync(join(REPO, 'fixtures', 'samples'), join(root, 'fixtures', 'samples'), { recursive: true });
    const touch = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) touch(path);
        else utimesSync(path, SAMPLES_MTIME, SAMPLES_MTIME);
      }
    };
    touch(join(root, 'fixtures', 'samples'));
  });

  it('SAMPLES.md tables add up (the expectations below are consistent with themselves)', () => {
    const perCode = new Map<string, { lines: number; files: number }>();
    for (const file of Object.values(SAMPLE_FILES)) {
      for (const [code, lines] of Object.entries(file.hits)) {
        const t = perCode.get(code) ?? { lines: 0, files: 0 };
        perCode.set(code, { lines: t.lines + lines.length, files: t.files + 1 });
      }
    }
    expect(Object.fromEntries(perCode)).toEqual(
      Object.fromEntries(SAMPLE_TOTALS.map(([code, , lines, files]) => [code, { lines, files }])),
    );
    expect(SAMPLE_TOTALS.reduce((n, [, , lines]) => n + lines, 0)).toBe(33);
    expect(Object.values(SAMPLE_FILES).reduce((n, f) => n + f.lines, 0)).toBe(263);
  });

  it('--format json fixtures/samples: the golden report, with the SAMPLES.md numbers', async () => {
    const { result, report } = await runJson(['fixtures/samples'], { cwd: root });
    expect(result.code).toBe(1);

    expect(report.inputs.files).toBe(5);
    expect(report.inputs.lines).toBe(263);
    expect(report.inputs.errors).toEqual([]);
    expect(report.inputs.warnings.map((w) => w.file)).toEqual([F414]);
    expect(report.codes.map((c) => [c.code, c.value, c.count, c.files])).toEqual(SAMPLE_TOTALS);
    expect(report.codes.every((c) => c.expected === false)).toBe(true);
    expect(report.unexpected).toEqual(SAMPLE_TOTALS.map(([code]) => code));
    expect(report.unknown.map((u) => [u.token, u.count, u.firstSeen.file, u.firstSeen.line])).toEqual([
      ['0x8CCC0299', 1, F412, 66],
      ['CTIERR_NOT_IN_ANY_TABLE', 1, JTAPI, 62],
    ]);
    expect(report.exitCode).toBe(1);

    // 413 crosses midnight: line 37 is 23:59:59.998 on the 14th, line 38 is 00:00:00.001 on the 15th.
    const providerNotOpen = codeOf(report, 'CTIERR_PROVIDER_NOT_OPEN');
    expect(providerNotOpen.firstSeen).toEqual({ time: '2026-03-14T23:41:10.533', file: JABBER, line: 23 });
    expect(providerNotOpen.lastSeen).toEqual({ time: '2026-03-15T00:00:00.001-05:00', file: F413, line: 38 });
    // JTAPI (PST, no year: 2026 from the mtime) has no offset; the hit sits in a continuation line.
    const locked = codeOf(report, 'CTIERR_LOGIN_FAILED_ACCOUNT_LOCKED');
    expect(locked.firstSeen).toEqual({ time: '2026-03-14T07:09:03.121', file: JTAPI, line: 39 });
    expect(locked.lastSeen).toEqual(locked.firstSeen);
    // Jabber lines: full date, no zone.
    const deviceRestricted = codeOf(report, DEVICE_RESTRICTED);
    expect(deviceRestricted.firstSeen).toEqual({ time: '2026-03-14T08:14:27.674', file: JABBER, line: 11 });
    expect(deviceRestricted.lastSeen).toEqual({ time: '2026-03-15T07:04:19.620-05:00', file: F414, line: 29 });
    // Two hits in the same millisecond: ordered by line.
    const loginFailed = codeOf(report, 'CTIERR_DIRECTORY_LOGIN_FAILED');
    expect(loginFailed.firstSeen).toEqual({ time: '2026-03-15T00:01:05.402-05:00', file: F413, line: 43 });
    expect(loginFailed.lastSeen).toEqual({ time: '2026-03-15T00:01:05.402-05:00', file: F413, line: 44 });
    const lineRestricted = codeOf(report, LINE_RESTRICTED);
    expect(lineRestricted.firstSeen).toEqual({ time: '2026-03-14T07:41:03.019-05:00', file: F412, line: 30 });
    expect(lineRestricted.lastSeen).toEqual({ time: '2026-03-15T07:04:19.709-05:00', file: F414, line: 31 });

    expect(result.stderr).toBe(
      `cti-logscan: ${F414}: warning: gzip stream ends without its trailer (a file still being written?): every line that inflated was scanned\n`,
    );
    expectGolden('samples.json', result.stdout);
  });

  it('ndjson over the samples: every hit at the line SAMPLES.md gives, per file', async () => {
    const { hits, summary } = await runNdjson(['fixtures/samples'], { cwd: root });
    const expected: string[] = [];
    for (const file of Object.keys(SAMPLE_FILES).sort()) {
      for (const [code, lines] of Object.entries(SAMPLE_FILES[file].hits)) for (const line of lines) expected.push(`${file}:${line}:${code}`);
    }
    expect(hitLines(hits).sort()).toEqual(expected.sort());
    expect(hits).toHaveLength(33);
    expect(summary.codes.map((c) => [c.code, c.count, c.files])).toEqual(SAMPLE_TOTALS.map(([c, , n, f]) => [c, n, f]));
  });

  it('each sample file alone: its line count, codes and unknown tokens as SAMPLES.md tables them', async () => {
    const runs = await Promise.all(Object.keys(SAMPLE_FILES).map((file) => runJson([file], { cwd: root })));
    Object.entries(SAMPLE_FILES).forEach(([file, want], i) => {
      const { report } = runs[i];
      expect(report.inputs.lines, file).toBe(want.lines);
      expect(counts(report), file).toEqual(Object.fromEntries(Object.entries(want.hits).map(([c, l]) => [c, l.length])));
      expect(Object.fromEntries(report.unknown.map((u) => [u.token, u.count])), file).toEqual(
        Object.fromEntries(Object.entries(want.unknown).map(([t, l]) => [t, l.length])),
      );
    });
  });

  it('--era 4.1: the 5 lines of 0x8CCC0075 go to CFWDALL_ALREADY_OFF, nothing else changes', async () => {
    const { report } = await runJson(['--era', '4.1', 'fixtures/samples'], { cwd: root });
    const want = Object.fromEntries(SAMPLE_TOTALS.map(([c, , n]) => [c, n]));
    delete want.CTIERR_DIRECTORY_LOGIN_TIMEOUT;
    want.CFWDALL_ALREADY_OFF = 5;
    expect(counts(report)).toEqual(want);
    expect(codeOf(report, 'CFWDALL_ALREADY_OFF').files).toBe(3);
  });
});

// ---------------------------------------------------------------------------------------------
// 2. npm start (with a CI allow-list)
// ---------------------------------------------------------------------------------------------

describe('npm start equivalent', () => {
  const warningLine = new RegExp(`^cti-logscan: ${F414.replace(/[.]/g, '\\.')}: warning: .*trailer`);

  it("--allow 'CTIERR_*,CONFERENCE_FULL' fixtures/samples: exit 0, table, Nothing unexpected., .gzo warning", async () => {
    const result = await runCli(['--allow', 'CTIERR_*,CONFERENCE_FULL', 'fixtures/samples']);
    expect(result.stdout).toContain('Scanned 5 files, 263 lines');
    expect(result.stdout).toContain('CTIERR_DIRECTORY_LOGIN_TIMEOUT');
    expect(linesOf(result.stdout).at(-1)).toBe('Nothing unexpected.');
    expect(linesOf(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(warningLine);
    expect(result.code).toBe(0);
  });

  it('the same with the inputs before --allow', async () => {
    const result = await runCli(['fixtures/samples', '--allow', 'CTIERR_*,CONFERENCE_FULL']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Scanned 5 files, 263 lines');
    expect(linesOf(result.stdout).at(-1)).toBe('Nothing unexpected.');
    expect(ANSI.test(result.stdout)).toBe(false);
    expect(linesOf(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(warningLine);
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Exit codes
// ---------------------------------------------------------------------------------------------

describe('exit codes', () => {
  let dir: string;
  let clean: string;
  let withCode: string;
  beforeAll(() => {
    dir = temp.make();
    clean = writeFile(join(dir, 'clean.log'), 'nothing here\nresult=0 Result=0x0\nCallId=2362179999\n');
    withCode = writeFile(join(dir, 'code.log'), 'ok\nfailed: CTIERR_DEVICE_RESTRICTED\n');
  });

  it('0 when nothing is found', async () => {
    const { result, report } = await runJson([clean]);
    expect(result.code).toBe(0);
    expect(report.codes).toEqual([]);
    expect(report.unknown).toEqual([]);
    expect(report.unexpected).toEqual([]);
    expect(report.inputs).toEqual({ files: 1, bytes: statSync(clean).size, lines: 3, warnings: [], errors: [], skipped: [], unknownOverflow: 0, outsideWindow: 0 });
    expect(result.stderr).toBe('');
  });

  it('1 when a code is seen and not allowed', async () => {
    const { result, report } = await runJson([withCode]);
    expect(result.code).toBe(1);
    expect(report.unexpected).toEqual([DEVICE_RESTRICTED]);
    expect(codeOf(report, DEVICE_RESTRICTED)).toMatchObject({ count: 1, files: 1, expected: false, firstSeen: { time: null, file: withCode, line: 2 } });
    expect(result.stderr).toBe('');
  });

  it('2 for a missing file: one stderr line, and the other files are still reported', async () => {
    const missing = join(dir, 'missing.log');
    const { result, report } = await runJson([missing, clean]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(`cti-logscan: ${missing}: No such file or directory\n`);
    expect(report.inputs.errors).toEqual([{ file: missing, message: 'No such file or directory' }]);
    expect(report.inputs.files).toBe(1);
    expect(report.inputs.lines).toBe(3);
    expect(report.unexpected).toEqual([]);
  });

  it('2 wins over 1 when both apply', async () => {
    const missing = join(dir, 'missing.log');
    const { result, report } = await runJson([withCode, missing]);
    expect(result.code).toBe(2);
    expect(report.unexpected).toEqual([DEVICE_RESTRICTED]);
    expect(counts(report)).toEqual({ [DEVICE_RESTRICTED]: 1 });
    expect(report.inputs.errors).toEqual([{ file: missing, message: 'No such file or directory' }]);
  });

  it('64 for an unknown flag: the message names it, no stack trace, no report', async () => {
    const result = await runCli(['--bogus', clean]);
    expect(result.code).toBe(64);
    expect(result.stdout).toBe('');
    expect(linesOf(result.stderr)[0]).toMatch(/^cti-logscan: .*bogus/);
    expect(result.stderr).not.toMatch(STACK_TRACE);
  });

  it("'--' ends the options: what follows is an input, even one that starts with '-' or is a command's name", async () => {
    writeFile(join(dir, '-dashed.log'), `${DEVICE_RESTRICTED}\n`);
    const { result, report } = await runJson(['--', withCode, '-dashed.log'], { cwd: dir });
    expect(report.inputs.files).toBe(2);
    expect(counts(report)).toEqual({ [DEVICE_RESTRICTED]: 2 });
    expect(result.code).toBe(1);
    const explainAfter = await runCli(['explain', '--', 'CTIERR_TIMEOUT']);
    expect(explainAfter.code).toBe(0);
    expect(linesOf(explainAfter.stdout)[0]).toBe('CTIERR_TIMEOUT');
    const commandName = await runCli(['--', 'explain'], { cwd: dir });
    expect(commandName.stderr).toBe('cti-logscan: explain: No such file or directory\n');
    expect(commandName.code).toBe(2);
    // Too many arguments are named as they were given.
    for (const extra of [['--', 'x'], ['-']]) {
      const tooMany = await runCli(['codes', ...extra]);
      expect(tooMany.code).toBe(64);
      expect(linesOf(tooMany.stderr)[0]).toBe(`cti-logscan: Unknown argument: ${extra.at(-1)}`);
    }
  });

  it.each([
    ['--format', 'xml'],
    ['--era', '5'],
    ['--tz', 'nonsense'],
    ['--jobs', '0'],
    ['--color', 'sometimes'],
    ['--year', 'abc'],
  ])('64 for a bad value: %s %s (message names the flag)', async (flag, value) => {
    const result = await runCli([flag, value, clean]);
    expect(result.code).toBe(64);
    expect(result.stdout).toBe('');
    expect(linesOf(result.stderr)[0]).toMatch(new RegExp(`^cti-logscan: ${flag}\\b`));
    expect(result.stderr).not.toMatch(STACK_TRACE);
  });
});

// ---------------------------------------------------------------------------------------------
// 4. --allow
// ---------------------------------------------------------------------------------------------

describe('--allow', () => {
  let file: string;
  beforeAll(() => {
    const dir = temp.make();
    file = writeFile(
      join(dir, 'mixed.log'),
      [
        'conference() failed: CONFERENCE_FULL',
        'set cfwd failed: CFWDALL_ALREADY_SET',
        'cfwd destination: CTIERR_CFWDALL_DESTN_INVALID',
        'open line: CTIERR_LINE_RESTRICTED',
        '',
      ].join('\n'),
    );
  });
  const ALL = ['CFWDALL_ALREADY_SET', 'CFWDALL_DESTN_INVALID', 'CONFERENCE_FULL', LINE_RESTRICTED];
  const expectedFlags = (report: Report): Record<string, boolean> => Object.fromEntries(report.codes.map((c) => [c.code, c.expected]));

  it('nothing allowed: every code unexpected, sorted by count then code', async () => {
    const { result, report } = await runJson([file]);
    expect(report.codes.map((c) => c.code)).toEqual(ALL);
    expect(report.unexpected).toEqual(ALL);
    expect(result.code).toBe(1);
  });

  it('by code name', async () => {
    const { result, report } = await runJson([file, '--allow', LINE_RESTRICTED]);
    expect(expectedFlags(report)).toEqual({ CFWDALL_ALREADY_SET: false, CFWDALL_DESTN_INVALID: false, CONFERENCE_FULL: false, [LINE_RESTRICTED]: true });
    expect(report.unexpected).toEqual(['CFWDALL_ALREADY_SET', 'CFWDALL_DESTN_INVALID', 'CONFERENCE_FULL']);
    expect(result.code).toBe(1);
  });

  it('by alias: CTIERR_CONFERENCE_FULL allows the code CONFERENCE_FULL', async () => {
    const { report } = await runJson([file, '--allow', 'CTIERR_CONFERENCE_FULL']);
    expect(codeOf(report, 'CONFERENCE_FULL').expected).toBe(true);
    expect(report.unexpected).toEqual(['CFWDALL_ALREADY_SET', 'CFWDALL_DESTN_INVALID', LINE_RESTRICTED]);
  });

  it("by glob: 'CFWDALL_*'", async () => {
    const { result, report } = await runJson([file, '--allow', 'CFWDALL_*']);
    expect(expectedFlags(report)).toEqual({ CFWDALL_ALREADY_SET: true, CFWDALL_DESTN_INVALID: true, CONFERENCE_FULL: false, [LINE_RESTRICTED]: false });
    expect(report.unexpected).toEqual(['CONFERENCE_FULL', LINE_RESTRICTED]);
    expect(result.code).toBe(1);
  });

  it("by glob over aliases: 'CTIERR_*' allows every code here (each has a CTIERR_ name or alias): exit 0", async () => {
    const { result, report } = await runJson([file, '--allow', 'CTIERR_*']);
    expect(Object.values(expectedFlags(report))).toEqual([true, true, true, true]);
    expect(report.unexpected).toEqual([]);
    expect(result.code).toBe(0);
  });

  it('comma list and repeated flag', async () => {
    const { result, report } = await runJson([file, '--allow', 'CONFERENCE_FULL,CFWDALL_ALREADY_SET', '--allow', LINE_RESTRICTED]);
    expect(expectedFlags(report)).toEqual({ CFWDALL_ALREADY_SET: true, CFWDALL_DESTN_INVALID: false, CONFERENCE_FULL: true, [LINE_RESTRICTED]: true });
    expect(report.unexpected).toEqual(['CFWDALL_DESTN_INVALID']);
    expect(result.code).toBe(1);
  });

  it('--allow=PATTERN before the input', async () => {
    const { result, report } = await runJson(['--allow=CFWDALL_*,CONFERENCE_FULL,CTIERR_LINE_RESTRICTED', file]);
    expect(report.unexpected).toEqual([]);
    expect(report.codes).toHaveLength(4);
    expect(result.code).toBe(0);
  });

  it('--allow PATTERN followed by the input: the input is scanned, not taken as another pattern', async () => {
    const { result, report } = await runJson(['--allow', 'CONFERENCE_FULL', file]);
    expect(report.inputs.files).toBe(1);
    expect(report.codes.map((c) => c.code)).toEqual(ALL);
    expect(codeOf(report, 'CONFERENCE_FULL')).toMatchObject({ expected: true, firstSeen: { file, line: 1 } });
    expect(report.unexpected).toEqual(['CFWDALL_ALREADY_SET', 'CFWDALL_DESTN_INVALID', LINE_RESTRICTED]);
    expect(result.code).toBe(1);
  });
});

// ---------------------------------------------------------------------------------------------
// 5. Inputs
// ---------------------------------------------------------------------------------------------

describe('inputs', () => {
  let dir: string;
  const TEXT = 'first line\nfailed: CTIERR_DEVICE_RESTRICTED here\nthird 0x8ccc00d3\n';
  beforeAll(() => {
    dir = temp.make();
  });

  /** The two codes of TEXT, on lines 2 and 3. */
  const expectTextCodes = (report: Report, file: string): void => {
    expect(report.codes.map((c) => [c.code, c.count, c.firstSeen.file, c.firstSeen.line])).toEqual([
      [DEVICE_RESTRICTED, 1, file, 2],
      [LINE_RESTRICTED, 1, file, 3],
    ]);
    expect(report.inputs.lines).toBe(3);
  };

  it('a plain file', async () => {
    const file = writeFile(join(dir, 'plain.log'), TEXT);
    const { result, report } = await runJson([file]);
    expectTextCodes(report, file);
    expect(report.inputs.bytes).toBe(Buffer.byteLength(TEXT));
    expect(result.code).toBe(1);
  });

  it('a gzip file (.gz)', async () => {
    const file = writeFile(join(dir, 'z.log.gz'), gzipSync(TEXT));
    const { result, report } = await runJson([file]);
    expectTextCodes(report, file);
    expect(report.inputs.warnings).toEqual([]);
    expect(report.inputs.errors).toEqual([]);
    expect(result.code).toBe(1);
  });

  it('gzip under a misleading name is recognised by its magic bytes', async () => {
    const file = writeFile(join(dir, 'gzip-really.txt'), gzipSync(TEXT));
    const { report } = await runJson([file]);
    expectTextCodes(report, file);
  });

  it('.gzo (gzip without its 8-byte trailer): a warning, every line counted, exit by the codes (1), not 2', async () => {
    const gz = gzipSync(TEXT);
    const file = writeFile(join(dir, 'open.log.gzo'), gz.subarray(0, gz.length - 8));
    const { result, report } = await runJson([file]);
    expectTextCodes(report, file);
    expect(report.inputs.errors).toEqual([]);
    expect(report.inputs.warnings).toHaveLength(1);
    expect(report.inputs.warnings[0].file).toBe(file);
    expect(linesOf(result.stderr)).toEqual([`cti-logscan: ${file}: warning: ${report.inputs.warnings[0].message}`]);
    expect(result.code).toBe(1);
  });

  it('.gzo without codes: the warning alone gives exit 0', async () => {
    const gz = gzipSync('nothing\nat all\n');
    const file = writeFile(join(dir, 'quiet.log.gzo'), gz.subarray(0, gz.length - 8));
    const { result, report } = await runJson([file]);
    expect(report.inputs.lines).toBe(2);
    expect(report.inputs.warnings).toHaveLength(1);
    expect(result.code).toBe(0);
  });

  it('a corrupt gzip (valid header, then garbage): an error line, exit 2, other files still counted', async () => {
    const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
    // 'g' = 0b01100111: a final block of type 3, which does not exist.
    const corrupt = writeFile(join(dir, 'corrupt.log.gz'), Buffer.concat([header, Buffer.from('garbage garbage garbage garbage')]));
    const good = writeFile(join(dir, 'good.log'), TEXT);
    const { result, report } = await runJson([corrupt, good]);
    expect(report.inputs.errors).toHaveLength(1);
    expect(report.inputs.errors[0].file).toBe(corrupt);
    expect(report.inputs.errors[0].message).toMatch(/corrupt gzip/);
    expect(linesOf(result.stderr)).toEqual([`cti-logscan: ${corrupt}: ${report.inputs.errors[0].message}`]);
    expect(result.stderr).not.toMatch(STACK_TRACE);
    expectTextCodes(report, good);
    expect(result.code).toBe(2);
  });

  it('a gzip that inflates a while and then is corrupt: exit 2; lines before the corruption may count', async () => {
    const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
    const body = deflateRawSync('before CTIERR_DEVICE_RESTRICTED\n', { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    const file = writeFile(join(dir, 'half.log.gz'), Buffer.concat([header, body, Buffer.from('garbage garbage garbage')]));
    const { result, report } = await runJson([file]);
    expect(report.inputs.errors.map((e) => e.file)).toEqual([file]);
    expect(report.codes.length).toBeLessThanOrEqual(1);
    expect(report.codes.every((c) => c.code === DEVICE_RESTRICTED && c.count === 1)).toBe(true);
    expect(linesOf(result.stderr)).toHaveLength(1);
    expect(result.code).toBe(2);
  });

  it('CRLF line endings: right line numbers, ndjson text without \\r', async () => {
    const file = writeFile(join(dir, 'crlf.log'), 'one\r\ntwo CTIERR_LINE_RESTRICTED\r\nthree\r\nfour ends CTIERR_DEVICE_RESTRICTED\r\n');
    const { hits, summary } = await runNdjson([file]);
    expect(hits.map((h) => [h.line, h.code, h.text])).toEqual([
      [2, LINE_RESTRICTED, 'two CTIERR_LINE_RESTRICTED'],
      [4, DEVICE_RESTRICTED, 'four ends CTIERR_DEVICE_RESTRICTED'],
    ]);
    expect(summary.inputs.lines).toBe(4);
  });

  it('binary junk: NULs and invalid UTF-8 around codes do not stop the scan', async () => {
    const file = writeFile(
      join(dir, 'junk.bin'),
      Buffer.concat([
        Buffer.from([0, 0, 0xff, 0xfe, 0x80, 0x0a]), // line 1
        Buffer.from([0xc3, 0x28, 0]), Buffer.from('CTIERR_DEVICE_RESTRICTED'), Buffer.from([0, 0xff, 0x0a]), // line 2
        Buffer.from([0xe2, 0x82, 0, 0x0a]), // line 3
        Buffer.from('\0-1932787501\0'), Buffer.from([0xf0, 0x9f, 0x0a]), // line 4: LINE_RESTRICTED, signed
        Buffer.from([0xed, 0xa0, 0x80]), Buffer.from(' 0x8CCC0046'), Buffer.from([0xc0]), // line 5, no newline
      ]),
    );
    const { result, report } = await runJson([file]);
    expect(report.codes.map((c) => [c.code, c.count, c.firstSeen.line])).toEqual([
      ['CONFERENCE_FULL', 1, 5],
      [DEVICE_RESTRICTED, 1, 2],
      [LINE_RESTRICTED, 1, 4],
    ]);
    expect(report.inputs.lines).toBe(5);
    expect(report.inputs.errors).toEqual([]);
    expect(result.code).toBe(1);
  });

  it('a file without a final newline: its last line counts', async () => {
    const file = writeFile(join(dir, 'nofinal.log'), 'a\nb\nlast CTIERR_LINE_RESTRICTED');
    const { report } = await runJson([file]);
    expect(report.inputs.lines).toBe(3);
    expect(codeOf(report, LINE_RESTRICTED).firstSeen).toEqual({ time: null, file, line: 3 });
  });

  it('an empty file: 0 lines, exit 0', async () => {
    const file = writeFile(join(dir, 'empty.log'), '');
    const { result, report } = await runJson([file]);
    expect(report.inputs).toEqual({ files: 1, bytes: 0, lines: 0, warnings: [], errors: [], skipped: [], unknownOverflow: 0, outsideWindow: 0 });
    expect(result.code).toBe(0);
  });

  it('a directory is searched recursively; paths are input-relative; a symlink loop neither hangs nor counts twice', async () => {
    const root = temp.make();
    writeFile(join(root, 'd', 'a.log'), 'x CTIERR_LINE_RESTRICTED\n');
    writeFile(join(root, 'd', 'sub', 'b.log'), 'y\nCTIERR_LINE_RESTRICTED\n');
    writeFile(join(root, 'd', 'sub', 'deeper', 'c.txt.gz'), gzipSync('z\nz\n0x8ccc00d2\n'));
    symlinkSync('..', join(root, 'd', 'sub', 'loop'));
    symlinkSync('.', join(root, 'd', 'self'));
    symlinkSync('../a.log', join(root, 'd', 'sub', 'a-again.log'));
    const { result, report } = await runJson(['d'], { cwd: root });
    expect(report.inputs.files).toBe(3);
    expect(report.inputs.lines).toBe(6);
    expect(codeOf(report, LINE_RESTRICTED)).toMatchObject({
      count: 2,
      files: 2,
      firstSeen: { file: 'd/a.log', line: 1 },
      lastSeen: { file: 'd/sub/b.log', line: 2 },
    });
    expect(codeOf(report, DEVICE_RESTRICTED)).toMatchObject({ count: 1, firstSeen: { file: 'd/sub/deeper/c.txt.gz', line: 3 } });
    expect(report.inputs.errors).toEqual([]);
    expect(result.code).toBe(1);
  });

  describe('globs (no shell: the program expands them)', () => {
    let g: string;
    beforeAll(() => {
      g = temp.make();
      writeFile(join(g, 'a.log'), 'CTIERR_LINE_RESTRICTED\n');
      writeFile(join(g, 'b.log'), 'b\nCTIERR_LINE_RESTRICTED\n');
      writeFile(join(g, 'c.txt'), 'CTIERR_DEVICE_RESTRICTED\n');
      writeFile(join(g, 'n', 'm', 'deep.txt'), 'm\nm\nCTIERR_DEVICE_RESTRICTED\n');
      writeFile(join(g, 'n', 'skip.log'), 'CONFERENCE_FULL\n');
    });

    it("'<dir>/*.log' and '<dir>/**/*.txt' select the matching files only", async () => {
      const { report } = await runJson([`${g}/*.log`, `${g}/**/*.txt`]);
      expect(report.inputs.files).toBe(4);
      expect(counts(report)).toEqual({ [LINE_RESTRICTED]: 2, [DEVICE_RESTRICTED]: 2 });
      expect(report.inputs.errors).toEqual([]);
    });

    it('a relative glob gives paths as written', async () => {
      const { report } = await runJson(['*.log', 'n/**/*.txt'], { cwd: g });
      expect(codeOf(report, LINE_RESTRICTED)).toMatchObject({ firstSeen: { file: 'a.log', line: 1 }, lastSeen: { file: 'b.log', line: 2 } });
      expect(codeOf(report, DEVICE_RESTRICTED)).toMatchObject({ firstSeen: { file: 'n/m/deep.txt', line: 3 } });
    });

    it('an absolute glob gives the absolute paths it matched (as a shell would), whatever the working directory', async () => {
      const { report } = await runJson([`${g}/*.log`, `${g}/**/*.txt`]); // cwd: the repository
      expect(codeOf(report, LINE_RESTRICTED)).toMatchObject({ firstSeen: { file: `${g}/a.log`, line: 1 }, lastSeen: { file: `${g}/b.log`, line: 2 } });
      const device = codeOf(report, DEVICE_RESTRICTED);
      expect([device.firstSeen.file, device.lastSeen.file].sort()).toEqual([`${g}/c.txt`, `${g}/n/m/deep.txt`]);
    });

    it('a glob that matches nothing: a stderr message naming it, exit 2', async () => {
      const pattern = `${g}/*.nomatch`;
      const { result, report } = await runJson([pattern]);
      expect(result.stderr).toBe(`cti-logscan: ${pattern}: no files match this pattern\n`);
      expect(report.inputs.errors).toEqual([{ file: pattern, message: 'no files match this pattern' }]);
      expect(result.code).toBe(2);
    });
  });

  it('the same file named twice (or by another spelling) is counted once', async () => {
    const d = temp.make();
    const file = writeFile(join(d, 'a.log'), 'CTIERR_LINE_RESTRICTED\n');
    const { report } = await runJson(['a.log', './a.log', file, 'a.log'], { cwd: d });
    expect(report.inputs.files).toBe(1);
    expect(report.inputs.lines).toBe(1);
    expect(codeOf(report, LINE_RESTRICTED)).toMatchObject({ count: 1, files: 1 });
  });

  describe('standard input', () => {
    const JTAPI_LINE = '9372: Mar 14 07:09:03.121 PST %JTAPI-PROTOCOL-7-UNK: failed CTIERR_LINE_RESTRICTED\n';

    it("'-' reads standard input, named <stdin>; a JTAPI time (no year) is null there", async () => {
      const { report } = await runJson(['-'], { input: JTAPI_LINE });
      expect(report.inputs.files).toBe(1);
      expect(codeOf(report, LINE_RESTRICTED).firstSeen).toEqual({ time: null, file: '<stdin>', line: 1 });
    });

    it('no input and a piped standard input: standard input is read', async () => {
      const { result, report } = await runJson([], { input: 'a\nb CTIERR_DEVICE_RESTRICTED\n' });
      expect(codeOf(report, DEVICE_RESTRICTED).firstSeen).toEqual({ time: null, file: '<stdin>', line: 2 });
      expect(result.code).toBe(1);
    });

    it('--year 2026 dates the JTAPI line on standard input', async () => {
      const { report } = await runJson(['--year', '2026', '-'], { input: JTAPI_LINE });
      expect(codeOf(report, LINE_RESTRICTED).firstSeen).toEqual({ time: '2026-03-14T07:09:03.121', file: '<stdin>', line: 1 });
    });

    it('an SDL excerpt without its FileHead has no date on standard input: time null', async () => {
      const { report } = await runJson(['-'], { input: '30412002.000 |07:30:02.118 |AppInfo  |x error=0x8ccc00d3\n' });
      expect(codeOf(report, LINE_RESTRICTED).firstSeen.time).toBeNull();
    });

    it('gzip on standard input is recognised', async () => {
      const { report } = await runJson(['-'], { input: gzipSync(TEXT) });
      expectTextCodes(report, '<stdin>');
    });
  });
});

// ---------------------------------------------------------------------------------------------
// 6. Timestamps
// ---------------------------------------------------------------------------------------------

describe('timestamps', () => {
  let dir: string;
  let sdl: string;
  let jabber: string;
  const FILEHEAD = '30000001.000 |00:00:00.114 |FileHead |UTC:-05:00,Date: 2026/03/14, AppName: CTIManager, AppId: 200, FileNumber: 412\n';
  beforeAll(() => {
    dir = temp.make();
    sdl = writeFile(
      join(dir, 'sdl.txt'),
      FILEHEAD + '30412002.000 |07:30:02.118 |AppInfo  |x error=0x8ccc00d3\n30412003.000 |07:30:03.000 |AppError |z Result=0x8CCC00D2\n',
    );
    jabber = writeFile(join(dir, 'jabber.log'), '2026-03-14 08:14:27,674 ERROR [0x00002578] result= 0x8ccc00d2 , ( CTIERR_DEVICE_RESTRICTED )\n');
  });

  it('SDL with FileHead UTC:-05:00: times carry the FileHead date and -05:00', async () => {
    const { hits } = await runNdjson([sdl]);
    expect(hits.map((h) => [h.line, h.code, h.time])).toEqual([
      [2, LINE_RESTRICTED, '2026-03-14T07:30:02.118-05:00'],
      [3, DEVICE_RESTRICTED, '2026-03-14T07:30:03.000-05:00'],
    ]);
  });

  /** An SDL file from 08:20 on the 14th past midnight; `beforeMidnight` is the text of its 23:59:59.990 line. */
  const midnightFile = (name: string, beforeMidnight: string): string =>
    writeFile(
      join(dir, name),
      '30000001.000 |08:20:00.114 |FileHead |UTC:-05:00,Date: 2026/03/14, AppName: CTIManager, FileNumber: 413\n' +
        '30413002.000 |09:30:02.118 |AppInfo  |x error=0x8ccc00d3\n' +
        `30413003.000 |23:59:59.990 |AppInfo  |${beforeMidnight}\n` +
        '30413004.000 |02:00:00.010 |AppError |z Result=0x8CCC00D2\n',
    );

  it('SDL past midnight, with a hit just before midnight: the date rolls to the 15th', async () => {
    const { hits } = await runNdjson([midnightFile('sdl-roll-hit.txt', 'y CONFERENCE_FULL')]);
    expect(hits.map((h) => [h.line, h.time])).toEqual([
      [2, '2026-03-14T09:30:02.118-05:00'],
      [3, '2026-03-14T23:59:59.990-05:00'],
      [4, '2026-03-15T02:00:00.010-05:00'],
    ]);
  });

  it('SDL past midnight, with no hit near midnight: the date still rolls to the 15th', async () => {
    const { hits } = await runNdjson([midnightFile('sdl-roll-quiet.txt', 'y nothing to see')]);
    expect(hits.map((h) => [h.line, h.time])).toEqual([
      [2, '2026-03-14T09:30:02.118-05:00'],
      [4, '2026-03-15T02:00:00.010-05:00'],
    ]);
  });

  it('--tz +02:00 gives a Jabber log its offset but does not override an SDL FileHead', async () => {
    const { hits } = await runNdjson(['--tz', '+02:00', sdl, jabber]);
    expect(hits.map((h) => [h.file, h.line, h.time])).toEqual([
      [jabber, 1, '2026-03-14T08:14:27.674+02:00'],
      [sdl, 2, '2026-03-14T07:30:02.118-05:00'],
      [sdl, 3, '2026-03-14T07:30:03.000-05:00'],
    ]);
  });

  it('without --tz a Jabber time has no offset', async () => {
    const { hits } = await runNdjson([jabber]);
    expect(hits.map((h) => h.time)).toEqual(['2026-03-14T08:14:27.674']);
  });

  it('--tz=-08:00 (attached value) gives a negative offset', async () => {
    const { hits } = await runNdjson(['--tz=-08:00', jabber]);
    expect(hits.map((h) => h.time)).toEqual(['2026-03-14T08:14:27.674-08:00']);
  });

  it('--tz -08:00 (value as its own argument, as `--tz ±HH:MM` reads) gives a negative offset', async () => {
    const result = await runCli(['--format', 'ndjson', '--tz', '-08:00', jabber]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    expect(parseNdjson(result.stdout).hits.map((h) => h.time)).toEqual(['2026-03-14T08:14:27.674-08:00']);
  });

  describe('JTAPI', () => {
    let jtapi: string;
    beforeAll(() => {
      jtapi = writeFile(
        join(dir, 'CiscoJtapi1.log'),
        [
          '9371: Mar 14 07:09:03.118 PST %JTAPI-CTIIMPL-7-UNK: heartbeat',
          '9372: Mar 14 07:09:03.121 PST %JTAPI-PROTOCOL-7-UNK: received Event: ProviderOpenCompletedEvent {',
          'eventSequence = 211',
          'reason = -1932787425',
          '}',
          '9373: Mar 14 07:09:05.000 PST %JTAPI-JTAPI-7-UNK: failed CTIERR_LINE_RESTRICTED',
          '',
        ].join('\n'),
      );
      const mtime = new Date('2025-06-01T12:00:00Z');
      utimesSync(jtapi, mtime, mtime);
    });

    it('the year comes from the mtime; a continuation-line hit takes its entry time and its own line', async () => {
      const { hits } = await runNdjson([jtapi]);
      expect(hits.map((h) => [h.line, h.code, h.time, h.text])).toEqual([
        [4, 'CTIERR_LOGIN_FAILED_ACCOUNT_LOCKED', '2025-03-14T07:09:03.121', 'reason = -1932787425'],
        [6, LINE_RESTRICTED, '2025-03-14T07:09:05.000', '9373: Mar 14 07:09:05.000 PST %JTAPI-JTAPI-7-UNK: failed CTIERR_LINE_RESTRICTED'],
      ]);
    });

    it('--year 2024 wins over the mtime', async () => {
      const { report } = await runJson(['--year', '2024', jtapi]);
      expect(codeOf(report, 'CTIERR_LOGIN_FAILED_ACCOUNT_LOCKED').firstSeen).toEqual({ time: '2024-03-14T07:09:03.121', file: jtapi, line: 4 });
    });

    it('--year 2025 over Dec 31 to Jan 01: the year is the log\'s start, January the next year (on standard input too)', async () => {
      const text =
        '9371: Dec 31 23:59:58.500 PST %JTAPI-JTAPI-7-UNK: CTIERR_LINE_RESTRICTED\n' +
        '9372: Jan 01 00:00:00.250 PST %JTAPI-JTAPI-7-UNK: CTIERR_LINE_RESTRICTED\n';
      const file = writeFile(join(dir, 'newyear.log'), text);
      for (const args of [[file], ['-']]) {
        const { report } = await runJson(['--year', '2025', ...args], { input: text });
        expect(codeOf(report, LINE_RESTRICTED)).toMatchObject({
          count: 2,
          firstSeen: { time: '2025-12-31T23:59:58.500', line: 1 },
          lastSeen: { time: '2026-01-01T00:00:00.250', line: 2 },
        });
      }
    });

    it('a December line in a file modified in January is dated the year before', async () => {
      const file = writeFile(join(dir, 'dec.log'), 'Dec 31 23:59:58.500 PST %JTAPI-JTAPI-7-UNK: CTIERR_LINE_RESTRICTED\n');
      const mtime = new Date('2026-01-02T10:00:00Z');
      utimesSync(file, mtime, mtime);
      const { report } = await runJson([file]);
      expect(codeOf(report, LINE_RESTRICTED).firstSeen.time).toBe('2025-12-31T23:59:58.500');
    });
  });

  describe('first and last seen', () => {
    it('ties on time: ordered by input path (sorted, not as given), then line', async () => {
      const d = temp.make();
      const line = '2026-03-14 08:00:00,000 ERROR CTIERR_LINE_RESTRICTED\n';
      const a = writeFile(join(d, 'a.log'), line + line);
      const b = writeFile(join(d, 'b.log'), line);
      const { report } = await runJson([b, a]);
      const t = '2026-03-14T08:00:00.000';
      expect(codeOf(report, LINE_RESTRICTED)).toMatchObject({
        count: 3,
        files: 2,
        firstSeen: { time: t, file: a, line: 1 },
        lastSeen: { time: t, file: b, line: 1 },
      });
    });

    it('codes without timestamps: ordered by path, then line', async () => {
      const d = temp.make();
      const a = writeFile(join(d, 'a.txt'), 'x\ny\nCTIERR_LINE_RESTRICTED\nCTIERR_LINE_RESTRICTED\n');
      const b = writeFile(join(d, 'b.txt'), 'CTIERR_LINE_RESTRICTED\n');
      const { report } = await runJson([b, a]);
      expect(codeOf(report, LINE_RESTRICTED)).toMatchObject({
        count: 3,
        firstSeen: { time: null, file: a, line: 3 },
        lastSeen: { time: null, file: b, line: 1 },
      });
    });

    it('timed hits beat untimed ones for first and last', async () => {
      const d = temp.make();
      const a = writeFile(join(d, 'a.txt'), 'untimed CTIERR_LINE_RESTRICTED\n');
      const m = writeFile(join(d, 'm.log'), 'untimed first line CTIERR_LINE_RESTRICTED\n2026-03-14 09:00:00,000 ERROR CTIERR_LINE_RESTRICTED\n');
      const z = writeFile(join(d, 'z.txt'), 'untimed CTIERR_LINE_RESTRICTED\n');
      const { report } = await runJson([a, m, z]);
      expect(codeOf(report, LINE_RESTRICTED)).toMatchObject({
        count: 4,
        firstSeen: { time: '2026-03-14T09:00:00.000', file: m, line: 2 },
        lastSeen: { time: '2026-03-14T09:00:00.000', file: m, line: 2 },
      });
    });

    it('known offsets compare as instants, not as wall clocks', async () => {
      const d = temp.make();
      // 10:00Z is before 07:30-05:00 (12:30Z) although its wall clock is later.
      const iso = writeFile(join(d, 'iso.log'), '2026-03-14T10:00:00.000+00:00 CTIERR_LINE_RESTRICTED\n');
      const sdlCopy = writeFile(join(d, 'sdl.txt'), FILEHEAD + '30412002.000 |07:30:00.000 |AppInfo  |CTIERR_LINE_RESTRICTED\n');
      const { report } = await runJson([iso, sdlCopy]);
      expect(codeOf(report, LINE_RESTRICTED)).toMatchObject({
        firstSeen: { time: '2026-03-14T10:00:00.000+00:00', file: iso, line: 1 },
        lastSeen: { time: '2026-03-14T07:30:00.000-05:00', file: sdlCopy, line: 2 },
      });
    });
  });
});

// ---------------------------------------------------------------------------------------------
// 7. Determinism across --jobs
// ---------------------------------------------------------------------------------------------

const FILEHEAD_DET = '30000001.000 |00:00:00.114 |FileHead |UTC:-05:00,Date: 2026/03/14, AppName: CTIManager, FileNumber: 1\n';

describe('determinism', () => {
  let dir: string;
  let names: string[];
  beforeAll(() => {
    dir = temp.make();
    const jabberLines = (n: number, seed: number, every: number): string => {
      const out: string[] = [];
      for (let i = 0; i < n; i++) {
        const s = (seed * 7 + i) % 60;
        const ts = `2026-03-14 ${String(8 + (i % 10)).padStart(2, '0')}:${String(s).padStart(2, '0')}:${String((i * 13) % 60).padStart(2, '0')},${String(i % 1000).padStart(3, '0')}`;
        const code = i % every === 0 ? [' CTIERR_LINE_RESTRICTED', ' 0x8ccc00d2', ' CONFERENCE_FULL -1932787642', ' CTIERR_BRAND_NEW_THING'][i % 4] : '';
        out.push(`${ts} INFO [0x${(i % 65536).toString(16).padStart(8, '0')}] [csf.ecc] message number ${i} with padding ${'x'.repeat(i % 50)}${code}`);
      }
      return out.join('\n') + '\n';
    };
    const files: Array<[string, string | Buffer]> = [
      ['a-big.log', jabberLines(40_000, 1, 7)], // ~4 MB: still scanning while later files finish
      ['b.log', jabberLines(300, 2, 5)],
      ['c.log.gz', gzipSync(jabberLines(20_000, 3, 11))],
      ['d.txt', 'same time\n2026-03-14 08:00:00,000 CTIERR_LINE_RESTRICTED\n'],
      ['e.txt', '2026-03-14 08:00:00,000 CTIERR_LINE_RESTRICTED\nuntimed CTIERR_DEVICE_NOT_OPEN\n'],
      ['f.gz', gzipSync(FILEHEAD_DET + '30412002.000 |07:30:02.118 |AppInfo  |x error=0x8ccc00d3\n')],
      ['g.log', ''],
      ['h.log', 'no codes at all\n'],
      ['i.log.gzo', gzipSync(jabberLines(2_000, 4, 3)).subarray(0, -8)],
      ['j.log', jabberLines(5_000, 5, 13)],
      ['k.log', 'untimed CTIERR_DEVICE_NOT_OPEN\n'],
      ['l.log', jabberLines(1, 6, 1)],
    ];
    for (const [name, content] of files) writeFile(join(dir, 'in', name), content);
    names = files.map(([name]) => name);
  });

  it('JSON and ndjson are byte-identical for --jobs 1 and --jobs 4', async () => {
    const [json1, json4, nd1, nd4] = await Promise.all([
      runCli(['--format', 'json', '--jobs', '1', 'in'], { cwd: dir }),
      runCli(['--format', 'json', '--jobs', '4', 'in'], { cwd: dir }),
      runCli(['--format', 'ndjson', '--jobs', '1', 'in'], { cwd: dir }),
      runCli(['--format', 'ndjson', '--jobs', '4', 'in'], { cwd: dir }),
    ]);
    const report = parseReport(json1.stdout);
    expect(report.inputs.files).toBe(names.length);
    expect(report.inputs.warnings.map((w) => w.file)).toEqual(['in/i.log.gzo']);
    expect(report.codes.length).toBeGreaterThanOrEqual(4);
    expect(report.unknown.map((u) => u.token)).toEqual(['CTIERR_BRAND_NEW_THING']);
    expect(json4.stdout).toBe(json1.stdout);
    expect(json4.code).toBe(json1.code);
    expect(nd4.stdout).toBe(nd1.stdout);
    expect(nd4.code).toBe(nd1.code);
    expect(json1.code).toBe(1);
  });

  it('ndjson: hit events by input path then line, one per counted line and code, then the summary', async () => {
    const { hits, summary } = await runNdjson(['--jobs', '4', 'in'], { cwd: dir });
    expect(hits.length).toBe(summary.codes.reduce((n, c) => n + c.count, 0));
    for (const hit of hits) expect(Object.keys(hit)).toEqual(['type', 'code', 'value', 'file', 'line', 'time', 'text']);
    for (let i = 1; i < hits.length; i++) {
      const [p, q] = [hits[i - 1], hits[i]];
      const ordered = p.file < q.file || (p.file === q.file && p.line <= q.line);
      if (!ordered) throw new Error(`hit ${i} out of order: ${p.file}:${p.line} before ${q.file}:${q.line}`);
    }
    // Per code and file, the events agree with the summary's counts and files.
    for (const c of summary.codes) {
      const mine = hits.filter((h) => h.code === c.code);
      expect(mine.length, c.code).toBe(c.count);
      expect(new Set(mine.map((h) => h.file)).size, c.code).toBe(c.files);
      expect(mine.every((h) => h.value === c.value)).toBe(true);
    }
    // The summary is the JSON report.
    const json = await runCli(['--format', 'json', '--jobs', '1', 'in'], { cwd: dir });
    expect(summary).toEqual(parseReport(json.stdout));
  });
});
// ---------------------------------------------------------------------------------------------
// 8. --output
// ---------------------------------------------------------------------------------------------

describe('--output', () => {
  let dir: string;
  let file: string;
  let clean: string;
  beforeAll(() => {
    dir = temp.make();
    file = writeFile(join(dir, 'in.log'), 'x CTIERR_LINE_RESTRICTED\n');
    clean = writeFile(join(dir, 'clean.log'), 'nothing\n');
  });

  it('writes the report to FILE; standard output stays empty', async () => {
    const out = join(dir, 'report.json');
    const result = await runCli(['--format', 'json', '--output', out, file]);
    expect(result.stdout).toBe('');
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
    const written = readFileSync(out, 'utf8');
    expect(parseReport(written).exitCode).toBe(1);
    const direct = await runCli(['--format', 'json', file]);
    expect(written).toBe(direct.stdout);
  });

  it('a table written with --output has no colour even with --color auto', async () => {
    const out = join(dir, 'report.txt');
    const result = await runCli(['--output', out, file]);
    expect(result.stdout).toBe('');
    expect(readFileSync(out, 'utf8')).toContain('Unexpected: CTIERR_LINE_RESTRICTED');
    expect(ANSI.test(readFileSync(out, 'utf8'))).toBe(false);
  });

  it('into a directory that does not exist: one clear stderr line, non-zero exit, no stack trace', async () => {
    const out = join(dir, 'no-such-dir', 'report.json');
    const result = await runCli(['--format', 'json', '--output', out, clean]);
    expect(result.code).not.toBe(0);
    expect(result.stderr).not.toMatch(STACK_TRACE);
    expect(linesOf(result.stderr)).toHaveLength(1);
    expect(result.stderr).toMatch(/^cti-logscan: .*no-such-dir/);
    expect(existsSync(out)).toBe(false);
  });
});

// ---------------------------------------------------------------------------------------------
// 9. --help and --version
// ---------------------------------------------------------------------------------------------

describe('--help and --version', () => {
  it('--help prints usage, the options and the exit status, exit 0', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
    expect(result.stdout).toMatch(/^Usage: cti-logscan/);
    for (const option of ['--format', '--output', '--color', '--allow', '--era', '--no-numeric', '--tz', '--year', '--jobs', '--quiet', '--help', '--version']) {
      expect(result.stdout, option).toContain(option);
    }
    expect(result.stdout).toContain('Exit status:');
    expect(result.stdout).toMatch(/^\s+0\s+every input was read and nothing unexpected was seen$/m);
    expect(result.stdout).toMatch(/^\s+1\s+unexpected codes were seen/m);
    expect(result.stdout).toMatch(/^\s+2\s+an input could not be read or was corrupt/m);
    expect(result.stdout).toMatch(/^\s+64\s+usage error/m);
  });

  it('--version prints 1.0.0, exit 0', async () => {
    const result = await runCli(['--version']);
    expect(result).toMatchObject({ code: 0, stdout: '1.0.0\n', stderr: '' });
  });
});

// ---------------------------------------------------------------------------------------------
// 10. The table and its colour
// ---------------------------------------------------------------------------------------------

describe('table format', () => {
  let file: string;
  beforeAll(() => {
    file = writeFile(join(temp.make(), 'in.log'), 'x CTIERR_LINE_RESTRICTED\ny CTIERR_NOT_A_REAL_CODE\n');
  });

  it('non-TTY standard output: no ANSI escapes', async () => {
    const result = await runCli([file]);
    expect(result.code).toBe(1);
    expect(ANSI.test(result.stdout)).toBe(false);
    // No line with a time: no timeline, so no TREND column.
    expect(linesOf(result.stdout)[0]).toMatch(/^CODE\s+COUNT\s+EVENTS\s+FIRST SEEN\s+LAST SEEN\s+DESCRIPTION$/);
    expect(result.stdout).toContain(`CTIERR_LINE_RESTRICTED`);
    expect(result.stdout).toContain('Unknown codes');
    expect(linesOf(result.stdout).at(-1)).toBe('Unexpected: CTIERR_LINE_RESTRICTED');
  });

  it('a run that exits 2 says in the footer that it failed and why, never "Nothing unexpected."', async () => {
    const dir = temp.make();
    const clean = writeFile(join(dir, 'clean.log'), 'nothing to see\n');
    // A gzip member whose deflate data is garbage: corrupt, not merely cut off.
    const corrupt = writeFile(join(dir, 'corrupt.log.gz'), Buffer.from('1f8b0800000000000003ffffffffffffffff', 'hex'));
    const missing = join(dir, 'missing.log');
    const glob = join(dir, 'nomatch-*.txt');
    for (const [inputs, reason] of [
      [[clean, missing], `${missing} (No such file or directory)`],
      [[clean, glob], `${glob} (no files match this pattern)`],
      [[corrupt], `${corrupt} (corrupt gzip data`],
    ] as const) {
      const result = await runCli(['--color', 'never', ...inputs]);
      expect(result.code).toBe(2);
      expect(result.stdout).not.toContain('Nothing unexpected');
      expect(linesOf(result.stdout).at(-1)).toMatch(/^Failed: 1 input could not be read: /);
      expect(linesOf(result.stdout).at(-1)).toContain(reason);
    }
    // Unexpected codes are still listed, after the failure.
    const both = await runCli(['--color', 'always', file, missing]);
    expect(both.code).toBe(2);
    expect(linesOf(both.stdout).slice(-2)).toEqual([
      `\x1b[31mFailed: 1 input could not be read: ${missing} (No such file or directory)\x1b[0m`,
      '\x1b[31mUnexpected: CTIERR_LINE_RESTRICTED\x1b[0m',
    ]);
  });

  it('--color always: ANSI escapes even into a pipe', async () => {
    const result = await runCli(['--color', 'always', file]);
    expect(ANSI.test(result.stdout)).toBe(true);
    expect(result.stdout).toContain('\x1b[31mCTIERR_LINE_RESTRICTED\x1b[0m');
  });

  it('TREND in block elements where the locale is UTF-8, in ASCII where it is not (LC_ALL, then LC_CTYPE, then LANG)', async () => {
    const timed = writeFile(join(temp.make(), 'timed.log'), '2026-03-14 08:00:00,000 x CTIERR_LINE_RESTRICTED\n2026-03-14 08:00:05,000 y CTIERR_LINE_RESTRICTED\n2026-03-14 08:00:05,500 z CTIERR_LINE_RESTRICTED\n');
    const trendOf = (stdout: string) => {
      const lines = linesOf(stdout);
      const at = lines[0].indexOf('TREND');
      return lines[1].slice(at, lines[0].indexOf('FIRST SEEN')).trimEnd();
    };
    const unset = { LC_ALL: '', LC_CTYPE: '', LANG: '' };
    for (const [env, trend] of [
      [{ ...unset, LANG: 'en_US.UTF-8' }, '▅▁▁▁▁█'],
      [{ ...unset, LANG: 'C.utf8' }, '▅▁▁▁▁█'],
      [{ ...unset, LC_CTYPE: 'de_DE.UTF-8', LANG: 'C' }, '▅▁▁▁▁█'],
      [{ ...unset, LANG: 'C' }, '=    #'],
      [unset, '=    #'],
      [{ ...unset, LC_ALL: 'POSIX', LANG: 'en_US.UTF-8' }, '=    #'],
    ] as const) {
      const result = await runCli(['--format', 'table', timed], { env });
      expect(result.code, JSON.stringify(env)).toBe(1);
      expect(trendOf(result.stdout), JSON.stringify(env)).toBe(trend);
    }
    // Markdown is for browsers: block elements whatever the terminal's locale.
    const md = await runCli(['--format', 'markdown', timed], { env: { ...unset, LANG: 'C' } });
    expect(md.stdout).toContain(' | `▅▁▁▁▁█` | ');
  });

  it('NO_COLOR=1 with --color auto: no ANSI escapes', async () => {
    const result = await runCli(['--color', 'auto', file], { env: { NO_COLOR: '1' } });
    expect(ANSI.test(result.stdout)).toBe(false);
    expect(result.stdout).toContain('CTIERR_LINE_RESTRICTED');
  });

  describe.skipIf(!existsSync(SCRIPT_BIN))('on a terminal (a pty from /usr/bin/script)', () => {
    const onTty = (command: string, env: Record<string, string> = {}) =>
      runCommand(SCRIPT_BIN, ['-qec', command, '/dev/null'], { env }).then((r) => ({ ...r, stdout: r.stdout.replace(/\r/g, '') }));
    const cli = (args: string) => `${process.execPath} ${CLI} ${args}`;

    it('--color auto on a TTY colours; NO_COLOR=1 turns it off', async () => {
      const coloured = await onTty(`stty cols 120 rows 40; ${cli(`--color auto '${file}'`)}`);
      expect(ANSI.test(coloured.stdout)).toBe(true);
      expect(coloured.stdout).toContain('CTIERR_LINE_RESTRICTED');
      const plain = await onTty(`stty cols 120 rows 40; ${cli(`--color auto '${file}'`)}`, { NO_COLOR: '1' });
      expect(ANSI.test(plain.stdout)).toBe(false);
      expect(plain.stdout).toContain('CTIERR_LINE_RESTRICTED');
    });

    it('a narrow terminal: the columns left out are named, with how to see them', async () => {
      const timed = writeFile(join(temp.make(), 'timed.log'), '2026-03-14 08:00:00,000 x CTIERR_LINE_RESTRICTED CTIERR_NOT_A_REAL_CODE\n');
      const narrow = await onTty(`stty cols 60 rows 40; ${cli(`--color never '${timed}'`)}`);
      const lines = linesOf(narrow.stdout);
      expect(lines[0]).toMatch(/^CODE +COUNT {2}EVENTS {2}TREND$/);
      const at = lines.indexOf('Columns left out to fit 60 columns: FIRST SEEN, LAST SEEN,');
      expect(at).toBeGreaterThan(0);
      expect(lines.slice(at + 1, at + 3)).toEqual(['  DESCRIPTION (a wider terminal or --format markdown shows', '  them).']);
      for (const line of lines) expect([...line].length).toBeLessThanOrEqual(60);
      // Wide enough, or not a terminal: every column, nothing said.
      const wide = await onTty(`stty cols 200 rows 40; ${cli(`--color never '${timed}'`)}`);
      expect(linesOf(wide.stdout)[0]).toMatch(/DESCRIPTION$/);
      expect(wide.stdout).not.toContain('left out');
      expect((await runCli([timed])).stdout).not.toContain('left out');
    });

    it('a terminal that reports 0 columns (a pty without a size) still gets the table', async () => {
      const result = await onTty(cli(`--color never '${file}'`));
      expect(result.stdout).toContain('CTIERR_LINE_RESTRICTED');
      expect(result.stdout).toContain('Unexpected: CTIERR_LINE_RESTRICTED');
    });
  });
});

// ---------------------------------------------------------------------------------------------
// 11. A reader that closes early (| head)
// ---------------------------------------------------------------------------------------------

describe('early close of standard output', () => {
  it('ndjson into a pipe closed after the first line: exits without a stack trace', async () => {
    const dir = temp.make();
    const lines: string[] = [];
    for (let i = 1; i <= 20_000; i++) lines.push(`2026-03-14 08:00:00,${String(i % 1000).padStart(3, '0')} line ${i} CTIERR_LINE_RESTRICTED`);
    const big = writeFile(join(dir, 'big.log'), lines.join('\n') + '\n');

    const child = spawn(process.execPath, [CLI, '--format', 'ndjson', big], { env: childEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    child.stdin.end();
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => (stderr += d));
    let out = '';
    let firstLine: string | null = null;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (d: string) => {
      out += d;
      const nl = out.indexOf('\n');
      if (firstLine === null && nl >= 0) {
        firstLine = out.slice(0, nl);
        child.stdout.destroy();
      }
    });
    const [code, signal] = (await once(child, 'close')) as [number | null, NodeJS.Signals | null];

    expect(firstLine).not.toBeNull();
    expect(JSON.parse(firstLine!)).toMatchObject({ type: 'hit', code: LINE_RESTRICTED, file: big, line: 1 });
    expect(signal).toBeNull();
    // A broken pipe is a quiet end (0, or 1 when the scan had already finished: both are fine).
    expect([0, 1]).toContain(code);
    expect(stderr).not.toMatch(STACK_TRACE);
    expect(stderr).toBe('');
  });
});

// ---------------------------------------------------------------------------------------------
// 12. One very long line
// ---------------------------------------------------------------------------------------------

describe('a ~50 MB line', () => {
  let file: string;
  beforeAll(async () => {
    file = join(temp.make(), 'long.log');
    const stream = createWriteStream(file);
    const fill = Buffer.alloc(1 << 20, 'a b ');
    const write = async (chunk: Buffer | string): Promise<void> => {
      if (!stream.write(chunk)) await once(stream, 'drain');
    };
    await write('start CTIERR_LINE_RESTRICTED ');
    for (let i = 0; i < 25; i++) await write(fill);
    await write(' middle 0x8ccc00d2 ');
    for (let i = 0; i < 25; i++) await write(fill);
    stream.end(' end CONFERENCE_FULL\nsecond line\n');
    await once(stream, 'finish');
  });

  const checkReport = (result: RunResult): void => {
    const report = parseReport(result.stdout);
    expect(report.inputs.lines).toBe(2);
    expect(report.inputs.bytes).toBe(statSync(file).size);
    expect(report.codes.map((c) => [c.code, c.count, c.firstSeen.line])).toEqual([
      ['CONFERENCE_FULL', 1, 1],
      [DEVICE_RESTRICTED, 1, 1],
      [LINE_RESTRICTED, 1, 1],
    ]);
    expect(report.exitCode).toBe(1);
    expect(result.code).toBe(1);
  };

  it('codes at its start, middle and end each count one line; exit 1', async () => {
    checkReport(await runCli(['--format', 'json', file]));
  });

  it.skipIf(!existsSync(TIME_BIN))('peak memory stays bounded (max RSS < 150 MB, by /usr/bin/time)', async () => {
    const result = await runCliMeasured(['--format', 'json', file]);
    checkReport(result);
    expect(result.maxRssKiB).toBeGreaterThan(0);
    expect(result.maxRssKiB).toBeLessThan(150 * 1024);
  });

  it('ndjson hit text for the long line is bounded', async () => {
    const { hits } = await runNdjson([file]);
    expect(hits.map((h) => h.code)).toEqual([LINE_RESTRICTED, DEVICE_RESTRICTED, 'CONFERENCE_FULL']);
    for (const hit of hits) {
      expect(hit.text.length).toBeLessThan(2000);
      expect(hit.text.startsWith('start CTIERR_LINE_RESTRICTED')).toBe(true);
    }
  });
});

if (!existsSync(TIME_BIN)) {
  // Said once, so that a run on a machine without GNU time shows why the memory test was skipped.
  console.warn(`cli.test.ts: ${TIME_BIN} is absent: the peak-memory assertion of the 50 MB line is skipped`);
}
