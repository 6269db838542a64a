// watch reads what a scan reads (issue "One house"): gzip, CUCM's growing .gzo, UTF-16, dot files
// as a shell treats them, not-a-log names and bytes, zip archives (one notice, not followed live),
// checked against a scan of the same files; and the live decoding itself: a .gzo inflated as it
// grows, then closed and renamed to .gz; UTF-16 lines appended in pieces; a saved position of a
// .gzo resumed. The built CLI on real files; every wait is for an expected event.

import { appendFileSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants as zlibConstants, createGzip, gzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Report } from '../../src/types.js';
import { parseNdjson, runCli } from '../helpers/cli.js';
import { running, WatchRun } from '../helpers/watch.js';
import { makeZip } from '../helpers/zip.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cti-watch-inputs-'));
  mkdirSync(join(dir, 'logs'));
});
afterEach(() => {
  for (const run of running.splice(0)) run.kill();
  rmSync(dir, { recursive: true, force: true });
});

const at = (...parts: string[]): string => join(dir, ...parts);
const utf16le = (text: string): Buffer => Buffer.from(text, 'utf16le');
const BOM_LE = Buffer.from([0xff, 0xfe]);
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A gzip member written in parts, each ended by a sync flush (a file can stop after any of them), then its trailer. */
async function gzipInParts(parts: string[]): Promise<{ prefixes: Buffer[]; whole: Buffer }> {
  const gzip = createGzip();
  const out: Buffer[] = [];
  gzip.on('data', (d: Buffer) => out.push(d));
  const prefixes: Buffer[] = [];
  for (const part of parts) {
    await new Promise<void>((resolve) => {
      gzip.write(part);
      gzip.flush(zlibConstants.Z_SYNC_FLUSH, () => resolve());
    });
    prefixes.push(Buffer.concat(out));
  }
  await new Promise<void>((resolve) => gzip.end(() => resolve()));
  await new Promise<void>((resolve) => (gzip.readableEnded ? resolve() : gzip.on('end', () => resolve())));
  return { prefixes, whole: Buffer.concat(out) };
}

/** The traces of one RTMT-like folder, of every kind a scan reads (and some it does not). */
async function writeMixedFolder(): Promise<void> {
  writeFileSync(at('logs', 'a.txt.gz'), gzipSync('line 1\nCONFERENCE_FULL here\nline 3 0x8ccc0009\n'));
  const open = await gzipInParts(['x\n2026-03-14 08:00:00,001 CTIERR_TIMEOUT\n', 'y\nz CTIERR_TIMEOUT again\n']);
  writeFileSync(at('logs', 'b.txt.gzo'), open.prefixes[1]);
  writeFileSync(at('logs', 'c.log'), Buffer.concat([BOM_LE, utf16le('first\nCTIERR_LINE_RESTRICTED in UTF-16\n')]));
  writeFileSync(at('logs', '.hidden.log'), 'CTIERR_DEVICE_RESTRICTED in a dot file\n');
  writeFileSync(at('logs', 'SDL001_200.index'), 'CONFERENCE_FULL\n');
  writeFileSync(at('logs', 'shot.log'), Buffer.concat([PNG, Buffer.from('\nCONFERENCE_FULL\n')]));
}

/** What a scan of the same inputs reports: each hit as "file:line:code", and the report. */
async function scanned(inputs: string[]): Promise<{ hits: string[]; report: Report }> {
  const run = await runCli(['--format', 'ndjson', '-q', ...inputs], { cwd: dir });
  const { hits, summary } = parseNdjson(run.stdout);
  return { hits: hits.map((h) => `${h.file}:${h.line}:${h.code}`).sort(), report: summary };
}

const watchedHits = (run: WatchRun): string[] => run.hits().map(([file, code, line]) => `${file}:${line}:${code}`).sort();

