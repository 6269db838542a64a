// A CI step must never pass having checked nothing, or less than it says (issue "Holes"): through
// the built CLI on real files. Nothing named and nothing piped in, a directory or glob with no log
// in it, a gzip cut short, an exit code lost to a closed pipe, a glob allowing unknown tokens, a
// code allowed by its value, the software's spelling of a Table C-1 name, the tool's own files
// found among the logs, options before a command's name, a report merged twice.

import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { closeSync, mkdirSync, openSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { childEnv, CLI, counts, linesOf, parseReport, REPO, runCli, runJson, TempDirs, writeFile, type RunResult } from '../helpers/cli.js';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

const NO_INPUTS = "cti-logscan: no inputs (name files, directories or globs, or pipe a log in)\nTry 'cti-logscan --help' for more information.\n";


/** The CLI with standard input as `stdin` says: 'ignore' is /dev/null, a number a file descriptor. */
function runWithStdin(args: readonly string[], stdin: 'ignore' | number, cwd: string): RunResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { cwd, env: childEnv(), stdio: [stdin, 'pipe', 'pipe'], encoding: 'utf8' });
  return { code: r.status, signal: r.signal, stdout: r.stdout, stderr: r.stderr };
}

describe('no input is a usage error, not an empty scan', () => {
  let dir: string;
  beforeAll(() => {
    dir = temp.make();
    writeFile(join(dir, 'a.log'), 'CTIERR_TIMEOUT here\n');
  });

  it('no input and standard input /dev/null (`cti-logscan $UNSET_VAR < /dev/null`): exit 64 no inputs', () => {
    const run = runWithStdin([], 'ignore', dir);
    expect(run.stdout).toBe('');
    expect(run.stderr).toBe(NO_INPUTS);
    expect(run.code).toBe(64);
  });

  it('no input and standard input closed (`cti-logscan <&-`): exit 64 no inputs', () => {
    const r = spawnSync('/bin/sh', ['-c', `exec "${process.execPath}" "${CLI}" <&-`], { cwd: dir, env: childEnv(), encoding: 'utf8' });
    expect(r.stderr).toBe(NO_INPUTS);
    expect(r.status).toBe(64);
  });

  it("'--' with nothing after it (a wrapper's empty \"$@\") is exit 64, even with a pipe on standard input", async () => {
    const run = await runCli(['--allow', 'CONFERENCE_FULL', '--'], { cwd: dir, input: 'CTIERR_TIMEOUT\n' });
    expect(run.stderr).toBe(NO_INPUTS);
    expect(run.code).toBe(64);
    // With something after it, it is read.
    const named = await runCli(['--allow', 'CONFERENCE_FULL', '--', 'a.log'], { cwd: dir });
    expect(named.code).toBe(1);
  });

  it('standard input that is a file (`< a.log`) or a pipe is read when no input is named', async () => {
    const fd = openSync(join(dir, 'a.log'), 'r');
    try {
      const run = runWithStdin(['--format', 'json'], fd, dir);
      expect(counts(parseReport(run.stdout))).toEqual({ CTIERR_TIMEOUT: 1 });
      expect(run.code).toBe(1);
    } finally {
      closeSync(fd);
    }
    const piped = await runJson([], { cwd: dir, input: 'x CTIERR_TIMEOUT\n' });
    expect(piped.report.inputs.files).toBe(1);
    expect(counts(piped.report)).toEqual({ CTIERR_TIMEOUT: 1 });
  });
});

