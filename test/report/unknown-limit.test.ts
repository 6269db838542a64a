// Unknown tokens past the limit (CONTRACT.md: at most 10,000 distinct tokens are kept, hit lines of
// further ones are counted in inputs.unknownOverflow, and they still fail --fail-on-unknown): a
// file's tally and a line's, files merged in input order for any --jobs, merged reports, every
// format, and the built CLI on real files (peak memory too).

import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mergeTalliesUpTo, type Tallies, type Tally } from '../../src/report/aggregate.js';
import { LineScanner } from '../../src/match/lines.js';
import { mergeReports } from '../../src/report/merge-reports.js';
import { buildPolicy } from '../../src/report/policy.js';
import { buildReport, type ScanTotals } from '../../src/report/build-report.js';
import { reporters, FORMATS } from '../../src/reporters/index.js';
import { createLineClock } from '../../src/match/timestamps.js';
import { MAX_UNKNOWN_TOKENS, UNKNOWN_OVERFLOW, type Report } from '../../src/types.js';
import { linesOf, parseReport, runCli, runCliMeasured, TempDirs, TIME_BIN, writeFile } from '../helpers/cli.js';
import { catalog, matcherFor } from '../helpers/scan.js';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

const LIMIT = MAX_UNKNOWN_TOKENS;
const tally = (count: number, line = 1): Tally => ({ count, events: count, files: 1, nodes: new Map(), first: { time: null, fileIndex: 0, line }, last: { time: null, fileIndex: 0, line } });
const tokens = (prefix: string, from: number, to: number): string[] => Array.from({ length: to - from }, (_, i) => `CTIERR_${prefix}${from + i}`);

describe('mergeTalliesUpTo', () => {
  it('keeps the first keys in the order merged, adds up the ones kept, and gives the hit lines of the rest', () => {
    const into: Tallies = new Map([['A', tally(1)], ['B', tally(1)]]);
    const left = mergeTalliesUpTo(into, new Map([['C', tally(2)], ['A', tally(5)], ['D', tally(3)], ['E', tally(4)]]), 3);
    expect([...into.keys()]).toEqual(['A', 'B', 'C']);
    expect(into.get('A')).toMatchObject({ count: 6, files: 2 });
    expect(left).toBe(7);
    // Full: a key already kept still adds up; a new one is counted only.
    expect(mergeTalliesUpTo(into, new Map([['B', tally(1)], ['F', tally(9)]]), 3)).toBe(9);
    expect(into.get('B')?.count).toBe(2);
    expect(mergeTalliesUpTo(new Map(), new Map([['X', tally(1)]]), 3)).toBe(0);
  });
});

describe('a line with more distinct unknown tokens than the limit', () => {
  /** The tokens and overflow of a one-line input, fed in chunks of `size` bytes. */
  function scanLine(text: string, size: number): { tokens: string[]; overflow: number } {
    const seen: string[] = [];
    let overflow = 0;
    const scanner = new LineScanner({
      matcher: matcherFor().matcher,
      clock: createLineClock({ tzOffsetMinutes: null, year: null, mtimeMs: null }),
      wantText: false,
      events: { hit: () => {}, unknown: (token) => seen.push(token), unknownOverflow: (count, line) => (overflow += count * line) },
    });
    const bytes = Buffer.from(text);
    for (let at = 0; at < bytes.length; at += size) scanner.feed(bytes.subarray(at, at + size));
    scanner.end();
    return { tokens: seen, overflow };
  }

  it('holds the first 10,000 (each once), counts the others, however the line is cut', () => {
    const names = tokens('LINE_', 0, LIMIT + 5);
    // Repeats of kept tokens are still one hit each; the five past the limit are counted.
    const text = `${names.join(' ')} ${names.slice(0, 100).join(' ')}\n`;
    const whole = scanLine(text, text.length);
    expect(whole.tokens).toEqual(names.slice(0, LIMIT));
    expect(whole.overflow).toBe(5);
    for (const size of [1000, 4093, 65536]) expect(scanLine(text, size)).toEqual(whole);
  });
});

