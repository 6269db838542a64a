// Reporter goldens and properties: the hand-written reports of test/helpers/report-fixture.ts rendered
// by every format, compared with files under test/golden/reporters/ (UPDATE_GOLDEN=1 rewrites them).

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  FORMATS,
  renderHitEvent,
  renderJson,
  renderNdjsonSummary,
  renderTable,
  reporters,
} from '../../src/reporters/index.js';
import type { RenderContext } from '../../src/reporters/types.js';
import { expectGolden } from '../helpers/golden.js';
import { CLEAN_REPORT, MIXED_REPORT, SAMPLE_REPORT } from '../helpers/report-fixture.js';
import type { Hit, Report } from '../../src/types.js';

const ANSI = /\x1b\[[0-9;]*m/g;

function stripAnsi(text: string): string {
  return text.replace(ANSI, '');
}

function linesOf(text: string): string[] {
  expect(text.endsWith('\n')).toBe(true);
  return text.slice(0, -1).split('\n');
}

const HITS: Hit[] = [
  {
    code: 'CTIERR_DIRECTORY_LOGIN_TIMEOUT',
    value: '0x8CCC0075',
    file: 'logs/SDL001_200_000412.txt.gz',
    line: 118,
    time: { wall: '2024-08-13T07:32:38.647', offsetMinutes: -300, epochMs: Date.UTC(2024, 7, 13, 12, 32, 38, 647) },
    text: '30412007.003 |07:32:38.647 |AppInfo  |[CTI-APP] CTI ProviderOpenCompletedEvent error code=2362179701 description=Directory login failed - timeout',
  },
  {
    code: 'CTIERR_DEVICE_RESTRICTED',
    value: '0x8CCC00D2',
    file: 'logs/jabber.log',
    line: 51,
    time: { wall: '2024-08-13T08:14:27.674', offsetMinutes: null, epochMs: Date.UTC(2024, 7, 13, 8, 14, 27, 674) },
    text: '2024-08-13 08:14:27,674 ERROR [0x00002578] - FailureResponse , result= 0x8ccc00d2 , ( CTIERR_DEVICE_RESTRICTED )',
  },
  {
    code: 'CONFERENCE_FULL',
    value: '0x8CCC0046',
    file: '-',
    line: 42,
    time: null,
    text: 'conference failed: "CONFERENCE_FULL"\ttab and quote',
  },
];

/** The same report with every object's keys in reverse order, as a careless producer might build it. */
function reverseKeys<T>(value: T): T {
  if (Array.isArray(value)) return value.map(reverseKeys) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).reverse().map(([k, v]) => [k, reverseKeys(v)])) as T;
  }
  return value;
}

const PLAIN_80: RenderContext = { color: false, width: 80 };
const PLAIN_WIDE: RenderContext = { color: false, width: null };

describe('registry', () => {
  it('maps every format name to its reporter', () => {
    expect(FORMATS).toEqual(['table', 'json', 'ndjson', 'markdown', 'junit', 'github', 'sarif']);
    expect(reporters.table).toBe(renderTable);
    expect(reporters.json(SAMPLE_REPORT, PLAIN_WIDE)).toBe(renderJson(SAMPLE_REPORT));
    expect(reporters.ndjson(SAMPLE_REPORT, PLAIN_WIDE)).toBe(renderNdjsonSummary(SAMPLE_REPORT));
  });
});

describe('table goldens', () => {
  it('fits 80 columns', () => expectGolden('reporters', 'table-80.txt', renderTable(SAMPLE_REPORT, PLAIN_80)));
  it('fits 40 columns', () => expectGolden('reporters', 'table-40.txt', renderTable(SAMPLE_REPORT, { color: false, width: 40 })));
  it('cuts nothing when not a terminal', () => expectGolden('reporters', 'table-wide.txt', renderTable(SAMPLE_REPORT, PLAIN_WIDE)));
  it('colours on request', () => expectGolden('reporters', 'table-color.txt', renderTable(SAMPLE_REPORT, { color: true, width: 120 })));
  it('says so when nothing was found', () => expectGolden('reporters', 'table-empty.txt', renderTable(CLEAN_REPORT, PLAIN_80)));
  it('draws trends in ASCII where the terminal is not UTF-8', () =>
    expectGolden('reporters', 'table-ascii.txt', renderTable(SAMPLE_REPORT, { color: false, width: 100, unicode: false })));
});

