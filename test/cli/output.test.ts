// Where a command's report goes (commands/output.ts): writes are gathered into fewer, larger ones,
// and everything written arrives whole and in order by the time the output is closed.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/commands/command.js';
import { openOutput } from '../../src/cli/output.js';
import { TempDirs } from '../helpers/cli.js';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

/** An Io whose standard output is recorded write by write. */
function recordingIo(): { io: Io; writes: string[] } {
  const writes: string[] = [];
  const stdout = new PassThrough();
  stdout.on('data', (chunk: Buffer) => writes.push(chunk.toString()));
  const io: Io = { stdin: new PassThrough(), stdout, stderr: new PassThrough(), stdoutFile: null, stdinFile: null, stdinGiven: false, env: {}, cwd: '.', onStop: () => {} };
  return { io, writes };
}

/** 20,000 numbered lines, 200 KB in all: three batches and a rest. */
const lines = Array.from({ length: 20_000 }, (_, i) => `{"type":"hit","line":${i}}\n`);

describe('openOutput', () => {
  it('to standard output: all of it, in order, in a few writes; a write after a turn of the event loop too', async () => {
    const { io, writes } = recordingIo();
    const out = openOutput(null, io);
    for (const line of lines.slice(0, 10_000)) out.write(line);
    await new Promise((resolve) => setImmediate(resolve));
    for (const line of lines.slice(10_000)) out.write(line);
    await out.close();
    expect(writes.join('')).toBe(lines.join(''));
    expect(writes.length).toBeLessThan(100); // not a write a line
  });

  it('a lone write is not held for the next one: it goes out by the end of the turn', async () => {
    const { io, writes } = recordingIo();
    const out = openOutput(null, io);
    out.write('one\n');
    expect(writes).toEqual([]);
    await new Promise((resolve) => setImmediate(resolve));
    await new Promise((resolve) => setImmediate(resolve));
    expect(writes).toEqual(['one\n']);
    await out.close();
  });

  it('to a file (--output): all of it, in order', async () => {
    const path = join(temp.make('cti-logscan-output-'), 'report.ndjson');
    const out = openOutput(path, recordingIo().io);
    for (const line of lines) out.write(line);
    await out.close();
    expect(readFileSync(path, 'utf8')).toBe(lines.join(''));
  });
});
