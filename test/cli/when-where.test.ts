// When, where and how many failures, through the built CLI: --since/--until (window and
// inputs.outsideWindow), --node, the RTMT layout's node folders, events and --event-window, the
// timeline and --bucket; the same report for any --jobs, and watch counting events and nodes too.

import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { linesOf, runCli, runJson, TempDirs, writeFile } from '../helpers/cli.js';
import { running, WatchRun } from '../helpers/watch.js';

const temp = new TempDirs();
afterAll(() => {
  for (const run of running.splice(0)) run.kill();
  temp.cleanup();
});

let dir: string;
beforeAll(() => {
  dir = temp.make();
  // One failure written as three lines within 4 ms, another an hour later; on two nodes' folders.
  writeFile(
    join(dir, 'cucmpub', '2026-03-14_10-45-00', 'jabber.log'),
    [
      '2026-03-14 09:59:59,999 FailureResponse CTIERR_DEVICE_RESTRICTED',
      '2026-03-14 10:00:00,001 FailureResponse result=0x8ccc00d2',
      '2026-03-14 10:00:00,003 FailureResponse result=2362179794',
      '2026-03-14 10:15:00,000 quiet',
      '2026-03-14 11:00:00,000 FailureResponse CTIERR_DEVICE_RESTRICTED CONFERENCE_FULL',
    ].join('\n') + '\n',
  );
  writeFile(join(dir, 'cucmsub1', '2026-03-14_10-45-00', 'jabber.log'), '2026-03-14 10:20:00,000 CONFERENCE_FULL\n');
  // A line without a time, and none above it to take one from.
  writeFile(join(dir, 'cucmsub1', '2026-03-14_10-45-00', 'notes.txt'), 'no time CONFERENCE_FULL\n');
});

describe('nodes and events', () => {
  it('nodes from the RTMT folders, events of 100 ms by default; --event-window and --node change them', async () => {
    const { report } = await runJson(['-q', '.'], { cwd: dir });
    const code = (c: string) => report.codes.find((x) => x.code === c)!;
    expect(code('CTIERR_DEVICE_RESTRICTED')).toMatchObject({ count: 4, events: 2, nodes: { cucmpub: 4 } });
    // The untimed hit is an event of its own.
    expect(code('CONFERENCE_FULL')).toMatchObject({ count: 3, events: 3, nodes: { cucmpub: 1, cucmsub1: 2 } });
    // 2 ms: 09:59:59.999 and 10:00:00.001 are one failure, 10:00:00.003 (4 ms after its first) another.
    const narrow = await runJson(['-q', '--event-window', '2', '.'], { cwd: dir });
    expect(narrow.report.codes.find((x) => x.code === 'CTIERR_DEVICE_RESTRICTED')).toMatchObject({ events: 3 });
    const named = await runJson(['-q', '--node', 'lab', '.'], { cwd: dir });
    expect(named.report.codes.find((x) => x.code === 'CONFERENCE_FULL')!.nodes).toEqual({ lab: 3 });
  });
});

describe('--since / --until', () => {
  it('keeps hits in [since, until) by the log\'s wall clock; says how many hit lines were left out', async () => {
    const { report, result } = await runJson(['-q', '--since', '2026-03-14T10:00', '--until', '2026-03-14 10:30:00', '.'], { cwd: dir });
    expect(report.window).toEqual({ since: '2026-03-14T10:00:00.000', until: '2026-03-14T10:30:00.000' });
    expect(report.codes.map((c) => [c.code, c.count, c.events])).toEqual([
      ['CTIERR_DEVICE_RESTRICTED', 2, 1],
      ['CONFERENCE_FULL', 1, 1],
    ]);
    // 09:59:59.999, 11:00 (one line, two codes) and the untimed line.
    expect(report.inputs.outsideWindow).toBe(3);
    expect(result.code).toBe(1);
    const none = await runJson(['-q', '.'], { cwd: dir });
    expect([none.report.window, none.report.inputs.outsideWindow]).toEqual([null, 0]);
  });

  it.each([
    ['--since', 'yesterday'],
    ['--until', '2026-02-30T10:00'],
    ['--event-window', '-5'],
    ['--bucket', 'often'],
  ])('%s %s is a usage error naming the flag', async (flag, value) => {
    const run = await runCli([flag, value, '.'], { cwd: dir });
    expect(run.code).toBe(64);
    expect(linesOf(run.stderr)[0]).toMatch(new RegExp(`^cti-logscan: ${flag}: `));
  });
});

describe('timeline', () => {
  it('buckets by the default rule, or --bucket; the same report for any --jobs', async () => {
    const { report } = await runJson(['-q', '.'], { cwd: dir });
    // 09:59:59.999 to 11:00:00: a span of an hour, so 60 s buckets (61 of them), from 09:59.
    expect(report.timeline).toMatchObject({ from: '2026-03-14T09:59:00.000', bucketSeconds: 60, buckets: 62 });
    const sums = Object.fromEntries(Object.entries(report.timeline!.codes).map(([k, v]) => [k, v.reduce((a, b) => a + b, 0)]));
    expect(sums).toEqual({ CONFERENCE_FULL: 2, CTIERR_DEVICE_RESTRICTED: 4 });
    const hourly = await runJson(['-q', '--bucket', '1h', '.'], { cwd: dir });
    expect(hourly.report.timeline).toEqual({ from: '2026-03-14T09:00:00.000', bucketSeconds: 3600, buckets: 3, codes: { CONFERENCE_FULL: [0, 1, 1], CTIERR_DEVICE_RESTRICTED: [1, 2, 1] } });
    const j1 = await runCli(['-q', '--format', 'json', '--jobs', '1', '.'], { cwd: dir });
    const j4 = await runCli(['-q', '--format', 'json', '--jobs', '4', '.'], { cwd: dir });
    expect(j4.stdout).toBe(j1.stdout);
  });

  it('no timed hit: the timeline is null', async () => {
    const d = temp.make();
    writeFile(join(d, 'a.log'), 'CONFERENCE_FULL without a time\n');
    expect((await runJson(['-q', 'a.log'], { cwd: d })).report.timeline).toBeNull();
  });
});

describe('watch counts events and nodes as hits come, and prints its timeline in the summary', () => {
  it('follows a node folder: events within 100 ms are one, the summary has nodes, events and a timeline', async () => {
    const d = temp.make();
    const file = writeFile(join(d, 'cucmpub', '2026-03-14_10-45-00', 'jabber.log'), '');
    const run = new WatchRun(['cucmpub'], d);
    await run.ready();
    const { appendFileSync } = await import('node:fs');
    appendFileSync(file, '2026-03-14 10:00:00,001 CTIERR_TIMEOUT\n2026-03-14 10:00:00,050 CTIERR_TIMEOUT\n2026-03-14 10:05:00,000 CTIERR_TIMEOUT\n');
    await run.untilHits(3);
    const { report } = await run.interrupt();
    expect(report.codes[0]).toMatchObject({ code: 'CTIERR_TIMEOUT', count: 3, events: 2, nodes: { cucmpub: 3 } });
    expect(report.timeline).toMatchObject({ from: '2026-03-14T10:00:00.000', bucketSeconds: 5 });
  });
});