describe('a named directory or glob in which no log is found is exit 2 "no logs found"', () => {
  it('an empty directory', async () => {
    const dir = temp.make();
    mkdirSync(join(dir, 'empty'));
    const { result, report } = await runJson(['empty'], { cwd: dir });
    expect(report.inputs.errors).toEqual([{ file: 'empty', message: 'no logs found' }]);
    expect(result.stderr).toBe('cti-logscan: empty: no logs found\n');
    expect(result.code).toBe(2);
  });

  it('a directory holding only files known not to be logs, by name or by their first bytes; named twice, one line', async () => {
    const dir = temp.make();
    writeFile(join(dir, 'sdl', 'SDL001_200.index'), 'SDL001_200_000412.txt\n');
    // Named like a log, a PNG by its bytes: known not to be a log only once it is opened.
    writeFile(join(dir, 'sdl', 'shot.log'), Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0]));
    const { result, report } = await runJson(['sdl', 'sdl/'], { cwd: dir });
    expect(report.inputs.skipped.map((s) => s.file)).toEqual(['sdl/SDL001_200.index', 'sdl/shot.log']);
    expect(report.inputs.errors.map((e) => e.message)).toEqual(['no logs found', 'no logs found']);
    expect(result.code).toBe(2);
  });

  it('a glob whose matches are all skipped; a glob or directory with one log among them exits by its codes', async () => {
    const dir = temp.make();
    writeFile(join(dir, 'x', 'a.index'), 'a\n');
    writeFile(join(dir, 'y', 'a.index'), 'a\n');
    writeFile(join(dir, 'y', 'b.log'), 'quiet\n');
    const skippedOnly = await runJson(['x/*'], { cwd: dir });
    expect(skippedOnly.report.inputs.errors).toEqual([{ file: 'x/*', message: 'no logs found' }]);
    expect(skippedOnly.result.code).toBe(2);
    expect((await runJson(['y/*'], { cwd: dir })).result.code).toBe(0);
    expect((await runJson(['y'], { cwd: dir })).result.code).toBe(0);
  });

  it('a directory whose log another input named first still found a log', async () => {
    const dir = temp.make();
    writeFile(join(dir, 'd', 'a.log'), 'quiet\n');
    const { result, report } = await runJson(['d/a.log', 'd'], { cwd: dir });
    expect(report.inputs).toMatchObject({ files: 1, errors: [] });
    expect(result.code).toBe(0);
  });
});

describe('a gzip cut short', () => {
  const lines = Array.from({ length: 4000 }, (_, i) => `2026-03-14 08:00:00,000 line ${i + 1} ${i % 2 === 0 ? 'CONFERENCE_FULL' : 'quiet'}`).join('\n') + '\n';
  const gz = gzipSync(lines);
  const half = gz.subarray(0, Math.floor(gz.length / 2));

  it('a closed .gz cut in half (an interrupted download) is exit 2; the lines that inflated still count', async () => {
    const dir = temp.make();
    writeFile(join(dir, 'trace.txt.gz'), half);
    const { result, report } = await runJson(['--allow', 'CONFERENCE_FULL', 'trace.txt.gz'], { cwd: dir });
    expect(report.inputs.errors).toEqual([{ file: 'trace.txt.gz', message: expect.stringMatching(/^gzip stream ends without its trailer: the file was cut off/) }]);
    expect(report.inputs.warnings).toEqual([]);
    expect(report.codes[0].count).toBeGreaterThan(100);
    expect(linesOf(result.stderr)).toEqual([`cti-logscan: trace.txt.gz: ${report.inputs.errors[0].message}`]);
    expect(result.code).toBe(2);
  });

  it('the same bytes as an open .gzo, or on standard input, are a warning: the exit code is the policy\'s', async () => {
    const dir = temp.make();
    writeFile(join(dir, 'trace.txt.gzo'), half);
    const open = await runJson(['--allow', 'CONFERENCE_FULL', 'trace.txt.gzo'], { cwd: dir });
    expect(open.report.inputs.warnings.map((w) => w.file)).toEqual(['trace.txt.gzo']);
    expect(open.result.code).toBe(0);
    const piped = await runJson(['--allow', 'CONFERENCE_FULL', '-'], { cwd: dir, input: half });
    expect(piped.report.inputs.warnings.map((w) => w.file)).toEqual(['<stdin>']);
    expect(piped.result.code).toBe(0);
  });
});

describe('the exit code survives a closed standard output (`| head -1` under pipefail)', () => {
  let dir: string;
  beforeAll(() => {
    dir = temp.make();
    writeFile(join(dir, 'a.log'), Array.from({ length: 50_000 }, (_, i) => `line ${i} CTIERR_LINE_RESTRICTED`).join('\n') + '\n');
  });

  /** Runs ndjson into a pipe that is closed after its first line; gives the exit code and standard error. */
  async function headOne(args: string[]): Promise<{ code: number | null; stderr: string; first: string }> {
    const child = spawn(process.execPath, [CLI, '--format', 'ndjson', ...args], { cwd: dir, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    let out = '';
    let first = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      out += d;
      if (!first && out.includes('\n')) {
        first = out.slice(0, out.indexOf('\n'));
        child.stdout.destroy();
      }
    });
    const [code] = (await once(child, 'close')) as [number | null];
    return { code, stderr, first };
  }

  it('an unreadable input: 2, as it would have been', async () => {
    const run = await headOne(['a.log', 'missing.txt']);
    expect(JSON.parse(run.first)).toMatchObject({ type: 'hit', file: 'a.log', line: 1 });
    expect(run.stderr).toBe('cti-logscan: missing.txt: No such file or directory\n');
    expect(run.code).toBe(2);
  });

  it('unexpected codes: 1', async () => {
    const run = await headOne(['a.log']);
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
  });
});

