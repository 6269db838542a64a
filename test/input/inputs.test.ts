// Inputs as they arrive and bad input, on real files, through the built CLI (dist/cli.js):
// zip archives (RTMT downloads, support bundles), RTMT download folders with what is not a log,
// UTF-16 and Latin-1 logs, damaged gzip and zip, and every way a path can fail. Each case gives one
// `cti-logscan: <path>: <reason>` line (or none), keeps everything else counted, and exits as
// CONTRACT.md says. Build first: `npx tsc -p .` (npm test does). Cases already pinned by
// test/cli.test.ts (a missing path, an empty file, no final newline, NUL bytes, a glob matching
// nothing, a 50 MB line, ndjson into a closed pipe) are not repeated here.

import { spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { chmodSync, closeSync, copyFileSync, createWriteStream, existsSync, mkdirSync, openSync, readFileSync, rmSync, statSync, symlinkSync, unlinkSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { deflateRawSync, gzipSync, createGzip, constants as zlibConstants } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/types.js';
import { makeZip } from '../helpers/zip.js';
import {
  CLI,
  counts,
  runJson,
  childEnv,
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
  type RunOptions,
  type RunResult,
} from '../helpers/cli.js';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

const FIXTURES = join(REPO, 'fixtures', 'inputs');
const SAMPLES = join(REPO, 'fixtures', 'samples');
const SDL = 'cucmpub/2026-03-14_08-20-00/cm/trace/cti/sdl';
const LINE_RESTRICTED = 'CTIERR_LINE_RESTRICTED';
const DEVICE_RESTRICTED = 'CTIERR_DEVICE_RESTRICTED';
const IS_ROOT = process.getuid?.() === 0;
/** A user without rights to the test's files, for the permission cases when the tests run as root. */
const NOBODY = 65534;
/** Root reads anything: the permission cases then run the program as NOBODY, if it can. */
const PERMISSIONS_TESTABLE = !IS_ROOT || spawnSync(process.execPath, [CLI, '--version'], { uid: NOBODY, gid: NOBODY }).status === 0;
const BASH = '/bin/bash';

const codeOf = (report: Report, code: string) => {
  const found = report.codes.find((c) => c.code === code);
  if (!found) throw new Error(`${code} not in the report: ${JSON.stringify(counts(report))}`);
  return found;
};
/** "file:line:CODE" of every hit event of an ndjson run. */
async function hitsOf(args: readonly string[], options: RunOptions = {}): Promise<{ hits: string[]; summary: Report; result: RunResult }> {
  const result = await runCli(['--format', 'ndjson', ...args], options);
  const { hits, summary } = parseNdjson(result.stdout);
  return { hits: hits.map((h) => `${h.file}:${h.line}:${h.code}`), summary, result };
}

/** `n` numbered lines; those whose number is in `codes` carry that code. */
function numberedLines(n: number, codes: Record<number, string> = {}): string {
  const out: string[] = [];
  for (let i = 1; i <= n; i++) out.push(`2026-03-14 08:00:00,000 line ${i} of the log${codes[i] ? ` failed: ${codes[i]}` : ''}`);
  return out.join('\n') + '\n';
}

/** Overwrites `length` bytes at `at` with a pattern that no inflater accepts for long. */
function damage(data: Buffer, at: number, length = 64): Buffer {
  const out = Buffer.from(data);
  for (let i = 0; i < length; i++) out[at + i] = (0xff - i * 37) & 0xff;
  return out;
}

// ---------------------------------------------------------------------------------------------
// 1. Zip archives
// ---------------------------------------------------------------------------------------------

describe('zip archives: every member is a source named archive.zip!path', () => {
  const RTMT = join(FIXTURES, 'rtmt-cucmpub.zip');
  const STREAMED = join(FIXTURES, 'streamed.zip');

  it('an RTMT "Zip File" download gives the counts, lines and times of the same files unpacked', async () => {
    const zipped = await runJson([RTMT]);
    const unpacked = await runJson([join(SAMPLES, SDL)]);
    const prefix = `${RTMT}!${SDL}`;
    const unzippedName = (file: string): string => file.replace(`${prefix}/`, `${join(SAMPLES, SDL)}/`);
    expect(zipped.report.codes.map((c) => ({ ...c, firstSeen: { ...c.firstSeen, file: unzippedName(c.firstSeen.file) }, lastSeen: { ...c.lastSeen, file: unzippedName(c.lastSeen.file) } }))).toEqual(
      unpacked.report.codes,
    );
    expect(zipped.report.unknown.map((u) => [u.token, u.count, u.firstSeen.line])).toEqual([['0x8CCC0299', 1, 66]]);
    expect(zipped.report.inputs).toMatchObject({ files: 3, lines: 71 + 63 + 36, errors: [] });
    // The .index beside the traces is listed, not read; the open .gzo member warns as a file would.
    expect(zipped.report.inputs.skipped).toEqual([{ file: `${prefix}/SDL001_200.index`, reason: 'not a log: a trace index (.index)' }]);
    expect(zipped.report.inputs.warnings.map((w) => w.file)).toEqual([`${prefix}/SDL001_200_000414.txt.gzo`]);
    expect(linesOf(zipped.result.stderr)).toEqual([`cti-logscan: ${prefix}/SDL001_200_000414.txt.gzo: warning: ${zipped.report.inputs.warnings[0].message}`]);
    expect(zipped.result.code).toBe(1);
  });

  it('ndjson: hit events name the member and its own line numbers (a deflated member and a gzip member)', async () => {
    const { hits } = await hitsOf([RTMT]);
    expect(hits).toContain(`${RTMT}!${SDL}/SDL001_200_000412.txt:30:${LINE_RESTRICTED}`);
    expect(hits).toContain(`${RTMT}!${SDL}/SDL001_200_000413.txt.gz:21:CTIERR_CALL_MANAGER_NOT_AVAILABLE`);
    expect(hits).toContain(`${RTMT}!${SDL}/SDL001_200_000414.txt.gzo:31:${LINE_RESTRICTED}`);
  });

  it('members with data descriptors (written to a pipe) are read; a member takes its archive date (JTAPI year)', async () => {
    const { report, result } = await runJson([STREAMED]);
    expect(report.inputs).toMatchObject({ files: 2, lines: 63 + 30, errors: [], warnings: [] });
    expect(codeOf(report, 'CTIERR_LOGIN_FAILED_ACCOUNT_LOCKED').firstSeen).toEqual({ time: '2026-03-14T07:09:03.121', file: `${STREAMED}!CiscoJtapi1.log`, line: 39 });
    expect(counts(report)).toEqual({
      CONFERENCE_FULL: 2,
      CTIERR_ILLEGAL_CALLSTATE: 2,
      CTIERR_DIRECTORY_LOGIN_TIMEOUT: 1,
      CTIERR_LOGIN_FAILED_ACCOUNT_LOCKED: 1,
      CTIERR_TRANSFERFAILED_DESTINATION_BUSY: 1,
      [DEVICE_RESTRICTED]: 1,
      CTIERR_PROVIDER_NOT_OPEN: 1,
    });
    expect(result.code).toBe(1);
  });

  it('a zip is known by its bytes: found in a directory, or named as something.log', async () => {
    const dir = temp.make();
    copyFileSync(STREAMED, join(dir, 'bundle.log'));
    mkdirSync(join(dir, 'sub'));
    copyFileSync(RTMT, join(dir, 'sub', 'download.zip'));
    const { report } = await runJson(['bundle.log', 'sub'], { cwd: dir });
    expect(report.inputs.files).toBe(5);
    expect(report.inputs.skipped.map((s) => s.file)).toEqual([`sub/download.zip!${SDL}/SDL001_200.index`]);
    expect(codeOf(report, 'CTIERR_DIRECTORY_LOGIN_TIMEOUT')).toMatchObject({ count: 5, files: 3, firstSeen: { file: 'bundle.log!CiscoJtapi1.log', line: 22 } });
  });

  it('the same archive named twice is read once', async () => {
    const { report } = await runJson([STREAMED, STREAMED, `${FIXTURES}/./streamed.zip`]);
    expect(report.inputs.files).toBe(2);
  });

  it('an empty archive: nothing to read, exit 0', async () => {
    const file = writeFile(join(temp.make(), 'empty.zip'), makeZip([]));
    const { report, result } = await runJson([file]);
    expect(report.inputs).toEqual({ files: 0, bytes: 0, lines: 0, warnings: [], errors: [], skipped: [], unknownOverflow: 0, outsideWindow: 0 });
    expect(result.code).toBe(0);
  });

  it('member names as stored, even those unsafe to extract (.., absolute, backslashes); directories are not members', async () => {
    const file = writeFile(
      join(temp.make(), 'odd.zip'),
      makeZip([
        { name: 'logs/', content: '' },
        { name: '../../escape.log', content: `a\n${LINE_RESTRICTED}\n` },
        { name: '/abs/app.log', content: `${LINE_RESTRICTED}\n`, method: 0 },
        { name: 'C:\\Cisco\\TSP\\TSP001Debug000001.txt', content: `x\ny\n${DEVICE_RESTRICTED}\n` },
        { name: 'déjà vu.log', content: `${DEVICE_RESTRICTED}\n` },
      ]),
    );
    const { hits, summary } = await hitsOf([file]);
    expect(hits.sort()).toEqual(
      [
        `${file}!../../escape.log:2:${LINE_RESTRICTED}`,
        `${file}!/abs/app.log:1:${LINE_RESTRICTED}`,
        `${file}!C:/Cisco/TSP/TSP001Debug000001.txt:3:${DEVICE_RESTRICTED}`,
        `${file}!déjà vu.log:1:${DEVICE_RESTRICTED}`,
      ].sort(),
    );
    expect(summary.inputs.files).toBe(4);
  });

  it('members that are not logs are skipped, by name or by their (inflated) bytes; a zip inside a zip too', async () => {
    const tar = Buffer.alloc(1024);
    tar.write('app.log', 0);
    tar.write('ustar', 257);
    const file = writeFile(
      join(temp.make(), 'bundle.zip'),
      makeZip([
        { name: 'app.log', content: `${LINE_RESTRICTED}\n` },
        { name: 'screens/phone.png', content: 'not really a png' },
        { name: 'bin/tool', content: Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1]), Buffer.alloc(64)]) },
        { name: 'inner.zip', content: makeZip([{ name: 'x.log', content: `${LINE_RESTRICTED}\n` }]) },
        { name: 'logs.tgz', content: gzipSync(tar) },
        { name: 'logs.bin', content: gzipSync(tar) },
        { name: 'SDL001_200.index', content: 'SDL001_200_000001.txt\n' },
      ]),
    );
    const { report, result } = await runJson([file]);
    expect(report.inputs.files).toBe(1);
    expect(report.inputs.skipped).toEqual([
      { file: `${file}!SDL001_200.index`, reason: 'not a log: a trace index (.index)' },
      { file: `${file}!bin/tool`, reason: 'not a log: an executable (ELF)' },
      { file: `${file}!inner.zip`, reason: 'not a log: a zip inside an archive or a gzip (extract the outer one first)' },
      { file: `${file}!logs.bin`, reason: 'not a log: an archive of a type that is not read (tar)' },
      { file: `${file}!logs.tgz`, reason: 'not a log: an archive of a type that is not read (.tgz)' },
      { file: `${file}!screens/phone.png`, reason: 'not a log: an image (.png)' },
    ]);
    expect(counts(report)).toEqual({ [LINE_RESTRICTED]: 1 });
    // Skipped files are listed, not errors: the exit code is the codes' (1).
    expect(result.stderr).toBe('');
    expect(result.code).toBe(1);
  });

  it('a truncated zip (its central directory cut off): one error line naming it, exit 2, the other inputs counted', async () => {
    const dir = temp.make();
    const whole = readFileSync(join(FIXTURES, 'rtmt-cucmpub.zip'));
    const cut = writeFile(join(dir, 'cut.zip'), whole.subarray(0, Math.floor(whole.length / 2)));
    const good = writeFile(join(dir, 'good.log'), `${LINE_RESTRICTED}\n`);
    const { report, result } = await runJson([cut, good]);
    expect(report.inputs.errors).toEqual([{ file: cut, message: 'not a complete zip archive (its central directory is missing: a truncated download?)' }]);
    expect(linesOf(result.stderr)).toEqual([`cti-logscan: ${cut}: ${report.inputs.errors[0].message}`]);
    expect(report.inputs.files).toBe(1);
    expect(codeOf(report, LINE_RESTRICTED).firstSeen.file).toBe(good);
    expect(result.code).toBe(2);
  });

  it('a damaged member: every line before the damage counts, one error line for it, the other members read; exit 2', async () => {
    const text = numberedLines(4000, { 10: LINE_RESTRICTED, 3990: DEVICE_RESTRICTED });
    // The first 3000 lines deflate fine (a flushed block); then a block of type 3, which does not exist.
    const cut = text.indexOf('2026-03-14 08:00:00,000 line 3001 ');
    const good = deflateRawSync(text.slice(0, cut), { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    const stored = Buffer.concat([good, Buffer.from([0x07]), deflateRawSync(text.slice(cut))]);
    const file = writeFile(
      join(temp.make(), 'damaged.zip'),
      makeZip([
        { name: 'a.log', content: `${DEVICE_RESTRICTED}\n` },
        { name: 'b.log', content: text, stored },
        { name: 'c.log', content: `x\n${LINE_RESTRICTED}\n` },
      ]),
    );
    const { report, result } = await runJson([file]);
    expect(report.inputs.errors).toEqual([{ file: `${file}!b.log`, message: `corrupt zip member data (invalid block type) at byte ${good.length} of the compressed stream` }]);
    expect(linesOf(result.stderr)).toEqual([`cti-logscan: ${file}!b.log: ${report.inputs.errors[0].message}`]);
    // Line 10 lies before the damage, line 3990 after it; the 3000 lines before it all count.
    expect(report.inputs.lines).toBe(3000 + 1 + 2);
    expect(codeOf(report, LINE_RESTRICTED)).toMatchObject({ count: 2, files: 2 });
    expect(codeOf(report, DEVICE_RESTRICTED)).toMatchObject({ count: 1, files: 1, firstSeen: { file: `${file}!a.log` } });
    expect(report.inputs.files).toBe(3);
    expect(result.code).toBe(2);
  });

  it('a member whose CRC-32 or size is not the directory\'s: its lines count, and it is an error (a damaged archive)', async () => {
    const file = writeFile(
      join(temp.make(), 'checks.zip'),
      makeZip([
        { name: 'crc.log', content: `${LINE_RESTRICTED}\n`, crc: 12345 },
        { name: 'size.log', content: `${DEVICE_RESTRICTED}\n`, size: 999, method: 0 },
      ]),
    );
    const { report, result } = await runJson([file]);
    expect(report.inputs.errors).toEqual([
      { file: `${file}!crc.log`, message: "the member's CRC-32 differs from its archive's: a damaged archive" },
      { file: `${file}!size.log`, message: 'the member has 25 bytes where its archive says 999: a damaged archive' },
    ]);
    expect(counts(report)).toEqual({ [LINE_RESTRICTED]: 1, [DEVICE_RESTRICTED]: 1 });
    expect(result.code).toBe(2);
  });

  it('a member cut short, a member whose local header is not where the directory says, a bad directory record', async () => {
    const text = numberedLines(2000, { 3: LINE_RESTRICTED });
    const deflated = deflateRawSync(text);
    const good = { name: 'good.log', content: `${DEVICE_RESTRICTED}\n` };
    const members = makeZip([{ name: 'short.log', content: text, stored: deflated.subarray(0, deflated.length >> 1) }, { name: 'moved.log', content: 'x\n' }, good]);
    // The second local header's signature, damaged: the directory still lists the member.
    const second = members.indexOf(Buffer.from([0x50, 0x4b, 3, 4]), 1);
    members[second] = 0x51;
    const file = writeFile(join(temp.make(), 'cut-members.zip'), members);
    const { report, result } = await runJson([file]);
    expect(report.inputs.errors).toEqual([
      { file: `${file}!moved.log`, message: 'corrupt zip archive (invalid local file header signature: 0x4034b51)' },
      { file: `${file}!short.log`, message: 'the zip member ends before its compressed data does: a damaged archive' },
    ]);
    expect(counts(report)).toEqual({ [LINE_RESTRICTED]: 1, [DEVICE_RESTRICTED]: 1 });
    expect(result.code).toBe(2);

    // A central directory record without its signature: the archive cannot be listed.
    const listing = makeZip([good]);
    const directory = listing.lastIndexOf(Buffer.from([0x50, 0x4b, 1, 2]));
    listing[directory + 2] = 9;
    const broken = writeFile(join(temp.make(), 'bad-directory.zip'), listing);
    const run = await runJson([broken]);
    expect(run.report.inputs.errors).toEqual([{ file: broken, message: 'corrupt zip archive (invalid central directory file header signature: 0x2094b50)' }]);
    expect(run.result.code).toBe(2);
  });

  it('encrypted members and members of other compression methods: an error each, the rest read', async () => {
    const file = writeFile(
      join(temp.make(), 'methods.zip'),
      makeZip([
        { name: 'secret.log', content: `${LINE_RESTRICTED}\n`, flags: 1, method: 0 },
        { name: 'bzip2.log', content: `${LINE_RESTRICTED}\n`, method: 12 },
        { name: 'plain.log', content: `${DEVICE_RESTRICTED}\n` },
      ]),
    );
    const { report, result } = await runJson([file]);
    expect(report.inputs.errors).toEqual([
      { file: `${file}!bzip2.log`, message: 'the member is compressed with method 12: only stored and deflated members are read' },
      { file: `${file}!secret.log`, message: 'the member is encrypted: it cannot be read' },
    ]);
    expect(counts(report)).toEqual({ [DEVICE_RESTRICTED]: 1 });
    expect(result.code).toBe(2);
  });

  it('a member that is a damaged gzip: every line before the damage, then an error naming the member', async () => {
    const text = numberedLines(3000, { 5: LINE_RESTRICTED, 2995: DEVICE_RESTRICTED });
    const gz = gzipSync(text);
    const file = writeFile(join(temp.make(), 'gz-in-zip.zip'), makeZip([{ name: 'trace.txt.gz', content: damage(gz, Math.floor(gz.length / 2)), method: 0 }]));
    const { report, result } = await runJson([file]);
    expect(report.inputs.errors.map((e) => e.file)).toEqual([`${file}!trace.txt.gz`]);
    expect(report.inputs.errors[0].message).toMatch(/^corrupt gzip data/);
    expect(counts(report)).toEqual({ [LINE_RESTRICTED]: 1 });
    expect(report.inputs.lines).toBeGreaterThan(1000);
    expect(result.code).toBe(2);
  });

  it('a zip on standard input cannot be read (zip is read from its end): an error saying so, exit 2', async () => {
    const { report, result } = await runJson(['-'], { input: readFileSync(STREAMED) });
    expect(report.inputs.errors).toEqual([{ file: '<stdin>', message: 'a zip archive on standard input cannot be read (zip is read from its end): name the file instead' }]);
    expect(result.code).toBe(2);
  });

  it.skipIf(!existsSync(TIME_BIN))('a 200 MB member is streamed: peak memory stays bounded (max RSS < 150 MB)', async () => {
    const line = 'SdlSig |CtiLineOpenLineRes |ready |CTIDeviceLineMgr(1,200,9,1) |CTIRegistrar(3,100,26,1) |';
    const body = Buffer.from(`${line.repeat(8)}\n`.repeat(200_000 * 1024 / 768 | 0));
    const text = Buffer.concat([Buffer.from(`first ${LINE_RESTRICTED}\n`), body, Buffer.from(`last ${DEVICE_RESTRICTED}\n`)]);
    const file = writeFile(join(temp.make(), 'big.zip'), makeZip([{ name: 'big.log', content: text }]));
    const result = await runCliMeasured(['--format', 'json', file]);
    const report = parseReport(result.stdout);
    expect(report.inputs.bytes).toBe(text.length);
    expect(codeOf(report, DEVICE_RESTRICTED).firstSeen.line).toBe(report.inputs.lines);
    expect(result.maxRssKiB).toBeLessThan(150 * 1024);
  });
});

