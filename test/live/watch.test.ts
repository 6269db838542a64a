// watch, through the built CLI: real files in temporary directories, real renames, truncations
// and deletions, the ndjson events read as they come. Every wait is for an expected event, with a
// timeout; nothing sleeps for a fixed time to let something happen.

import { execFileSync, spawn } from 'node:child_process';
import { appendFileSync, closeSync, copyFileSync, mkdirSync, mkdtempSync, openSync, readdirSync, readFileSync, renameSync, rmSync, symlinkSync, truncateSync, unlinkSync, writeFileSync } from 'node:fs';
import { createServer, get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeEach, describe, expect, it } from 'vitest';
import { filesystemOf, NETWORK_FILESYSTEMS } from '../../src/live/watcher.js';
import { childEnv, CLI, linesOf, STACK_TRACE } from '../helpers/cli.js';
import { metricsPort, running, scrape, waitFor, waitForMetric, WAIT_MS, WatchRun } from '../helpers/watch.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'cti-watch-'));
  mkdirSync(join(dir, 'logs'));
});
afterEach(() => {
  for (const run of running.splice(0)) run.kill();
  rmSync(dir, { recursive: true, force: true });
});
afterAll(() => {
  for (const run of running) run.kill();
});

const at = (...parts: string[]): string => join(dir, ...parts);

