// merge over what servers write: JSON reports named, in directories and by globs, and ndjson
// event streams (a scan's, a watch's still running, standard input), read with split2. The
// merged report equals one scan of all the inputs; anything else is exit 78 naming the file.

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Report } from '../../src/types.js';
import { counts, linesOf, runCli, runJson, TempDirs, writeFile } from '../helpers/cli.js';

const temp = new TempDirs();
afterAll(() => temp.cleanup());

let dir: string;
/** The parts of a report that one scan and a merge of its pieces must agree on. */
const essence = (r: Report) => ({
  files: r.inputs.files,
  bytes: r.inputs.bytes,
  lines: r.inputs.lines,
  codes: r.codes.map((c) => ({ code: c.code, count: c.count, files: c.files, firstSeen: c.firstSeen, lastSeen: c.lastSeen })),
  unknown: r.unknown,
});

beforeAll(async () => {
  dir = temp.make();
  // Two nodes' traces: the same codes, at other times.
  writeFile(join(dir, 'logs', 'pub', 'jabber.log'), '2026-03-14 08:00:00,100 CONFERENCE_FULL\n2026-03-14 09:00:00,000 quiet\n2026-03-14 09:30:00,000 CTIERR_TIMEOUT\n');
  writeFile(join(dir, 'logs', 'sub1', 'jabber.log'), '2026-03-14 07:00:00,000 CONFERENCE_FULL\n2026-03-14 10:00:00,000 CONFERENCE_FULL CTIERR_NOT_IN_ANY_TABLE\n');
  mkdirSync(join(dir, 'reports'));
  mkdirSync(join(dir, 'events'));
  for (const node of ['pub', 'sub1']) {
    expect((await runCli(['-q', '--format', 'json', '-o', `reports/${node}.json`, `logs/${node}`], { cwd: dir })).code).toBe(1);
    expect((await runCli(['-q', '--format', 'ndjson', '-o', `events/${node}.ndjson`, `logs/${node}`], { cwd: dir })).code).toBe(1);
  }
});

describe('merge', () => {
  it('a directory of JSON reports gives the report of one scan of all their inputs', async () => {
    const whole = await runJson(['-q', 'logs'], { cwd: dir });
    const merged = await runJson(['merge', 'reports'], { cwd: dir });
    expect(essence(merged.report)).toEqual(essence(whole.report));
    expect(merged.result.code).toBe(1);
    // A glob, and a report both named and in the directory (read once).
    expect(essence((await runJson(['merge', 'reports/*.json'], { cwd: dir })).report)).toEqual(essence(whole.report));
    expect(essence((await runJson(['merge', 'reports/pub.json', 'reports'], { cwd: dir })).report)).toEqual(essence(whole.report));
  });

  it('ndjson event streams of scans (files, or standard input) give the same report as their JSON', async () => {
    const fromJson = await runJson(['merge', 'reports'], { cwd: dir });
    const fromEvents = await runJson(['merge', 'events/pub.ndjson', 'events/sub1.ndjson'], { cwd: dir });
    expect(essence(fromEvents.report)).toEqual(essence(fromJson.report));
    const piped = await runJson(['merge', '-', 'events/sub1.ndjson'], { cwd: dir, input: readFileSync(join(dir, 'events', 'pub.ndjson')) });
    expect(essence(piped.report)).toEqual(essence(fromJson.report));
  });

  it('hit events without a summary (a watch still running) are counted from the events, with a warning', async () => {
    const events = [
      { type: 'ready' },
      { type: 'hit', code: 'CONFERENCE_FULL', value: '0x8CCC0046', file: 'live/a.log', line: 7, time: '2026-03-14T11:00:00.000', text: 'x' },
      { type: 'rotated', file: 'live/a.log' },
      { type: 'hit', code: 'CONFERENCE_FULL', value: '0x8CCC0046', file: 'live/a.log.1', line: 2, time: '2026-03-14T06:00:00.000', text: 'y' },
      { type: 'hit', code: 'CTIERR_TIMEOUT', value: '0x8CCC0001', file: 'live/a.log', line: 9, time: null, text: 'z' },
    ];
    writeFile(join(dir, 'live.ndjson'), events.map((e) => JSON.stringify(e)).join('\n') + '\n');
    const { report } = await runJson(['merge', 'live.ndjson', 'reports/pub.json'], { cwd: dir });
    expect(counts(report)).toEqual({ CONFERENCE_FULL: 3, CTIERR_TIMEOUT: 2 });
    const full = report.codes.find((c) => c.code === 'CONFERENCE_FULL')!;
    expect(full.firstSeen).toEqual({ time: '2026-03-14T06:00:00.000', file: 'live/a.log.1', line: 2 });
    expect(full.lastSeen).toEqual({ time: '2026-03-14T11:00:00.000', file: 'live/a.log', line: 7 });
    expect(report.inputs.files).toBe(3);
    expect(report.inputs.warnings).toEqual([{ file: 'live.ndjson', message: expect.stringMatching(/^hit events without a summary/) }]);
  });

  it.each([
    ['a JSON file that is not a report', 'other.json', '{"hello": 1}', /^cti-logscan: other\.json: schemaVersion: expected 1/],
    ['an ndjson line that is not JSON', 'bad.ndjson', '{"type":"hit"}\nnot json\n', /^cti-logscan: bad\.ndjson: line 1: a hit event needs code, file, line and time/],
    ['an ndjson line that is not JSON at all', 'bad2.ndjson', '{"type":"ready"}\nnot json\n', /^cti-logscan: bad2\.ndjson: line 2: not valid JSON/],
    ['a stream with nothing to merge', 'empty.ndjson', '{"type":"ready"}\n', /^cti-logscan: empty\.ndjson: no cti-logscan report or hit event in it/],
    ['a hit of a code the catalog does not know', 'odd.ndjson', '{"type":"hit","code":"NOT_A_CODE","file":"a","line":1,"time":null}\n', /NOT_A_CODE is not in the catalog/],
  ])('%s is exit 78 naming the file', async (_what, name, text, message) => {
    writeFileSync(join(dir, name), text);
    const run = await runCli(['merge', name], { cwd: dir });
    expect(run.code).toBe(78);
    expect(linesOf(run.stderr)[0]).toMatch(message);
    expect(run.stdout).toBe('');
  });

  it('a glob that matches nothing, and a missing file, are exit 78', async () => {
    const glob = await runCli(['merge', 'nowhere/*.json'], { cwd: dir });
    expect(glob.stderr).toBe('cti-logscan: nowhere/*.json: no files match this pattern\n');
    expect(glob.code).toBe(78);
    const missing = await runCli(['merge', 'missing.json'], { cwd: dir });
    expect(missing.stderr).toBe('cti-logscan: missing.json: No such file or directory\n');
    expect(missing.code).toBe(78);
  });
});
