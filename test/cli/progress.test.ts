// The progress line: nothing for a short scan, then files done, MB read and MB/s, redrawn in place
// and cleared before any other message and at the end.

import { spawn, spawnSync } from 'node:child_process';
import { createWriteStream, existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatProgress, PROGRESS_DELAY_MS, startProgress } from '../../src/cli/progress.js';
import { childEnv, CLI, SCRIPT_BIN, TempDirs } from '../helpers/cli.js';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

describe('progress', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('formats files, MB read (of the total, when known) and MB/s', () => {
    expect(formatProgress({ filesDone: 3, filesTotal: 16, bytesRead: 50 * 1024 * 1024, bytesTotal: 400 * 1024 * 1024 }, 2000)).toBe(
      'cti-logscan: 3/16 files, 50.0 of 400.0 MB read, 25.0 MB/s',
    );
    // Standard input has no known length; a file that grew past its listed size has none either.
    expect(formatProgress({ filesDone: 0, filesTotal: 1, bytesRead: 50 * 1024 * 1024, bytesTotal: null }, 2000)).toBe('cti-logscan: 0/1 files, 50.0 MB read, 25.0 MB/s');
    expect(formatProgress({ filesDone: 0, filesTotal: 1, bytesRead: 5 * 1024 * 1024, bytesTotal: 1024 }, 1000)).toBe('cti-logscan: 0/1 files, 5.0 MB read, 5.0 MB/s');
  });

  it('shows nothing for a scan shorter than the delay', () => {
    const written: string[] = [];
    const line = startProgress((t) => written.push(t), () => Date.now());
    line.update({ filesDone: 0, filesTotal: 1, bytesRead: 10, bytesTotal: 10 });
    vi.advanceTimersByTime(PROGRESS_DELAY_MS - 300);
    line.stop();
    expect(written).toEqual([]);
  });

  it('redraws in place after the delay, follows the scan and clears itself', () => {
    const written: string[] = [];
    const line = startProgress((t) => written.push(t), () => Date.now());
    const progress = { filesDone: 0, filesTotal: 2, bytesRead: 0, bytesTotal: null };
    line.update(progress);
    progress.bytesRead = 3 * 1024 * 1024; // the scan updates the same object as it reads
    vi.advanceTimersByTime(PROGRESS_DELAY_MS + 250);
    expect(written.at(-1)).toMatch(/^\r\x1b\[Kcti-logscan: 0\/2 files, 3\.0 MB read, [\d.]+ MB\/s$/);
    line.message('cti-logscan: a.txt: warning: something\n');
    expect(written.slice(-3)).toEqual(['\r\x1b[K', 'cti-logscan: a.txt: warning: something\n', expect.stringMatching(/^\r\x1b\[Kcti-logscan: /)]);
    line.stop();
    expect(written.at(-1)).toBe('\r\x1b[K');
  });
});

describe.skipIf(!existsSync(SCRIPT_BIN))('progress on a terminal, while the one input is still being read', () => {
  it('standard input (a pipe that is still open): bytes read and MB/s show before any file is done', async () => {
    const fifo = join(temp.make(), 'in.fifo');
    expect(spawnSync('mkfifo', [fifo]).status).toBe(0);
    // Standard error is a terminal (script's pty); standard input the pipe this test writes into.
    const child = spawn(SCRIPT_BIN, ['-qec', `${process.execPath} ${CLI} --format json < ${fifo} > /dev/null`, '/dev/null'], { env: childEnv() });
    let seen = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (seen += d));
    const writer = createWriteStream(fifo);
    writer.write(Buffer.alloc(3 * 1024 * 1024, 'quiet line\n'));
    // The progress line comes by itself once the scan has run PROGRESS_DELAY_MS: wait for it, then end the input.
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no progress line: ${JSON.stringify(seen)}`)), 20_000);
      child.stdout.on('data', () => {
        if (/MB read/.test(seen)) {
          clearTimeout(timer);
          resolve();
        }
      });
    });
    writer.end();
    const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
    expect(code).toBe(0);
    expect(seen).toMatch(/cti-logscan: 0\/1 files, [\d.]+ MB read, [\d.]+ MB\/s/);
  });
});
