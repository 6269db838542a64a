// The sources stage in-process: what is read and what is skipped (by name, by bytes), reading a
// source whatever the chunks it arrives in (a property over whole reports), and damage to a gzip
// at any byte (a property: exactly what inflates before the damage is given, once).

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { constants as zlibConstants, gzipSync, gunzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { loadBundledCatalog, planMatches } from '../../src/catalog/catalog.js';
import { buildMatcher } from '../../src/match/matcher.js';
import { buildPolicy } from '../../src/report/policy.js';
import { buildReport } from '../../src/report/build-report.js';
import { renderJson } from '../../src/reporters/json.js';
import { DEFAULT_COUNTING } from '../../src/batch/scan-file.js';
import { scanSources } from '../../src/batch/scan-sources.js';
import type { ScanSetup } from '../../src/batch/types.js';
import { expandInputs, readSource, skipReasonByContent, skipReasonByName, type Source, type SourceOutcome } from '../../src/input/index.js';
import { compareStrings } from '../../src/types.js';
import type { Hit } from '../../src/types.js';
import { makeZip } from '../helpers/zip.js';

const dirs: string[] = [];
const makeDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), 'cti-logscan-sources-'));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const STDIN: Source = { display: '<stdin>', path: null, mtimeMs: null };

/** Standard input that gives these chunks (copied: a stream hands over fresh buffers). */
const stdinOf = (chunks: readonly Buffer[]): Readable => Readable.from(chunks.map((c) => Buffer.from(c)));

/** Cuts `bytes` into pieces of the given sizes, repeated. */
function cut(bytes: Buffer, sizes: readonly number[]): Buffer[] {
  const out: Buffer[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const size = Math.max(1, sizes[i % sizes.length]);
    out.push(bytes.subarray(at, at + size));
    at += size;
  }
  return out;
}

async function read(source: Source, stdin: Readable = stdinOf([])): Promise<{ text: Buffer; outcome: SourceOutcome }> {
  const chunks: Buffer[] = [];
  const outcome = await readSource(source, { stdin }, (chunk) => chunks.push(Buffer.from(chunk)));
  return { text: Buffer.concat(chunks), outcome };
}

// ---------------------------------------------------------------------------------------------
// What is not a log
// ---------------------------------------------------------------------------------------------

describe('skipReasonByName: files found in a directory, by a glob or in an archive', () => {
  const rows: Array<[string, string | null]> = [
    ['SDL001_200_000412.txt', null],
    ['SDL001_200_000413.txt.gz', null],
    ['SDL001_200_000414.txt.gzo', null],
    ['CiscoJtapi1.log', null],
    ['app.log.1', null],
    ['messages', null],
    ['TSP001Debug000123.TXT', null],
    ['cucm/SDL001_200.index', 'not a log: a trace index (.index)'],
    ['CiscoJtapi.INDEX', 'not a log: a trace index (.index)'],
    ['screen.PNG', 'not a log: an image (.png)'],
    ['photo.jpeg', 'not a log: an image (.jpeg)'],
    ['setup.exe', 'not a log: an executable or library (.exe)'],
    ['libcti.so.1.2', 'not a log: an executable or library (.so)'],
    ['jtapi.jar', 'not a log: an executable or library (.jar)'],
    ['logs.tar.gz', 'not a log: an archive of a type that is not read (.tar.gz)'],
    ['logs.tgz', 'not a log: an archive of a type that is not read (.tgz)'],
    ['logs.7z', 'not a log: an archive of a type that is not read (.7z)'],
    ['logs.tar.bz2.3', 'not a log: an archive of a type that is not read (.tar.bz2)'],
    ['trace.txt.xz', 'not a log: an archive of a type that is not read (.xz)'],
  ];
  it.each(rows)('%s -> %s', (name, reason) => {
    expect(skipReasonByName(name)).toBe(reason);
  });
});