/** Totals of a scan with `unknown` tokens of one hit each and `overflow` hit lines past them. */
function totalsOf(unknown: string[], overflow: number): ScanTotals {
  return {
    fileCount: 1,
    files: ['big.log'],
    bytes: 100,
    lines: unknown.length + overflow,
    warnings: [],
    errors: [],
    skipped: [],
    codes: new Map(),
    unknown: new Map(unknown.map((token, i) => [token, tally(1, i + 1)])),
    unknownOverflow: overflow,
  };
}

const policy = (failOnUnknown: boolean, allow: string[] = []) => buildPolicy({ allow, max: {}, baseline: null, failOnUnknown }, catalog);

describe('the report', () => {
  it('gives inputs.unknownOverflow, always (0 by default)', () => {
    expect(buildReport(totalsOf(['CTIERR_X'], 0), { catalog, policy: policy(false) }).inputs.unknownOverflow).toBe(0);
    const { unknownOverflow: _, ...withoutField } = totalsOf([], 0);
    expect(buildReport(withoutField, { catalog, policy: policy(false) }).inputs.unknownOverflow).toBe(0);
    const report = buildReport(totalsOf(['CTIERR_X'], 7), { catalog, policy: policy(false) });
    expect(report.inputs.unknownOverflow).toBe(7);
    expect(report).toMatchObject({ unexpected: [], exitCode: 0 });
  });

  it('under --fail-on-unknown, hit lines past the limit are unexpected (exit 1), even when every listed token is allowed', () => {
    const failing = buildReport(totalsOf(['CTIERR_X'], 7), { catalog, policy: policy(true) });
    expect(failing).toMatchObject({ unexpected: ['CTIERR_X', UNKNOWN_OVERFLOW], exitCode: 1 });
    const allowed = buildReport(totalsOf(['CTIERR_X'], 7), { catalog, policy: policy(true, ['CTIERR_X']) });
    expect(allowed).toMatchObject({ unexpected: [UNKNOWN_OVERFLOW], exitCode: 1 });
    expect(buildReport(totalsOf(['CTIERR_X'], 0), { catalog, policy: policy(true, ['CTIERR_X']) })).toMatchObject({ unexpected: [], exitCode: 0 });
  });
});

describe('merge of reports', () => {
  const report = (unknown: string[], overflow: number | undefined): Record<string, unknown> => {
    const r = JSON.parse(JSON.stringify(buildReport(totalsOf(unknown, overflow ?? 0), { catalog, policy: policy(false) }))) as Report;
    if (overflow === undefined) delete (r.inputs as Partial<Report['inputs']>).unknownOverflow; // written before the field existed
    return r as unknown as Record<string, unknown>;
  };

  it('adds up unknownOverflow; a report without the field counts as 0', () => {
    const totals = mergeReports([{ path: 'a.json', report: report(['CTIERR_A'], 3) }, { path: 'b.json', report: report(['CTIERR_B'], undefined) }], catalog);
    expect(totals.unknownOverflow).toBe(3);
    expect([...totals.unknown.keys()].sort()).toEqual(['CTIERR_A', 'CTIERR_B']);
  });

  it('keeps at most 10,000 tokens, the most frequent, and counts the hit lines of the rest', () => {
    const a = report(tokens('M', 0, 6000), 1);
    const b = report(tokens('M', 3000, 9000), 2);
    const c = report(tokens('M', 9000, 15000), 0);
    const totals = mergeReports(['a', 'b', 'c'].map((path, i) => ({ path, report: [a, b, c][i] })), catalog);
    expect(totals.unknown.size).toBe(LIMIT);
    // M3000..M5999 were seen twice: they are kept first; then by token.
    const kept = new Set(totals.unknown.keys());
    for (const token of tokens('M', 3000, 6000)) expect(kept.has(token)).toBe(true);
    const lines = 6000 + 6000 + 6000 + 3;
    expect([...totals.unknown.values()].reduce((n, t) => n + t.count, 0) + totals.unknownOverflow!).toBe(lines);
    // The result does not depend on the order the reports are given in.
    const reversed = mergeReports(['c', 'b', 'a'].map((path, i) => ({ path, report: [c, b, a][i] })), catalog);
    expect(new Set(reversed.unknown.keys())).toEqual(kept);
    expect(reversed.unknownOverflow).toBe(totals.unknownOverflow);
  });

  it('refuses an unknownOverflow that is not a whole number (exit 78, naming the field)', () => {
    const bad = report(['CTIERR_A'], 3);
    (bad.inputs as Record<string, unknown>).unknownOverflow = -1;
    expect(() => mergeReports([{ path: 'r.json', report: bad }], catalog)).toThrow(/r\.json: inputs\.unknownOverflow: expected a whole number/);
  });
});

