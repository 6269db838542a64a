// Reporter stage: Markdown for $GITHUB_STEP_SUMMARY or a merge-request comment. Takes a Report and
// gives a heading with a one-line verdict, the window, GFM tables of codes and unknown tokens (with
// events, nodes and a trend), the trace sets with their gaps and restarts, and the inputs.

import { UNKNOWN_OVERFLOW, type CoverageEntry, type Report, type ReportLocation } from '../types.js';
import type { RenderContext } from './types.js';
import { describeWindowSpan, gapInWindow, listGaps, notCoveredWarnings } from './coverage.js';
import { describeUnknownOverflow, escapeMarkdown, markdownCode, sortNodes } from './escape.js';
import { countOf, formatSize } from './text.js';
import { describeTrendSpan, TREND_GLYPHS, trendOf } from './trend.js';

// GFM tables: https://github.github.com/gfm/#tables-extension-
// Trend is a column of its own only when some row has one (a report with timed hits).
const CODE_HEADER = ['Code', 'Count', 'Events', 'Files', 'Nodes', 'Trend', 'First seen', 'Last seen', 'Description', 'Expected?'] as const;
const CODE_ALIGN = [':---', '---:', '---:', '---:', ':---', ':---', ':---', ':---', ':---', ':---:'] as const;
const UNKNOWN_HEADER = ['Token', 'Count', 'Files', 'Nodes', 'Trend', 'First seen', 'Last seen', 'Expected?'] as const;
const UNKNOWN_ALIGN = [':---', '---:', '---:', ':---', ':---', ':---', ':---', ':---:'] as const;
/** Trace sets listed (those with gaps or restarts first): one per file of its own, they are as many as the inputs. */
const MAX_COVERAGE_SETS = 50;
/** Gaps and restarts listed per trace set. */
const MAX_COVERAGE_ITEMS = 10;
/**
 * Unknown tokens are not bounded by the catalog (any 0x8ccc…. value is one), and a step summary
 * may take at most 1 MiB, so only the most frequent are listed.
 */
const MAX_UNKNOWN_ROWS = 50;
const EXPECTED_CELL = { yes: '✅ yes', no: '❌ no' } as const;

export function renderMarkdown(report: Report, _ctx: RenderContext): string {
  const blocks: string[] = ['## CTI error codes', renderVerdict(report)];
  const windowLine = renderWindow(report);
  if (windowLine !== null) blocks.push(windowLine);
  // Markdown is read in a browser, whatever the terminal that wrote it: block elements always.
  const trend = (key: string): string => trendOf(report.timeline, key, true);
  let trendShown = false;

  if (report.codes.length === 0) {
    blocks.push('No CTI error codes found.');
  } else {
    const withTrend = report.codes.some((c) => trend(c.code) !== '');
    trendShown ||= withTrend;
    const rows = report.codes.map((c) => [
      markdownCode(c.code, true),
      String(c.count),
      String(c.events),
      String(c.files),
      formatNodes(c.nodes),
      trendCell(trend(c.code)),
      formatSeen(c.firstSeen),
      formatSeen(c.lastSeen),
      escapeMarkdown(c.description),
      c.expected ? EXPECTED_CELL.yes : EXPECTED_CELL.no,
    ]);
    blocks.push(renderGfmTable(CODE_HEADER, CODE_ALIGN, rows, withTrend));
  }

  const { unknownOverflow } = report.inputs;
  if (report.unknown.length > 0 || unknownOverflow > 0) {
    const unexpected = new Set(report.unexpected);
    const shown = report.unknown.slice(0, MAX_UNKNOWN_ROWS);
    const withTrend = shown.some((u) => trend(u.token) !== '');
    trendShown ||= withTrend;
    const rows = shown.map((u) => [
      markdownCode(u.token, true),
      String(u.count),
      String(u.files),
      formatNodes(u.nodes),
      trendCell(trend(u.token)),
      formatSeen(u.firstSeen),
      formatSeen(u.lastSeen),
      unexpected.has(u.token) ? EXPECTED_CELL.no : EXPECTED_CELL.yes,
    ]);
    blocks.push('### Unknown tokens', renderGfmTable(UNKNOWN_HEADER, UNKNOWN_ALIGN, rows, withTrend));
    const left = report.unknown.length - shown.length;
    if (left > 0) blocks.push(`…and ${countOf(left, 'more unknown token')}; run with \`--format json\` for the full report.`);
    if (unknownOverflow > 0) {
      const failing = unexpected.has(UNKNOWN_OVERFLOW);
      blocks.push(`${failing ? '❌ ' : ''}${describeUnknownOverflow(unknownOverflow)}${failing ? ' (unexpected under `--fail-on-unknown`)' : ''}.`);
    }
  }

  if (trendShown && report.timeline !== null) blocks.push(renderTrendLegend(report.timeline));
  blocks.push(...renderCoverage(report));
  blocks.push(...renderInputs(report));
  return blocks.join('\n\n') + '\n';
}

