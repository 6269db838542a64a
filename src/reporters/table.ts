// Reporter stage: the human table. Takes a Report and a RenderContext (colour, terminal width,
// UTF-8 or not) and gives the codes table, the unknown-codes table and a footer (the trend's span,
// the trace sets' gaps and restarts, the window), fitted to the width.

import { UNKNOWN_OVERFLOW, type FileMessage, type Report, type ReportLocation } from '../types.js';
import { describeWindowSpan, listGaps, notCoveredWarnings } from './coverage.js';
import { describeUnknownOverflow } from './escape.js';
import { countOf, cutMiddle, cutText, ELLIPSIS, formatSize, paint, replaceControls, visibleWidth, wrapUnits, type Style } from './text.js';
import { describeTrendSpan, trendOf } from './trend.js';
import type { RenderContext } from './types.js';

/** A run of text with one style; lines are built from these so that width ignores colour. */
interface Segment {
  text: string;
  style?: Style;
}
type Line = Segment[];

/** What a column is, which decides how it gives way when the terminal is narrow. */
type Role = 'key' | 'count' | 'events' | 'trend' | 'first' | 'last' | 'description';

interface Column {
  role: Role;
  header: string;
  align: 'left' | 'right';
  cells: Segment[];
}

interface PlacedColumn {
  column: Column;
  width: number;
}

const SEPARATOR = '  ';
const HEADER_STYLE: Style = ['bold', 'underline'];
/** Below this a description says nothing useful, so the column goes instead. */
const MIN_DESCRIPTION = 12;
/**
 * Columns given up, in this order, when even a cut CODE does not fit: from the right (CONTRACT.md),
 * so that what is left is still the table's left part. CODE and COUNT are never given up.
 */
const DROP_ORDER = ['description', 'last', 'first', 'trend', 'events'] as const satisfies readonly Role[];
/** Headers of the columns that may be left out, in table order. */
const COLUMN_ORDER = ['EVENTS', 'TREND', 'FIRST SEEN', 'LAST SEEN', 'DESCRIPTION'] as const;
/** Inputs not read that the footer names with their reasons; the rest are counted. */
const MAX_FAILED_SHOWN = 3;

export function renderTable(report: Report, ctx: RenderContext): string {
  const sections: Line[][] = [];
  // Headers of the columns that did not fit, in either table: the footer says so.
  const leftOut = new Set<string>();

  const unicode = ctx.unicode ?? true;
  // Whether either table shows a trend: then the footer says what its characters stand for.
  const shown = { trend: false };

  if (report.codes.length === 0) {
    sections.push([[{ text: 'No CTI error codes found.' }]]);
  } else {
    sections.push(renderColumns(buildCodeColumns(report, unicode), ctx.width, leftOut, shown));
  }
  const { unknownOverflow } = report.inputs;
  if (report.unknown.length > 0 || unknownOverflow > 0) {
    const title: Line = [{ text: 'Unknown codes', style: ['bold'] }];
    const rows = renderColumns(buildUnknownColumns(report, unicode), ctx.width, leftOut, shown);
    // Past the tokens kept: counted, not listed, and said so (red when they fail the run).
    const failing = report.unexpected.includes(UNKNOWN_OVERFLOW);
    const more = unknownOverflow > 0 ? wrapFooter(`${describeUnknownOverflow(unknownOverflow)}.`.split(' '), ctx.width) : [];
    sections.push([title, ...rows, ...more.map((text): Line => [{ text, style: failing ? ['red'] : [] }])]);
  }
  sections.push([
    ...(shown.trend && report.timeline !== null ? trendLegend(report.timeline, ctx.width) : []),
    ...leftOutNote(leftOut, ctx.width),
    ...coverageLines(report, ctx.width),
    ...windowLines(report, ctx.width),
    ...buildFooter(report, ctx.width),
  ]);

  const lines: Line[] = [];
  sections.forEach((section, i) => {
    if (i > 0) lines.push([]);
    for (const line of section) lines.push(line);
  });
  // A last guard: a width too small for even CODE and COUNT still gets no overlong line.
  const fitted = ctx.width === null ? lines : lines.map((line) => clipLine(line, ctx.width as number));
  return fitted.map((line) => paintLine(trimLineEnd(line), ctx.color)).join('\n') + '\n';
}