describe('the formats say so', () => {
  const failing = buildReport(totalsOf(['CTIERR_X'], 2000), { catalog, policy: policy(true) });
  const quiet = buildReport(totalsOf(['CTIERR_X'], 1), { catalog, policy: policy(false) });
  const render = (report: Report, format: (typeof FORMATS)[number]): string => reporters[format](report, { color: false, width: null });
  const NOTE = '2000 hit lines of unknown tokens past the first 10,000 distinct ones are not listed';

  it('table: under the unknown codes, and in the verdict when they fail the run', () => {
    const lines = linesOf(render(failing, 'table'));
    expect(lines).toContain(`${NOTE}.`);
    expect(lines.at(-1)).toBe('Unexpected: CTIERR_X, 2000 hit lines of unknown tokens not listed');
    const plain = linesOf(render(quiet, 'table'));
    expect(plain).toContain('1 hit line of unknown tokens past the first 10,000 distinct ones is not listed.');
    expect(plain.at(-1)).toBe('Nothing unexpected.');
    expect(reporters.table(failing, { color: true, width: 60 })).toContain('\x1b[31m2000 hit lines of unknown tokens past the first 10,000\x1b[0m\n');
  });

  it('markdown, junit, github and sarif: one entry for all of them, failing under --fail-on-unknown', () => {
    const md = render(failing, 'markdown');
    expect(md).toContain('❌ 1 unexpected code · ❌ 2000 hit lines of unknown tokens not listed');
    expect(md).toContain(`❌ ${NOTE} (unexpected under \`--fail-on-unknown\`).`);
    expect(render(quiet, 'markdown')).toContain('\n1 hit line of unknown tokens past the first 10,000 distinct ones is not listed.\n');

    const junit = render(failing, 'junit');
    expect(junit).toContain(`<testcase classname="cti-logscan.unknown" name="${UNKNOWN_OVERFLOW}">`);
    expect(junit).toContain(`<failure message="${NOTE} (--fail-on-unknown)" type="unexpected-unknown-code">`);
    expect(junit).toMatch(/tests="3" failures="2" errors="0"/);
    expect(render(quiet, 'junit')).toContain('1 hit line of unknown tokens past the first 10,000 distinct ones is not listed.</system-out>');

    expect(render(failing, 'github')).toContain(`::error title=Unknown tokens not listed::${NOTE}; unexpected under --fail-on-unknown\n`);
    expect(render(quiet, 'github')).toContain('::notice title=Unknown tokens not listed::1 hit line of unknown tokens');

    const sarif = JSON.parse(render(failing, 'sarif'));
    const run = sarif.runs[0];
    const result = run.results.find((r: { ruleId: string }) => r.ruleId === UNKNOWN_OVERFLOW);
    expect(result).toMatchObject({ level: 'error', message: { text: `${NOTE}; unexpected under --fail-on-unknown.` } });
    expect(run.tool.driver.rules[result.ruleIndex].id).toBe(UNKNOWN_OVERFLOW);
    expect(result.locations).toBeUndefined();
    const quietRun = JSON.parse(render(quiet, 'sarif')).runs[0];
    expect(quietRun.results).toEqual([]);
    expect(quietRun.invocations[0].toolExecutionNotifications).toContainEqual({ level: 'note', message: { text: '1 hit line of unknown tokens past the first 10,000 distinct ones is not listed.' } });
  });

  it('json and ndjson: inputs.unknownOverflow, and the entry in unexpected', () => {
    for (const format of ['json', 'ndjson'] as const) {
      const text = render(failing, format);
      const parsed = (format === 'json' ? JSON.parse(text) : JSON.parse(text).report) as Report;
      expect(parsed.inputs.unknownOverflow).toBe(2000);
      expect(parsed.unexpected).toEqual(['CTIERR_X', UNKNOWN_OVERFLOW]);
    }
  });
});

