// --jobs: files scanned on worker threads give exactly the report (and ndjson events) of one
// thread. Enough bytes that the pool is used (it is not for small inputs).

import { mkdtempSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inputsOfParallelScan } from '../../src/batch/parallel/prewarm.js';
import type { Source } from '../../src/input/index.js';
import { runCli } from '../helpers/cli.js';

let dir: string;

/** A deterministic SDL-like file of about `mb` megabytes with a few hits per thousand lines. */
function sdl(mb: number, seed: number): string {
  const lines = ['30000001.000 |00:00:00.114 |FileHead |UTC:-05:00,Date: 2026/03/14, AppName: CTIManager'];
  let bytes = 0;
  for (let i = 0; bytes < mb * 1024 * 1024; i++) {
    const ms = (i * 37 + seed * 1000) % 86_400_000;
    const t = new Date(ms).toISOString().slice(11, 23);
    const code = i % 997 === seed % 997 ? ' Result=0x8ccc00d3' : i % 1499 === 7 ? ' CiscoJtapiException: CONFERENCE_FULL' : i % 1777 === 3 ? ' error code=2362179701' : '';
    const line = `${30412007 + i}.000 |${t} |SdlSig   |CtiLineCallStateChangedNotify |ready |CTIDeviceLineMgr(1,200,9,1) |1,200,21,${i % 1000}^10.1.1.${i % 255}^SEP00AABBCC${i % 9999}${code}`;
    lines.push(line);
    bytes += line.length + 1;
  }
  return `${lines.join('\n')}\n`;
}

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'cti-jobs-'));
  writeFileSync(join(dir, 'a.txt'), sdl(7, 1));
  writeFileSync(join(dir, 'b.txt'), sdl(6, 2));
  writeFileSync(join(dir, 'c.txt.gz'), gzipSync(sdl(5, 3)));
  writeFileSync(join(dir, 'd.txt'), sdl(4, 4));
  // Under 1 MiB stored, more inflated: worth a worker all the same (Source.work).
  writeFileSync(join(dir, 'e.txt.gz'), gzipSync(sdl(6, 5)));
  writeFileSync(join(dir, 'f.txt.gz'), gzipSync(sdl(6, 6)));
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('--jobs', () => {
  it.each(['json', 'ndjson'])('gives the same %s output on one thread and on worker threads', async (format) => {
    const one = await runCli(['-q', '--format', format, '--jobs', '1', dir]);
    const many = await runCli(['-q', '--format', format, '--jobs', '3', dir]);
    expect(one.code).toBe(1);
    expect(many.code).toBe(one.code);
    expect(many.stdout).toBe(one.stdout);
    expect(many.stderr).toBe(one.stderr);
    if (format === 'json') expect(JSON.parse(one.stdout).codes.length).toBe(3);
  });
});

