// The CI gate through the built CLI: --allow, --max, --baseline, --write-baseline,
// --fail-on-unknown, the config file and site catalogs, merge; the JSON report's `expected`,
// `unexpected` and `exitCode` always agree with the process's exit code.

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../src/catalog/catalog.js';
import { mergeReports } from '../../src/report/merge-reports.js';
import { buildPolicy, readBaseline } from '../../src/report/policy.js';
import { parseMaxFlags, readConfigFile } from '../../src/cli/config.js';
import type { Report } from '../../src/types.js';
import { catalog } from '../helpers/scan.js';
import { runCli, type RunResult } from '../helpers/cli.js';

let dir: string;
const at = (...parts: string[]): string => join(dir, ...parts);

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cti-gate-'));
  // Three CONFERENCE_FULL lines, one CTIERR_ILLEGAL_CALLSTATE, one unknown token.
  writeFileSync(at('a.log'), 'CONFERENCE_FULL\nCONFERENCE_FULL\n0x8ccc0009\nCTIERR_NEW_THING\nCONFERENCE_FULL\n');
  writeFileSync(at('clean.log'), 'all quiet\n');
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Runs with --format json in the temp dir; checks the report agrees with the exit code. */
async function gate(args: string[]): Promise<{ run: RunResult; report: Report }> {
  const run = await runCli(['--format', 'json', '-q', ...args], { cwd: dir });
  const report = JSON.parse(run.stdout) as Report;
  expect(report.exitCode).toBe(run.code);
  expect(report.unexpected).toEqual([
    ...report.codes.filter((c) => !c.expected).map((c) => c.code),
    ...report.unexpected.filter((u) => report.unknown.some((k) => k.token === u)),
  ]);
  return { run, report };
}

const expectedOf = (report: Report): Record<string, boolean> => Object.fromEntries(report.codes.map((c) => [c.code, c.expected]));

describe('policy', () => {
  it('makes every code seen unexpected by default (exit 1), and nothing seen exit 0', async () => {
    expect((await gate(['a.log'])).report.unexpected).toEqual(['CONFERENCE_FULL', 'CTIERR_ILLEGAL_CALLSTATE']);
    expect((await gate(['clean.log'])).run.code).toBe(0);
  });

  it('--max CODE=N allows up to N hits, by code or alias', async () => {
    expect(expectedOf((await gate(['--max', 'CONFERENCE_FULL=3', 'a.log'])).report)).toEqual({ CONFERENCE_FULL: true, CTIERR_ILLEGAL_CALLSTATE: false });
    expect(expectedOf((await gate(['--max', 'CTIERR_CONFERENCE_FULL=2', 'a.log'])).report).CONFERENCE_FULL).toBe(false);
    const both = await gate(['--max', 'CONFERENCE_FULL=3,ILLEGAL_CALLSTATE=1', 'a.log']);
    expect(both.run.code).toBe(0);
  });

  it('--fail-on-unknown makes unknown tokens unexpected, unless allowed', async () => {
    const { report, run } = await gate(['--allow', 'CONFERENCE_FULL,CTIERR_ILLEGAL_CALLSTATE', '--fail-on-unknown', 'a.log']);
    expect(report.unexpected).toEqual(['CTIERR_NEW_THING']);
    expect(run.code).toBe(1);
    expect((await gate(['--allow', 'CONFERENCE_FULL,CTIERR_ILLEGAL_CALLSTATE,CTIERR_NEW_THING', '--fail-on-unknown', 'a.log'])).run.code).toBe(0);
  });

  it('the baseline workflow: write it once, then fail only on what is new', async () => {
    const first = await gate(['--write-baseline', 'baseline.json', 'a.log']);
    expect(first.run.code).toBe(1); // the policy still judges this run
    expect(JSON.parse(readFileSync(at('baseline.json'), 'utf8'))).toEqual(first.report);
    expect((await gate(['--baseline', 'baseline.json', '--fail-on-unknown', 'a.log'])).run.code).toBe(0);
    // One more CONFERENCE_FULL than the baseline holds, and a code it never saw.
    writeFileSync(at('b.log'), 'CONFERENCE_FULL\n'.repeat(4) + 'CTIERR_TIMEOUT\n');
    const later = await gate(['--baseline', 'baseline.json', 'b.log']);
    expect(later.report.unexpected).toEqual(['CONFERENCE_FULL', 'CTIERR_TIMEOUT']);
  });

  it('an input error wins over unexpected codes (exit 2), and the report says both', async () => {
    const { report, run } = await gate(['a.log', 'missing.log']);
    expect(run.code).toBe(2);
    expect(report.unexpected.length).toBeGreaterThan(0);
    expect(report.inputs.errors).toEqual([{ file: 'missing.log', message: 'No such file or directory' }]);
  });
});