function buildCodeColumns(report: Report, unicode: boolean): Column[] {
  const { codes } = report;
  return [
    {
      role: 'key',
      header: 'CODE',
      align: 'left',
      cells: codes.map((c) => ({ text: cellText(c.code), style: [c.expected ? 'green' : 'red'] })),
    },
    countColumn(codes.map((c) => c.count)),
    // Failures, not lines: the two to four lines one CTIManager failure writes are one event.
    { role: 'events', header: 'EVENTS', align: 'right', cells: codes.map((c) => ({ text: String(c.events) })) },
    ...trendColumn(report, codes.map((c) => c.code), unicode),
    timeColumn('first', 'FIRST SEEN', codes.map((c) => c.firstSeen)),
    timeColumn('last', 'LAST SEEN', codes.map((c) => c.lastSeen)),
    {
      role: 'description',
      header: 'DESCRIPTION',
      align: 'left',
      cells: codes.map((c) => ({ text: cellText(c.description) })),
    },
  ];
}

function buildUnknownColumns(report: Report, unicode: boolean): Column[] {
  const { unknown } = report;
  // An unknown token is only a failure under --fail-on-unknown, which lists it as unexpected.
  const unexpected = new Set(report.unexpected);
  return [
    {
      role: 'key',
      header: 'TOKEN',
      align: 'left',
      cells: unknown.map((u) => ({
        text: cellText(u.token),
        style: unexpected.has(u.token) ? ['red'] : [],
      })),
    },
    countColumn(unknown.map((u) => u.count)),
    ...trendColumn(report, unknown.map((u) => u.token), unicode),
    timeColumn('first', 'FIRST SEEN', unknown.map((u) => u.firstSeen)),
    timeColumn('last', 'LAST SEEN', unknown.map((u) => u.lastSeen)),
  ];
}

function countColumn(counts: number[]): Column {
  return {
    role: 'count',
    header: 'COUNT',
    align: 'right',
    cells: counts.map((n) => ({ text: String(n), style: ['bold'] })),
  };
}

/**
 * Each row's timeline as a sparkline of at most MAX_TREND_CHARS characters (trend.ts: buckets
 * summed, each row scaled to its own peak); a row without a timed hit has an empty cell. No column
 * when no row has a trend (no timed hit at all): a column of blanks would say nothing.
 */
function trendColumn(report: Report, keys: string[], unicode: boolean): Column[] {
  const cells = keys.map((key) => ({ text: trendOf(report.timeline, key, unicode) }));
  return cells.some((cell) => cell.text !== '') ? [{ role: 'trend', header: 'TREND', align: 'left', cells }] : [];
}

function timeColumn(role: Role, header: string, locations: ReportLocation[]): Column {
  return { role, header, align: 'left', cells: locations.map((l) => ({ text: formatSeen(l) })) };
}

/** "2024-08-13 07:32:38.644" (the log's wall clock, offset dropped to save columns), else "file:line". */
function formatSeen(location: ReportLocation): string {
  if (location.time === null) return cellText(`${location.file}:${location.line}`);
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2}(?:\.\d+)?)/.exec(location.time);
  // A time of another shape is shown as given rather than hidden.
  return m ? `${m[1]} ${m[2]}` : cellText(location.time);
}

/** The table's lines; the headers of columns that do not fit are added to `leftOut`. */
function renderColumns(columns: Column[], width: number | null, leftOut: Set<string>, shown: { trend: boolean }): Line[] {
  const placed = placeColumns(columns, width);
  for (const column of columns) if (!placed.some((p) => p.column === column)) leftOut.add(column.header);
  if (placed.some((p) => p.column.role === 'trend')) shown.trend = true;
  const rowCount = columns[0]?.cells.length ?? 0;
  const header: Segment[] = placed.map(({ column }) => ({ text: column.header, style: HEADER_STYLE }));
  const rows = [header];
  for (let r = 0; r < rowCount; r++) rows.push(placed.map(({ column }) => column.cells[r]));

  return rows.map((cells) => {
    const line: Line = [];
    placed.forEach(({ column, width: w }, i) => {
      if (i > 0) line.push({ text: SEPARATOR });
      const cell = cells[i];
      const text = cutText(cell.text, w);
      const pad = ' '.repeat(w - visibleWidth(text));
      const isLast = i === placed.length - 1;
      if (column.align === 'right') line.push({ text: pad }, { ...cell, text });
      else line.push({ ...cell, text }, { text: isLast ? '' : pad });
    });
    return line;
  });
}