// ---------------------------------------------------------------------------------------------
// 2. RTMT download folders: every regular file, except what is known not to be a log
// ---------------------------------------------------------------------------------------------

describe('directories: what is read and what is listed as skipped', () => {
  let root: string;
  let server: Server | null = null;
  beforeAll(async () => {
    root = temp.make();
    const sdl = join(root, 'cucmpub', '2026-03-14_08-20-00', 'cm', 'trace', 'cti', 'sdl');
    for (const name of ['SDL001_200_000412.txt', 'SDL001_200_000413.txt.gz', 'SDL001_200_000414.txt.gzo']) writeFile(join(sdl, name), readFileSync(join(SAMPLES, SDL, name)));
    writeFile(join(sdl, 'SDL001_200.index'), 'SDL001_200_000414.txt.gzo\n');
    const logs = join(root, 'cucmpub', 'logs');
    writeFile(join(logs, 'app.log.1'), `rotated ${LINE_RESTRICTED}\n`);
    writeFile(join(logs, 'APP.LOG'), `upper case ${LINE_RESTRICTED}\n`);
    writeFile(join(logs, 'messages'), `no extension ${LINE_RESTRICTED}\n`);
    writeFile(join(logs, 'tsp.txt.gz'), gzipSync(`gzip ${LINE_RESTRICTED}\n`));
    writeFile(join(logs, 'screenshot.PNG'), `${LINE_RESTRICTED} in a "png"\n`);
    writeFile(join(logs, 'collect.exe'), `${LINE_RESTRICTED}\n`);
    writeFile(join(logs, 'libcti.so.1'), `${LINE_RESTRICTED}\n`);
    writeFile(join(logs, 'old.7z'), `${LINE_RESTRICTED}\n`);
    writeFile(join(logs, 'old.tar.gz'), gzipSync(`${LINE_RESTRICTED}\n`));
    // Known by their bytes, whatever their names.
    writeFile(join(logs, 'core'), Buffer.concat([Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]), Buffer.from(` ${LINE_RESTRICTED}\n`)]));
    const pe = Buffer.alloc(256);
    pe.write('MZ', 0);
    pe.writeUInt32LE(0x80, 0x3c);
    pe.write('PE\0\0', 0x80, 'latin1');
    pe.write(LINE_RESTRICTED, 0xa0);
    writeFile(join(logs, 'helper.dat'), pe);
    writeFile(join(logs, 'mz.txt'), `MZ is how this log starts, then ${LINE_RESTRICTED}\n`);
    writeFile(join(logs, 'photo'), Buffer.concat([Buffer.from([0xff, 0xd8, 0xff, 0xe0]), Buffer.from(LINE_RESTRICTED)]));
    writeFile(join(logs, 'archive.dat'), Buffer.concat([Buffer.from('Rar!\x1a\x07\x00', 'latin1'), Buffer.from(LINE_RESTRICTED)]));
    writeFile(join(logs, 'packed.gz'), gzipSync(Buffer.concat([Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c]), Buffer.from(LINE_RESTRICTED)])));
    // Not regular files: a FIFO (never opened: reading it would wait for a writer), a socket, a device.
    await runCommand('mkfifo', [join(logs, 'pipe')]);
    server = createServer();
    server.listen(join(logs, 'control.sock'));
    await once(server, 'listening');
    symlinkSync('/dev/null', join(logs, 'null'));
  });
  afterAll(() => server?.close());

  it('reads logs of any name (rotated, upper case, no extension, gzip) and lists the rest with the reason', async () => {
    const { report, result } = await runJson(['cucmpub'], { cwd: root });
    expect(report.inputs.skipped).toEqual([
      { file: 'cucmpub/2026-03-14_08-20-00/cm/trace/cti/sdl/SDL001_200.index', reason: 'not a log: a trace index (.index)' },
      { file: 'cucmpub/logs/archive.dat', reason: 'not a log: an archive of a type that is not read (RAR)' },
      { file: 'cucmpub/logs/collect.exe', reason: 'not a log: an executable or library (.exe)' },
      { file: 'cucmpub/logs/control.sock', reason: 'not a regular file (a socket)' },
      { file: 'cucmpub/logs/core', reason: 'not a log: an executable (ELF)' },
      { file: 'cucmpub/logs/helper.dat', reason: 'not a log: an executable (Windows PE)' },
      { file: 'cucmpub/logs/libcti.so.1', reason: 'not a log: an executable or library (.so)' },
      { file: 'cucmpub/logs/null', reason: 'not a regular file (a device)' },
      { file: 'cucmpub/logs/old.7z', reason: 'not a log: an archive of a type that is not read (.7z)' },
      { file: 'cucmpub/logs/old.tar.gz', reason: 'not a log: an archive of a type that is not read (.tar.gz)' },
      { file: 'cucmpub/logs/packed.gz', reason: 'not a log: an archive of a type that is not read (7z)' },
      { file: 'cucmpub/logs/photo', reason: 'not a log: an image (JPEG)' },
      { file: 'cucmpub/logs/pipe', reason: 'not a regular file (a FIFO)' },
      { file: 'cucmpub/logs/screenshot.PNG', reason: 'not a log: an image (.png)' },
    ]);
    // 3 traces + app.log.1, APP.LOG, messages, tsp.txt.gz, mz.txt (starts with "MZ", not an executable).
    expect(report.inputs.files).toBe(8);
    expect(codeOf(report, LINE_RESTRICTED)).toMatchObject({ count: 4 + 5, files: 2 + 5 });
    expect(report.inputs.errors).toEqual([]);
    // Skipped files are no trouble: no stderr line (only the open .gzo's warning), and the exit
    // code is the codes' alone.
    expect(linesOf(result.stderr)).toEqual([`cti-logscan: ${report.inputs.warnings[0].file}: warning: ${report.inputs.warnings[0].message}`]);
    expect(result.code).toBe(1);
  });

  it('a file named on the command line is always read, whatever it looks like', async () => {
    const named = ['collect.exe', 'core', 'screenshot.PNG', 'old.7z', 'photo'].map((n) => `cucmpub/logs/${n}`);
    const { report } = await runJson([...named, 'cucmpub/2026-03-14_08-20-00/cm/trace/cti/sdl/SDL001_200.index'], { cwd: root });
    expect(report.inputs.skipped).toEqual([]);
    expect(report.inputs.files).toBe(6);
    expect(codeOf(report, LINE_RESTRICTED)).toMatchObject({ count: 5, files: 5 });
  });

  it("a glob's matches are sorted as a directory's are: the logs read, the rest listed", async () => {
    const { report } = await runJson(['./cucmpub/logs/*'], { cwd: root });
    const skipped = report.inputs.skipped.map((s) => s.file);
    expect(skipped).toContain('./cucmpub/logs/core');
    expect(skipped).toContain('./cucmpub/logs/old.tar.gz');
    expect(skipped).not.toContain('./cucmpub/logs/mz.txt');
    expect(report.inputs.files).toBe(5);
  });

  it('the table footer counts the skipped files', async () => {
    const result = await runCli(['--allow', 'CTIERR_*', 'cucmpub'], { cwd: root });
    expect(result.stdout).toMatch(/^Scanned 8 files, \d+ lines, [\d.]+ KB; 14 skipped; 1 warning$/m);
    expect(result.code).toBe(0);
  });

  it('a directory of nothing but non-logs: every file listed, and "no logs found" (exit 2): nothing was checked', async () => {
    const dir = temp.make();
    writeFile(join(dir, 'a.png'), 'x');
    writeFile(join(dir, 'b.index'), 'y');
    const { report, result } = await runJson([dir]);
    expect(report.inputs).toMatchObject({ files: 0, lines: 0, errors: [{ file: dir, message: 'no logs found' }] });
    expect(report.inputs.skipped.map((s) => s.file)).toEqual([join(dir, 'a.png'), join(dir, 'b.index')]);
    expect(result.stderr).toBe(`cti-logscan: ${dir}: no logs found\n`);
    expect(result.code).toBe(2);
  });
});