/** "**Window:** X to Y · 7 hit lines outside it, not counted", and ⚠️ when it is not fully covered. */
function renderWindow(report: Report): string | null {
  if (report.window === null) return null;
  const outside = report.inputs.outsideWindow;
  const parts = [`**Window:** ${escapeMarkdown(describeWindowSpan(report.window))}`, `${countOf(outside, 'hit line')} outside it, not counted`];
  const inside = listGaps(report).filter((g) => g.inWindow).length;
  if (inside > 0) parts.push(`⚠️ not fully covered: ${countOf(inside, 'gap')} in it (see Trace coverage)`);
  else if (notCoveredWarnings(report).length > 0) parts.push('⚠️ not fully covered (see the warnings below)');
  return parts.join(' · ');
}

/** What the Trend column's characters stand for. */
function renderTrendLegend(timeline: NonNullable<Report['timeline']>): string {
  const span = describeTrendSpan(timeline);
  const glyphs = [...TREND_GLYPHS.unicode];
  const when = span.to === null ? `from ${escapeMarkdown(span.from)}` : `${escapeMarkdown(span.from)} to ${escapeMarkdown(span.to)}`;
  return `Trend: hit lines per ${span.step}, ${when}; each row scaled to its own peak (\`${glyphs[0]}\` none, \`${glyphs[glyphs.length - 1]}\` the peak).`;
}

/**
 * Each trace set: node, files, first and last line time, then its gaps (⚠️ those in the window)
 * and restarts as a nested list. Sets with gaps or restarts come first, so that the cap never
 * hides one for a set that says nothing.
 */
function renderCoverage(report: Report): string[] {
  if (report.coverage.length === 0) return [];
  const notable = (e: CoverageEntry): boolean => e.gaps.length > 0 || e.restarts.length > 0;
  const ordered = [...report.coverage.filter(notable), ...report.coverage.filter((e) => !notable(e))];
  const shown = ordered.slice(0, MAX_COVERAGE_SETS);
  const items = shown.map((entry) => {
    const node = entry.node === null ? '' : ` on ${escapeMarkdown(entry.node)}`;
    const span = `${entry.from === null ? 'no timestamp' : escapeMarkdown(entry.from)} to ${entry.to === null ? 'no timestamp' : escapeMarkdown(entry.to)}`;
    const head = `- ${markdownCode(entry.set, false)}${node}: ${countOf(entry.files, 'file')}, ${span}`;
    const facts = [
      ...entry.gaps.map((gap) => {
        const inWindow = gapInWindow(gap, report.window);
        const between = `between ${markdownCode(gap.after, false)} and ${markdownCode(gap.before, false)}`;
        return `${inWindow ? '⚠️ gap in the window' : 'gap'}: ${escapeMarkdown(gap.reason)}, no traces from ${time(gap.from)} to ${time(gap.to)} (${between})`;
      }),
      ...entry.restarts.map((r) => `restart${r.at === null ? '' : ` at ${time(r.at)}`}: the trace sequence starts over in ${markdownCode(r.file, false)}`),
    ];
    const listed = facts.slice(0, MAX_COVERAGE_ITEMS).map((fact) => `  - ${fact}`);
    if (facts.length > listed.length) listed.push(`  - …and ${facts.length - listed.length} more; run with \`--format json\` for the full report`);
    return [head, ...listed].join('\n');
  });
  const blocks = ['### Trace coverage', items.join('\n')];
  const left = ordered.length - shown.length;
  if (left > 0) blocks.push(`…and ${countOf(left, 'more trace set')} without gaps or restarts; run with \`--format json\` for the full report.`);
  return blocks;
}