describe('skipReasonByContent: the first (decompressed) bytes of a found file', () => {
  const bytes = (...b: number[]): Buffer => Buffer.from(b);
  const text = (t: string): Buffer => Buffer.from(t, 'latin1');
  const pe = Buffer.alloc(256);
  pe.write('MZ', 0);
  pe.writeUInt32LE(0x80, 0x3c);
  pe.write('PE\0\0', 0x80, 'latin1');
  const tar = Buffer.alloc(512);
  tar.write('ustar', 257);
  const rows: Array<[string, Buffer, string | null]> = [
    ['an SDL trace', text('30000001.000 |00:00:00.114 |FileHead |UTC:-05:00'), null],
    ['empty', Buffer.alloc(0), null],
    ['binary junk', bytes(0, 0, 0xff, 0xfe, 0x80), null],
    ['"MZ" text', text('MZ started the log'), null],
    ['"MZ" with a pointer past the bytes', Buffer.concat([text('MZ'), Buffer.alloc(62, 0x41)]), null],
    ['PNG', bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0), 'not a log: an image (PNG)'],
    ['JPEG', bytes(0xff, 0xd8, 0xff, 0xe1), 'not a log: an image (JPEG)'],
    ['GIF', text('GIF89a...'), 'not a log: an image (GIF)'],
    ['TIFF', text('II*\0....'), 'not a log: an image (TIFF)'],
    ['WebP', text('RIFF\x10\0\0\0WEBPVP8 '), 'not a log: an image (WebP)'],
    ['ELF', bytes(0x7f, 0x45, 0x4c, 0x46, 2), 'not a log: an executable (ELF)'],
    ['PE', pe, 'not a log: an executable (Windows PE)'],
    ['Mach-O', bytes(0xcf, 0xfa, 0xed, 0xfe, 7, 0), 'not a log: an executable (Mach-O)'],
    ['Java class', bytes(0xca, 0xfe, 0xba, 0xbe, 0, 0), 'not a log: an executable (Java class or Mach-O)'],
    ['7z', bytes(0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0), 'not a log: an archive of a type that is not read (7z)'],
    ['RAR', text('Rar!\x1a\x07\x01\x00'), 'not a log: an archive of a type that is not read (RAR)'],
    ['xz', bytes(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00, 0), 'not a log: an archive of a type that is not read (xz)'],
    ['bzip2', text('BZh91AY&SY\x01'), 'not a log: an archive of a type that is not read (bzip2)'],
    ['"BZh9" text', text('BZh9 is not enough'), null],
    ['zstd', bytes(0x28, 0xb5, 0x2f, 0xfd, 0), 'not a log: an archive of a type that is not read (zstd)'],
    ['tar', tar, 'not a log: an archive of a type that is not read (tar)'],
    ['zip', text('PK\x03\x04\x14\0'), 'not a log: a zip inside an archive or a gzip (extract the outer one first)'],
  ];
  it.each(rows)('%s', (_name, head, reason) => {
    expect(skipReasonByContent(head)).toBe(reason);
  });
});

describe('expandInputs', () => {
  it('sorts by display path; lists what is skipped among the sources; one source per real file', async () => {
    const dir = makeDir();
    writeFileSync(join(dir, 'b.log'), 'b');
    writeFileSync(join(dir, 'a.png'), 'a');
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'c.txt'), 'c');
    const { sources, errors } = await expandInputs([join(dir, 'sub', 'c.txt'), dir, join(dir, 'missing.log')], null);
    expect(sources.map((s) => [s.display.slice(dir.length), s.found ?? false, s.skip ?? null])).toEqual([
      ['/a.png', true, 'not a log: an image (.png)'],
      ['/b.log', true, null],
      ['/sub/c.txt', false, null],
    ]);
    expect(errors).toEqual([{ file: join(dir, 'missing.log'), message: 'No such file or directory' }]);
  });

  // A directory's entries are looked at many at once, then taken in order: the listing, its
  // errors and which of two names of one file is kept never depend on which answer came first.
  it('of a directory of many entries: sorted, errors in order, a linked file once under its first name', async () => {
    const dir = makeDir();
    const names = Array.from({ length: 120 }, (_, i) => `f${String(i).padStart(3, '0')}.log`);
    for (const name of names) writeFileSync(join(dir, name), name);
    for (const gone of ['e010.log', 'e050.log', 'e100.log']) symlinkSync(`${gone}.rotated`, join(dir, gone)); // targets gone
    symlinkSync('f100.log', join(dir, 'a-link.log')); // sorts before its target: kept under this name
    symlinkSync('f005.log', join(dir, 'g-link.log')); // sorts after it: the target's name is kept
    for (let run = 0; run < 3; run++) {
      const { sources, errors } = await expandInputs([dir], null);
      const expected = ['a-link.log', ...names.filter((n) => n !== 'f100.log')].map((n) => join(dir, n));
      expect(sources.map((s) => s.display)).toEqual(expected);
      expect(errors.map((e) => e.file)).toEqual(['e010.log', 'e050.log', 'e100.log'].map((n) => join(dir, n)));
    }
  });

  it('gives the work of compressed data: a gzip file about what it inflates to, a zip member what it does', async () => {
    const dir = makeDir();
    const text = 'CtiLineOpenReq Device=SEP1001 seq#=123457\n'.repeat(2000);
    writeFileSync(join(dir, 'plain.log'), text);
    writeFileSync(join(dir, 'packed.log.gz'), gzipSync(text));
    writeFileSync(join(dir, 'bundle.zip'), makeZip([{ name: 'm.log', content: text }, { name: 's.log', content: 'short\n', method: 0 }]));
    const { sources } = await expandInputs([dir], null);
    const gz = sources.find((s) => s.display.endsWith('.gz'))!;
    expect(sources.map((s) => [s.display.slice(dir.length + 1), s.work])).toEqual([
      ['bundle.zip!m.log', text.length],
      ['bundle.zip!s.log', 6],
      ['packed.log.gz', 4 * gz.size!],
      ['plain.log', undefined],
    ]);
  });

  it("'-' without a standard input to read gives no source", async () => {
    expect((await expandInputs(['-'], null)).sources).toEqual([]);
  });

  it('compareStrings orders by code unit, as the report does', () => {
    expect(['b', 'a!z', 'a', 'a'].sort(compareStrings)).toEqual(['a', 'a', 'a!z', 'b']);
    expect(compareStrings('x', 'x')).toBe(0);
  });
});