/**
 * Column widths for the terminal: natural widths when they fit (or width is null); otherwise
 * shrink DESCRIPTION, else drop it, then LAST SEEN, FIRST SEEN, TREND and EVENTS, and only then
 * cut CODE. A trend is never cut: a part of it would read as the whole.
 */
function placeColumns(columns: Column[], width: number | null): PlacedColumn[] {
  const natural = new Map(columns.map((c) => [c, naturalWidth(c)]));
  if (width === null) return columns.map((column) => ({ column, width: natural.get(column)! }));

  for (let dropped = 0; dropped <= DROP_ORDER.length; dropped++) {
    const gone: readonly Role[] = DROP_ORDER.slice(0, dropped);
    const shown = columns.filter((c) => !gone.includes(c.role));
    const widths = shown.map((c) => natural.get(c)!);
    const over = widths.reduce((a, b) => a + b, 0) + SEPARATOR.length * (shown.length - 1) - width;
    const flex = shown.findIndex((c) => c.role === 'description');
    const key = shown.findIndex((c) => c.role === 'key');
    const isLastLayout = dropped === DROP_ORDER.length;

    if (over <= 0) return place(shown, widths);
    if (flex >= 0) {
      // Only the description gives way while it is shown; CODE is cut only once it is gone.
      const rest = widths[flex] - over;
      if (rest >= MIN_DESCRIPTION) return place(shown, withWidth(widths, flex, rest));
      continue;
    }
    // The code is what the table is for: it is cut only when no column is left to give up,
    // and then as far as it takes; clipLine catches what still overflows.
    if (key >= 0 && isLastLayout) {
      return place(shown, withWidth(widths, key, Math.max(1, widths[key] - over)));
    }
    if (isLastLayout) return place(shown, widths);
  }
  throw new Error('unreachable: the last layout always places');
}

function place(columns: Column[], widths: number[]): PlacedColumn[] {
  return columns.map((column, i) => ({ column, width: widths[i] }));
}

function withWidth(widths: number[], index: number, width: number): number[] {
  return widths.map((w, i) => (i === index ? width : w));
}

function naturalWidth(column: Column): number {
  // A loop, not Math.max(...cells): spread arguments overflow the stack past about 120,000 rows.
  let width = visibleWidth(column.header);
  for (const cell of column.cells) width = Math.max(width, visibleWidth(cell.text));
  return width;
}

/**
 * A column dropped to fit the terminal must not go unsaid: a reader would take the table for all
 * there is. One line for both tables, the columns in the order the table shows them.
 */
function leftOutNote(leftOut: ReadonlySet<string>, width: number | null): Line[] {
  if (leftOut.size === 0) return [];
  const headers = COLUMN_ORDER.filter((header) => leftOut.has(header));
  const units = [
    ...`Columns left out to fit ${width} columns:`.split(' '),
    ...headers.map((header, i) => header + (i < headers.length - 1 ? ',' : '')),
    ...'(a wider terminal or --format markdown shows them).'.split(' '),
  ];
  return wrapFooter(units, width).map((text) => [{ text }]);
}

/**
 * What the trend's characters stand for: "TREND: 2024-08-13 08:00:00 to 21:30:00 (+00:00), 1h a
 * character; each row scaled to its own peak." The timeline places hits by their instant, so its
 * offset is said (FIRST SEEN and LAST SEEN are each log's own wall clock).
 */
function trendLegend(timeline: NonNullable<Report['timeline']>, width: number | null): Line[] {
  const span = describeTrendSpan(timeline);
  const offset = /[+-]\d\d:\d\d$/.exec(span.from)?.[0];
  const units = ['TREND:', footerTime(span.from)];
  if (span.to !== null) units.push('to', footerTimeAfter(span.to, span.from));
  if (offset !== undefined) units.push(`(${offset})`);
  units[units.length - 1] += ',';
  units.push(`${span.step} a character;`, ...'each row scaled to its own peak.'.split(' '));
  return wrapFooter(units, width).map((text) => [{ text }]);
}