describe('a worker started ahead (prewarm.ts)', () => {
  const files = (): string[] => ['a.txt', 'b.txt', 'c.txt.gz', 'd.txt'].map((f) => join(dir, f));
  const guess = (args: string[]): boolean => inputsOfParallelScan(args) !== null;

  it('is guessed from argv: a directory, or two or more named files of 16 MiB in all; no --jobs 1; a scan', () => {
    const named = files();
    expect(inputsOfParallelScan(named)).toEqual(named);
    expect(inputsOfParallelScan(['scan', '--format', 'json', ...named, named[0]])).toEqual(named); // a file named twice is listed once
    expect(guess(['--jobs', '1', ...named])).toBe(false);
    expect(guess(['--jobs=1', ...named])).toBe(false);
    expect(guess(['-j', '1', ...named])).toBe(false);
    expect(guess(['-j1', ...named])).toBe(false);
    expect(guess(['--jobs', '01', ...named])).toBe(false);
    expect(guess(['-j', '12', ...named])).toBe(true);
    expect(guess(['--jobs', '2', ...named])).toBe(true);
    expect(guess(['watch', ...named])).toBe(false);
    expect(guess(['merge', ...named])).toBe(false);
    expect(guess([...named, '--help'])).toBe(false);
    expect(inputsOfParallelScan(['--format', 'json', dir, join(dir, 'missing.txt')])).toEqual([dir]); // a directory: the worker lists it
    expect(guess(['-j', '1', dir])).toBe(false);
    expect(guess([named[3]])).toBe(false); // one file
    expect(guess([join(dir, 'c.txt.gz'), join(dir, 'd.txt')])).toBe(false); // under 16 MiB
    // Under 16 MiB stored, over 16 MiB to scan: a gzip counts four times its size.
    const withGzip = ['b.txt', 'c.txt.gz', 'd.txt', 'e.txt.gz', 'f.txt.gz'].map((f) => join(dir, f));
    expect(withGzip.reduce((sum, f) => sum + statSync(f).size, 0)).toBeLessThan(16 * 1024 * 1024);
    expect(guess(withGzip)).toBe(true);
  });

  // Named in reverse, the files' places in the (sorted) input list are not the worker's guesses.
  it.each([
    ['json', []],
    ['ndjson', []],
    ['json, files named in reverse', ['--reverse']],
    ['json --era 4.1', ['--era', '4.1']],
    ['json --tz +01:00 --year 2025', ['--tz', '+01:00', '--year', '2025']],
    ['json, the directory named', ['--directory']],
    ['ndjson, the directory named', ['--directory']],
  ])('gives the output of one thread: %s', async (what, extra) => {
    const format = what.split(' ')[0].replace(',', '');
    const flags = extra.filter((f) => f !== '--reverse' && f !== '--directory');
    const named = extra.includes('--directory') ? [dir] : extra.includes('--reverse') ? files().reverse() : files();
    const one = await runCli(['-q', '--format', format, '--jobs', '1', ...flags, ...named]);
    const ahead = await runCli(['-q', '--format', format, ...flags, ...named]);
    expect(one.code).toBe(1);
    expect(ahead.code).toBe(one.code);
    expect(ahead.stdout).toBe(one.stdout);
    expect(ahead.stderr).toBe(one.stderr);
  });

  // Small files are scanned on the main thread, the largest begun first (json): the output is
  // that of one thread all the same, in the input order.
  it.each(['json', 'ndjson'])('gives the output of one thread for large files among many small ones (%s)', async (format) => {
    const mixed = mkdtempSync(join(tmpdir(), 'cti-jobs-mixed-'));
    try {
      // 17 MiB in large files: enough for a worker.
      symlinkSync(join(dir, 'a.txt'), join(mixed, 'm-large.txt'));
      symlinkSync(join(dir, 'b.txt'), join(mixed, 'z-large.txt'));
      symlinkSync(join(dir, 'd.txt'), join(mixed, 'k-large.txt'));
      for (let i = 0; i < 40; i++) writeFileSync(join(mixed, `s${String(i).padStart(2, '0')}.txt`), sdl(0.01, 100 + i));
      const one = await runCli(['-q', '--format', format, '--jobs', '1', mixed]);
      expect(one.code).toBe(1);
      expect((await runCli(['-q', '--format', format, mixed])).stdout).toBe(one.stdout);
    } finally {
      rmSync(mixed, { recursive: true, force: true });
    }
  });

  // The worker never sees globs: a file matched by one and named too is named for it, found for
  // the scan, which skips a found file that is not a log by its bytes and reads a named one.
  it('gives the output of one thread when a file is both matched by a glob and named', async () => {
    const other = mkdtempSync(join(tmpdir(), 'cti-jobs-glob-'));
    try {
      const core = join(other, 'z.core');
      writeFileSync(core, Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46]), Buffer.from('\nResult=0x8ccc0009\n'.repeat(100))]));
      const args = ['-q', '--format', 'json', ...files(), join(other, '*.core'), core];
      const one = await runCli(['--jobs', '1', ...args]);
      expect(JSON.parse(one.stdout).inputs.skipped).toEqual([{ file: core, reason: 'not a log: an executable (ELF)' }]);
      expect((await runCli(args)).stdout).toBe(one.stdout);
    } finally {
      rmSync(other, { recursive: true, force: true });
    }
  });

  it('left unused (jobs: 1 from a config file, or a usage error), it does not hold the process', async () => {
    const config = join(dir, 'one-job.json');
    writeFileSync(config, JSON.stringify({ jobs: 1 }));
    const unused = await runCli(['-q', '--format', 'json', '--config', config, ...files()]);
    expect(unused.code).toBe(1);
    expect(unused.stdout).toBe((await runCli(['-q', '--format', 'json', '--jobs', '1', ...files()])).stdout);
    const usage = await runCli(['--bogus', ...files()]);
    expect(usage.code).toBe(64);
    expect(usage.stderr).toMatch(/^cti-logscan: Unknown argument: bogus\n/);
  });
});

