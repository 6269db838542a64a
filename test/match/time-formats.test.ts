// The timestamp formats' own samples (src/match/time-formats.ts), lnav's rule: each sample is
// matched by its own format's pattern and by no other's, and the clock gives the sample's time.

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LineScanner } from '../../src/match/lines.js';
import { TIME_FORMATS, type TimeFormat, type TimeSample } from '../../src/match/time-formats.js';
import { createLineClock, formatTimestamp, parseTzOffset, type TimeContext } from '../../src/match/timestamps.js';
import { matcherFor } from '../helpers/scan.js';

/** The names of the formats whose pattern matches the line. */
function formatsMatching(line: string, formats: readonly TimeFormat[] = TIME_FORMATS): string[] {
  return formats.filter((format) => format.pattern.test(line)).map((format) => format.name);
}

function contextOf(sample: TimeSample): TimeContext {
  return {
    tzOffsetMinutes: sample.tz === undefined ? null : parseTzOffset(sample.tz),
    year: sample.year ?? null,
    mtimeMs: sample.mtime === undefined ? null : Date.parse(sample.mtime),
  };
}

const SAMPLES = TIME_FORMATS.flatMap((format) => format.samples.map((sample) => ({ format: format.name as string, sample, label: `${format.name}: ${sample.line.slice(0, 60)}` })));

describe('every sample parses, by its own format only', () => {
  it('every format has samples, and its own name', () => {
    for (const format of TIME_FORMATS) expect(format.samples.length, format.name).toBeGreaterThan(0);
    expect(new Set(TIME_FORMATS.map((f) => f.name)).size).toBe(TIME_FORMATS.length);
  });

  it.each(SAMPLES)('$label', ({ format, sample }) => {
    // lnav's rule: a sample that no pattern, or two patterns, match is rejected.
    expect(formatsMatching(sample.line)).toEqual([format]);
    const own = TIME_FORMATS.find((f) => f.name === format) as TimeFormat;
    // The clock's dispatch reaches the format: its first bytes and its precheck let the line through.
    expect(own.firstBytes).toContain(sample.line[0]);
    if (own.precheck !== undefined) expect(sample.line[own.precheck.at]).toBe(own.precheck.char);
    const clock = createLineClock(contextOf(sample));
    const bytes = Buffer.from(sample.line, 'latin1');
    expect(own.mayBegin?.(bytes, 0, bytes.length) ?? true).toBe(true);
    expect(clock.mayHaveTime(bytes, 0, bytes.length)).toBe(true);
    const time = clock.timeOf(sample.line.slice(0, 160));
    expect(time === null ? null : formatTimestamp(time)).toBe(sample.time);
  });

  it('the check rejects a line that no pattern, or two patterns, match', () => {
    expect(formatsMatching('eventSequence = 211')).toEqual([]);
    const first = TIME_FORMATS[0];
    const twice = [...TIME_FORMATS, { ...first, name: 'again' }];
    expect(formatsMatching(first.samples[0].line, twice)).toEqual([first.name, 'again']);
  });
});

describe('through the line stage, cut anywhere', () => {
  /** "line code time" for each hit of the text fed in chunks of these sizes. */
  function hitTimes(bytes: Buffer, sizes: number[], ctx: TimeContext): string[] {
    const { matcher, codes } = matcherFor();
    const seen: string[] = [];
    const scanner = new LineScanner({
      matcher,
      clock: createLineClock(ctx),
      wantText: false,
      events: {
        hit: (id, line, time) => seen.push(`${line} ${codes[id]} ${time === null ? null : formatTimestamp(time)}`),
        unknown: () => {},
      },
    });
    for (let at = 0, i = 0; at < bytes.length; i++) {
      const size = sizes[i % sizes.length];
      scanner.feed(Buffer.from(bytes.subarray(at, at + size)));
      at += size;
    }
    scanner.end();
    return seen;
  }

  it('CUCM syslog alarms (the first bytes of a host-led line may be cut short) give the same times in chunks of any size', () => {
    const bytes = readFileSync(new URL('../../fixtures/formats/cucm-syslog-alarm.log', import.meta.url));
    const ctx: TimeContext = { tzOffsetMinutes: -300, year: null, mtimeMs: null };
    const whole = hitTimes(bytes, [bytes.length], ctx);
    expect(whole).toHaveLength(7);
    expect(whole[3]).toBe('4 CTIERR_DIRECTORY_LOGIN_TIMEOUT 2026-03-14T12:14:10.006+00:00');
    for (let size = 1; size <= 64; size++) expect(hitTimes(bytes, [size], ctx), `chunks of ${size}`).toEqual(whole);
    // The host-led line (line 4) cut a few bytes in, at each of its first 40 bytes.
    const line4 = bytes.indexOf('cucmpub.example.local');
    for (let cut = 1; cut <= 40; cut++) expect(hitTimes(bytes, [line4 + cut, bytes.length], ctx), `cut at ${cut}`).toEqual(whole);
  });
});