/** The first few of `expected` that the report does not list under unknown. */
const missingFrom = (report: Report, expected: string[]): string[] => {
  const listed = new Set(report.unknown.map((u) => u.token));
  return expected.filter((token) => !listed.has(token)).slice(0, 5);
};

describe('built CLI', () => {
  let dir: string;
  let single: string;
  beforeAll(() => {
    dir = temp.make();
    // 12,000 distinct unknown tokens, one a line, then the first one again.
    single = writeFile(join(dir, 'many.log'), `${tokens('MANY_', 0, 12_000).map((t) => `x ${t}`).join('\n')}\nagain CTIERR_MANY_0\n`);
  });

  it('12,000 distinct tokens: the first 10,000 are listed, the hit lines of the rest counted; the table renders', async () => {
    const run = await runCli(['-q', '--format', 'json', single]);
    expect(run.code).toBe(0);
    const report = parseReport(run.stdout);
    expect(report.unknown).toHaveLength(LIMIT);
    expect(missingFrom(report, tokens('MANY_', 0, LIMIT))).toEqual([]);
    expect(report.unknown[0]).toMatchObject({ token: 'CTIERR_MANY_0', count: 2, lastSeen: { line: 12_001 } });
    expect(report.inputs.unknownOverflow).toBe(2000);
    const table = await runCli(['-q', single]);
    expect(table.code).toBe(0);
    expect(table.stderr).toBe('');
    expect(linesOf(table.stdout)).toContain('2000 hit lines of unknown tokens past the first 10,000 distinct ones are not listed.');
    expect(linesOf(table.stdout).at(-1)).toBe('Nothing unexpected.');
  });

  it('--fail-on-unknown: exit 1, and the footer says the tokens not listed are unexpected too', async () => {
    const run = await runCli(['-q', '--fail-on-unknown', single]);
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/, 2000 hit lines of unknown tokens not listed\n$/);
    const json = parseReport((await runCli(['-q', '--format', 'json', '--fail-on-unknown', single])).stdout);
    expect(json.unexpected).toHaveLength(LIMIT + 1);
    expect(json.unexpected.at(-1)).toBe(UNKNOWN_OVERFLOW);
    expect(json.exitCode).toBe(1);
  });

  it('merge adds up the overflow of reports and keeps at most 10,000 tokens', async () => {
    const other = writeFile(join(dir, 'other', 'more.log'), `${tokens('OTHER_', 0, 3000).map((t) => `y ${t}`).join('\n')}\n`);
    const a = join(dir, 'a.json');
    const b = join(dir, 'b.json');
    expect((await runCli(['-q', '--format', 'json', '-o', a, single])).code).toBe(0);
    expect((await runCli(['-q', '--format', 'json', '-o', b, other])).code).toBe(0);
    const merged = parseReport((await runCli(['merge', '--format', 'json', a, b])).stdout);
    expect(merged.unknown).toHaveLength(LIMIT);
    // CTIERR_MANY_0 (2 lines) stays; 3,000 tokens of one line each give way to the rest.
    expect(merged.unknown[0].token).toBe('CTIERR_MANY_0');
    expect(merged.inputs.unknownOverflow).toBe(2000 + 3000);
    expect(merged.unknown.reduce((n, u) => n + u.count, 0) + merged.inputs.unknownOverflow).toBe(12_001 + 3000);
  });
});