describe('table trend and coverage', () => {
  const wideLines = (report: Report, ctx: RenderContext = PLAIN_WIDE) => linesOf(renderTable(report, ctx));
  const trendCell = (report: Report, row: number, ctx: RenderContext = PLAIN_WIDE) => {
    const lines = wideLines(report, ctx);
    const at = lines[0].indexOf('TREND');
    return lines[row].slice(at, lines[0].indexOf('FIRST SEEN')).trimEnd();
  };

  it("draws each code's timeline resampled to at most 24 characters, scaled to its own peak", () => {
    // 27 half-hour buckets, two to a character: 14 characters of an hour each.
    expect(trendCell(SAMPLE_REPORT, 1)).toBe('▁▁▁▁▇▃█▁▁▅▁▁▁▅');
    expect(trendCell(SAMPLE_REPORT, 2)).toBe('▁▁▁▁█▁▁▁▁▁▁▁▁▁');
    expect(trendCell(SAMPLE_REPORT, 3)).toBe('█▁▁▁▁▁▁▁▁▁▁▁▁▁');
    expect(trendCell(SAMPLE_REPORT, 4)).toBe('');
    // 120 buckets: 24 characters of 5 each; the peak is per row, so 1 and 1000 both reach the top.
    const timeline = { from: '2026-03-14T07:00:00.000-05:00', bucketSeconds: 60, buckets: 120, codes: {
      [SAMPLE_REPORT.codes[0].code]: Array.from({ length: 120 }, (_, i) => (i === 119 ? 1000 : 0)),
      [SAMPLE_REPORT.codes[1].code]: Array.from({ length: 120 }, (_, i) => (i < 5 ? 1 : 0)),
    } };
    const report: Report = { ...SAMPLE_REPORT, timeline };
    expect(trendCell(report, 1)).toBe('▁'.repeat(23) + '█');
    expect(trendCell(report, 2)).toBe('█' + '▁'.repeat(23));
    expect(wideLines(report).find((l) => l.startsWith('TREND:'))).toBe(
      'TREND: 2026-03-14 07:00:00 to 09:00:00 (-05:00), 5m a character; each row scaled to its own peak.',
    );
  });

  it('draws ASCII where the terminal is not UTF-8, a space for no hits', () => {
    const ascii: RenderContext = { color: false, width: null, unicode: false };
    expect(trendCell(SAMPLE_REPORT, 1, ascii)).toBe('    *:#  =   =');
    expect(trendCell(SAMPLE_REPORT, 3, ascii)).toBe('#');
    const text = renderTable(SAMPLE_REPORT, ascii);
    expect(text).not.toMatch(/[▁▂▃▄▅▆▇█]/);
    expect(renderTable(SAMPLE_REPORT, PLAIN_WIDE)).toContain('▁');
  });

  it('has no TREND column and no legend without a timeline, EVENTS all the same', () => {
    const lines = wideLines({ ...SAMPLE_REPORT, timeline: null });
    expect(lines[0]).toMatch(/^CODE +COUNT {2}EVENTS {2}FIRST SEEN /);
    expect(lines.join('\n')).not.toContain('TREND');
  });

  it('names the columns left out at every width, never CODE or COUNT, and says what TREND means only when shown', () => {
    // From 20: below that a column's name no longer fits on a line of the note, and is cut.
    for (let width = 20; width <= 160; width++) {
      const text = renderTable(SAMPLE_REPORT, { color: false, width });
      const header = text.split('\n')[0];
      expect(header).toMatch(/COUNT/);
      for (const column of ['EVENTS', 'TREND', 'FIRST SEEN', 'LAST SEEN', 'DESCRIPTION']) {
        const inSomeTable = text.split('\n').some((l) => /^(CODE|TOKEN) /.test(l) && l.includes(column));
        // The unknown table has neither EVENTS nor DESCRIPTION.
        const headers = text.split('\n').filter((l) => /^CODE /.test(l) || (/^TOKEN /.test(l) && !['EVENTS', 'DESCRIPTION'].includes(column)));
        const inAll = headers.every((l) => l.includes(column));
        const named = /Columns left out.*\(a wider/.exec(text.replace(/\n  /g, ' '))?.[0].includes(column) ?? false;
        expect(named, `${width} ${column}`).toBe(!inAll);
        if (column === 'TREND') expect(text.includes('\nTREND: '), `${width}`).toBe(inSomeTable);
      }
    }
  });

  it('writes one line per trace set with gaps, one per set with restarts, and the window', () => {
    const lines = wideLines(SAMPLE_REPORT);
    const at = lines.findIndex((l) => l.startsWith('Gaps: '));
    expect(lines.slice(at, at + 4)).toEqual([
      'Gaps: logs/SDL001_200: 4180 trace lines missing (2024-08-13 09:58:10 to 10:26:47, in the window)',
      'Restarts: logs/SDL001_200: 2024-08-13 07:30:02 (in SDL001_200_000412.txt.gz)',
      'Window: 2024-08-13 07:00:00 to 2024-08-13 17:00:00; 7 hit lines outside the window',
      `logs/SDL001_200: ${SAMPLE_REPORT.inputs.warnings[1].message}`,
    ]);
    expect(lines[at + 4]).toMatch(/^Scanned /);
    // The trace set without gaps or restarts has no line.
    expect(lines.join('\n')).not.toContain('jabber.log:');
    // In bold, for it decides whether the counts can be trusted.
    expect(renderTable(SAMPLE_REPORT, { color: true, width: null })).toContain('\x1b[1mlogs/SDL001_200: the window is not fully covered: ');
  });

  it("joins a set's gaps on its line, says where a time is unknown, and words a window of one bound", () => {
    const [sdl] = SAMPLE_REPORT.coverage;
    const second = { ...sdl.gaps[0], from: null, to: '2024-08-14T01:00:00.000-05:00', reason: 'missing files SDL001_200_000414' };
    const report: Report = {
      ...SAMPLE_REPORT,
      inputs: { ...SAMPLE_REPORT.inputs, warnings: [], outsideWindow: 1 },
      window: { since: '2024-08-13T10:00:00.000-05:00', until: null },
      coverage: [{ ...sdl, gaps: [sdl.gaps[0], second, { ...second, from: '2024-08-13T23:00:00.000', to: null }], restarts: [{ at: null, file: 'logs\\SDL001_200_000413.txt.gzo' }] }],
    };
    const lines = wideLines(report);
    expect(lines.find((l) => l.startsWith('Gaps: '))).toBe(
      'Gaps: logs/SDL001_200: 4180 trace lines missing (2024-08-13 09:58:10 to 10:26:47, in the window); ' +
        'missing files SDL001_200_000414 (? to 2024-08-14 01:00:00, in the window); missing files SDL001_200_000414 (2024-08-13 23:00:00 to ?, in the window)',
    );
    expect(lines.find((l) => l.startsWith('Restarts: '))).toBe('Restarts: logs/SDL001_200: (in SDL001_200_000413.txt.gzo)');
    expect(lines.find((l) => l.startsWith('Window: '))).toBe('Window: from 2024-08-13 10:00:00-05:00 on; 1 hit line outside the window');
    // No warning in the report (read back from an older merge, say): the gaps above say it.
    expect(lines).toContain('The window is not fully covered: 3 gaps above overlap it.');
    const before: Report = { ...report, window: { since: null, until: '2024-08-13T09:00:00.000-05:00' } };
    expect(wideLines(before)).toContain('Window: before 2024-08-13 09:00:00-05:00; 1 hit line outside the window');
    // Until 09:00: only the gaps of unknown start may reach it.
    expect(wideLines(before)).toContain('The window is not fully covered: 1 gap above overlaps it.');
  });

  it('says nothing of a window or of coverage when there is none', () => {
    const text = renderTable({ ...SAMPLE_REPORT, window: null, coverage: [], inputs: { ...SAMPLE_REPORT.inputs, warnings: [] } }, PLAIN_WIDE);
    expect(text).not.toMatch(/^(Window|Gaps|Restarts):/m);
    expect(text).not.toContain('not fully covered');
    // A gap without a window is listed, and not "in the window".
    const noWindow = renderTable({ ...SAMPLE_REPORT, window: null, inputs: { ...SAMPLE_REPORT.inputs, warnings: [] } }, PLAIN_WIDE);
    expect(noWindow).toContain('Gaps: logs/SDL001_200: 4180 trace lines missing (2024-08-13 09:58:10 to 10:26:47)\n');
    expect(noWindow).not.toContain('Window:');
  });

  it('keeps control characters of set names and reasons out of the terminal, and a long set its ends', () => {
    const lines = linesOf(renderTable(MIXED_REPORT, PLAIN_WIDE));
    expect(lines).toContain('Gaps: traces/pub,sub:2 100%/a <b> | `c`?d/SDL001_100: missing files SDL001_100_<2>|`x`?y (2024-08-13 17:20:00 to 17:45:10)');
    expect(renderTable(MIXED_REPORT, PLAIN_WIDE)).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    const narrow = linesOf(renderTable(MIXED_REPORT, { color: false, width: 30 }));
    expect(narrow).toContain('Gaps: traces/pub,…/SDL001_100:');
    for (const line of narrow) expect([...line].length).toBeLessThanOrEqual(30);
  });
});

describe('table layout', () => {
  const wide = linesOf(renderTable(SAMPLE_REPORT, PLAIN_WIDE));

  it('lists codes in the report order and shows times without offset, or file:line', () => {
    expect(wide[0]).toMatch(/^CODE +COUNT {2}EVENTS {2}TREND +FIRST SEEN +LAST SEEN +DESCRIPTION$/);
    const codes = wide.slice(1, 5).map((l) => l.split(' ')[0]);
    expect(codes).toEqual(SAMPLE_REPORT.codes.map((c) => c.code));
    expect(wide[1]).toContain('2024-08-13 07:32:38.647  2024-08-13 16:05:11.020');
    expect(wide[4]).toContain('-:42');
    expect(wide.slice(0, 5).join('\n')).not.toContain('-05:00');
  });

  it('right-aligns COUNT under its header', () => {
    const countEnd = wide[0].indexOf('COUNT') + 'COUNT'.length;
    for (const [i, c] of SAMPLE_REPORT.codes.entries()) {
      expect(wide[i + 1].slice(0, countEnd).endsWith(` ${c.count}`)).toBe(true);
    }
  });

  it('keeps the full description when width is null', () => {
    expect(wide.join('\n')).toContain(SAMPLE_REPORT.codes[1].description);
    expect(wide.join('\n')).not.toContain('…');
  });

  it('right-aligns EVENTS and puts the trend after it', () => {
    const eventsEnd = wide[0].indexOf('EVENTS') + 'EVENTS'.length;
    for (const [i, c] of SAMPLE_REPORT.codes.entries()) {
      expect(wide[i + 1].slice(0, eventsEnd).endsWith(` ${c.events}`)).toBe(true);
    }
    const trendAt = wide[0].indexOf('TREND');
    expect(wide[1].slice(trendAt, trendAt + 14)).toBe('▁▁▁▁▇▃█▁▁▅▁▁▁▅');
    // CONFERENCE_FULL has no timed hit: an empty trend, the columns after it in place.
    expect(wide[4].slice(trendAt - 2, wide[0].indexOf('FIRST SEEN'))).toBe(' '.repeat(18));
  });

  it('shrinks the description first, then drops columns from the right, and cuts CODE last', () => {
    const header = (width: number) => linesOf(renderTable(SAMPLE_REPORT, { color: false, width }))[0];
    const at150 = linesOf(renderTable(SAMPLE_REPORT, { color: false, width: 150 }));
    expect(at150[0]).toMatch(/  DESCRIPTION$/);
    expect(at150[2]).toMatch(/^MAX_NUMBER_OF_CTI_CONNECTIONS_REACHED .*  The maximum nu.*…$/);
    // Each width drops the next column from the right; CODE and COUNT are never dropped.
    for (const [width, last] of [
      [120, 'LAST SEEN'],
      [100, 'FIRST SEEN'],
      [80, 'TREND'],
      [70, 'TREND'],
      [68, 'TREND'],
      [67, 'EVENTS'],
      [52, 'EVENTS'],
      [51, 'COUNT'],
      [20, 'COUNT'],
    ] as const) {
      expect(header(width).endsWith(last), `${width}: ${header(width)}`).toBe(true);
      expect(header(width)).toMatch(/^CODE +COUNT/);
    }
    const at80 = linesOf(renderTable(SAMPLE_REPORT, PLAIN_80));
    expect(at80[2]).toMatch(/^MAX_NUMBER_OF_CTI_CONNECTIONS_REACHED +4 +2  ▁▁▁▁█▁▁▁▁▁▁▁▁▁$/);
    const at40 = linesOf(renderTable(SAMPLE_REPORT, { color: false, width: 40 }));
    expect(at40[0]).toMatch(/^CODE +COUNT$/);
    expect(at40[2]).toMatch(/^MAX_NUMBER_OF_CTI_CONNECTIONS_RE… +4$/);
    // Too narrow even for a cut CODE and COUNT: both are still there, cut, and nothing else.
    const at12 = linesOf(renderTable(SAMPLE_REPORT, { color: false, width: 12 }));
    expect(at12[0]).toMatch(/^CODE +COUNT$/);
    expect(at12[2]).toMatch(/^MAX_… +4$/);
    expect(at12[1]).not.toContain('▁');
  });

  it('says which columns were left out to fit, and how to see them', () => {
    const at70 = linesOf(renderTable(SAMPLE_REPORT, { color: false, width: 70 }));
    const at = at70.findIndex((l) => l.startsWith('Columns left out'));
    expect(at70.slice(at, at + 2)).toEqual([
      'Columns left out to fit 70 columns: FIRST SEEN, LAST SEEN, DESCRIPTION',
      '  (a wider terminal or --format markdown shows them).',
    ]);
    // After both tables and the trend's legend, before the coverage and the footer.
    expect(at70[at - 2]).toMatch(/^TREND: /);
    expect(at70[at + 2]).toMatch(/^Gaps: /);
    expect(renderTable(SAMPLE_REPORT, { color: false, width: 60 })).toContain('Columns left out to fit 60 columns: TREND, FIRST SEEN,\n');
    const at40 = renderTable(SAMPLE_REPORT, { color: false, width: 40 });
    expect(at40).toContain('Columns left out to fit 40 columns:\n  EVENTS, TREND, FIRST SEEN, LAST SEEN,\n  DESCRIPTION (a wider terminal or\n');
    // Only the unknown table too narrow: its columns are named all the same.
    const onlyUnknown: Report = { ...CLEAN_REPORT, unknown: SAMPLE_REPORT.unknown, timeline: SAMPLE_REPORT.timeline };
    expect(renderTable(onlyUnknown, { color: false, width: 40 })).toContain('Columns left out to fit 40 columns:\n  TREND, FIRST SEEN, LAST SEEN (a wider\n');
    // Nothing left out, nothing said: a cut description is still there.
    for (const width of [null, 150]) expect(renderTable(SAMPLE_REPORT, { color: false, width })).not.toContain('left out');
    expect(renderTable(CLEAN_REPORT, { color: false, width: 20 })).not.toContain('left out');
  });

  it('shows the unknown codes and the footer', () => {
    const text = wide.join('\n');
    expect(text).toContain('\nUnknown codes\nTOKEN ');
    expect(text).toContain('\nCTIERR_NOT_IN_ANY_TABLE ');
    expect(wide.slice(-3)).toEqual([
      'Scanned 4 files, 9000 lines, 1.5 MB; 2 warnings; 1 error',
      'Failed: 1 input could not be read: logs/missing.txt (ENOENT: no such file or directory)',
      'Unexpected: CTIERR_DIRECTORY_LOGIN_TIMEOUT, MAX_NUMBER_OF_CTI_CONNECTIONS_REACHED',
    ]);
  });

  it('says the run failed, and why, when an input was not read (exit 2), even with nothing unexpected', () => {
    const failed: Report = { ...CLEAN_REPORT, inputs: { ...CLEAN_REPORT.inputs, errors: [{ file: 'missing.log', message: 'No such file or directory' }] }, exitCode: 2 };
    const lines = linesOf(renderTable(failed, PLAIN_WIDE));
    expect(lines.at(-1)).toBe('Failed: 1 input could not be read: missing.log (No such file or directory)');
    expect(lines.join('\n')).not.toContain('Nothing unexpected');
    expect(renderTable(failed, { color: true, width: null })).toContain('\x1b[31mFailed: 1 input could not be read: ');
  });

  it('names a few unread inputs with their reasons and counts the rest', () => {
    const errors = ['a.log', 'b.log', 'c.log', 'd.log', 'e.log'].map((file) => ({ file, message: 'Permission denied' }));
    const failed: Report = { ...SAMPLE_REPORT, inputs: { ...SAMPLE_REPORT.inputs, errors } };
    const lines = linesOf(renderTable(failed, PLAIN_WIDE));
    expect(lines.at(-2)).toBe(
      'Failed: 5 inputs could not be read: a.log (Permission denied); b.log (Permission denied); c.log (Permission denied); and 2 more (--format json lists every one)',
    );
    expect(lines.at(-1)).toBe('Unexpected: CTIERR_DIRECTORY_LOGIN_TIMEOUT, MAX_NUMBER_OF_CTI_CONNECTIONS_REACHED');
    // Wrapped between words on a narrow terminal, never cut.
    const narrow = linesOf(renderTable(failed, { color: false, width: 40 }));
    const at = narrow.findIndex((l) => l.startsWith('Failed:'));
    expect(narrow.slice(at, at + 5)).toEqual([
      'Failed: 5 inputs could not be read:',
      '  a.log (Permission denied); b.log',
      '  (Permission denied); c.log (Permission',
      '  denied); and 2 more (--format json',
      '  lists every one)',
    ]);
    expect(narrow.slice(at).join('\n')).not.toContain('…');
  });

  it('keeps control characters of an unread path and its reason out of the terminal', () => {
    const failed: Report = { ...CLEAN_REPORT, inputs: { ...CLEAN_REPORT.inputs, errors: [{ file: 'evil\x1b]0;x\x07.log', message: 'bad\rthing' }] }, exitCode: 2 };
    const text = renderTable(failed, PLAIN_WIDE);
    expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f]/);
    expect(text).toContain('evil?]0;x?.log (bad?thing)');
  });

  it('has no unknown section and says nothing unexpected on a clean run', () => {
    const text = renderTable(CLEAN_REPORT, PLAIN_WIDE);
    expect(text).toBe('No CTI error codes found.\n\nScanned 1 file, 312 lines, 20.0 KB\nNothing unexpected.\n');
  });

  it('keeps control characters in paths out of the terminal', () => {
    const report: Report = {
      ...SAMPLE_REPORT,
      codes: [{ ...SAMPLE_REPORT.codes[3], firstSeen: { time: null, file: 'evil\x1b[2J\nname', line: 1 } }],
    };
    const text = renderTable(report, PLAIN_WIDE);
    expect(text).not.toContain('\x1b');
    expect(text).toContain('evil?[2J?name:1');
  });

  it('colours codes by policy and the verdict', () => {
    const text = renderTable(SAMPLE_REPORT, { color: true, width: null });
    expect(text).toContain('\x1b[31mCTIERR_DIRECTORY_LOGIN_TIMEOUT\x1b[0m');
    expect(text).toContain('\x1b[32mCONFERENCE_FULL\x1b[0m');
    expect(text).toContain('\x1b[1;4mCODE\x1b[0m');
    expect(text).toContain('\x1b[1m12\x1b[0m');
    expect(text).toContain('\x1b[31mUnexpected: ');
    expect(renderTable(CLEAN_REPORT, { color: true, width: null })).toContain('\x1b[32mNothing unexpected.\x1b[0m');
  });
});