describe('the pool (pool.ts)', () => {
  it('gives a file waiting in a worker queue, not begun, to a thread that takes it back; the worker skips it', async () => {
    // Built code: a worker thread runs dist/batch/parallel/worker.js.
    const { createScanPool } = (await import(join(process.cwd(), 'dist/batch/parallel/pool.js'))) as typeof import('../../src/batch/parallel/pool.js');
    const { defaultScanSetup } = (await import(join(process.cwd(), 'dist/batch/scan-file.js'))) as typeof import('../../src/batch/scan-file.js');
    const setup = defaultScanSetup();
    const spec = { tables: setup.matcher.tables, targets: [...setup.targets], tzOffsetMinutes: null, year: null, wantHits: false, node: null, counting: setup.counting, defaults: true };
    const source = (name: string): Source => ({ display: name, path: join(dir, name), mtimeMs: 0, size: 1, found: false });
    let read = 0;
    const pool = createScanPool(1, spec, 3, (bytes) => (read += bytes));
    try {
      const first = pool.scan(source('a.txt'), 0, () => {});
      const second = pool.scan(source('d.txt'), 1, () => {});
      await new Promise((resolve) => setImmediate(resolve)); // both sent; the new worker is still booting
      const taken = pool.takeBack();
      expect(taken?.index).toBe(0);
      expect(taken?.source.display).toBe('a.txt');
      const mine = { bytes: 1, lines: 1, codes: new Map(), unknown: new Map(), unknownOverflow: 0, outsideWindow: 0, timeline: null, warning: null, error: null, skipped: null };
      taken!.resolve(mine);
      expect(await first).toBe(mine);
      // The worker skipped a.txt and scanned d.txt (4 MiB) itself; a third file still gets a place.
      const third = pool.scan(source('b.txt'), 2, () => {});
      expect((await second).bytes).toBeGreaterThan(4 * 1024 * 1024);
      expect((await third).bytes).toBeGreaterThan(6 * 1024 * 1024);
      expect(read).toBe((await second).bytes + (await third).bytes); // not a byte of a.txt
      expect(pool.takeBack()).toBeNull();
    } finally {
      await pool.close();
    }
  });

  it('fails the files of a worker that dies, and later ones, instead of waiting for ever', async () => {
    const { createScanPool } = (await import(join(process.cwd(), 'dist/batch/parallel/pool.js'))) as typeof import('../../src/batch/parallel/pool.js');
    const { defaultScanSetup } = (await import(join(process.cwd(), 'dist/batch/scan-file.js'))) as typeof import('../../src/batch/scan-file.js');
    const setup = defaultScanSetup();
    const spec = { tables: setup.matcher.tables, targets: [...setup.targets], tzOffsetMinutes: null, year: null, wantHits: false, node: null, counting: setup.counting, defaults: true };
    const pool = createScanPool(1, spec, 1, () => {});
    try {
      // Index 5 of a pool made for one file: the worker's claim of it throws, and the worker dies.
      const source: Source = { display: 'a.txt', path: join(dir, 'a.txt'), mtimeMs: 0, size: 1, found: false };
      await expect(pool.scan(source, 5, () => {})).rejects.toThrow(RangeError);
      await expect(pool.scan(source, 0, () => {})).rejects.toThrow('every scan worker has failed');
    } finally {
      await pool.close();
    }
  });
});