describe("this run's own output is never read (as grep: input file is also the output)", () => {
  /** The CLI with standard output appended to `outPath` (`>>`: what is there stays), in `cwd`. */
  const runInto = (outPath: string, args: readonly string[], cwd: string): { code: number | null; stderr: string } => {
    const fd = openSync(outPath, 'a');
    try {
      const r = spawnSync(process.execPath, [CLI, ...args], { cwd, env: childEnv(), stdio: ['ignore', fd, 'pipe'], encoding: 'utf8' });
      return { code: r.status, stderr: r.stderr };
    } finally {
      closeSync(fd);
    }
  };
  /** A directory with a log of two hits and an output file that holds an earlier run's hit. */
  const setUp = (outName: string): string => {
    const dir = temp.make();
    writeFile(join(dir, 'a.log'), `${LINE_RESTRICTED}\n${LINE_RESTRICTED} again\n`);
    writeFile(join(dir, outName), `{"type":"hit","code":"${DEVICE_RESTRICTED}"}\n`);
    return dir;
  };
  const lastReport = (path: string): Report => {
    const last = linesOf(readFileSync(path, 'utf8')).pop()!;
    return (JSON.parse(last) as { report: Report }).report;
  };

  it('standard output into a file found in the scanned directory, or by a glob: listed as skipped, not read', async () => {
    for (const input of ['.', './*']) {
      const dir = setUp('out.ndjson');
      const result = runInto(join(dir, 'out.ndjson'), ['--format', 'ndjson', input], dir);
      const report = lastReport(join(dir, 'out.ndjson'));
      const shown = input === '.' ? 'out.ndjson' : './out.ndjson';
      expect(report.inputs.skipped).toEqual([{ file: shown, reason: 'the output of this run' }]);
      expect(report.inputs.files).toBe(1);
      expect(counts(report)).toEqual({ [LINE_RESTRICTED]: 2 });
      expect(result).toEqual({ code: 1, stderr: '' });
    }
  });

  it('named on the command line: one line, exit 2, the other inputs counted', async () => {
    const dir = setUp('out.json');
    const result = runInto(join(dir, 'out.json'), ['--format', 'json', 'a.log', 'out.json'], dir);
    expect(result).toEqual({ code: 2, stderr: 'cti-logscan: out.json: input file is also the output: it is not read\n' });
    const written = readFileSync(join(dir, 'out.json'), 'utf8');
    const report = parseReport(written.slice(written.indexOf('\n') + 1));
    expect(counts(report)).toEqual({ [LINE_RESTRICTED]: 2 });
    expect(report.inputs.errors).toEqual([{ file: 'out.json', message: 'input file is also the output: it is not read' }]);
  });

  it('--output naming an input (-o a.log a.log): a usage error, and the input is left as it was', async () => {
    const dir = setUp('out.ndjson');
    const before = readFileSync(join(dir, 'a.log'), 'utf8');
    const result = await runCli(['-o', 'a.log', 'a.log'], { cwd: dir });
    expect(result).toMatchObject({ code: 64, stdout: '' });
    expect(linesOf(result.stderr)[0]).toBe('cti-logscan: --output: a.log is also an input: nothing was written to it');
    expect(readFileSync(join(dir, 'a.log'), 'utf8')).toBe(before);
  });

  it('standard input that is the output (< a >> a): one line, exit 2, not read (it was read back without end)', async () => {
    const dir = setUp('out.ndjson');
    const path = join(dir, 'out.ndjson');
    writeFile(path, `${LINE_RESTRICTED}\n`.repeat(1000));
    const input = openSync(path, 'r');
    const output = openSync(path, 'a');
    try {
      const r = spawnSync(process.execPath, [CLI, '--format', 'ndjson'], { cwd: dir, env: childEnv(), stdio: [input, output, 'pipe'], encoding: 'utf8', timeout: 20_000 });
      expect(r.stderr).toBe('cti-logscan: <stdin>: input file is also the output: it is not read\n');
      expect(r.status).toBe(2);
    } finally {
      closeSync(input);
      closeSync(output);
    }
    const report = lastReport(path);
    expect(report.inputs).toMatchObject({ files: 0, errors: [{ file: '<stdin>', message: 'input file is also the output: it is not read' }] });
    expect(linesOf(readFileSync(path, 'utf8'))).toHaveLength(1001); // the lines, and the summary
  });

  it('an --output file longer than the report is replaced whole', async () => {
    const dir = setUp('out.ndjson');
    writeFile(join(dir, 'report.txt'), 'x'.repeat(100_000));
    const result = await runCli(['--format', 'json', '-o', 'report.txt', 'a.log'], { cwd: dir });
    expect(result.code).toBe(1);
    expect(counts(parseReport(readFileSync(join(dir, 'report.txt'), 'utf8')))).toEqual({ [LINE_RESTRICTED]: 2 });
  });

  it('--output into the scanned directory: listed as skipped (its hit events are not read back)', async () => {
    const dir = setUp('hits.ndjson');
    const result = await runCli(['--format', 'ndjson', '--output', 'hits.ndjson', '.'], { cwd: dir });
    expect(result).toMatchObject({ code: 1, stdout: '', stderr: '' });
    const report = lastReport(join(dir, 'hits.ndjson'));
    expect(report.inputs.skipped).toEqual([{ file: 'hits.ndjson', reason: 'the output of this run' }]);
    expect(counts(report)).toEqual({ [LINE_RESTRICTED]: 2 });
  });
});