describe('config file', () => {
  it('is read from .cti-logscan.json in the working directory; flags win over it', async () => {
    const sub = at('cfg');
    mkdirSync(sub, { recursive: true });
    writeFileSync(join(sub, 'a.log'), readFileSync(at('a.log')));
    writeFileSync(join(sub, '.cti-logscan.json'), JSON.stringify({ allow: ['CTIERR_ILLEGAL_*', 'CTIERR_NEW_THING'], max: { CONFERENCE_FULL: 5 }, failOnUnknown: true, format: 'json' }));
    const fromFile = await runCli(['-q', 'a.log'], { cwd: sub });
    const report = JSON.parse(fromFile.stdout) as Report; // format from the file
    expect(report.unexpected).toEqual([]);
    expect(fromFile.code).toBe(0);
    const overridden = await runCli(['-q', '--max', 'CONFERENCE_FULL=1', 'a.log'], { cwd: sub });
    expect((JSON.parse(overridden.stdout) as Report).unexpected).toEqual(['CONFERENCE_FULL']);
    expect(overridden.code).toBe(1);
  });

  it('--config FILE, with paths relative to the file', async () => {
    mkdirSync(at('ci'), { recursive: true });
    await gate(['--write-baseline', 'ci/base.json', 'a.log']);
    writeFileSync(at('ci', 'gate.json'), JSON.stringify({ baseline: 'base.json', era: 'modern', tz: '-05:00' }));
    expect((await gate(['--config', 'ci/gate.json', 'a.log'])).run.code).toBe(0);
  });

  it.each([
    ['not JSON', '{ allow: ', /^cti-logscan: bad\.json: not valid JSON/],
    ['an unknown option', '{"alow": ["X"]}', /^cti-logscan: bad\.json: alow: unknown option/],
    ['a wrong type', '{"failOnUnknown": "yes"}', /^cti-logscan: bad\.json: failOnUnknown: expected true or false/],
    ['a bad limit', '{"max": {"CONFERENCE_FULL": -1}}', /^cti-logscan: bad\.json: max\.CONFERENCE_FULL: expected a whole number/],
    ['a bad era', '{"era": "3.3"}', /^cti-logscan: bad\.json: era: '3\.3' is not one of modern, 4\.1/],
    ['noNumeric against numeric', '{"numeric": true, "noNumeric": true}', /^cti-logscan: bad\.json: noNumeric: contradicts numeric/],
    ['a missing baseline', '{"baseline": "nope.json"}', /^cti-logscan: .*nope\.json: No such file or directory/],
  ])('with %s is a config error (exit 78) naming the file and the field', async (_what, text, message) => {
    writeFileSync(at('bad.json'), text);
    const run = await runCli(['--config', 'bad.json', 'a.log'], { cwd: dir });
    expect(run.code).toBe(78);
    expect(run.stderr).toMatch(message);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stdout).toBe('');
  });

  it('--config naming a missing file is a config error', async () => {
    const run = await runCli(['--config', 'nowhere.json', 'a.log'], { cwd: dir });
    expect(run.code).toBe(78);
    expect(run.stderr).toBe('cti-logscan: nowhere.json: No such file or directory\n');
  });

  it('a bad baseline is a config error naming the field', async () => {
    writeFileSync(at('old.json'), JSON.stringify({ schemaVersion: 1, codes: [{ code: 'CONFERENCE_FULL', count: 'many' }] }));
    const run = await runCli(['--baseline', 'old.json', 'a.log'], { cwd: dir });
    expect(run.code).toBe(78);
    expect(run.stderr).toBe('cti-logscan: old.json: codes[0].count: expected a whole number\n');
  });

  it('bad flag values are usage errors (exit 64) naming the flag', async () => {
    const run = await runCli(['--max', 'CONFERENCE_FULL', 'a.log'], { cwd: dir });
    expect(run.code).toBe(64);
    expect(run.stderr).toMatch(/^cti-logscan: --max: expected CODE=N/);
  });

  it.each([
    ['--fail-on-unknown=yes', 'fail-on-unknown', 'yes'],
    ['--numeric=banana', 'numeric', 'banana'],
    ['-q=1', 'quiet', '1'],
    ['-q1', 'quiet', '1'],
    ['--failOnUnknown=yes', 'fail-on-unknown', 'yes'],
  ])('a true/false flag given another value (%s) is a usage error, not silently off', async (arg, flag, value) => {
    const run = await runCli([arg, 'a.log'], { cwd: dir });
    expect(run.code).toBe(64);
    expect(run.stderr).toMatch(new RegExp(`^cti-logscan: --${flag}: '${value}' is not true or false\n`));
    expect(run.stdout).toBe('');
  });

  it.each([['output'], ['baseline'], ['write-baseline'], ['config'], ['catalog']])('an empty file name (--%s=) is a usage error naming the flag', async (flag) => {
    const run = await runCli([`--${flag}=`, 'a.log'], { cwd: dir });
    expect(run).toMatchObject({ code: 64, stdout: '' });
    expect(run.stderr).toMatch(new RegExp(`^cti-logscan: --${flag}: a file name is needed\n`));
  });

  it('an empty --state for watch is a usage error too (it was taken as no state at all)', async () => {
    const run = await runCli(['watch', '--state=', 'a.log'], { cwd: dir });
    expect(run).toMatchObject({ code: 64, stdout: '' });
    expect(run.stderr).toMatch(/^cti-logscan: --state: a file name is needed\n/);
  });

  it.each([['--allow'], ['--output'], ['-o'], ['--format']])("a flag that takes a value, right before '--' (%s --), has none: a usage error, nothing read or written", async (flag) => {
    const before = readFileSync(at('a.log'), 'utf8');
    const run = await runCli([flag, '--', 'a.log'], { cwd: dir });
    expect(run).toMatchObject({ code: 64, stdout: '' });
    expect(run.stderr).toMatch(/^cti-logscan: --\w+: a value is needed before '--'\n/);
    expect(readFileSync(at('a.log'), 'utf8')).toBe(before);
  });

  it('a true/false flag takes =true and =false', async () => {
    writeFileSync(at('u.log'), 'CTIERR_NOT_IN_ANY_CATALOG\n');
    expect((await runCli(['--fail-on-unknown=true', 'u.log'], { cwd: dir })).code).toBe(1);
    expect((await runCli(['--fail-on-unknown=false', 'u.log'], { cwd: dir })).code).toBe(0);
  });

  it('"noNumeric": true in the config file turns numeric hits off, as --no-numeric does (the flag in camelCase)', async () => {
    writeFileSync(at('num.log'), 'x 0x8ccc0046\n');
    writeFileSync(at('no-numeric.json'), JSON.stringify({ noNumeric: true, format: 'json' }));
    const off = await runCli(['--config', 'no-numeric.json', 'num.log'], { cwd: dir });
    expect((JSON.parse(off.stdout) as Report).codes).toEqual([]);
    expect(off.code).toBe(0);
    writeFileSync(at('numeric.json'), JSON.stringify({ noNumeric: false, format: 'json' }));
    const on = await runCli(['--config', 'numeric.json', 'num.log'], { cwd: dir });
    expect((JSON.parse(on.stdout) as Report).codes.map((c) => c.code)).toEqual(['CONFERENCE_FULL']);
  });
});