describe('the policy takes codes by any spelling, and a glob never allows an unknown token', () => {
  let dir: string;
  beforeAll(() => {
    dir = temp.make();
    // CTIERR_DEVICE_RESTRICTED (0x8CCC00D2) in three spellings on three lines, and an unknown token.
    writeFile(join(dir, 'v.log'), 'a result=0x8ccc00d2\nb error code=2362179794\nc Reason code.:-1932787502 CTIERR_NOT_IN_ANY_TABLE\n');
  });

  it.each([['0x8ccc00d2'], ['0X8CCC00D2'], ['0x008ccc00d2'], ['2362179794'], ['-1932787502'], ['CTIERR_DEVICE_RESTRICTED'], ['CTIERR_DEVICE_*']])(
    '--allow %s allows CTIERR_DEVICE_RESTRICTED',
    async (spelling) => {
      const { result, report } = await runJson(['--allow', spelling, 'v.log'], { cwd: dir });
      expect(report.codes.map((c) => [c.code, c.expected])).toEqual([['CTIERR_DEVICE_RESTRICTED', true]]);
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
    },
  );

  it('--max takes a value too, signed decimal included (`--max -1932787502=N`)', async () => {
    expect((await runJson(['--max', '-1932787502=3', 'v.log'], { cwd: dir })).result.code).toBe(0);
    expect((await runJson(['--max', '-1932787502=2', 'v.log'], { cwd: dir })).result.code).toBe(1);
    expect((await runJson(['--max=0x8CCC00D2=2', 'v.log'], { cwd: dir })).result.code).toBe(1);
    expect((await runJson(['--max', '2362179794=3', 'v.log'], { cwd: dir })).result.code).toBe(0);
  });

  it("--allow '*' --fail-on-unknown still fails on the unknown token; only its exact name allows it", async () => {
    const glob = await runJson(['--allow', '*', '--fail-on-unknown', 'v.log'], { cwd: dir });
    expect(glob.report.unexpected).toEqual(['CTIERR_NOT_IN_ANY_TABLE']);
    expect(glob.result.code).toBe(1);
    expect((await runJson(['--allow', 'CTIERR_*', '--fail-on-unknown', 'v.log'], { cwd: dir })).result.code).toBe(1);
    expect((await runJson(['--allow', '*,CTIERR_NOT_IN_ANY_TABLE', '--fail-on-unknown', 'v.log'], { cwd: dir })).result.code).toBe(0);
    expect((await runJson(['--allow', '*', '--max', 'CTIERR_NOT_IN_ANY_TABLE=1', '--fail-on-unknown', 'v.log'], { cwd: dir })).result.code).toBe(0);
  });

  it('a name or pattern that matches no catalog code is a warning (a typo allows nothing, and says so); -q keeps it quiet', async () => {
    const typo = await runJson(['--allow', 'CTIERR_DEVICE_RESTRICTD,DEVICE_*X', '--max', 'NOT_A_CODE=1', 'v.log'], { cwd: dir });
    expect(linesOf(typo.result.stderr)).toEqual([
      'cti-logscan: warning: --allow: CTIERR_DEVICE_RESTRICTD matches no code in the catalog (it allows only an unknown token of exactly that name)',
      'cti-logscan: warning: --allow: DEVICE_*X matches no code in the catalog (a typo? it allows nothing)',
      'cti-logscan: warning: --max: NOT_A_CODE matches no code in the catalog (a typo? it limits nothing)',
    ]);
    expect(typo.result.code).toBe(1);
    const quiet = await runJson(['-q', '--allow', 'CTIERR_DEVICE_RESTRICTD', 'v.log'], { cwd: dir });
    expect(quiet.result.stderr).toBe('');
    // In the config file as on the command line.
    writeFile(join(dir, 'typo.json'), JSON.stringify({ allow: ['CONFERENCE_FUL'] }));
    const fromFile = await runJson(['--config', 'typo.json', 'v.log'], { cwd: dir });
    expect(fromFile.result.stderr).toMatch(/^cti-logscan: warning: --allow: CONFERENCE_FUL matches no code/);
  });
});