// ---------------------------------------------------------------------------------------------
// 3. Encodings
// ---------------------------------------------------------------------------------------------

describe('encodings', () => {
  it('UTF-16LE with a byte-order mark (and CRLF): transcoded; right lines; a surrogate pair does not disturb', async () => {
    const file = join(FIXTURES, 'tsp-utf16le.txt');
    const result = await runCli(['--format', 'ndjson', file]);
    const { hits, summary } = parseNdjson(result.stdout);
    expect(hits.map((h) => [h.line, h.code, h.time])).toEqual([
      [2, LINE_RESTRICTED, '2026-03-14T07:32:38.650'],
      [3, DEVICE_RESTRICTED, '2026-03-14T07:32:39.002'],
    ]);
    expect(hits[1].text).toBe('2026-03-14 07:32:39,002 DEBUG [0x00001a2c] CiscoTSP001: 😀 surrogate pair before a code: CTIERR_DEVICE_RESTRICTED');
    expect(summary.inputs.lines).toBe(4);
    expect(summary.codes.map((c) => c.code).sort()).toEqual([DEVICE_RESTRICTED, LINE_RESTRICTED]);
  });

  it('UTF-16BE with a byte-order mark: a code in a JTAPI continuation line takes its entry time', async () => {
    const { report } = await runJson(['--year', '2026', join(FIXTURES, 'jtapi-utf16be.log')]);
    expect(codeOf(report, 'CTIERR_LOGIN_FAILED_ACCOUNT_LOCKED').firstSeen).toEqual({ time: '2026-03-14T07:09:03.121', file: join(FIXTURES, 'jtapi-utf16be.log'), line: 2 });
    expect(report.inputs.lines).toBe(3);
  });

  it('UTF-16 inside gzip, and on standard input', async () => {
    const utf16 = readFileSync(join(FIXTURES, 'tsp-utf16le.txt'));
    const file = writeFile(join(temp.make(), 'tsp.txt.gz'), gzipSync(utf16));
    for (const [args, options] of [[[file], {}], [['-'], { input: utf16 }]] as const) {
      const { report } = await runJson(args, options);
      expect(report.codes.map((c) => [c.code, c.firstSeen.line])).toEqual([
        [DEVICE_RESTRICTED, 3],
        [LINE_RESTRICTED, 2],
      ]);
    }
  });

  it('UTF-16 without a byte-order mark is read as bytes: its codes are not found (documented)', async () => {
    const file = writeFile(join(temp.make(), 'nobom.log'), Buffer.from(`x ${LINE_RESTRICTED}\n`, 'utf16le'));
    const { report } = await runJson([file]);
    expect(report.codes).toEqual([]);
  });

  it('a UTF-8 byte-order mark does not hide the SDL FileHead date of line 1', async () => {
    const sdl = readFileSync(join(SAMPLES, SDL, 'SDL001_200_000412.txt'));
    const file = writeFile(join(temp.make(), 'bom.txt'), Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), sdl]));
    const { report } = await runJson([file]);
    expect(codeOf(report, LINE_RESTRICTED).firstSeen).toEqual({ time: '2026-03-14T07:41:03.019-05:00', file, line: 30 });
  });

  it('Latin-1 bytes next to codes neither stop a match nor move a line', async () => {
    const file = join(FIXTURES, 'latin1.log');
    const { hits, summary } = await hitsOf([file]);
    expect(hits).toEqual([`${file}:2:${LINE_RESTRICTED}`, `${file}:3:${DEVICE_RESTRICTED}`]);
    expect(summary.inputs.lines).toBe(3);
  });
});

