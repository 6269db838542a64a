// The warm-up before a large file (scan.ts, warm-up.ts): its made-up logs reach every kind of hit
// they are there to run, and a scan after it counts exactly what the file holds.

import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { defaultScanSetup, scanCodeWarmedUp } from '../../src/batch/scan-file.js';
import { scanSources } from '../../src/batch/scan-sources.js';
import { warmUpLogs } from '../../src/batch/parallel/warm-up.js';
import { scanBytes } from '../helpers/scan.js';

const setup = defaultScanSetup();

describe('the warm-up logs', () => {
  const [sdl, jtapi, jabber] = warmUpLogs(setup.targets);
  const first = setup.targets.filter((t) => t.value !== null && (Number.parseInt(t.value, 16) | 0) < 0).slice(0, 4);

  it.each([
    ['SDL', sdl],
    ['JTAPI', jtapi],
    ['Jabber', jabber],
  ])('(%s) hold hits by name and by every numeric spelling, unknown names and values, cut anywhere', (_, log) => {
    const whole = scanBytes(log);
    expect(scanBytes(log, { chunks: [97] })).toEqual(whole);
    const lines = log.toString('latin1').split('\r\n');
    const lineOf = (token: string): number => lines.findIndex((l) => l.endsWith(`code=${token} Cause=${lines.indexOf(l) % 99}`)) + 1;
    for (const entry of first) {
      const value = Number.parseInt(entry.value!, 16);
      for (const token of [entry.code, entry.value!, entry.value!.toLowerCase(), `0X${entry.value!.slice(2)}`, String(value >>> 0), String(value | 0)]) {
        expect(lineOf(token), token).toBeGreaterThan(0);
        expect(whole.hits, token).toContain(`${lineOf(token)}:${entry.code}`);
      }
      // Lower-case names and a digit run glued to a letter are not hits.
      expect(whole.hits.filter((h) => h.startsWith(`${lineOf(entry.code.toLowerCase())}:`))).toEqual([]);
    }
    expect(whole.hits).toContain(`${lineOf('CTIERR_NOT_A_CODE_AT_ALL')}:?CTIERR_NOT_A_CODE_AT_ALL`);
    expect(whole.hits.some((h) => /:\?0x8CCCFFF[C-F]$/.test(h))).toBe(true);
  });

  it.each([
    ['SDL', sdl],
    ['JTAPI', jtapi],
    ['Jabber', jabber],
  ])('(%s) end with one short stretch dense enough in candidates for the matcher to drop its prefilter', (_, log) => {
    const lines = log.toString('latin1').split('\r\n');
    const denseLines = lines.filter((l) => (l.match(/_/g) ?? []).length > 64);
    expect(denseLines).toEqual([lines[lines.length - 1]]);
    expect(denseLines[0].length).toBeLessThan(400);
  });

  it('use four codes', () => {
    expect(first.length).toBe(4);
  });
});

describe('a large file', () => {
  it('is scanned after the warm-up with exactly its own counts, lines and places', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cti-warm-'));
    try {
      const lines = ['30000001.000 |23:59:58.114 |FileHead |UTC:-05:00,Date: 2026/03/14, AppName: CTIManager'];
      for (let i = 1; i < 100_000; i++) {
        const hit = i % 1000 === 7 ? ' Result=0x8ccc00d3' : i % 1500 === 9 ? ' CTIERR_NOT_A_CODE_AT_ALL' : '';
        lines.push(`${30412007 + i}.000 |${i < 50 ? '23:59:59' : '00:00:01'}.000 |SdlSig   |CtiLineCallStateChangedNotify |ready |CTIDeviceLineMgr(1,200,9,1) ${'x'.repeat(i % 7)}${hit}`);
      }
      const text = `${lines.join('\n')}\n`;
      const path = join(dir, 'big.txt');
      writeFileSync(path, text);
      const size = statSync(path).size;
      expect(size).toBeGreaterThan(8 * 1024 * 1024);
      expect(scanCodeWarmedUp()).toBe(false);
      // The scan warms up for 8 MiB or more listed.
      const result = await scanSources([{ display: 'big.txt', path, size, mtimeMs: 0, found: false }], setup, {});
      expect(scanCodeWarmedUp()).toBe(true);
      const expected = scanBytes(text);
      expect(result.lines).toBe(expected.lines);
      const count = (code: string): number => expected.hits.filter((h) => h.endsWith(`:${code}`)).length;
      const code = setup.targets.find((t) => t.value === '0x8CCC00D3')!.code;
      expect(result.codes.get(code)?.count).toBe(count(code));
      expect(result.errors).toEqual([]);
      expect(result.codes.get(code)?.first.line).toBe(8);
      expect(result.codes.size).toBe(1);
      expect(result.unknown.get('CTIERR_NOT_A_CODE_AT_ALL')?.count).toBe(count('?CTIERR_NOT_A_CODE_AT_ALL'));
      expect(result.unknown.size).toBe(1);
      expect(result.codes.get(code)?.first.time?.wall).toBe('2026-03-14T23:59:59.000');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