describe('watch', () => {
  it('starts at the end of existing files and reports appended lines with their line numbers', async () => {
    writeFileSync(at('logs', 'app.log'), 'old CONFERENCE_FULL\nold line\n');
    const run = new WatchRun(['logs'], dir);
    await run.ready();
    appendFileSync(at('logs', 'app.log'), 'new 0x8ccc0009\n');
    await run.untilHits(1);
    expect(run.hits()).toEqual([['logs/app.log', 'CTIERR_ILLEGAL_CALLSTATE', 3]]);
    const { code, report } = await run.interrupt();
    expect(code).toBe(1);
    expect(report.exitCode).toBe(1);
    expect(report.codes.map((c) => [c.code, c.count])).toEqual([['CTIERR_ILLEGAL_CALLSTATE', 1]]);
    const hit = run.events.find((e) => e.type === 'hit')!;
    expect(Object.keys(hit)).toEqual(['type', 'code', 'value', 'file', 'line', 'time', 'text']);
    expect(hit.text).toBe('new 0x8ccc0009');
  });

  it('holds a partial line until its newline: a code split across two writes is one hit', async () => {
    writeFileSync(at('logs', 'app.log'), '');
    const run = new WatchRun(['--metrics', '0', 'logs'], dir);
    await run.ready();
    appendFileSync(at('logs', 'app.log'), 'x CTIERR_TI');
    // The first half is read (the metrics say so) before the second half is written.
    const port = metricsPort(run);
    await waitForMetric(port, 'cti_logscan_bytes_read_total', 11);
    appendFileSync(at('logs', 'app.log'), 'MEOUT y\nnext CONFERENCE_FULL\n');
    await run.untilHits(2);
    expect(run.hits()).toEqual([
      ['logs/app.log', 'CTIERR_TIMEOUT', 1],
      ['logs/app.log', 'CONFERENCE_FULL', 2],
    ]);
    await run.interrupt();
  });

  it('follows a new file that matches a glob, and not one that does not', async () => {
    const run = new WatchRun(['logs/*.log'], dir);
    await run.ready();
    writeFileSync(at('logs', 'other.txt'), 'CONFERENCE_FULL\n');
    writeFileSync(at('logs', 'new.log'), 'first\nCTIERR_TIMEOUT here\n');
    await run.untilHits(1);
    const { report } = await run.interrupt();
    expect(run.hits()).toEqual([['logs/new.log', 'CTIERR_TIMEOUT', 2]]);
    expect(report.codes.map((c) => c.code)).toEqual(['CTIERR_TIMEOUT']);
  });

  it('survives rotation by rename and create: the old file to its end, the new one from its start', async () => {
    writeFileSync(at('logs', 'app.log'), 'line 1\n');
    const run = new WatchRun(['logs/app.log'], dir);
    await run.ready();
    // Lines written just before the rename, then the new file at once.
    appendFileSync(at('logs', 'app.log'), 'before rename CONFERENCE_FULL\n');
    renameSync(at('logs', 'app.log'), at('logs', 'app.log.1'));
    writeFileSync(at('logs', 'app.log'), 'fresh CTIERR_TIMEOUT\n');
    await run.untilHits(2);
    await run.until('rotated', () => run.events.some((e) => e.type === 'rotated'));
    const { report } = await run.interrupt();
    expect(run.hits()).toEqual([
      ['logs/app.log', 'CONFERENCE_FULL', 2],
      ['logs/app.log', 'CTIERR_TIMEOUT', 1],
    ]);
    const rotated = run.events.findIndex((e) => e.type === 'rotated');
    expect(run.events[rotated]).toEqual({ type: 'rotated', file: 'logs/app.log' });
    expect(report.codes.map((c) => [c.code, c.count])).toEqual([['CONFERENCE_FULL', 1], ['CTIERR_TIMEOUT', 1]]);
  });

  it('follows a file renamed into a watched directory under its new name, never twice', async () => {
    writeFileSync(at('logs', 'app.log'), 'line 1\n');
    const run = new WatchRun(['logs'], dir);
    await run.ready();
    appendFileSync(at('logs', 'app.log'), 'CONFERENCE_FULL\n');
    await run.untilHits(1);
    renameSync(at('logs', 'app.log'), at('logs', 'app.log.1'));
    writeFileSync(at('logs', 'app.log'), 'new file CTIERR_TIMEOUT\n');
    await run.untilHits(2);
    appendFileSync(at('logs', 'app.log.1'), 'late write 0x8ccc0009\n');
    await run.untilHits(3);
    const { report } = await run.interrupt();
    expect(run.hits()).toEqual([
      ['logs/app.log', 'CONFERENCE_FULL', 2],
      ['logs/app.log', 'CTIERR_TIMEOUT', 1],
      ['logs/app.log.1', 'CTIERR_ILLEGAL_CALLSTATE', 3],
    ]);
    expect(report.codes.reduce((n, c) => n + c.count, 0)).toBe(3);
  });

  it('goes on from what was read when the file is renamed into the watched directory, whatever the old writer adds late (never from its start)', async () => {
    writeFileSync(at('logs', 'a.log'), 'before 1 CONFERENCE_FULL\nbefore 2 CTIERR_TIMEOUT\n');
    const run = new WatchRun(['logs'], dir);
    await run.ready();
    appendFileSync(at('logs', 'a.log'), 'live 3 0x8ccc0009\n');
    await run.untilHits(1);
    // The rotation as a writer does it: rename, its last line to the renamed file, a new file.
    renameSync(at('logs', 'a.log'), at('logs', 'a.log.1'));
    appendFileSync(at('logs', 'a.log.1'), 'late 4 CONFERENCE_FULL\n');
    writeFileSync(at('logs', 'a.log'), 'new 1 CTIERR_TIMEOUT\n');
    await run.untilHits(3);
    await run.until('rotated', () => run.events.some((e) => e.type === 'rotated'));
    const { report } = await run.interrupt();
    // The late line is the renamed file's line 4, under either of its names (the old one while it
    // is read to its end, the new one once that is followed): once.
    const hits = run.hits().map(([file, code, line]) => [code === 'CONFERENCE_FULL' ? file.replace(/\.1$/, '') : file, code, line]);
    expect(hits.sort()).toEqual([
      ['logs/a.log', 'CONFERENCE_FULL', 4],
      ['logs/a.log', 'CTIERR_ILLEGAL_CALLSTATE', 3],
      ['logs/a.log', 'CTIERR_TIMEOUT', 1],
    ]);
    expect(report.codes.reduce((n, c) => n + c.count, 0)).toBe(3);
  });

  it('goes on from what was read when a file it let go of is renamed into the watched directory later (not from its start)', async () => {
    writeFileSync(at('logs', 'a.log'), 'before 1 CONFERENCE_FULL\nbefore 2 CTIERR_TIMEOUT\n');
    const run = new WatchRun(['logs'], dir);
    await run.ready();
    appendFileSync(at('logs', 'a.log'), 'live 3 0x8ccc0009\n');
    await run.untilHits(1);
    // Rotated out of the directory; the old writer's late line, unfinished; the watcher drains the
    // file, then lets go of it, the unfinished line counted as it is.
    renameSync(at('logs', 'a.log'), at('away.log'));
    appendFileSync(at('away.log'), 'late 4 CONFERENCE_FULL');
    await run.untilHits(2);
    await waitFor('the rotated-away file let go of', () => !run.openFiles().includes(at('away.log')));
    // Then it comes back under another name, and the writer finishes its line (the code it adds
    // counts, the one counted already does not) and writes one more.
    renameSync(at('away.log'), at('logs', 'a.log.1'));
    appendFileSync(at('logs', 'a.log.1'), ' CTIERR_TIMEOUT\nlater 5 CTIERR_TIMEOUT\n');
    await run.untilHits(4);
    const { report } = await run.interrupt();
    expect(run.hits()).toEqual([
      ['logs/a.log', 'CTIERR_ILLEGAL_CALLSTATE', 3],
      ['logs/a.log', 'CONFERENCE_FULL', 4],
      ['logs/a.log.1', 'CTIERR_TIMEOUT', 4],
      ['logs/a.log.1', 'CTIERR_TIMEOUT', 5],
    ]);
    expect(report.codes.map((c) => [c.code, c.count]).sort()).toEqual([['CONFERENCE_FULL', 1], ['CTIERR_ILLEGAL_CALLSTATE', 1], ['CTIERR_TIMEOUT', 2]]);
  });

  it("takes logrotate's copytruncate copy in the watched directory for what it is: only bytes beyond what was read are new", async () => {
    writeFileSync(at('logs', 'b.log'), 'before 1 CONFERENCE_FULL\n');
    const run = new WatchRun(['logs'], dir);
    await run.ready();
    appendFileSync(at('logs', 'b.log'), 'live 2 CTIERR_TIMEOUT\nlive 3 0x8ccc0009\n');
    await run.untilHits(2);
    copyFileSync(at('logs', 'b.log'), at('logs', 'b.log.1'));
    // Taken up (as a copy of the file still followed) before the truncation.
    await waitFor('the copy taken up', () => run.openFiles().includes(at('logs', 'b.log.1')));
    truncateSync(at('logs', 'b.log'), 0);
    // A line in the copy beyond what was read of the original is new; so is the original's next line.
    appendFileSync(at('logs', 'b.log.1'), 'late 4 CONFERENCE_FULL\n');
    appendFileSync(at('logs', 'b.log'), 'after 1 CTIERR_TIMEOUT\n');
    await run.untilHits(4);
    await run.until('truncated', () => run.events.some((e) => e.type === 'truncated'));
    const { report } = await run.interrupt();
    expect(run.hits().sort()).toEqual([
      ['logs/b.log', 'CTIERR_ILLEGAL_CALLSTATE', 3],
      ['logs/b.log', 'CTIERR_TIMEOUT', 1],
      ['logs/b.log', 'CTIERR_TIMEOUT', 2],
      ['logs/b.log.1', 'CONFERENCE_FULL', 4],
    ]);
    expect(report.codes.reduce((n, c) => n + c.count, 0)).toBe(4);
  });

  it('a copytruncate copy that turns up in the watched directory after the truncation was seen goes on from what was read too', async () => {
    writeFileSync(at('logs', 'b.log'), 'before 1 CONFERENCE_FULL\n');
    const run = new WatchRun(['logs'], dir);
    await run.ready();
    appendFileSync(at('logs', 'b.log'), 'live 2 CTIERR_TIMEOUT\n');
    await run.untilHits(1);
    copyFileSync(at('logs', 'b.log'), at('b.log.1'));
    truncateSync(at('logs', 'b.log'), 0);
    await run.until('truncated', () => run.events.some((e) => e.type === 'truncated'));
    renameSync(at('b.log.1'), at('logs', 'b.log.1'));
    appendFileSync(at('logs', 'b.log.1'), 'late 3 0x8ccc0009\n');
    await run.untilHits(2);
    await run.interrupt();
    expect(run.hits()).toEqual([
      ['logs/b.log', 'CTIERR_TIMEOUT', 2],
      ['logs/b.log.1', 'CTIERR_ILLEGAL_CALLSTATE', 3],
    ]);
  });

  it('a new file that begins like a followed one but stops growing short of what was read of it is new: read from its start', async () => {
    writeFileSync(at('logs', 'a.log'), 'same 1 CONFERENCE_FULL\nsame 2\n');
    const run = new WatchRun(['logs'], dir);
    await run.ready();
    // It could be a copy still being written; once it stops growing, it is not.
    writeFileSync(at('logs', 'part.log'), 'same 1 CONFERENCE_FULL\n');
    await run.untilHits(1);
    await run.interrupt();
    expect(run.hits()).toEqual([['logs/part.log', 'CONFERENCE_FULL', 1]]);
  });

  it('a file truncated and written past its old size before the next look is truncated: read from 0, with its own line numbers, once', async () => {
    writeFileSync(at('logs', 'b.log'), '');
    const run = new WatchRun(['logs/b.log'], dir);
    await run.ready();
    appendFileSync(at('logs', 'b.log'), [1, 2, 3, 4, 5].map((n) => `old ${n} CTIERR_TIMEOUT\n`).join(''));
    await run.untilHits(5);
    copyFileSync(at('logs', 'b.log'), at('logs', 'b.log.1'));
    truncateSync(at('logs', 'b.log'), 0);
    appendFileSync(at('logs', 'b.log'), [1, 2, 3, 4, 5, 6, 7, 8].map((n) => `new ${n} CONFERENCE_FULL\n`).join(''));
    await run.untilHits(13);
    await run.until('truncated', () => run.events.some((e) => e.type === 'truncated'));
    const { report } = await run.interrupt();
    expect(run.hits()).toEqual([
      ...[1, 2, 3, 4, 5].map((n) => ['logs/b.log', 'CTIERR_TIMEOUT', n]),
      ...[1, 2, 3, 4, 5, 6, 7, 8].map((n) => ['logs/b.log', 'CONFERENCE_FULL', n]),
    ]);
    expect(run.events.filter((e) => e.type === 'truncated' || e.type === 'rotated')).toEqual([{ type: 'truncated', file: 'logs/b.log' }]);
    expect(report.codes.map((c) => [c.code, c.count])).toEqual([['CONFERENCE_FULL', 8], ['CTIERR_TIMEOUT', 5]]);
  });

  it('starts again at 0 after copytruncate, with a truncated event', async () => {
    writeFileSync(at('logs', 'app.log'), 'a\nb\nc\n');
    const run = new WatchRun(['logs/app.log'], dir);
    await run.ready();
    appendFileSync(at('logs', 'app.log'), 'CONFERENCE_FULL\n');
    await run.untilHits(1);
    copyFileSync(at('logs', 'app.log'), at('logs', 'app.log.1'));
    truncateSync(at('logs', 'app.log'), 0);
    await run.until('truncated', () => run.events.some((e) => e.type === 'truncated'));
    appendFileSync(at('logs', 'app.log'), 'after CTIERR_TIMEOUT\n');
    await run.untilHits(2);
    await run.interrupt();
    expect(run.hits()).toEqual([
      ['logs/app.log', 'CONFERENCE_FULL', 4],
      ['logs/app.log', 'CTIERR_TIMEOUT', 1],
    ]);
    expect(run.events.find((e) => e.type === 'truncated')).toEqual({ type: 'truncated', file: 'logs/app.log' });
  });

  it('reads a deleted and re-created file from its start', async () => {
    writeFileSync(at('logs', 'app.log'), 'x\n');
    const run = new WatchRun(['logs/app.log'], dir);
    await run.ready();
    unlinkSync(at('logs', 'app.log'));
    writeFileSync(at('logs', 'app.log'), 'CTIERR_TIMEOUT\n');
    await run.untilHits(1);
    await run.interrupt();
    expect(run.hits()).toEqual([['logs/app.log', 'CTIERR_TIMEOUT', 1]]);
  });

  it('notices a file replaced by a larger one between two looks', async () => {
    writeFileSync(at('logs', 'app.log'), 'short\n');
    const run = new WatchRun(['logs/app.log'], dir);
    await run.ready();
    writeFileSync(at('logs', 'next.tmp'), 'a much longer replacement\nwith CONFERENCE_FULL on line 2\n');
    renameSync(at('logs', 'next.tmp'), at('logs', 'app.log'));
    await run.untilHits(1);
    await run.interrupt();
    expect(run.hits()).toEqual([['logs/app.log', 'CONFERENCE_FULL', 2]]);
    expect(run.events.some((e) => e.type === 'rotated')).toBe(true);
  });

  it('--poll follows appends without file events', async () => {
    writeFileSync(at('logs', 'app.log'), 'x\n');
    const run = new WatchRun(['--poll', 'logs'], dir);
    await run.ready();
    appendFileSync(at('logs', 'app.log'), 'CTIERR_TIMEOUT\n');
    await run.untilHits(1);
    await run.interrupt();
    expect(run.hits()).toEqual([['logs/app.log', 'CTIERR_TIMEOUT', 2]]);
  });

  it('reports a path that cannot be read once, and follows it once it can be', async () => {
    execFileSync('mkfifo', [at('logs', 'app.log')]);
    const run = new WatchRun(['logs/app.log'], dir);
    await run.ready();
    await run.until('the error', () => run.stderr.includes('logs/app.log: not a regular file'));
    unlinkSync(at('logs', 'app.log'));
    writeFileSync(at('logs', 'app.log'), 'CONFERENCE_FULL\n');
    await run.untilHits(1);
    const { code } = await run.interrupt();
    expect(run.stderr.match(/not a regular file/g)).toHaveLength(1);
    expect(run.hits()).toEqual([['logs/app.log', 'CONFERENCE_FULL', 1]]);
    expect(code).toBe(1);
  });

  it('--from-start reads existing files first', async () => {
    writeFileSync(at('logs', 'app.log'), 'CONFERENCE_FULL\nx\n');
    const run = new WatchRun(['--from-start', 'logs'], dir);
    await run.untilHits(1);
    await run.ready();
    const { code } = await run.interrupt();
    expect(run.hits()).toEqual([['logs/app.log', 'CONFERENCE_FULL', 1]]);
    expect(code).toBe(1);
  });

  it('--state resumes where it stopped: lines written while stopped are reported, once', async () => {
    writeFileSync(at('logs', 'app.log'), 'CONFERENCE_FULL old\n');
    const first = new WatchRun(['--state', 'state.json', 'logs'], dir);
    await first.ready();
    appendFileSync(at('logs', 'app.log'), 'CTIERR_TIMEOUT during\npartial CTIERR_ILLEGAL_');
    await first.untilHits(1);
    await first.interrupt('SIGTERM');
    // While stopped: the partial line is finished and a line added.
    appendFileSync(at('logs', 'app.log'), 'CALLSTATE\nwhile stopped 0x8ccc0046\n');
    const second = new WatchRun(['--state', 'state.json', 'logs'], dir);
    await second.untilHits(2);
    await second.ready();
    const { report } = await second.interrupt();
    expect(first.hits()).toEqual([['logs/app.log', 'CTIERR_TIMEOUT', 2]]);
    expect(second.hits()).toEqual([
      ['logs/app.log', 'CTIERR_ILLEGAL_CALLSTATE', 3],
      ['logs/app.log', 'CONFERENCE_FULL', 4],
    ]);
    expect(report.codes.reduce((n, c) => n + c.count, 0)).toBe(2);
  });

  it('--state restarts a file from 0, with a notice, when it was replaced while stopped', async () => {
    writeFileSync(at('logs', 'app.log'), 'one\ntwo\nthree\n');
    const first = new WatchRun(['--state', 'state.json', 'logs'], dir);
    await first.ready();
    await first.interrupt();
    unlinkSync(at('logs', 'app.log'));
    writeFileSync(at('logs', 'app.log'), 'CONFERENCE_FULL\n');
    const second = new WatchRun(['--state', 'state.json', 'logs'], dir);
    await second.untilHits(1);
    await second.interrupt();
    expect(second.hits()).toEqual([['logs/app.log', 'CONFERENCE_FULL', 1]]);
    expect(second.stderr).toMatch(/cti-logscan: logs\/app\.log: the saved position no longer fits/);
  });

  it('exits 0 on SIGINT when nothing unexpected was seen, with the summary', async () => {
    writeFileSync(at('logs', 'app.log'), '');
    const run = new WatchRun(['--allow', 'CONFERENCE_FULL', 'logs'], dir);
    await run.ready();
    appendFileSync(at('logs', 'app.log'), 'CONFERENCE_FULL\n');
    await run.untilHits(1);
    const { code, report } = await run.interrupt();
    expect(code).toBe(0);
    expect(report.unexpected).toEqual([]);
    expect(report.inputs).toMatchObject({ files: 1, lines: 1 });
  });

  it('never follows its own output (standard output into the watched directory): a notice, and one hit stays one', async () => {
    writeFileSync(at('logs', 'app.log'), '');
    const output = at('logs', 'hits.txt');
    const fd = openSync(output, 'a');
    const child = spawn(process.execPath, [CLI, 'watch', '--allow', 'CONFERENCE_FULL', 'logs'], { cwd: dir, env: childEnv(), stdio: ['ignore', fd, 'pipe'] });
    closeSync(fd);
    running.push({ kill: () => child.kill('SIGKILL') });
    let stderr = '';
    // stdio[2] is 'pipe', so there is a stream; the types cannot see that through the mixed stdio.
    child.stderr!.on('data', (data: Buffer) => (stderr += data.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    await waitFor('ready', () => stderr.includes('ready'));
    appendFileSync(at('logs', 'app.log'), 'CONFERENCE_FULL\n');
    // Followed, the output would now be read back: each hit printed there, a new hit, without end.
    await waitFor('the hit in the output', () => readFileSync(output, 'utf8').includes('CONFERENCE_FULL'));
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(stderr).toContain('cti-logscan: logs/hits.txt: the output of this watch: it is not followed\n');
    expect(stderr).toContain('following 1 file; ready');
    const summaryLines = linesOf(readFileSync(output, 'utf8')).filter((l) => l.startsWith('CONFERENCE_FULL'));
    // CODE, COUNT, EVENTS, then FIRST SEEN (no time on the line: file:line).
    expect(summaryLines).toEqual([expect.stringMatching(/^CONFERENCE_FULL +1 +1 +logs\/app\.log:1 /)]);
  });

  it('a symbolic link loop beside a named file is none of its business; in a watched directory it is one line, worded as a scan words it', async () => {
    writeFileSync(at('logs', 'app.log'), '');
    symlinkSync('l2', at('logs', 'l1'));
    symlinkSync('l1', at('logs', 'l2'));
    const named = new WatchRun(['logs/app.log'], dir);
    await named.ready();
    await named.interrupt(); // all it wrote to standard error is read by then
    expect(named.stderr).toBe('');
    const whole = new WatchRun(['logs'], dir);
    await whole.ready();
    await whole.interrupt();
    expect(linesOf(whole.stderr).sort()).toEqual(['cti-logscan: logs/l1: Too many levels of symbolic links', 'cti-logscan: logs/l2: Too many levels of symbolic links']);
  });

  it('prints table lines as hits come, colour when asked, then the summary table', async () => {
    writeFileSync(at('logs', 'app.log'), '');
    const child = spawn(process.execPath, [CLI, 'watch', '--color', 'always', '--allow', 'CTIERR_TIMEOUT', 'logs'], { cwd: dir, env: childEnv() });
    let out = '';
    let err = '';
    let check = (): void => {};
    child.stdout.on('data', (d: Buffer) => ((out += d.toString()), check()));
    child.stderr.on('data', (d: Buffer) => ((err += d.toString()), check()));
    const seen = (what: () => boolean, label: string): Promise<void> =>
      new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`timed out waiting for ${label}: ${out} ${err}`)), WAIT_MS);
        check = (): void => {
          if (what()) {
            clearTimeout(timer);
            resolve();
          }
        };
        check();
      });
    await seen(() => err.includes('ready'), 'ready');
    expect(err).toBe('cti-logscan: watch: following 1 file; ready\n');
    appendFileSync(at('logs', 'app.log'), 'CTIERR_TIMEOUT\n2026-03-14 08:14:27,674 ERROR CONFERENCE_FULL\n');
    await seen(() => out.split('\n').length > 2, 'two hit lines');
    const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
    child.kill('SIGINT');
    expect(await exited).toBe(1);
    const lines = out.split('\n');
    expect(lines[0]).toBe('-  \x1b[32mCTIERR_TIMEOUT\x1b[0m  logs/app.log:1  No longer used');
    expect(lines[1]).toBe('2026-03-14 08:14:27.674  \x1b[31mCONFERENCE_FULL\x1b[0m  logs/app.log:2  All conference bridges are busy.');
    expect(out).toContain('Unexpected: ');
  });

  it('serves Prometheus metrics on 127.0.0.1, and nothing but /metrics', async () => {
    writeFileSync(at('logs', 'other.log'), '');
    const run = new WatchRun(['--metrics', '0', 'logs'], dir);
    await run.ready();
    const port = metricsPort(run);
    const status = await new Promise<number | undefined>((resolve, reject) => {
      get({ host: '127.0.0.1', port, path: '/' }, (response) => {
        response.resume();
        resolve(response.statusCode);
      }).on('error', reject);
    });
    await run.interrupt();
    expect(status).toBe(404);
  });

  it('refuses standard input and a bad metrics port (exit 64)', async () => {
    const { runCli } = await import('../helpers/cli.js');
    expect((await runCli(['watch', '-'], { cwd: dir })).code).toBe(64);
    const bad = await runCli(['watch', '--metrics', '70000', 'logs'], { cwd: dir });
    expect(bad.code).toBe(64);
    expect(bad.stderr).toMatch(/--metrics: '70000' is not a port number/);
  });

  it('a --metrics port in use is one line and exit 2 at start, before anything is followed', async () => {
    writeFileSync(at('logs', 'app.log'), '');
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const port = (taken.address() as { port: number }).port;
    try {
      const run = new WatchRun(['--metrics', String(port), 'logs'], dir);
      expect(await run.exitByItself()).toBe(2);
      expect(run.stderr).toBe(`cti-logscan: --metrics: port ${port} is in use\n`);
      expect(run.events).toEqual([]);
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });

  it('a --state file that cannot be written is one line and exit 2 at start, before anything is followed', async () => {
    writeFileSync(at('logs', 'app.log'), '');
    const run = new WatchRun(['--state', 'missing/s.state', 'logs'], dir);
    expect(await run.exitByItself()).toBe(2);
    expect(run.stderr).toBe('cti-logscan: missing/s.state: No such file or directory\n');
    expect(run.events).toEqual([]);
    mkdirSync(at('state.json'));
    const directory = new WatchRun(['--state', 'state.json', 'logs'], dir);
    expect(await directory.exitByItself()).toBe(2);
    expect(directory.stderr).toBe('cti-logscan: state.json: Is a directory\n');
  });

  it('a --state file that can no longer be written is one line, never a stack trace: the summary still comes, exit 2', async () => {
    mkdirSync(at('state'));
    writeFileSync(at('logs', 'app.log'), '');
    const run = new WatchRun(['--state', 'state/s.state', 'logs'], dir);
    await run.ready();
    rmSync(at('state'), { recursive: true });
    appendFileSync(at('logs', 'app.log'), 'CONFERENCE_FULL\n');
    await run.untilHits(1);
    // The periodic save says so once; the one at the end, the same, is not said again.
    await run.until('the save error', () => run.stderr.includes('state/s.state'));
    const { code, report } = await run.interrupt();
    expect(linesOf(run.stderr)).toEqual(['cti-logscan: state/s.state: No such file or directory']);
    expect(run.stderr).not.toMatch(STACK_TRACE);
    expect(report.codes.map((c) => [c.code, c.count])).toEqual([['CONFERENCE_FULL', 1]]);
    expect(code).toBe(2);
  });

  it('serves Prometheus metrics on 127.0.0.1', async () => {
    writeFileSync(at('logs', 'app.log'), '');
    const run = new WatchRun(['--metrics', '0', 'logs'], dir);
    await run.ready();
    appendFileSync(at('logs', 'app.log'), '2026-03-14 08:14:27,674 ERROR CONFERENCE_FULL\n');
    await run.untilHits(1);
    const body = await scrape(metricsPort(run));
    await run.interrupt();
    // No --node and no RTMT node folder: node="" (Prometheus stores it as no node label).
    expect(body).toContain('cti_logscan_hits_total{code="CONFERENCE_FULL",node=""} 1');
    expect(body).toMatch(/cti_logscan_last_seen_timestamp_seconds\{code="CONFERENCE_FULL",node=""\} 1773476067\.674/);
    expect(body).toContain('cti_logscan_files_followed 1');
    expect(body).toMatch(/cti_logscan_bytes_read_total \d+/);
  });
});