/**
 * One line per trace set with gaps ("Gaps: logs/SDL001_200: 4180 trace lines missing (2024-08-13
 * 09:58:10 to 10:26:47, in the window)"), then one per set with restarts. A set too long for the
 * terminal loses its middle, not its end: the file name is what tells sets apart.
 */
function coverageLines(report: Report, width: number | null): Line[] {
  const gaps = listGaps(report);
  const lines: Line[] = [];
  const lead = (label: string, set: string): string => {
    const text = `${label} ${cellText(set)}:`;
    if (width === null || visibleWidth(text) <= width) return text;
    return `${label} ${cutMiddle(cellText(set), Math.max(1, width - visibleWidth(label) - 2))}:`;
  };
  for (const entry of report.coverage) {
    const mine = gaps.filter((g) => g.entry === entry);
    if (mine.length === 0) continue;
    const units = [lead('Gaps:', entry.set)];
    mine.forEach(({ gap, inWindow }, i) => {
      const to = gap.to === null ? '?' : gap.from === null ? footerTime(gap.to) : footerTimeAfter(gap.to, gap.from);
      const span = `(${gap.from === null ? '?' : footerTime(gap.from)}`;
      const end = `${to}${inWindow ? ', in the window' : ''})${i < mine.length - 1 ? ';' : ''}`;
      units.push(...cellText(gap.reason).split(' '), span, 'to', end);
    });
    lines.push(...wrapFooter(units, width).map((text): Line => [{ text }]));
  }
  for (const entry of report.coverage) {
    if (entry.restarts.length === 0) continue;
    const units = [lead('Restarts:', entry.set)];
    entry.restarts.forEach((restart, i) => {
      const file = cellText(restart.file.split(/[\\/]/).pop() ?? restart.file);
      const more = i < entry.restarts.length - 1 ? ';' : '';
      if (restart.at !== null) units.push(footerTime(restart.at));
      units.push(`(in ${file})${more}`);
    });
    lines.push(...wrapFooter(units, width).map((text): Line => [{ text }]));
  }
  return lines;
}

/**
 * With a window: "Window: X to Y; 7 hit lines outside the window", and when it is not fully
 * covered, a line that says so: the report's own warnings (inputs.warnings) where it made them,
 * else the gaps above that overlap it (a report read back without those warnings).
 */
function windowLines(report: Report, width: number | null): Line[] {
  if (report.window === null) return [];
  const outside = report.inputs.outsideWindow;
  const units = ['Window:', ...describeWindowSpan(report.window, windowTime).split(' ')];
  units[units.length - 1] += ';';
  units.push(...`${countOf(outside, 'hit line')} outside the window`.split(' '));
  const lines = wrapFooter(units, width).map((text): Line => [{ text }]);
  const warned = notCoveredWarnings(report);
  const notes = warned.map((w) => `${cellText(w.file)}: ${cellText(w.message)}`);
  const inside = listGaps(report).filter((g) => g.inWindow).length;
  if (notes.length === 0 && inside > 0) notes.push(`The window is not fully covered: ${countOf(inside, 'gap')} above ${inside === 1 ? 'overlaps' : 'overlap'} it.`);
  for (const note of notes) lines.push(...wrapFooter(note.split(' '), width).map((text): Line => [{ text, style: ['bold'] }]));
  return lines;
}

/** "2024-08-13 09:58:10": a time of the log, its offset and milliseconds dropped as in FIRST SEEN. */
function footerTime(time: string): string {
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2}:\d{2})/.exec(time);
  return m ? `${m[1]} ${m[2]}` : cellText(time);
}

/**
 * A bound of the window as given, offset and all (one with an offset is an instant, one without a
 * wall clock), only easier to read: "2024-08-13 07:00:00", "2024-08-13 10:00:00-05:00".
 */
function windowTime(time: string): string {
  return cellText(time).replace('T', ' ').replace(/\.000(?=[+-]|$)/, '');
}

/** The end of a span: its time of day alone when it is on the day the span began. */
function footerTimeAfter(time: string, start: string): string {
  const text = footerTime(time);
  return text.slice(0, 11) === footerTime(start).slice(0, 11) && /^\d{4}-/.test(text) ? text.slice(11) : text;
}