// ---------------------------------------------------------------------------------------------
// 4. gzip: damage, trailing bytes, several members
// ---------------------------------------------------------------------------------------------

describe('gzip', () => {
  let dir: string;
  beforeAll(() => {
    dir = temp.make();
  });

  it('concatenated members (gzip a; gzip b; cat): every member is read, lines run on', async () => {
    const file = writeFile(join(dir, 'joined.log.gz'), Buffer.concat([gzipSync(`a\n${LINE_RESTRICTED}\n`), gzipSync(''), gzipSync(`b\nc\n${DEVICE_RESTRICTED}\n`)]));
    const { hits, summary, result } = await hitsOf([file]);
    expect(hits).toEqual([`${file}:2:${LINE_RESTRICTED}`, `${file}:5:${DEVICE_RESTRICTED}`]);
    expect(summary.inputs).toMatchObject({ lines: 5, warnings: [], errors: [] });
    expect(result.code).toBe(1);
  });

  it('bytes after the last member: every member is read, then a warning (not an error): the exit is the codes\'', async () => {
    const file = writeFile(join(dir, 'trailing.log.gz'), Buffer.concat([gzipSync(`a\n${LINE_RESTRICTED}\n`), gzipSync(`${DEVICE_RESTRICTED}\n`), Buffer.from('RTMT appended this\n')]));
    const { report, result } = await runJson([file]);
    expect(counts(report)).toEqual({ [LINE_RESTRICTED]: 1, [DEVICE_RESTRICTED]: 1 });
    expect(report.inputs.warnings).toEqual([{ file, message: 'bytes after the last gzip member are not gzip data: ignored (every member before them was scanned)' }]);
    expect(report.inputs.errors).toEqual([]);
    expect(linesOf(result.stderr)).toEqual([`cti-logscan: ${file}: warning: ${report.inputs.warnings[0].message}`]);
    expect(result.code).toBe(1);
  });

  it('zero padding after the last member is not even a warning', async () => {
    const file = writeFile(join(dir, 'padded.log.gz'), Buffer.concat([gzipSync(`${LINE_RESTRICTED}\n`), Buffer.alloc(512)]));
    const { report } = await runJson([file]);
    expect(report.inputs).toMatchObject({ lines: 1, warnings: [], errors: [] });
  });

  it('damage: every line that inflates before it counts, exactly once; one error line with the offset; exit 2', async () => {
    // 20,000 lines, a code every 500; the damage sits ~60% in: the codes before it all count.
    const codes: Record<number, string> = {};
    for (let i = 500; i <= 20_000; i += 500) codes[i] = LINE_RESTRICTED;
    const gz = gzipSync(numberedLines(20_000, codes));
    const at = Math.floor(gz.length * 0.6);
    const file = writeFile(join(dir, 'damaged.log.gz'), damage(gz, at));
    const good = writeFile(join(dir, 'other.log'), `${DEVICE_RESTRICTED}\n`);
    const { hits, summary, result } = await hitsOf([file, good]);
    const lines = hits.filter((h) => h.startsWith(file)).map((h) => Number(h.split(':')[1]));
    // Every code up to the last line read, each once, none beyond it.
    expect(lines.length).toBeGreaterThan(10);
    expect(lines).toEqual(Object.keys(codes).map(Number).filter((n) => n <= lines[lines.length - 1]));
    expect(summary.inputs.errors).toHaveLength(1);
    const { message } = summary.inputs.errors[0];
    expect(message).toMatch(/^corrupt gzip data \(.+\) at byte (\d+) of the compressed stream$/);
    expect(Number(/at byte (\d+)/.exec(message)![1])).toBeGreaterThanOrEqual(at);
    expect(linesOf(result.stderr)).toEqual([`cti-logscan: ${file}: ${message}`]);
    expect(hits).toContain(`${good}:1:${DEVICE_RESTRICTED}`);
    expect(result.code).toBe(2);
  });

  it('a small gzip whose damage follows a flushed block: the line before it counts (nothing is lost with the failing write)', async () => {
    const header = Buffer.from([0x1f, 0x8b, 8, 0, 0, 0, 0, 0, 0, 3]);
    const body = deflateRawSync(`before ${DEVICE_RESTRICTED}\n`, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
    const file = writeFile(join(dir, 'half.log.gz'), Buffer.concat([header, body, Buffer.from('garbage garbage garbage')]));
    for (const [args, options] of [[[file], {}], [['-'], { input: readFileSync(file) }]] as const) {
      const { report, result } = await runJson(args, options);
      expect(counts(report)).toEqual({ [DEVICE_RESTRICTED]: 1 });
      expect(report.inputs.errors).toEqual([{ file: args[0] === '-' ? '<stdin>' : file, message: `corrupt gzip data (invalid block type) at byte ${header.length + body.length} of the compressed stream` }]);
      expect(result.code).toBe(2);
    }
  });

  it('on standard input too: trailing bytes are a warning and damage keeps the lines before it', async () => {
    const trailing = Buffer.concat([gzipSync(`${LINE_RESTRICTED}\n`), Buffer.from('junk')]);
    const { report } = await runJson(['-'], { input: trailing });
    expect(report.inputs.warnings.map((w) => w.file)).toEqual(['<stdin>']);
    expect(counts(report)).toEqual({ [LINE_RESTRICTED]: 1 });
  });

  it('a line of hundreds of MB (300 MB, gzip): codes at its start, middle and end count one line each', async () => {
    const file = join(dir, 'long-line.log.gz');
    const out = createWriteStream(file);
    const gz = createGzip({ level: 1 });
    gz.pipe(out);
    const fill = Buffer.alloc(1 << 20, 'a b ');
    const write = async (chunk: Buffer | string): Promise<void> => {
      if (!gz.write(chunk)) await once(gz, 'drain');
    };
    await write(`start ${LINE_RESTRICTED} `);
    for (let i = 0; i < 150; i++) await write(fill);
    await write(' middle 0x8ccc00d2 ');
    for (let i = 0; i < 150; i++) await write(fill);
    gz.end(' end CONFERENCE_FULL\nsecond line\n');
    await once(out, 'finish');
    const run = existsSync(TIME_BIN) ? await runCliMeasured(['--format', 'json', file]) : { ...(await runCli(['--format', 'json', file])), maxRssKiB: 0 };
    const report = parseReport(run.stdout);
    expect(report.inputs.lines).toBe(2);
    expect(report.inputs.bytes).toBe(300 * (1 << 20) + `start ${LINE_RESTRICTED} `.length + ' middle 0x8ccc00d2 '.length + ' end CONFERENCE_FULL\nsecond line\n'.length);
    expect(report.codes.map((c) => [c.code, c.count, c.firstSeen.line])).toEqual([
      ['CONFERENCE_FULL', 1, 1],
      [DEVICE_RESTRICTED, 1, 1],
      [LINE_RESTRICTED, 1, 1],
    ]);
    expect(run.maxRssKiB).toBeLessThan(150 * 1024);
    rmSync(file);
  });
});

// ---------------------------------------------------------------------------------------------
// 5. Paths that fail
// ---------------------------------------------------------------------------------------------

/** Runs the CLI as `uid` (root only: a user whom permissions apply to), gathering its output. */
function runAs(uid: number | null, args: readonly string[], cwd: string): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: childEnv(), stdio: ['ignore', 'pipe', 'pipe'], ...(uid === null ? {} : { uid, gid: uid }) });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
}

