// The lines stage: line numbers, line text and each hit's time, however the input is cut.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { LineScanner, TEXT_MAX } from '../../src/match/lines.js';
import { createLineClock, formatTimestamp, type TimeContext } from '../../src/match/timestamps.js';
import { matcherFor, scanBytes } from '../helpers/scan.js';

interface Seen {
  line: number;
  code: string;
  time: string | null;
  text: string;
}

function scanWithTimes(text: string, chunks: number[] = [text.length || 1], context: Partial<TimeContext> = {}): { hits: Seen[]; lines: number } {
  const { matcher, codes } = matcherFor();
  const hits: Seen[] = [];
  const scanner = new LineScanner({
    matcher,
    clock: createLineClock({ tzOffsetMinutes: null, year: null, mtimeMs: null, ...context }),
    wantText: true,
    events: {
      hit: (id, line, time, t) => hits.push({ line, code: codes[id], time: time && formatTimestamp(time), text: t ?? '' }),
      unknown: (token, line, time, t) => hits.push({ line, code: `?${token}`, time: time && formatTimestamp(time), text: t ?? '' }),
    },
  });
  const bytes = Buffer.from(text, 'latin1');
  let at = 0;
  for (let i = 0; at < bytes.length; i++) {
    const size = chunks[i % chunks.length];
    scanner.feed(Buffer.from(bytes.subarray(at, at + size)));
    at += size;
  }
  scanner.end();
  return { hits, lines: scanner.lines };
}

const SDL = [
  '30000001.000 |00:00:00.114 |FileHead |UTC:-05:00,Date: 2026/03/14, AppName: CTIManager, AppId: 200, HostName: cucmpub, FileNumber: 412, TraceVer: 3.0',
  '30412007.001 |07:32:38.640 |AppInfo  |CtiLineOpenLineReq ok',
  '30412007.003 |07:32:38.647 |AppInfo  |[CTI-APP] CTI ProviderOpenCompletedEvent (seq#=2) error code=2362179701 description=Directory login failed - timeout',
  '30412007.004 |07:32:38.651 |AppInfo  |CtiProviderOpenFailure Reason code.:-1932787595 App ID:Cisco CTIManager',
  ...Array.from({ length: 40 }, (_, i) => `304120${10 + i}.000 |${String(8 + Math.floor(i / 3)).padStart(2, '0')}:00:00.000 |SdlSig   |CtiLineCallStateChanged result=0`),
  '30412008.000 |23:59:59.990 |SdlSig   |CtiLineCallStateChanged result=0',
  '30412008.001 |00:00:00.010 |AppError |Result=0x8ccc00d3',
  '',
].join('\n');

const JTAPI = [
  '9371: Mar 14 07:09:02.973 PST %JTAPI-CTIIMPL-7-UNK:(P1-10.20.1.11) sending: com.cisco.cti.protocol.ProviderOpenRequest {',
  'provider = 10.20.1.11',
  '}',
  '9372: Mar 14 07:09:03.121 PST %JTAPI-PROTOCOL-7-UNK:(P1-10.20.1.11) received Event: com.cisco.cti.protocol.ProviderOpenCompletedEvent {',
  'eventSequence = 211',
  'reason = -1932787425',
  'sequenceNumber = 17',
  '}',
  '9373: Mar 14 07:09:04.000 PST %JTAPI-JTAPIIMPL-7-UNK: CiscoJtapiException: CTIERR_ILLEGAL_CALLSTATE',
  '',
].join('\n');

describe('line numbers and counts', () => {
  it.each([
    ['', 0],
    ['\n', 1],
    ['a', 1],
    ['a\n', 1],
    ['a\nb', 2],
    ['a\n\n', 2],
    ['\r\n\r\n', 2],
  ])('%j has %i lines', (text, lines) => {
    expect(scanBytes(text).lines).toBe(lines);
    expect(scanBytes(text, { chunks: [1] }).lines).toBe(lines);
  });

  it('numbers lines from 1 in the decompressed text, however it is cut', () => {
    const text = 'x\n\nCONFERENCE_FULL\r\nnothing\n2362179593';
    for (const chunks of [[1], [2], [3, 5], [100]]) {
      expect(scanBytes(text, { chunks }).hits).toEqual(['3:CONFERENCE_FULL', '5:CTIERR_ILLEGAL_CALLSTATE']);
    }
  });
});

describe('line text', () => {
  it('is the line without its newline or one trailing \\r', () => {
    const { hits } = scanWithTimes('a\r\nb CONFERENCE_FULL c\r\n', [3]);
    expect(hits.map((h) => h.text)).toEqual(['b CONFERENCE_FULL c']);
  });

  it('is bounded for a long line, and still shows the hit', () => {
    const line = `${'a '.repeat(50_000)}CONFERENCE_FULL${' b'.repeat(50_000)}\n`;
    const { hits } = scanWithTimes(line, [4096]);
    expect(hits).toHaveLength(1);
    expect(hits[0].text.length).toBeLessThanOrEqual(TEXT_MAX);
    expect(hits[0].text).toContain('CONFERENCE_FULL');
  });

  // Found by the property test of sources.test.ts (gzip on standard input, cut in 75-byte pieces).
  it('of a long line begun a few bytes before a chunk ends, and ended in the next, begins with the line', () => {
    const line = `${'x'.repeat(1500)} CONFERENCE_FULL ${'y'.repeat(1500)}`;
    const text = `first line\n${line}\nlast line\n`;
    const whole = scanWithTimes(text).hits[0].text;
    expect(whole.startsWith(`${'x'.repeat(200)} … `)).toBe(true);
    for (const before of [1, 7, 199, 200, 201]) {
      // The long line's first `before` bytes end a chunk; the next chunk holds the rest of it.
      expect(scanWithTimes(text, [11 + before, text.length]).hits[0].text, `${before} bytes`).toBe(whole);
    }
  });
});