describe('readSource: standard input', () => {
  it('a standard input that gives strings (an encoding was set on it) is read as their UTF-8 bytes', async () => {
    const { text, outcome } = await read(STDIN, Readable.from(['a CONFERENCE_FULL\n', 'ü\n']));
    expect(text.toString('utf8')).toBe('a CONFERENCE_FULL\nü\n');
    expect(outcome).toEqual({ warning: null, error: null, skipped: null });
  });
});

// ---------------------------------------------------------------------------------------------
// Reading whatever the chunks: the whole report does not change
// ---------------------------------------------------------------------------------------------

const catalog = loadBundledCatalog();
const plan = planMatches(catalog, 'modern', true);
const matcher = buildMatcher({ patterns: plan.patterns, unknownNames: true, unknownHex: true });
const policy = buildPolicy({ allow: ['CONFERENCE_FULL'], max: {}, baseline: null, failOnUnknown: false }, catalog);

/** The JSON report and the hit events of scanning `stdin` as the one source, as the CLI would. */
async function scanStdin(stdin: Readable): Promise<{ report: string; hits: Hit[] }> {
  const hits: Hit[] = [];
  const setup: ScanSetup = { matcher, targets: plan.targets, tzOffsetMinutes: null, year: 2026, jobs: 1, stdin, wantHits: true, workerSpec: null, node: null, counting: DEFAULT_COUNTING };
  const totals = await scanSources([STDIN], setup, { hit: (hit) => hits.push(hit) });
  return { report: renderJson(buildReport(totals, { catalog, policy })), hits };
}

const LINES = [
  '30000001.000 |00:00:00.114 |FileHead |UTC:-05:00,Date: 2026/03/14, AppName: CTIManager, AppId: 200, HostName: cucmpub, FileNumber: 412, TraceVer: 3.0',
  '30412007.003 |07:32:38.647 |AppInfo  |[CTI-APP] CTI ProviderOpenCompletedEvent (seq#=2) error code=2362179701 description=Directory login failed - timeout',
  '30412007.004 |07:32:38.651 |AppInfo  |CtiProviderOpenFailure Reason code.:-1932787595 App ID:Cisco CTIManager',
  '30413110.000 |08:35:28.162 |SdlSig-I |CtiLineOpenLineRes |ready |CTIDeviceLineMgr(1,200,9,1) |[R:N-H:0] AsyncResponse=624 LH=1|145 Result=0x8ccc00d3',
  '30413110.001 |00:00:01.002 |AppInfo  |after midnight result=2362179794 CTIERR_DEVICE_RESTRICTED',
  '9372: Mar 14 07:09:03.121 PST %JTAPI-PROTOCOL-7-UNK:(P1-10.10.1.11) received Event: ProviderOpenCompletedEvent {',
  'reason = -1932787425',
  '}',
  '2026-03-14 08:14:27,674 ERROR [0x00002578] FailureResponse , result= 0x8ccc00d2 , ( CTIERR_DEVICE_RESTRICTED )',
  'Zürich: ünïcödé 😀 then CONFERENCE_FULL and CTIERR_NOT_IN_ANY_TABLE',
  'x'.repeat(3000) + ' CTIERR_ILLEGAL_CALLSTATE ' + 'y'.repeat(3000),
  '0x8CCC0299 unknown hex',
  '',
  '\r',
];