describe('the spelling the software prints for a Table C-1 name the guide misspells', () => {
  it('OPERATION_NOT_AVAILABLE_IN_CURRENT_STATE is a hit of that code, as is the guide\'s OPERATION_NOTA_…', async () => {
    const dir = temp.make();
    writeFile(join(dir, 'app.log'), 'CiscoJtapiException: OPERATION_NOT_AVAILABLE_IN_CURRENT_STATE\nOPERATION_NOTA_AVAILABLE_IN_CURRENT_STATE\nXOPERATION_NOT_AVAILABLE_IN_CURRENT_STATE\n');
    const { report } = await runJson(['app.log'], { cwd: dir });
    expect(counts(report)).toEqual({ OPERATION_NOT_AVAILABLE_IN_CURRENT_STATE: 2 });
    expect(report.codes[0].firstSeen.line).toBe(1);
  });
});

describe("the run's own files found among the logs are not read as logs", () => {
  it('--write-baseline ci/cti-baseline.json . then --baseline ci/cti-baseline.json .: the baseline is not a log (exit 0)', async () => {
    const dir = temp.make();
    writeFile(join(dir, 'logs', 'a.log'), 'CTIERR_TIMEOUT\nCONFERENCE_FULL\nCONFERENCE_FULL\n');
    mkdirSync(join(dir, 'ci'));
    const first = await runJson(['--write-baseline', 'ci/cti-baseline.json', '.'], { cwd: dir });
    expect(first.result.code).toBe(1);
    const second = await runJson(['--baseline', 'ci/cti-baseline.json', '.'], { cwd: dir });
    expect(counts(second.report)).toEqual({ CONFERENCE_FULL: 2, CTIERR_TIMEOUT: 1 });
    expect(second.report.inputs.skipped).toContainEqual({ file: 'ci/cti-baseline.json', reason: 'the baseline of this run' });
    expect(second.result.code).toBe(0);
    // Writing it again over itself: the old one is the baseline this run writes, not a log.
    const again = await runJson(['--write-baseline', 'ci/cti-baseline.json', '.'], { cwd: dir });
    expect(again.report.inputs.skipped).toContainEqual({ file: 'ci/cti-baseline.json', reason: 'the baseline this run writes' });
    expect(counts(again.report)).toEqual({ CONFERENCE_FULL: 2, CTIERR_TIMEOUT: 1 });
  });

  it('the config file (.cti-logscan.json, or --config) and a --catalog file in the scanned folder', async () => {
    const dir = temp.make();
    writeFile(join(dir, 'a.log'), 'CONFERENCE_FULL\n');
    writeFile(join(dir, '.cti-logscan.json'), JSON.stringify({ allow: ['CONFERENCE_FULL', 'CTIERR_TIMEOUT'] }));
    writeFile(join(dir, 'site.json'), JSON.stringify({ entries: [{ code: 'CTIERR_SITE_SPECIFIC', value: '0x8CCC0300', description: 'CTIERR_TIMEOUT.' }] }));
    const { result, report } = await runJson(['--catalog', 'site.json', '.'], { cwd: dir });
    expect(counts(report)).toEqual({ CONFERENCE_FULL: 1 });
    expect(report.inputs.skipped).toEqual([
      { file: '.cti-logscan.json', reason: 'the config file of this run' },
      { file: 'site.json', reason: 'the catalog of this run' },
    ]);
    expect(result.code).toBe(0);
    // Named, a file is read whatever it is.
    expect(counts((await runJson(['a.log', 'site.json'], { cwd: dir })).report)).toEqual({ CONFERENCE_FULL: 1, CTIERR_TIMEOUT: 1 });
  });

  it("another run's report or ndjson events found beside the logs, and another folder's .cti-logscan.json", async () => {
    const dir = temp.make();
    writeFile(join(dir, 'logs', 'a.log'), 'CONFERENCE_FULL\n');
    writeFile(join(dir, 'logs', 'sub', '.cti-logscan.json'), JSON.stringify({ allow: ['CTIERR_TIMEOUT'] }));
    const json = await runCli(['--format', 'json', '-o', join(dir, 'report.json'), 'logs'], { cwd: dir });
    expect(json.code).toBe(1);
    const ndjson = await runCli(['--format', 'ndjson', '-o', join(dir, 'hits.ndjson'), 'logs'], { cwd: dir });
    expect(ndjson.code).toBe(1);
    const { report } = await runJson(['.'], { cwd: dir });
    expect(counts(report)).toEqual({ CONFERENCE_FULL: 1 });
    expect(report.inputs.skipped).toEqual([
      { file: 'hits.ndjson', reason: 'not a log: cti-logscan events (ndjson)' },
      { file: 'logs/sub/.cti-logscan.json', reason: 'not a log: a cti-logscan config file (.cti-logscan.json)' },
      { file: 'report.json', reason: 'not a log: a cti-logscan report' },
    ]);
  });
});