describe('reports of any size', () => {
  // Math.max(...cells) and push(...lines) overflowed the stack past about 120,000 rows.
  const N = 130_000;
  const location = { time: null, file: 'big.log', line: 1 };
  const unknown = Array.from({ length: N }, (_, i) => ({ token: `CTIERR_UNKNOWN_${i}`, count: 1, files: 1, nodes: {}, firstSeen: location, lastSeen: location }));
  const errors = Array.from({ length: N }, (_, i) => ({ file: `missing-${i}.log`, message: 'No such file or directory' }));
  const big: Report = { ...CLEAN_REPORT, inputs: { ...CLEAN_REPORT.inputs, errors }, unknown, unexpected: unknown.map((u) => u.token), exitCode: 2 };

  it.each(FORMATS)('%s renders 130,000 unknown tokens and unread inputs', (format) => {
    const text = reporters[format](big, { color: false, width: 80 });
    expect(text.length).toBeGreaterThan(N);
  });

  it('the table lists every row, fitted to the width', () => {
    const lines = linesOf(renderTable(big, { color: false, width: 80 }));
    expect(lines.filter((l) => l.startsWith('CTIERR_UNKNOWN_'))).toHaveLength(N);
  });
});

describe('table properties', () => {
  const contexts = [40, 60, 80, 120].flatMap((width) => [
    { color: false, width },
    { color: true, width },
  ]);

  it.each(contexts)('every line fits %o, with no trailing spaces', (ctx) => {
    for (const report of [SAMPLE_REPORT, CLEAN_REPORT]) {
      for (const line of linesOf(renderTable(report, ctx))) {
        expect([...stripAnsi(line)].length).toBeLessThanOrEqual(ctx.width);
        expect(stripAnsi(line)).toBe(stripAnsi(line).trimEnd());
      }
    }
  });

  it('fits any width, however small', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 200 }), fc.boolean(), (width, color) => {
        for (const line of linesOf(renderTable(SAMPLE_REPORT, { color, width }))) {
          const visible = stripAnsi(line);
          if ([...visible].length > width || visible !== visible.trimEnd()) return false;
        }
        return true;
      }),
    );
  });

  it('writes no escape sequence without colour', () => {
    for (const width of [null, 40, 60, 80, 120]) {
      expect(renderTable(SAMPLE_REPORT, { color: false, width })).not.toContain('\x1b');
      expect(renderTable(CLEAN_REPORT, { color: false, width })).not.toContain('\x1b');
    }
  });

  it('shows the same text with and without colour', () => {
    for (const width of [null, 40, 80]) {
      expect(stripAnsi(renderTable(SAMPLE_REPORT, { color: true, width }))).toBe(renderTable(SAMPLE_REPORT, { color: false, width }));
    }
  });
});