describe('watch follows what a scan reads', () => {
  it('a folder with gzip, an open .gzo, UTF-16 and a dot file: --from-start reports exactly the scan\'s hits', async () => {
    await writeMixedFolder();
    const scan = await scanned(['logs']);
    // The scan reads the four logs, and lists the index and the PNG as skipped.
    expect(scan.hits).toEqual([
      'logs/.hidden.log:1:CTIERR_DEVICE_RESTRICTED',
      'logs/a.txt.gz:2:CONFERENCE_FULL',
      'logs/a.txt.gz:3:CTIERR_ILLEGAL_CALLSTATE',
      'logs/b.txt.gzo:2:CTIERR_TIMEOUT',
      'logs/b.txt.gzo:4:CTIERR_TIMEOUT',
      'logs/c.log:2:CTIERR_LINE_RESTRICTED',
    ]);
    const run = new WatchRun(['--from-start', 'logs'], dir);
    await run.ready();
    await run.untilHits(scan.hits.length);
    const { report } = await run.interrupt();
    expect(watchedHits(run)).toEqual(scan.hits);
    expect(report.codes.map((c) => [c.code, c.count])).toEqual(scan.report.codes.map((c) => [c.code, c.count]));
    expect(report.inputs.skipped).toEqual(scan.report.inputs.skipped);
    expect(report.inputs.skipped.map((s) => s.file)).toEqual(['logs/SDL001_200.index', 'logs/shot.log']);
  });

  it("a glob 'logs/*' leaves the dot file out, in a watch as in a scan (as a shell does)", async () => {
    await writeMixedFolder();
    const scan = await scanned(['logs/*']);
    expect(scan.hits.some((h) => h.includes('.hidden.log'))).toBe(false);
    const run = new WatchRun(['--from-start', 'logs/*'], dir);
    await run.ready();
    await run.untilHits(scan.hits.length);
    await run.interrupt();
    expect(watchedHits(run)).toEqual(scan.hits);
    // A dot file that appears later is left out too; a log is not.
    writeFileSync(at('logs', '.later.log'), 'CONFERENCE_FULL\n');
    const later = new WatchRun(['logs/*'], dir);
    await later.ready();
    writeFileSync(at('logs', '.later2.log'), 'CONFERENCE_FULL\n');
    writeFileSync(at('logs', 'later.log'), 'CTIERR_TIMEOUT\n');
    await later.untilHits(1);
    await later.interrupt();
    expect(later.hits()).toEqual([['logs/later.log', 'CTIERR_TIMEOUT', 1]]);
  });

  it('a zip archive is not followed live: one notice, and its members are not read', async () => {
    writeFileSync(at('logs', 'bundle.zip'), makeZip([{ name: 'inside.log', content: 'CONFERENCE_FULL\n' }]));
    writeFileSync(at('logs', 'app.log'), 'CTIERR_TIMEOUT\n');
    const run = new WatchRun(['--from-start', 'logs', 'logs/bundle.zip'], dir);
    await run.ready();
    await run.untilHits(1);
    await run.interrupt();
    expect(run.hits()).toEqual([['logs/app.log', 'CTIERR_TIMEOUT', 1]]);
    const notices = run.stderr.split('\n').filter((l) => l.includes('zip'));
    expect(notices).toEqual(['cti-logscan: logs/bundle.zip: a zip archive: its members are not followed live (scan it instead)']);
  });
});