describe('built CLI: files merged in input order, for any --jobs', () => {
  let dir: string;
  /** About `mb` MiB of lines without codes, with the lines given spread through them. */
  const fileOf = (mb: number, lines: string[]): string => {
    const filler = 'SdlSig |CtiLineCallStateChangedNotify |ready |CTIDeviceLineMgr(1,200,9,1) |1,200,21,5^10.1.1.5 nothing here';
    const fillers = Math.ceil((mb * 1024 * 1024) / (filler.length + 1));
    const every = Math.max(1, Math.floor(fillers / Math.max(1, lines.length)));
    const out: string[] = [];
    for (let i = 0, next = 0; i < fillers || next < lines.length; i++) {
      if (i % every === 0 && next < lines.length) out.push(`code ${lines[next++]}`);
      out.push(filler);
    }
    return `${out.join('\n')}\n`;
  };

  beforeAll(() => {
    dir = temp.make();
    // Files of 1 MiB or more, 16 MiB or more in all: the scan uses worker threads (scan.ts).
    // c.log is the largest (begun first by the pool) and holds more tokens than a file keeps.
    writeFile(join(dir, 'a.log'), fileOf(6, tokens('A', 0, 4000)));
    writeFile(join(dir, 'b.log'), fileOf(6, [...tokens('B', 0, 4000), ...tokens('A', 0, 100)]));
    writeFile(join(dir, 'c.log'), fileOf(7, ['CTIERR_A0', ...tokens('C', 0, 12_000)]));
  });

  it('the kept tokens are the first 10,000 in input order (files sorted, then lines); the JSON is the same for --jobs 1, 2 and 4', async () => {
    const outputs = [];
    for (const jobs of ['1', '2', '4']) {
      const run = await runCli(['-q', '--format', 'json', '--jobs', jobs, dir]);
      expect(run.code, `--jobs ${jobs}`).toBe(0);
      outputs.push(run.stdout);
    }
    // Compared whole, not diffed: a diff of two 2 MB reports takes minutes.
    expect(outputs[1] === outputs[0], 'the JSON of --jobs 2 is that of --jobs 1').toBe(true);
    expect(outputs[2] === outputs[0], 'the JSON of --jobs 4 is that of --jobs 1').toBe(true);
    const report = parseReport(outputs[0]);
    expect(report.unknown).toHaveLength(LIMIT);
    expect(missingFrom(report, [...tokens('A', 0, 4000), ...tokens('B', 0, 4000), ...tokens('C', 0, 2000)])).toEqual([]);
    expect(report.unknown.find((u) => u.token === 'CTIERR_A0')).toMatchObject({ count: 3, files: 3 });
    expect(report.unknown.find((u) => u.token === 'CTIERR_A99')).toMatchObject({ count: 2, files: 2 });
    // c.log's C2000..C11999: 10,000 hit lines, past its own limit or past the report's.
    expect(report.inputs.unknownOverflow).toBe(10_000);
  });
});

describe.skipIf(!existsSync(TIME_BIN))('built CLI: memory', () => {
  it('400,000 distinct unknown tokens: peak memory stays bounded (max RSS < 200 MB; it was 725 MB)', async () => {
    const file = writeFile(join(temp.make(), 'huge.log'), `${Array.from({ length: 400_000 }, (_, i) => `x CTIERR_HUGE_${i.toString(36).toUpperCase()}`).join('\n')}\n`);
    const run = await runCliMeasured(['-q', '--format', 'json', file]);
    expect(run.code).toBe(0);
    const report = parseReport(run.stdout);
    expect(report.unknown).toHaveLength(LIMIT);
    expect(report.inputs.unknownOverflow).toBe(400_000 - LIMIT);
    expect(run.maxRssKiB).toBeGreaterThan(0);
    expect(run.maxRssKiB).toBeLessThan(200 * 1024);
  });
});