describe('watch on many files and on network shares', () => {
  it('keeps a bounded number of files open, and still follows every one', async () => {
    // More files than it keeps open (256 of 400): the rest are opened for each read.
    for (let i = 0; i < 400; i++) writeFileSync(at('logs', `f${String(i).padStart(3, '0')}.log`), 'x\n');
    const run = new WatchRun(['logs'], dir);
    await run.ready();
    const pid = (run as unknown as { child: { pid: number } }).child.pid;
    const open = readdirSync(`/proc/${pid}/fd`).length;
    appendFileSync(at('logs', 'f399.log'), 'CONFERENCE_FULL\n');
    appendFileSync(at('logs', 'f000.log'), 'CTIERR_TIMEOUT\n');
    await run.untilHits(2);
    await run.interrupt();
    expect(open).toBeLessThan(256 + 40); // its own handful of descriptors besides
    expect(run.hits().sort()).toEqual([
      ['logs/f000.log', 'CTIERR_TIMEOUT', 2],
      ['logs/f399.log', 'CONFERENCE_FULL', 2],
    ]);
  }, 60_000);

  it('knows the file system a path lies on (network ones are polled)', () => {
    const mounts = ['/dev/vda / ext4 rw 0 0', 'server:/export /mnt/logs nfs4 rw 0 0', '//nas/cti /mnt/cti cifs rw 0 0', 'tmpfs /mnt/logs/tmp tmpfs rw 0 0'].join('\n');
    expect(filesystemOf('/mnt/logs/cucm/SDL001.txt', mounts)).toBe('nfs4');
    expect(filesystemOf('/mnt/cti', mounts)).toBe('cifs');
    expect(filesystemOf('/mnt/logs/tmp/a.log', mounts)).toBe('tmpfs');
    expect(filesystemOf('/mnt/logsx/a.log', mounts)).toBe('ext4');
    expect(['nfs4', 'cifs'].every((t) => NETWORK_FILESYSTEMS.has(t))).toBe(true);
    expect(NETWORK_FILESYSTEMS.has('ext4')).toBe(false);
  });
});
