// Reporter stage: the human table. Takes a Report and a RenderContext (colour, terminal width)
// and gives the codes table, the unknown-codes table and a footer, fitted to the width.

import { UNKNOWN_OVERFLOW, type FileMessage, type Report, type ReportLocation } from '../types.js';
import { describeUnknownOverflow } from './escape.js';
import { countOf, cutText, ELLIPSIS, formatSize, paint, replaceControls, visibleWidth, wrapUnits, type Style } from './text.js';
import type { RenderContext } from './types.js';

/** A run of text with one style; lines are built from these so that width ignores colour. */
interface Segment {
  text: string;
  style?: Style;
}
type Line = Segment[];

/** What a column is, which decides how it gives way when the terminal is narrow. */
type Role = 'key' | 'count' | 'first' | 'last' | 'description';

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
/** Columns given up, in this order, when even a cut CODE does not fit. */
const DROP_ORDER = ['description', 'last', 'first'] as const satisfies readonly Role[];
/** Headers of the columns that may be left out, in table order. */
const COLUMN_ORDER = ['FIRST SEEN', 'LAST SEEN', 'DESCRIPTION'] as const;
/** Inputs not read that the footer names with their reasons; the rest are counted. */
const MAX_FAILED_SHOWN = 3;

export function renderTable(report: Report, ctx: RenderContext): string {
  const sections: Line[][] = [];
  // Headers of the columns that did not fit, in either table: the footer says so.
  const leftOut = new Set<string>();

  if (report.codes.length === 0) {
    sections.push([[{ text: 'No CTI error codes found.' }]]);
  } else {
    sections.push(renderColumns(buildCodeColumns(report), ctx.width, leftOut));
  }
  const { unknownOverflow } = report.inputs;
  if (report.unknown.length > 0 || unknownOverflow > 0) {
    const title: Line = [{ text: 'Unknown codes', style: ['bold'] }];
    const rows = renderColumns(buildUnknownColumns(report), ctx.width, leftOut);
    // Past the tokens kept: counted, not listed, and said so (red when they fail the run).
    const failing = report.unexpected.includes(UNKNOWN_OVERFLOW);
    const more = unknownOverflow > 0 ? wrapFooter(`${describeUnknownOverflow(unknownOverflow)}.`.split(' '), ctx.width) : [];
    sections.push([title, ...rows, ...more.map((text): Line => [{ text, style: failing ? ['red'] : [] }])]);
  }
  sections.push([...leftOutNote(leftOut, ctx.width), ...buildFooter(report, ctx.width)]);

  const lines: Line[] = [];
  sections.forEach((section, i) => {
    if (i > 0) lines.push([]);
    for (const line of section) lines.push(line);
  });
  // A last guard: a width too small for even CODE and COUNT still gets no overlong line.
  const fitted = ctx.width === null ? lines : lines.map((line) => clipLine(line, ctx.width as number));
  return fitted.map((line) => paintLine(trimLineEnd(line), ctx.color)).join('\n') + '\n';
}

function buildCodeColumns(report: Report): Column[] {
  const { codes } = report;
  return [
    {
      role: 'key',
      header: 'CODE',
      align: 'left',
      cells: codes.map((c) => ({ text: cellText(c.code), style: [c.expected ? 'green' : 'red'] })),
    },
    countColumn(codes.map((c) => c.count)),
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

function buildUnknownColumns(report: Report): Column[] {
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
function renderColumns(columns: Column[], width: number | null, leftOut: Set<string>): Line[] {
  const placed = placeColumns(columns, width);
  for (const column of columns) if (!placed.some((p) => p.column === column)) leftOut.add(column.header);
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
 * shrink DESCRIPTION, else drop it, then LAST SEEN, then FIRST SEEN, and only then cut CODE.
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
