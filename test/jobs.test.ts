// --jobs: files scanned on worker threads give exactly the report (and ndjson events) of one
// thread. Enough bytes that the pool is used (it is not for small inputs).

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-helpers.js';

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
