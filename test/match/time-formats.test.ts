// The timestamp formats' own samples (src/match/time-formats.ts), lnav's rule: each sample is
// matched by its own format's pattern and by no other's, and the clock gives the sample's time.

import { describe, expect, it } from 'vitest';
import { TIME_FORMATS, type TimeFormat, type TimeSample } from '../../src/match/time-formats.js';
import { createLineClock, formatTimestamp, parseTzOffset, type TimeContext } from '../../src/match/timestamps.js';

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
    expect(clock.mayHaveTime(sample.line.charCodeAt(0))).toBe(true);
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