describe('live decoding', () => {
  it('a growing .gzo is inflated as it grows, then closed (its trailer) and renamed to .gz: every line once, with its number', async () => {
    const parts = ['old line CONFERENCE_FULL\n', 'new 1 CTIERR_TIMEOUT\nnew 2\n', 'new 3 CTIERR_LINE_RESTRICTED\n', 'new 4 CTIERR_TIMEOUT\n'];
    const { prefixes, whole } = await gzipInParts(parts);
    const gzo = at('logs', 'SDL001_200_000414.txt.gzo');
    writeFileSync(gzo, prefixes[0]);
    // From the end: the line there at the start is old.
    const run = new WatchRun(['logs'], dir);
    await run.ready();
    appendFileSync(gzo, prefixes[1].subarray(prefixes[0].length));
    await run.untilHits(1);
    appendFileSync(gzo, prefixes[2].subarray(prefixes[1].length));
    await run.untilHits(2);
    // CUCM closes the trace: the rest and the trailer, then the rename to .gz (the same file).
    appendFileSync(gzo, prefixes[3].subarray(prefixes[2].length));
    appendFileSync(gzo, whole.subarray(prefixes[3].length));
    await run.untilHits(3);
    renameSync(gzo, at('logs', 'SDL001_200_000414.txt.gz'));
    writeFileSync(at('logs', 'SDL001_200_000415.txt.gzo'), (await gzipInParts(['next CTIERR_DEVICE_RESTRICTED\n'])).prefixes[0]);
    await run.untilHits(4);
    const { report } = await run.interrupt();
    expect(run.hits()).toEqual([
      ['logs/SDL001_200_000414.txt.gzo', 'CTIERR_TIMEOUT', 2],
      ['logs/SDL001_200_000414.txt.gzo', 'CTIERR_LINE_RESTRICTED', 4],
      ['logs/SDL001_200_000414.txt.gzo', 'CTIERR_TIMEOUT', 5],
      ['logs/SDL001_200_000415.txt.gzo', 'CTIERR_DEVICE_RESTRICTED', 1],
    ]);
    expect(report.codes.map((c) => [c.code, c.count])).toEqual([
      ['CTIERR_TIMEOUT', 2],
      ['CTIERR_DEVICE_RESTRICTED', 1],
      ['CTIERR_LINE_RESTRICTED', 1],
    ]);
  });

  it('UTF-16 lines appended, one cut in the middle of a character: each hit once, at its line', async () => {
    const file = at('logs', 'jabber.log');
    writeFileSync(file, Buffer.concat([BOM_LE, utf16le('start\n')]));
    const run = new WatchRun(['logs'], dir);
    await run.ready();
    appendFileSync(file, utf16le('a CTIERR_TIMEOUT\n'));
    await run.untilHits(1);
    const split = utf16le('b CONFERENCE_FULL\n');
    appendFileSync(file, split.subarray(0, 7)); // an odd cut: half a UTF-16 unit
    appendFileSync(file, split.subarray(7));
    await run.untilHits(2);
    await run.interrupt();
    expect(run.hits()).toEqual([
      ['logs/jabber.log', 'CTIERR_TIMEOUT', 2],
      ['logs/jabber.log', 'CONFERENCE_FULL', 3],
    ]);
  });

  it('--state: a .gzo resumed where the last watch stopped (its position in decoded bytes): only what came since', async () => {
    const { prefixes } = await gzipInParts(['one CTIERR_TIMEOUT\n', 'two CONFERENCE_FULL\n', 'three CTIERR_LINE_RESTRICTED\n']);
    const gzo = at('logs', 'trace.txt.gzo');
    writeFileSync(gzo, prefixes[0]);
    const first = new WatchRun(['--state', at('w.state'), 'logs'], dir);
    await first.ready();
    appendFileSync(gzo, prefixes[1].subarray(prefixes[0].length));
    await first.untilHits(1);
    await first.interrupt();
    expect(first.hits()).toEqual([['logs/trace.txt.gzo', 'CONFERENCE_FULL', 2]]);
    // Written while no watch ran.
    appendFileSync(gzo, prefixes[2].subarray(prefixes[1].length));
    const second = new WatchRun(['--state', at('w.state'), 'logs'], dir);
    await second.ready();
    await second.untilHits(1);
    await second.interrupt();
    expect(second.hits()).toEqual([['logs/trace.txt.gzo', 'CTIERR_LINE_RESTRICTED', 3]]);
    expect(second.stderr).not.toMatch(/no longer fits/);
  });
});