const CONTRACT_KEYS = {
  top: ['schemaVersion', 'tool', 'inputs', 'window', 'codes', 'unknown', 'timeline', 'coverage', 'unexpected', 'exitCode'],
  tool: ['name', 'version'],
  inputs: ['files', 'bytes', 'lines', 'warnings', 'errors', 'skipped', 'unknownOverflow', 'outsideWindow'],
  message: ['file', 'message'],
  code: ['code', 'value', 'aliases', 'description', 'count', 'events', 'files', 'nodes', 'firstSeen', 'lastSeen', 'expected'],
  unknown: ['token', 'count', 'files', 'nodes', 'firstSeen', 'lastSeen'],
  location: ['time', 'file', 'line'],
} as const;

/** Asserts the contract's key order at every level of a parsed report. */
function expectContractOrder(parsed: Record<string, any>): void {
  expect(Object.keys(parsed)).toEqual(CONTRACT_KEYS.top);
  expect(Object.keys(parsed.tool)).toEqual(CONTRACT_KEYS.tool);
  expect(Object.keys(parsed.inputs)).toEqual(CONTRACT_KEYS.inputs);
  for (const m of [...parsed.inputs.warnings, ...parsed.inputs.errors]) expect(Object.keys(m)).toEqual(CONTRACT_KEYS.message);
  for (const c of parsed.codes) {
    expect(Object.keys(c)).toEqual(CONTRACT_KEYS.code);
    expect(Object.keys(c.firstSeen)).toEqual(CONTRACT_KEYS.location);
    expect(Object.keys(c.lastSeen)).toEqual(CONTRACT_KEYS.location);
  }
  for (const u of parsed.unknown) {
    expect(Object.keys(u)).toEqual(CONTRACT_KEYS.unknown);
    expect(Object.keys(u.firstSeen)).toEqual(CONTRACT_KEYS.location);
  }
}

