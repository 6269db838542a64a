// Small file system calls made synchronously while the file system is fast (file-calls.ts): when
// they turn to the thread pool, and that listing and reading give the same answers either way.

import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdirSync, symlinkSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { noteFileCall, resetFileCalls, SMALL_FILE, smallFileChunks, synchronousFileCalls, turnDue } from '../../src/input/file-calls.js';
import { expandInputs, readSource, type Source, type SourceOutcome } from '../../src/input/index.js';
import { TempDirs } from '../helpers/cli.js';

const temp = new TempDirs();
const makeDir = (): string => temp.make('cti-logscan-calls-');
afterAll(() => temp.cleanup());
afterEach(() => resetFileCalls(true));

async function readWithChunks(source: Source): Promise<{ text: string; outcome: SourceOutcome; bytesRead: number; chunks: number }> {
  const chunks: Buffer[] = [];
  let bytesRead = 0;
  const outcome = await readSource(source, { stdin: Readable.from([]), onRead: (n) => (bytesRead += n) }, (chunk) => chunks.push(Buffer.from(chunk)));
  return { text: Buffer.concat(chunks).toString('latin1'), outcome, bytesRead, chunks: chunks.length };
}
async function read(source: Source): Promise<{ text: string; outcome: SourceOutcome; bytesRead: number }> {
  const { chunks: _, ...rest } = await readWithChunks(source);
  return rest;
}

describe('when calls turn to the thread pool', () => {
  it('not for a few slow calls among fast ones (a busy machine holds a thread up now and then)', () => {
    resetFileCalls(true);
    for (let i = 0; i < 200; i++) noteFileCall(i % 10 === 0 ? 40 : 0.01);
    expect(synchronousFileCalls()).toBe(true);
  });

  it('gives the event loop a turn once synchronous calls have held it for 10 ms', async () => {
    await turnDue(); // whatever is due now
    const start = performance.now();
    while (performance.now() - start < 11); // 11 ms of synchronous work
    let turned = false;
    setImmediate(() => (turned = true));
    const turn = turnDue();
    expect(turn).not.toBeNull();
    await turn;
    expect(turned).toBe(true);
    expect(turnDue()).toBeNull(); // just had one
  });

  it('once a quarter of the calls are slow, after 32 calls at least', () => {
    resetFileCalls(true);
    for (let i = 0; i < 31; i++) noteFileCall(2);
    expect(synchronousFileCalls()).toBe(true); // too few calls to judge
    noteFileCall(2);
    expect(synchronousFileCalls()).toBe(false);
    resetFileCalls(true);
    for (let i = 0; i < 64; i++) noteFileCall(i % 3 === 0 ? 0.8 : 0.05); // a third slow
    expect(synchronousFileCalls()).toBe(false);
  });
});