describe('site catalog (--catalog)', () => {
  it('adds codes and descriptions, matched in logs and explained', async () => {
    writeFileSync(at('site.json'), JSON.stringify({ entries: [{ code: 'CTIERR_SITE_ONLY', value: '0x8CCC0300', description: 'Our own code.' }, { code: 'CONFERENCE_FULL', description: 'Bridges full (site words).' }] }));
    writeFileSync(at('site.log'), 'x 0x8ccc0300\nCTIERR_SITE_ONLY again\nCONFERENCE_FULL\n');
    const { report } = await gate(['--catalog', 'site.json', 'site.log']);
    expect(report.codes.map((c) => [c.code, c.count, c.description])).toEqual([
      ['CTIERR_SITE_ONLY', 2, 'Our own code.'],
      ['CONFERENCE_FULL', 1, 'Bridges full (site words).'],
    ]);
    expect(report.unknown).toEqual([]);
  });

  it.each([
    ['{"entries": [{"code": "lower_case"}]}', /^cti-logscan: bad-site\.json: entries\[0\]\.code: expected a code name/],
    ['{"entries": [{"code": "CTIERR_X", "value": "0x8CCC0009"}]}', /^cti-logscan: bad-site\.json: entries\[0\]\.value: 0x8CCC0009 is already CTIERR_ILLEGAL_CALLSTATE/],
    ['{"entries": {}}', /^cti-logscan: bad-site\.json: entries: expected an array/],
  ])('refuses a bad site catalog %s (exit 78)', async (text, message) => {
    writeFileSync(at('bad-site.json'), text);
    const run = await runCli(['--catalog', 'bad-site.json', 'a.log'], { cwd: dir });
    expect(run.code).toBe(78);
    expect(run.stderr).toMatch(message);
  });
});