describe('json', () => {
  it('matches the golden', () => expectGolden('reporters', 'report.json', renderJson(SAMPLE_REPORT)));

  it('parses back equal to the report', () => {
    expect(JSON.parse(renderJson(SAMPLE_REPORT))).toEqual(SAMPLE_REPORT);
    expect(JSON.parse(renderJson(CLEAN_REPORT))).toEqual(CLEAN_REPORT);
  });

  it("keeps the contract's key order whatever the input's", () => {
    const scrambled = reverseKeys(SAMPLE_REPORT);
    expect(Object.keys(scrambled)[0]).toBe('exitCode');
    expectContractOrder(JSON.parse(renderJson(scrambled)));
    expect(renderJson(scrambled)).toBe(renderJson(SAMPLE_REPORT));
  });

  it('ends with exactly one newline', () => {
    expect(renderJson(SAMPLE_REPORT).endsWith('}\n')).toBe(true);
  });
});

describe('ndjson', () => {
  it('matches the goldens', () => {
    expectGolden('reporters', 'summary.ndjson', renderNdjsonSummary(SAMPLE_REPORT));
    expectGolden('reporters', 'hits.ndjson', HITS.map(renderHitEvent).join(''));
  });

  it('writes one parseable line per event', () => {
    const stream = HITS.map(renderHitEvent).join('') + renderNdjsonSummary(SAMPLE_REPORT);
    const events = linesOf(stream).map((l) => JSON.parse(l));
    expect(events.map((e) => e.type)).toEqual(['hit', 'hit', 'hit', 'summary']);
    expect(events[3].report).toEqual(SAMPLE_REPORT);
  });

  it('prints hit fields in order, times with the offset where known', () => {
    const [timed, noOffset, untimed] = HITS.map((h) => JSON.parse(renderHitEvent(h)));
    expect(Object.keys(timed)).toEqual(['type', 'code', 'value', 'file', 'line', 'time', 'text']);
    expect(timed.time).toBe('2024-08-13T07:32:38.647-05:00');
    expect(noOffset.time).toBe('2024-08-13T08:14:27.674');
    expect(untimed.time).toBeNull();
    expect(untimed.text).toBe(HITS[2].text);
  });

  it("keeps the contract's key order in the summary", () => {
    const event = JSON.parse(renderNdjsonSummary(reverseKeys(SAMPLE_REPORT)));
    expect(Object.keys(event)).toEqual(['type', 'report']);
    expectContractOrder(event.report);
  });
});