describe('paths that fail', () => {
  if (!PERMISSIONS_TESTABLE) {
    console.warn(`inputs.test.ts: running as root and unable to run the program as uid ${NOBODY}: the permission cases are skipped`);
  }

  it.skipIf(!PERMISSIONS_TESTABLE)('a directory and a file without permission: one line each, everything else counted, exit 2', async () => {
    const dir = temp.make();
    chmodSync(dir, 0o755);
    writeFile(join(dir, 'logs', 'ok.log'), `${LINE_RESTRICTED}\n`);
    writeFile(join(dir, 'logs', 'locked', 'inside.log'), `${LINE_RESTRICTED}\n`);
    writeFile(join(dir, 'logs', 'secret.log'), `${DEVICE_RESTRICTED}\n`);
    chmodSync(join(dir, 'logs'), 0o755);
    chmodSync(join(dir, 'logs', 'ok.log'), 0o644);
    chmodSync(join(dir, 'logs', 'locked'), 0o000);
    chmodSync(join(dir, 'logs', 'secret.log'), 0o000);
    try {
      const result = await runAs(IS_ROOT ? NOBODY : null, ['--format', 'json', 'logs'], dir);
      const report = parseReport(result.stdout);
      expect(report.inputs.errors).toEqual([
        { file: 'logs/locked', message: 'Permission denied' },
        { file: 'logs/secret.log', message: 'Permission denied' },
      ]);
      expect(linesOf(result.stderr)).toEqual(['cti-logscan: logs/locked: Permission denied', 'cti-logscan: logs/secret.log: Permission denied']);
      expect(report.inputs.files).toBe(1);
      expect(counts(report)).toEqual({ [LINE_RESTRICTED]: 1 });
      expect(result.code).toBe(2);
    } finally {
      chmodSync(join(dir, 'logs', 'locked'), 0o755);
    }
  });

  it('a file that vanishes between listing and reading: one line, the rest counted, exit 2', async () => {
    // One job, so inputs are read in order, and standard input ("<stdin>") sorts first: the test
    // holds it open, sees its hit, removes the other files, then lets the scan go on to them.
    const dir = temp.make();
    const victims = [writeFile(join(dir, 'z.log'), `${DEVICE_RESTRICTED}\n`), writeFile(join(dir, 'z.zip'), makeZip([{ name: 'm.log', content: `${DEVICE_RESTRICTED}\n` }]))];
    const child = spawn(process.execPath, [CLI, '--format', 'ndjson', '--jobs', '1', '-', 'z.log', 'z.zip'], { cwd: dir, env: childEnv(), stdio: ['pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      if (stdout === '') {
        for (const victim of victims) unlinkSync(victim);
        child.stdin.end(`last ${LINE_RESTRICTED}\n`);
      }
      stdout += d;
    });
    child.stdin.write(`first ${LINE_RESTRICTED}\n`);
    const [code] = (await once(child, 'close')) as [number];
    const { hits, summary } = parseNdjson(stdout);
    expect(hits.map((h) => `${h.file}:${h.line}`)).toEqual(['<stdin>:1', '<stdin>:2']);
    expect(summary.inputs.errors).toEqual([
      { file: 'z.log', message: 'No such file or directory' },
      { file: 'z.zip!m.log', message: 'No such file or directory' },
    ]);
    expect(stderr).toBe('cti-logscan: z.log: No such file or directory\ncti-logscan: z.zip!m.log: No such file or directory\n');
    expect(summary.inputs.files).toBe(3);
    expect(code).toBe(2);
  });

  it('a name listed in a directory that cannot be opened (a link whose target is gone): one line, exit 2', async () => {
    const dir = temp.make();
    writeFile(join(dir, 'logs', 'ok.log'), `${LINE_RESTRICTED}\n`);
    symlinkSync('rotated-away.log', join(dir, 'logs', 'current.log'));
    const { report, result } = await runJson(['logs'], { cwd: dir });
    expect(report.inputs.errors).toEqual([{ file: 'logs/current.log', message: 'No such file or directory' }]);
    expect(linesOf(result.stderr)).toEqual(['cti-logscan: logs/current.log: No such file or directory']);
    expect(counts(report)).toEqual({ [LINE_RESTRICTED]: 1 });
    expect(result.code).toBe(2);
  });

  it('a symbolic link loop named as input: one line (not a hang), the rest counted, exit 2', async () => {
    const dir = temp.make();
    symlinkSync('b', join(dir, 'a'));
    symlinkSync('a', join(dir, 'b'));
    writeFile(join(dir, 'ok.log'), `${LINE_RESTRICTED}\n`);
    const { report, result } = await runJson(['a', 'ok.log'], { cwd: dir });
    expect(report.inputs.errors).toEqual([{ file: 'a', message: 'Too many levels of symbolic links' }]);
    expect(linesOf(result.stderr)).toEqual(['cti-logscan: a: Too many levels of symbolic links']);
    expect(report.inputs.files).toBe(1);
    expect(result.code).toBe(2);
  });

  it('a FIFO or a device named as input: refused with a message, never read (no hang on a FIFO without writer, none on /dev/zero)', async () => {
    const dir = temp.make();
    await runCommand('mkfifo', [join(dir, 'pipe')]);
    writeFile(join(dir, 'ok.log'), `${LINE_RESTRICTED}\n`);
    const { report, result } = await runJson(['pipe', '/dev/zero', 'ok.log'], { cwd: dir });
    expect(report.inputs.errors).toEqual([
      { file: 'pipe', message: 'not a regular file (a FIFO): it is not read' },
      { file: '/dev/zero', message: 'not a regular file (a device): it is not read' },
    ]);
    expect(linesOf(result.stderr)).toHaveLength(2);
    expect(report.inputs.files).toBe(1);
    expect(result.code).toBe(2);
  });

  it.skipIf(!existsSync(SCRIPT_BIN))('no input at all, and standard input a terminal (nothing piped): a usage error, exit 64', async () => {
    const result = await runCommand(SCRIPT_BIN, ['-qec', `"${process.execPath}" "${CLI}" --format json`, '/dev/null']);
    expect(result.stdout.replace(/\r/g, '')).toBe("cti-logscan: no inputs (name files, directories or globs, or pipe a log in)\nTry 'cti-logscan --help' for more information.\n");
    expect(result.code).toBe(64);
  });

  it.skipIf(!existsSync(BASH))('a real `| head -n 1`: the program ends quietly when the reader goes', async () => {
    const dir = temp.make();
    writeFile(join(dir, 'many.log'), `x ${LINE_RESTRICTED}\n`.repeat(100_000));
    const script = `"${process.execPath}" "${CLI}" --format ndjson many.log | head -n 1; echo "status=\${PIPESTATUS[0]}" >&2`;
    const result = await runCommand(BASH, ['-c', script], { cwd: dir });
    expect(JSON.parse(result.stdout)).toMatchObject({ type: 'hit', line: 1 });
    expect(result.stderr).not.toMatch(STACK_TRACE);
    expect(result.stderr).toMatch(/^status=[01]\n$/);
  });
});