function buildFooter(report: Report, width: number | null): Line[] {
  const { inputs, unexpected } = report;
  // Phrases, not words, are the units of wrapping: "1 warning" never splits over two lines.
  const scanned = [`Scanned ${countOf(inputs.files, 'file')},`, `${countOf(inputs.lines, 'line')},`, formatSize(inputs.bytes)];
  if (inputs.skipped.length > 0) scanned.push(`${inputs.skipped.length} skipped`);
  if (inputs.warnings.length > 0) scanned.push(countOf(inputs.warnings.length, 'warning'));
  if (inputs.errors.length > 0) scanned.push(countOf(inputs.errors.length, 'error'));
  // "1.5 MB; 1 warning; 1 error": the counts of trouble follow the size after semicolons.
  for (let i = 2; i < scanned.length - 1; i++) scanned[i] += ';';

  // The tokens past the limit, unexpected under --fail-on-unknown, are named by what they are.
  const listed = unexpected.flatMap((code, i) => {
    const comma = i < unexpected.length - 1 ? ',' : '';
    if (code !== UNKNOWN_OVERFLOW) return [cellText(code) + comma];
    return `${countOf(inputs.unknownOverflow, 'hit line')} of unknown tokens not listed${comma}`.split(' ');
  });
  // An input not read fails the run (exit 2) whatever was seen in the rest: the verdict says so
  // first, and still lists what was unexpected.
  const verdicts: { units: string[]; style: Style }[] = [];
  if (inputs.errors.length > 0) verdicts.push({ units: failureUnits(inputs.errors), style: ['red'] });
  if (unexpected.length > 0) verdicts.push({ units: ['Unexpected:', ...listed], style: ['red'] });
  if (verdicts.length === 0) verdicts.push({ units: ['Nothing unexpected.'], style: ['green'] });

  return [
    ...wrapFooter(scanned, width).map((text) => [{ text }]),
    ...verdicts.flatMap((verdict) => wrapFooter(verdict.units, width).map((text) => [{ text, style: verdict.style }])),
  ];
}

/**
 * "Failed: 2 inputs could not be read: a.log (No such file or directory); b.gz (corrupt gzip …)".
 * The inputs are named with their reasons, so that the table says why on its own (written to a
 * file, or made by merge, it has no error lines above it); past a few, --format json lists them.
 */
function failureUnits(errors: readonly FileMessage[]): string[] {
  const shown = errors.slice(0, MAX_FAILED_SHOWN);
  const units = ['Failed:', `${countOf(errors.length, 'input')} could not be read:`];
  shown.forEach((error, i) => {
    const more = i < shown.length - 1 || shown.length < errors.length;
    // The reason's words are units of their own, so that a long one wraps rather than being cut.
    const reason = `(${cellText(error.message)})${more ? ';' : ''}`.split(' ');
    units.push(cellText(error.file), ...reason);
  });
  if (shown.length < errors.length) units.push(...`and ${errors.length - shown.length} more (--format json lists every one)`.split(' '));
  return units;
}

/**
 * The footer's lines: wrapped between units, continuation lines indented, rather than cut (the
 * list of unexpected codes is the point); a unit wider than the terminal is the only thing cut.
 */
function wrapFooter(units: string[], width: number | null): string[] {
  return wrapUnits(units, width, width !== null && width > 8 ? '  ' : '');
}

function clipLine(line: Line, width: number): Line {
  if (line.reduce((n, s) => n + visibleWidth(s.text), 0) <= width) return line;
  const clipped: Line = [];
  let room = width;
  for (const segment of line) {
    const w = visibleWidth(segment.text);
    if (w < room) {
      clipped.push(segment);
      room -= w;
    } else {
      clipped.push({ ...segment, text: cutText(segment.text + ELLIPSIS, room) });
      break;
    }
  }
  return clipped;
}

function trimLineEnd(line: Line): Line {
  const trimmed = [...line];
  while (trimmed.length > 0) {
    const last = trimmed[trimmed.length - 1];
    const text = last.text.trimEnd();
    if (text !== '') {
      trimmed[trimmed.length - 1] = { ...last, text };
      break;
    }
    trimmed.pop();
  }
  return trimmed;
}

function paintLine(line: Line, color: boolean): string {
  return line.map(({ text, style }) => paint(text, style, color)).join('');
}

/**
 * A path, message, code or description as a cell or a unit of the footer: control characters
 * shown as `?`, so that they neither break the table nor drive the terminal, and the ends trimmed.
 */
function cellText(text: string): string {
  return replaceControls(text).trim();
}