describe('merge', () => {
  it('gives the report of scanning all inputs at once', async () => {
    mkdirSync(at('srv1'), { recursive: true });
    mkdirSync(at('srv2'), { recursive: true });
    writeFileSync(at('srv1', 'x.log'), '2026-03-14 08:00:00,000 ERROR CONFERENCE_FULL\n2026-03-14 09:00:00,000 ERROR 0x8ccc0299\n');
    writeFileSync(at('srv2', 'y.log'), '2026-03-14 07:00:00,000 ERROR CONFERENCE_FULL\n2026-03-14 10:00:00,000 ERROR CTIERR_TIMEOUT\n');
    writeFileSync(at('srv2', 'z.log'), 'CTIERR_TIMEOUT without time\n');
    const one = await runCli(['-q', '--format', 'json', '-o', 'r1.json', 'srv1'], { cwd: dir });
    const two = await runCli(['-q', '--format', 'json', '-o', 'r2.json', 'srv2'], { cwd: dir });
    expect([one.code, two.code]).toEqual([1, 1]);
    const all = await runCli(['-q', '--format', 'json', '--allow', 'CTIERR_TIMEOUT', 'srv1', 'srv2'], { cwd: dir });
    const merged = await runCli(['merge', '--format', 'json', '--allow', 'CTIERR_TIMEOUT', 'r1.json', 'r2.json'], { cwd: dir });
    expect(merged.stdout).toBe(all.stdout);
    expect(merged.code).toBe(all.code);
    const report = JSON.parse(merged.stdout) as Report;
    expect(report.codes.find((c) => c.code === 'CONFERENCE_FULL')).toMatchObject({ count: 2, files: 2, firstSeen: { file: 'srv2/y.log' }, lastSeen: { file: 'srv1/x.log' } });
  });

  it('refuses a report of another schemaVersion (exit 78)', async () => {
    writeFileSync(at('v2.json'), JSON.stringify({ schemaVersion: 2 }));
    const run = await runCli(['merge', 'v2.json'], { cwd: dir });
    expect(run.code).toBe(78);
    expect(run.stderr).toBe('cti-logscan: v2.json: schemaVersion: expected 1, found 2\n');
  });

  it('needs at least one report (exit 64)', async () => {
    const run = await runCli(['merge'], { cwd: dir });
    expect(run.code).toBe(64);
  });
});