describe('the time of a hit', () => {
  it('takes the SDL FileHead date and offset, and rolls over midnight', () => {
    const expected = [
      { line: 3, code: 'CTIERR_DIRECTORY_LOGIN_TIMEOUT', time: '2026-03-14T07:32:38.647-05:00' },
      { line: 4, code: 'CTIERR_DIRECTORY_LOGIN_TIMEOUT', time: '2026-03-14T07:32:38.651-05:00' },
      { line: 46, code: 'CTIERR_LINE_RESTRICTED', time: '2026-03-15T00:00:00.010-05:00' },
    ];
    for (const chunks of [[SDL.length], [1], [7], [64], [150], [4000]]) {
      expect(scanWithTimes(SDL, chunks).hits.map(({ line, code, time }) => ({ line, code, time })), `chunks ${chunks}`).toEqual(expected);
    }
  });

  it('rolls an SDL date at midnight even with no hit or sample near it', () => {
    const lines = [
      SDL.split('\n')[0],
      '30412007.003 |07:32:38.647 |AppInfo  |error code=2362179701',
      '30412008.000 |23:59:59.990 |SdlSig   |CtiLineCallStateChanged result=0',
      '30412008.001 |00:00:00.010 |AppError |Result=0x8ccc00d3',
      '',
    ].join('\n');
    for (const chunks of [[lines.length], [1], [5], [90]]) {
      expect(scanWithTimes(lines, chunks).hits.map((h) => h.time), `chunks ${chunks}`).toEqual([
        '2026-03-14T07:32:38.647-05:00',
        '2026-03-15T00:00:00.010-05:00',
      ]);
    }
  });

  it("gives a continuation line its entry's time and its own line number", () => {
    const expected = [
      { line: 6, code: 'CTIERR_LOGIN_FAILED_ACCOUNT_LOCKED', time: '2026-03-14T07:09:03.121' },
      { line: 9, code: 'CTIERR_ILLEGAL_CALLSTATE', time: '2026-03-14T07:09:04.000' },
    ];
    for (const chunks of [[JTAPI.length], [1], [13], [200]]) {
      const { hits } = scanWithTimes(JTAPI, chunks, { year: 2026 });
      expect(hits.map(({ line, code, time }) => ({ line, code, time })), `chunks ${chunks}`).toEqual(expected);
    }
  });

  it('--year turns at December to January, however the input is cut (hits, samples and continuation lines)', () => {
    const lines = [
      '100: Dec 31 23:59:58.000 COT %JTAPI-JTAPIIMPL-7-UNK: CiscoJtapiException: CTIERR_ILLEGAL_CALLSTATE',
      ...Array.from({ length: 40 }, (_, i) => `${101 + i}: Dec 31 23:59:59.${String(i).padStart(3, '0')} COT %JTAPI-X-7-UNK: ok`),
      ...Array.from({ length: 40 }, (_, i) => `${141 + i}: Jan 01 00:00:00.${String(i).padStart(3, '0')} COT %JTAPI-X-7-UNK: ok`),
      'reason = -1932787425',
      '200: Jan 01 00:00:01.000 COT %JTAPI-JTAPIIMPL-7-UNK: CiscoJtapiException: CTIERR_ILLEGAL_CALLSTATE',
      '',
    ].join('\n');
    for (const chunks of [[lines.length], [1], [7], [97], [1000]]) {
      expect(scanWithTimes(lines, chunks, { year: 2025 }).hits.map((h) => h.time), `chunks ${chunks}`).toEqual([
        '2025-12-31T23:59:58.000',
        '2026-01-01T00:00:00.039',
        '2026-01-01T00:00:01.000',
      ]);
    }
  });

  it('is null when no line before the hit has a time', () => {
    expect(scanWithTimes('no time here CONFERENCE_FULL\n').hits[0].time).toBeNull();
  });
});

describe('property: cutting the input never changes hits, times or text', () => {
  const lineArb = fc.constantFrom(...SDL.split('\n').slice(1, -1), ...JTAPI.split('\n').slice(0, -1), 'x CONFERENCE_FULL y', '', '\r', 'CTIERR_FOO');
  it('on SDL- and JTAPI-like lines', () => {
    fc.assert(
      fc.property(fc.array(lineArb, { maxLength: 30 }), fc.array(fc.integer({ min: 1, max: 90 }), { minLength: 1, maxLength: 6 }), (lines, chunks) => {
        const text = `${SDL.split('\n')[0]}\n${lines.join('\n')}`;
        const whole = scanWithTimes(text, [text.length], { year: 2026 });
        expect(scanWithTimes(text, chunks, { year: 2026 })).toEqual(whole);
      }),
      { numRuns: 400 },
    );
  });
});