const time = (t: string | null): string => (t === null ? 'an unknown time' : escapeMarkdown(t));

/** "cucmpub 9<br>cucmsub1 3": hit lines per node, the most first; empty when no input had a node. */
function formatNodes(nodes: Record<string, number>): string {
  return sortNodes(nodes)
    .map(([node, n]) => `${escapeMarkdown(node)} ${n}`)
    .join('<br>');
}

/** A trend as a code span (monospace, so that its characters line up); empty without one. */
function trendCell(trend: string): string {
  return trend === '' ? '' : markdownCode(trend, true);
}

/** ✅ when nothing fails; otherwise ❌ for unexpected codes and ⚠️ for unread inputs, both if both. */
function renderVerdict(report: Report): string {
  const { unexpected, inputs } = report;
  const parts: string[] = [];
  const codes = unexpected.filter((code) => code !== UNKNOWN_OVERFLOW);
  if (codes.length > 0) parts.push(`❌ ${countOf(codes.length, 'unexpected code')}`);
  if (codes.length < unexpected.length) parts.push(`❌ ${countOf(inputs.unknownOverflow, 'hit line')} of unknown tokens not listed`);
  if (inputs.errors.length > 0) parts.push(`⚠️ ${countOf(inputs.errors.length, 'input error')}`);
  return parts.length === 0 ? '✅ Nothing unexpected' : parts.join(' · ');
}

function renderInputs(report: Report): string[] {
  const { inputs } = report;
  const facts = [
    countOf(inputs.files, 'file'),
    countOf(inputs.lines, 'line'),
    formatSize(inputs.bytes),
    countOf(inputs.warnings.length, 'warning'),
    countOf(inputs.errors.length, 'error'),
  ];
  const blocks = [`**Inputs:** ${facts.join(', ')}`];
  // A path leads each item in a code span, so that a path like "# x" or "1. x" cannot start a block.
  const items = [
    ...inputs.errors.map((m) => `- ❌ ${markdownCode(m.file, false)}: ${escapeMarkdown(m.message)}`),
    ...inputs.warnings.map((m) => `- ⚠️ ${markdownCode(m.file, false)}: ${escapeMarkdown(m.message)}`),
  ];
  if (items.length > 0) blocks.push(items.join('\n'));
  return blocks;
}

/** The table; without `withTrend`, its Trend column is left out. */
function renderGfmTable(header: readonly string[], align: readonly string[], rows: string[][], withTrend: boolean): string {
  const trendAt = header.indexOf('Trend');
  const keep = (cells: readonly string[]): readonly string[] => (withTrend ? cells : cells.filter((_, i) => i !== trendAt));
  return [header, align, ...rows].map((cells) => `| ${keep(cells).join(' | ')} |`).join('\n');
}

/** The time as written (offset kept: runners and reviewers sit in other zones) over file:line. */
function formatSeen(location: ReportLocation): string {
  const where = `${escapeMarkdown(location.file)}:${location.line}`;
  return `${location.time === null ? 'no timestamp' : escapeMarkdown(location.time)}<br>${where}`;
}