describe('policy and config, in-process', () => {
  it('parses --max', () => {
    expect(parseMaxFlags(['CONFERENCE_FULL=5', '0x8ccc0299=1'])).toEqual({ CONFERENCE_FULL: 5, '0x8CCC0299': 1 });
    expect(() => parseMaxFlags(['CONFERENCE_FULL=-1'])).toThrow(/--max/);
  });

  it('judges a code by allow, max and baseline alike', () => {
    const entry = catalog.byCode.get('CONFERENCE_FULL')!;
    const policy = buildPolicy({ allow: [], max: { CTIERR_CONFERENCE_FULL: 2 }, baseline: { codes: new Map([['CONFERENCE_FULL', 4]]), unknown: new Map() }, failOnUnknown: false }, catalog);
    expect([1, 2, 3, 4, 5].map((n) => policy.expectsCode(entry, n))).toEqual([true, true, true, true, false]);
    expect(buildPolicy({ allow: ['CFWDALL_*'], max: {}, baseline: null, failOnUnknown: false }, catalog).expectsCode(catalog.byCode.get('CFWDALL_ALREADY_SET')!, 99)).toBe(true);
  });

  it('allows by a name or value as written, or by a glob', () => {
    const entry = catalog.byCode.get('CONFERENCE_FULL')!;
    const allows = (allow: string): boolean => buildPolicy({ allow: [allow], max: {}, baseline: null, failOnUnknown: false }, catalog).expectsCode(entry, 1);
    const allowsToken = (allow: string, token: string): boolean => buildPolicy({ allow: [allow], max: {}, baseline: null, failOnUnknown: true }, catalog).expectsUnknown(token, 1);
    expect(['CONFERENCE_FULL', 'CTIERR_CONFERENCE_FULL', entry.value!, 'CONF*', '*_FULL', 'CONFERENCE_FUL?', '{X,CONFERENCE_FULL}', '!NOTHING'].map(allows)).toEqual([true, true, true, true, true, true, true, true]);
    // A value in any spelling explain takes: hex in any case and with leading zeros, unsigned, signed.
    expect([entry.value!.toLowerCase(), '0x008ccc0046', '0X8CCC0046', '2362179654', '-1932787642'].map(allows)).toEqual([true, true, true, true, true]);
    expect(['CONFERENCE_FUL', 'conference_full', 'CONFERENCE_FULL ', 'CONF', '0x8ccc0047', '2362179655'].map(allows)).toEqual([false, false, false, false, false, false]);
    expect(allowsToken('CTIERR_NOT_IN_ANY_TABLE', 'CTIERR_NOT_IN_ANY_TABLE')).toBe(true);
    expect(allowsToken('CTIERR_NOT_IN_ANY', 'CTIERR_NOT_IN_ANY_TABLE')).toBe(false);
  });

  it('reads a config file without one present as no options', () => {
    expect(readConfigFile(null, dir).options).toEqual({});
    expect(() => readBaseline(at('nothing.json'))).toThrow(/No such file/);
  });
});