describe('--output that cannot be written', () => {
  let input: string;
  beforeAll(() => {
    input = writeFile(join(temp.make(), 'in.log'), `${LINE_RESTRICTED}\n`);
  });

  it.skipIf(!existsSync('/dev/full'))('a full disk (/dev/full): one line, exit 2, nothing on standard output', async () => {
    const result = await runCli(['--format', 'json', '--output', '/dev/full', input]);
    expect(result.stderr).toBe('cti-logscan: /dev/full: No space left on device\n');
    expect(result.stdout).toBe('');
    expect(result.code).toBe(2);
  });

  it('a directory, or a path through a file: one line each, exit 2', async () => {
    const dir = temp.make();
    const asDir = await runCli(['--output', dir, input]);
    expect(asDir.stderr).toBe(`cti-logscan: ${dir}: Is a directory\n`);
    expect(asDir.code).toBe(2);
    const through = join(input, 'report.txt');
    const asFile = await runCli(['--output', through, input]);
    expect(asFile.stderr).toBe(`cti-logscan: ${through}: not a directory\n`);
    expect(asFile.code).toBe(2);
  });

  it.skipIf(!PERMISSIONS_TESTABLE)('a file the user may not write: one line, exit 2', async () => {
    const dir = temp.make();
    chmodSync(dir, 0o755);
    const readOnly = writeFile(join(dir, 'report.json'), '');
    chmodSync(readOnly, 0o444);
    const copy = writeFile(join(dir, 'in.log'), readFileSync(input));
    chmodSync(copy, 0o644);
    const result = await runAs(IS_ROOT ? NOBODY : null, ['--format', 'json', '--output', 'report.json', 'in.log'], dir);
    expect(result.stderr).toBe('cti-logscan: report.json: Permission denied\n');
    expect(result.stdout).toBe('');
    expect(result.code).toBe(2);
    expect(statSync(readOnly).size).toBe(0);
  });

  it('--write-baseline into a missing directory: one line, exit 2, the report still printed', async () => {
    const target = join(temp.make(), 'missing', 'baseline.json');
    const result = await runCli(['--format', 'json', '--write-baseline', target, input]);
    expect(parseReport(result.stdout).exitCode).toBe(1);
    expect(result.stderr).toBe(`cti-logscan: ${target}: No such file or directory\n`);
    expect(result.code).toBe(2);
  });
});