describe('warnings: one line per file, and none under -q', () => {
  it('the samples: the open .gzo is warned about once; with -q standard error is empty', async () => {
    const loud = await runCli(['fixtures/samples'], { cwd: REPO });
    expect(linesOf(loud.stderr)).toEqual([expect.stringMatching(/SDL001_200_000414\.txt\.gzo: warning: gzip stream ends without its trailer/)]);
    const quiet = await runCli(['-q', '--format', 'json', 'fixtures/samples'], { cwd: REPO });
    expect(quiet.stderr).toBe('');
    expect(parseReport(quiet.stdout).inputs.warnings).toHaveLength(1);
  });
});

describe('options before or after the command name, for every command', () => {
  let dir: string;
  beforeAll(async () => {
    dir = temp.make();
    writeFile(join(dir, 'a.log'), 'CONFERENCE_FULL\n');
    const run = await runCli(['--format', 'json', '-o', 'a.json', 'a.log'], { cwd: dir });
    expect(run.code).toBe(1);
  });

  it('`-q merge a.json` is a merge, not a scan of files named merge and a.json', async () => {
    for (const args of [
      ['-q', 'merge', '-f', 'json', 'a.json'],
      ['merge', '-q', '-f', 'json', 'a.json'],
      ['--format', 'json', 'merge', 'a.json'],
      ['-f', 'json', '-q', 'merge', '--allow', 'CONFERENCE_FULL', 'a.json'],
    ]) {
      const run = await runCli(args, { cwd: dir });
      expect(run.stderr, args.join(' ')).toBe('');
      const report = parseReport(run.stdout);
      expect(report.inputs.files, args.join(' ')).toBe(1);
      expect(counts(report)).toEqual({ CONFERENCE_FULL: 1 });
    }
  });

  it('merge takes every option a scan takes (one wrapper, the same flags)', async () => {
    const run = await runCli(['merge', '--jobs', '2', '--tz', '-05:00', '--era', 'modern', '--year', '2026', '--no-numeric', '-q', '--format', 'json', 'a.json'], { cwd: dir });
    expect(run.stderr).toBe('');
    expect(run.code).toBe(1);
  });

  it('`cti-logscan a.log merge` scans: the first argument that is not an option decides', async () => {
    const run = await runCli(['-q', 'a.log', 'merge'], { cwd: dir });
    expect(run.stderr).toBe('cti-logscan: merge: No such file or directory\n');
    expect(run.code).toBe(2);
  });

  it('watch --jobs 2 is taken (and explain --format json before its name)', async () => {
    const child = spawn(process.execPath, [CLI, '--jobs', '2', 'watch', '--format', 'ndjson', 'a.log'], { cwd: dir, env: childEnv() });
    let out = '';
    child.stdout.setEncoding('utf8');
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`watch never got ready: ${out}`)), 10_000);
      child.stdout.on('data', (d: string) => {
        out += d;
        if (out.includes('{"type":"ready"}')) {
          clearTimeout(timer);
          resolve();
        }
      });
      child.on('close', (code) => reject(new Error(`watch exited ${code}: ${out}`)));
    });
    child.kill('SIGINT');
    const [code] = (await once(child, 'close')) as [number | null];
    expect(code).toBe(0);
    const explain = await runCli(['--format', 'json', 'explain', 'CTIERR_TIMEOUT'], { cwd: dir });
    expect(explain.code).toBe(0);
    expect(JSON.parse(explain.stdout)[0].code).toBe('CTIERR_TIMEOUT');
  });
});

describe('merge reads a report named twice once', () => {
  it('`merge r.json ./r.json` counts the report once, as a scan reads a file named twice once', async () => {
    const dir = temp.make();
    writeFile(join(dir, 'a.log'), 'CONFERENCE_FULL\nCONFERENCE_FULL\n');
    await runCli(['--format', 'json', '-o', 'r.json', 'a.log'], { cwd: dir });
    const { report } = await runJson(['merge', 'r.json', './r.json', join(dir, 'r.json')], { cwd: dir });
    expect(report.inputs.files).toBe(1);
    expect(counts(report)).toEqual({ CONFERENCE_FULL: 2 });
    expect(readFileSync(join(dir, 'r.json'), 'utf8')).toContain('"count": 2');
  });
});