describe('site catalog and merge input, in-process', () => {
  const site = (entries: unknown, name = 'site-x.json'): string => {
    writeFileSync(at(name), JSON.stringify(entries));
    return at(name);
  };
  it.each([
    [[], /\(top level\): expected an object/],
    [{ entries: [], extra: 1 }, /extra: unknown field/],
    [{ entries: ['x'] }, /entries\[0\]: expected an object/],
    [{ entries: [{ code: 'CTIERR_X', colour: 'red' }] }, /entries\[0\]\.colour: unknown field/],
    [{ entries: [{ code: 'CTIERR_X', value: '0x0' }] }, /entries\[0\]\.value: expected a non-zero/],
    [{ entries: [{ code: 'CTIERR_X', value: 12 }] }, /entries\[0\]\.value: expected a non-zero/],
    [{ entries: [{ code: 'CTIERR_X', description: 5 }] }, /entries\[0\]\.description: expected a string/],
    [{ entries: [{ code: 'CTIERR_X', aliases: ['bad name'] }] }, /entries\[0\]\.aliases: expected an array of code names/],
    [{ entries: [{ code: 'CONFERENCE_FULL', value: '0x8CCC0001' }] }, /entries\[0\]\.value: CONFERENCE_FULL is 0x8CCC0046/],
    [{ entries: [{ code: 'CTIERR_X', aliases: ['CONFERENCE_FULL'] }] }, /the name CONFERENCE_FULL would belong to both/],
  ])('refuses %j', (data, message) => {
    expect(() => loadCatalog(site(data))).toThrow(message);
  });

  it('merges aliases and descriptions into a known code', () => {
    const c = loadCatalog(site({ entries: [{ code: 'CONFERENCE_FULL', aliases: ['CTIERR_BRIDGES_FULL'], description: 'Full.' }] }));
    expect(c.byName.get('CTIERR_BRIDGES_FULL')?.code).toBe('CONFERENCE_FULL');
    expect(c.byCode.get('CONFERENCE_FULL')?.matchNames).toContain('CTIERR_BRIDGES_FULL');
    expect(c.byCode.get('CONFERENCE_FULL')?.description).toBe('Full.');
  });

  const good = (): Record<string, unknown> => ({
    schemaVersion: 1,
    inputs: { files: 1, bytes: 10, lines: 1, warnings: [], errors: [] },
    codes: [{ code: 'CONFERENCE_FULL', count: 1, files: 1, firstSeen: { time: null, file: 'a', line: 1 }, lastSeen: { time: '2026-03-14T08:00:00.000-05:00', file: 'a', line: 1 } }],
    unknown: [],
  });
  it.each([
    [(r: Record<string, unknown>) => ({ ...r, inputs: null }), /inputs: expected an object/],
    [(r: Record<string, unknown>) => ({ ...r, inputs: { ...(r.inputs as object), lines: -1 } }), /inputs\.lines: expected a whole number/],
    [(r: Record<string, unknown>) => ({ ...r, inputs: { ...(r.inputs as object), errors: [{ file: 1 }] } }), /inputs\.errors: expected an array/],
    [(r: Record<string, unknown>) => ({ ...r, codes: {} }), /codes: expected an array/],
    [(r: Record<string, unknown>) => ({ ...r, codes: [null] }), /codes\[0\]: expected an object/],
    [(r: Record<string, unknown>) => ({ ...r, codes: [{ code: 'NOT_A_CODE' }] }), /codes\[0\]\.code: NOT_A_CODE is not in the catalog/],
    [(r: Record<string, unknown>) => ({ ...r, codes: [{ ...(r.codes as object[])[0], count: 'x' }] }), /codes\[0\]\.count: expected a whole number/],
    [(r: Record<string, unknown>) => ({ ...r, codes: [{ ...(r.codes as object[])[0], lastSeen: { time: 'yesterday', file: 'a', line: 1 } }] }), /codes\[0\]\.lastSeen\.time: expected null or an ISO 8601 time/],
    [(r: Record<string, unknown>) => ({ ...r, unknown: [{ token: 5 }] }), /unknown\[0\]\.token: expected a string/],
  ])('merge refuses a malformed report (%#)', (spoil, message) => {
    expect(() => mergeReports([{ path: 'r.json', report: spoil(good()) }], catalog)).toThrow(message);
  });

  it('judges unknown tokens by allow, max and baseline under --fail-on-unknown', () => {
    const policy = buildPolicy({ allow: ['CTIERR_OK_*', 'CTIERR_OK_EXACT', '*'], max: { '0x8CCC0299': 2 }, baseline: { codes: new Map(), unknown: new Map([['CTIERR_OLD', 3]]) }, failOnUnknown: true }, catalog);
    // A glob never allows an unknown token, even '*': only the exact token, --max or the baseline.
    expect(policy.expectsUnknown('CTIERR_OK_THING', 9)).toBe(false);
    expect(policy.expectsUnknown('CTIERR_OK_EXACT', 9)).toBe(true);
    expect(policy.expectsUnknown('0x8CCC0299', 2)).toBe(true);
    expect(policy.expectsUnknown('0x8CCC0299', 3)).toBe(false);
    expect(policy.expectsUnknown('CTIERR_OLD', 3)).toBe(true);
    expect(policy.expectsUnknown('CTIERR_NEW', 1)).toBe(false);
  });

  it('reads a baseline with unknown tokens, and refuses malformed ones', () => {
    writeFileSync(at('base-u.json'), JSON.stringify({ schemaVersion: 1, codes: [], unknown: [{ token: 'CTIERR_OLD', count: 2 }] }));
    expect(readBaseline(at('base-u.json')).unknown.get('CTIERR_OLD')).toBe(2);
    writeFileSync(at('base-bad.json'), JSON.stringify({ schemaVersion: 1, codes: 'none' }));
    expect(() => readBaseline(at('base-bad.json'))).toThrow(/codes: expected an array/);
    writeFileSync(at('base-bad.json'), JSON.stringify([1]));
    expect(() => readBaseline(at('base-bad.json'))).toThrow(/\(top level\): expected a cti-logscan JSON report/);
    writeFileSync(at('base-bad.json'), JSON.stringify({ schemaVersion: 2, codes: [] }));
    expect(() => readBaseline(at('base-bad.json'))).toThrow(/schemaVersion: expected 1, found 2/);
    writeFileSync(at('base-bad.json'), JSON.stringify({ schemaVersion: 1, codes: [7] }));
    expect(() => readBaseline(at('base-bad.json'))).toThrow(/codes\[0\]: expected an object/);
  });
});