describe.each([
  ['synchronous calls', true],
  ['calls through the thread pool', false],
])('with %s', (_, sync) => {
  it('a directory lists the same: sorted, skips by name and by bytes, zip members, errors in order, a linked file once', async () => {
    const dir = makeDir();
    for (let i = 0; i < 40; i++) writeFileSync(join(dir, `f${String(i).padStart(2, '0')}.log`), `line ${i}\n`);
    writeFileSync(join(dir, 'a.png'), 'png');
    writeFileSync(join(dir, 'elf.bin'), Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0]));
    writeFileSync(join(dir, 'bundle.zip'), Buffer.from('PK\x05\x06'.padEnd(22, '\0'), 'latin1')); // an empty zip
    symlinkSync('gone.rotated', join(dir, 'e-gone.log'));
    symlinkSync('f07.log', join(dir, 'a-link.log'));
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'x.txt'), 'x');
    resetFileCalls(sync);
    const { sources, errors } = await expandInputs([dir], null);
    expect(synchronousFileCalls()).toBe(sync);
    const names = Array.from({ length: 40 }, (_, i) => `f${String(i).padStart(2, '0')}.log`).filter((n) => n !== 'f07.log');
    expect(sources.map((s) => [s.display.slice(dir.length + 1), s.skip ?? null, s.size])).toEqual([
      ['a-link.log', null, 7],
      ['a.png', 'not a log: an image (.png)', 3],
      ['elf.bin', null, 8], // its bytes are looked at when it is read
      ...names.map((n) => [n, null, n === 'f10.log' || Number(n.slice(1, 3)) >= 10 ? 8 : 7]),
      ['sub/x.txt', null, 1],
    ]);
    expect(errors).toEqual([{ file: join(dir, 'e-gone.log'), message: 'No such file or directory' }]);
    expect((await read(sources.find((s) => s.display.endsWith('elf.bin'))!)).outcome.skipped).toMatch(/^not a log/);
  });

  it('a small file is read whole, plain or gzip, with its bytes counted once for progress', async () => {
    const dir = makeDir();
    const text = Array.from({ length: 300 }, (_, i) => `line ${i} CTIERR_TIMEOUT\n`).join('');
    writeFileSync(join(dir, 'p.log'), text);
    writeFileSync(join(dir, 'p.log.gz'), gzipSync(text));
    resetFileCalls(sync);
    const [plain, gz] = (await expandInputs([join(dir, 'p.log'), join(dir, 'p.log.gz')], null)).sources;
    expect(plain.size).toBeLessThanOrEqual(SMALL_FILE);
    expect(await read(plain)).toEqual({ text, outcome: { warning: null, error: null, skipped: null }, bytesRead: text.length });
    const zipped = await read(gz);
    expect(zipped.text).toBe(text);
    expect(zipped.bytesRead).toBe(gz.size);
  });

  it('a small file that changed since it was listed: grown, shrunk, emptied, gone, made a directory', async () => {
    const dir = makeDir();
    const names = ['grown', 'shrunk', 'emptied', 'gone', 'dir', 'fifo', 'was-empty'];
    for (const name of names) writeFileSync(join(dir, name), name === 'was-empty' ? '' : 'first line\n');
    resetFileCalls(sync);
    const sources = (await expandInputs(names.map((n) => join(dir, n)), null)).sources;
    appendFileSync(join(dir, 'grown'), 'x'.repeat(3 * SMALL_FILE) + '\nlast line\n');
    appendFileSync(join(dir, 'was-empty'), 'y'.repeat(4 << 20));
    unlinkSync(join(dir, 'fifo'));
    expect(spawnSync('mkfifo', [join(dir, 'fifo')]).status).toBe(0); // no writer: reading it would wait
    truncateSync(join(dir, 'shrunk'), 5);
    truncateSync(join(dir, 'emptied'), 0);
    unlinkSync(join(dir, 'gone'));
    unlinkSync(join(dir, 'dir'));
    mkdirSync(join(dir, 'dir'));
    const got = await Promise.all(sources.map((s) => read(s)));
    const byName = Object.fromEntries(got.map((g, i) => [sources[i].display.slice(dir.length + 1), g]));
    const ok = { warning: null, error: null, skipped: null };
    expect(byName.grown.text).toBe(`first line\n${'x'.repeat(3 * SMALL_FILE)}\nlast line\n`);
    expect(byName.grown.outcome).toEqual(ok);
    expect(byName.shrunk).toEqual({ text: 'first', outcome: ok, bytesRead: 5 });
    expect(byName.emptied).toEqual({ text: '', outcome: ok, bytesRead: 0 });
    expect(byName.gone.outcome).toEqual({ warning: null, error: 'No such file or directory', skipped: null });
    expect(byName.dir.outcome).toEqual({ warning: null, error: 'Is a directory', skipped: null });
    expect(byName.fifo.outcome).toEqual({ warning: null, error: 'not a regular file (a FIFO)', skipped: null });
    // Listed empty, 4 MiB by the time it is read: in large reads, not a byte at a time.
    const grown = await readWithChunks(sources.find((s) => s.display.endsWith('was-empty'))!);
    expect(grown.bytesRead).toBe(4 << 20);
    expect(grown.chunks).toBeLessThanOrEqual(8);
  });

  it('a small file is not read once closed (its descriptor may be another file\'s by then)', async () => {
    const dir = makeDir();
    writeFileSync(join(dir, 'a.log'), 'abc\n');
    resetFileCalls(sync);
    const file = smallFileChunks(join(dir, 'a.log'), 0, 4, () => {});
    expect((await file.pull())?.toString()).toBe('abc\n');
    file.close();
    await expect(file.pull()).rejects.toThrow('read after close');
  });
});