type Encoding = 'plain' | 'gzip' | 'utf16le' | 'utf16be' | 'gzip+utf16le';
function encode(text: string, encoding: Encoding): Buffer {
  const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  switch (encoding) {
    case 'plain':
      return Buffer.from(text, 'utf8');
    case 'gzip':
      return gzipSync(text);
    case 'utf16le':
      return utf16le;
    case 'utf16be':
      return Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from(text, 'utf16le').swap16()]);
    case 'gzip+utf16le':
      return gzipSync(utf16le);
  }
}

describe('property: cutting the input into any chunks never changes the report', () => {
  it('plain, gzip and UTF-16 input on standard input, in random chunks (1 byte and up)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom(...LINES), { minLength: 1, maxLength: 40 }),
        fc.constantFrom<Encoding>('plain', 'gzip', 'utf16le', 'utf16be', 'gzip+utf16le'),
        fc.constantFrom('\n', '\r\n'),
        fc.boolean(),
        fc.array(fc.integer({ min: 1, max: 700 }), { minLength: 1, maxLength: 8 }),
        async (lines, encoding, eol, finalNewline, sizes) => {
          const text = lines.join(eol) + (finalNewline ? eol : '');
          const bytes = encode(text, encoding);
          const whole = await scanStdin(stdinOf([bytes]));
          const chunked = await scanStdin(stdinOf(cut(bytes, sizes)));
          expect(chunked.report).toBe(whole.report);
          // Hit events too, text and all.
          expect(chunked.hits).toEqual(whole.hits);
          // And the report is the one of the same text given as plain UTF-8.
          if (encoding !== 'plain') {
            const plain = await scanStdin(stdinOf([Buffer.from(text, 'utf8')]));
            expect(JSON.parse(whole.report).codes).toEqual(JSON.parse(plain.report).codes);
          }
        },
      ),
      { numRuns: 300 },
    );
  });
  // Found by the property above, in src/match/lines.ts: the text of a hit never depends on chunking.
  const textOf = async (bytes: Buffer, sizes: number[]): Promise<string[]> => (await scanStdin(stdinOf(cut(bytes, sizes)))).hits.map((h) => h.text);
  it('a UTF-8 character split where the last chunk of a line begins is whole in the hit text', async () => {
    const bytes = Buffer.from('a 😀 b CONFERENCE_FULL\n', 'utf8');
    expect(await textOf(bytes, [4, 100])).toEqual(['a 😀 b CONFERENCE_FULL']);
  });
  it('the window around a hit in a line over TEXT_MAX does not depend on where chunks end', async () => {
    const bytes = Buffer.from(`${'x'.repeat(1500)} CONFERENCE_FULL ${'y'.repeat(1500)}\n`, 'utf8');
    expect(await textOf(bytes, [3, 1])).toEqual(await textOf(bytes, [bytes.length]));
  });
});

// ---------------------------------------------------------------------------------------------
// Damage to a gzip at any byte
// ---------------------------------------------------------------------------------------------

/**
 * What a gzip inflates to before its first bad byte, by an independent route: the longest prefix
 * of the stream that zlib decodes without error (found by bisection: decodable prefixes are
 * closed under shortening), decoded in one synchronous call.
 */
function inflatesBeforeDamage(gz: Buffer): Buffer {
  const decodes = (n: number): boolean => {
    try {
      gunzipSync(gz.subarray(0, n), { finishFlush: zlibConstants.Z_SYNC_FLUSH });
      return true;
    } catch {
      return false;
    }
  };
  let lo = 0;
  let hi = gz.length;
  if (decodes(hi)) return gunzipSync(gz, { finishFlush: zlibConstants.Z_SYNC_FLUSH });
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (decodes(mid)) lo = mid;
    else hi = mid;
  }
  return gunzipSync(gz.subarray(0, lo), { finishFlush: zlibConstants.Z_SYNC_FLUSH });
}

/** ~300 KB of varied log lines: several 64 KiB pieces of compressed input. */
function bigLog(seed: number): string {
  const out: string[] = [];
  let x = seed >>> 0 || 1;
  for (let i = 0; i < 6000; i++) {
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    out.push(`${String(i).padStart(8, '0')}.000 |07:${String((i / 60) % 60 | 0).padStart(2, '0')}:00.000 |AppInfo  |handle=${x.toString(16)} seq=${x % 9973} ${LINES[x % LINES.length].slice(0, 80)}`);
  }
  return out.join('\n') + '\n';
}

describe('property: damage at any byte of a gzip', () => {
  const dir = makeDir();
  it('gives exactly what inflates before it (once), then an error; from a file and from standard input', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 1, max: 1000 }), fc.double({ min: 0, max: 1, noNaN: true }), fc.integer({ min: 1, max: 40 }), fc.boolean(), async (seed, where, length, viaStdin) => {
        const gz = gzipSync(bigLog(seed));
        // Past the 10-byte header (damage there makes it another kind of file, not a damaged gzip).
        const at = 10 + Math.floor(where * (gz.length - 10 - 1));
        const damaged = Buffer.from(gz);
        for (let i = 0; i < length && at + i < damaged.length; i++) damaged[at + i] ^= 0x5a + i;
        const expected = inflatesBeforeDamage(damaged);
        let got: { text: Buffer; outcome: SourceOutcome };
        if (viaStdin) {
          got = await read(STDIN, stdinOf(cut(damaged, [4096, 70_000, 1])));
        } else {
          const file = join(dir, `damaged-${seed}.gz`);
          writeFileSync(file, damaged);
          // With its size known, a small file is read whole, synchronously (file-calls.ts).
          got = await read({ display: file, path: file, mtimeMs: 0, size: seed % 2 ? damaged.length : undefined });
        }
        expect(got.text.equals(expected)).toBe(true);
        // The damage shows: an error, or a warning when it reads as bytes after the last member.
        expect(got.outcome.error ?? got.outcome.warning).not.toBeNull();
      }),
      { numRuns: 40 },
    );
  });
});

describe('readSource: read buffers are reused, never while their bytes are still needed', () => {
  it('files read at once and again (buffers from the spares), plain and gzip, give exactly their bytes', async () => {
    const dir = makeDir();
    // A few MiB each, mostly incompressible: the gzip input spans several 1 MiB reads too.
    const random = (seed: number, size: number): Buffer => {
      const out = Buffer.alloc(size);
      let x = seed;
      for (let i = 0; i < size; i++) {
        x = (Math.imul(x, 1103515245) + 12345) >>> 0;
        out[i] = i % 97 === 96 ? 10 : 32 + ((x >>> 16) % 95);
      }
      return out;
    };
    const contents = [random(1, 3_500_000), random(2, 2_200_000), random(3, 5_000_000), random(4, 1_048_576)];
    const sources = contents.flatMap((bytes, i) => {
      writeFileSync(join(dir, `${i}.log`), bytes);
      writeFileSync(join(dir, `${i}.log.gz`), gzipSync(bytes, { level: 1 }));
      return [i, i].map((_, gz) => ({ display: `${i}${gz ? '.gz' : ''}`, path: join(dir, `${i}.log${gz ? '.gz' : ''}`), mtimeMs: 0 }) as Source);
    });
    for (let round = 0; round < 2; round++) {
      const results = await Promise.all(sources.map((source) => read(source)));
      results.forEach(({ text, outcome }, k) => {
        expect(outcome, sources[k].display).toEqual({ warning: null, error: null, skipped: null });
        expect(text.equals(contents[Math.floor(k / 2)]), sources[k].display).toBe(true);
      });
    }
  });
});

describe('readSource: failures', () => {
  it('a read error of standard input midway (after some of a gzip): its message, after what came before', async () => {
    const gz = gzipSync(bigLog(7));
    const failing = new Readable({
      read() {
        this.push(gz.subarray(0, 40_000));
        this.destroy(new Error('EIO: i/o error, read'));
      },
    });
    const { text, outcome } = await read(STDIN, failing);
    expect(outcome).toEqual({ warning: null, error: 'i/o error, read', skipped: null });
    expect(bigLog(7).startsWith(text.toString('utf8'))).toBe(true);
  });

  it('a path that is a directory by the time it is read: an error', async () => {
    const dir = makeDir();
    expect((await read({ display: 'd', path: dir, mtimeMs: 0 })).outcome).toEqual({ warning: null, error: 'Is a directory', skipped: null });
  });

  it('a gzip on standard input too big to keep for a replay: the lines before the damaged piece, and where it is', async () => {
    // Incompressible, so that the compressed stream passes the 16 MiB kept for a replay.
    const random = Buffer.alloc(17 * 1024 * 1024);
    let x = 12345;
    for (let i = 0; i < random.length; i += 4) {
      x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
      random.writeUInt32LE(x, i);
    }
    const gz = gzipSync(random, { level: 1 });
    const damaged = Buffer.from(gz);
    damaged.fill(0xff, gz.length - 1000, gz.length - 900);
    const { text, outcome } = await read(STDIN, stdinOf(cut(damaged, [1 << 20])));
    expect(outcome.error).toMatch(/^corrupt gzip data \(.+\) in bytes \d+-\d+ of the compressed stream$/);
    expect(random.subarray(0, text.length).equals(text)).toBe(true);
  });
});
