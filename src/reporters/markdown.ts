// Reporter stage: Markdown for $GITHUB_STEP_SUMMARY or a merge-request comment. Takes a Report and
// gives a heading with a one-line verdict, GFM tables of codes and unknown tokens, and the inputs.

import { UNKNOWN_OVERFLOW, type Report, type ReportLocation } from '../types.js';
import type { RenderContext } from './types.js';
import { describeUnknownOverflow, escapeMarkdown, markdownCode } from './escape.js';
import { countOf, formatSize } from './text.js';

// GFM tables: https://github.github.com/gfm/#tables-extension-
const CODE_HEADER = ['Code', 'Count', 'Files', 'First seen', 'Last seen', 'Description', 'Expected?'] as const;
const CODE_ALIGN = [':---', '---:', '---:', ':---', ':---', ':---', ':---:'] as const;
const UNKNOWN_HEADER = ['Token', 'Count', 'Files', 'First seen', 'Last seen', 'Expected?'] as const;
const UNKNOWN_ALIGN = [':---', '---:', '---:', ':---', ':---', ':---:'] as const;
/**
 * Unknown tokens are not bounded by the catalog (any 0x8ccc…. value is one), and a step summary
 * may take at most 1 MiB, so only the most frequent are listed.
 */
const MAX_UNKNOWN_ROWS = 50;
const EXPECTED_CELL = { yes: '✅ yes', no: '❌ no' } as const;

export function renderMarkdown(report: Report, _ctx: RenderContext): string {
  const blocks: string[] = ['## CTI error codes', renderVerdict(report)];

  if (report.codes.length === 0) {
    blocks.push('No CTI error codes found.');
  } else {
    const rows = report.codes.map((c) => [
      markdownCode(c.code, true),
      String(c.count),
      String(c.files),
      formatSeen(c.firstSeen),
      formatSeen(c.lastSeen),
      escapeMarkdown(c.description),
      c.expected ? EXPECTED_CELL.yes : EXPECTED_CELL.no,
    ]);
    blocks.push(renderGfmTable(CODE_HEADER, CODE_ALIGN, rows));
  }

  const { unknownOverflow } = report.inputs;
  if (report.unknown.length > 0 || unknownOverflow > 0) {
    const unexpected = new Set(report.unexpected);
    const shown = report.unknown.slice(0, MAX_UNKNOWN_ROWS);
    const rows = shown.map((u) => [
      markdownCode(u.token, true),
      String(u.count),
      String(u.files),
      formatSeen(u.firstSeen),
      formatSeen(u.lastSeen),
      unexpected.has(u.token) ? EXPECTED_CELL.no : EXPECTED_CELL.yes,
    ]);
    blocks.push('### Unknown tokens', renderGfmTable(UNKNOWN_HEADER, UNKNOWN_ALIGN, rows));
    const left = report.unknown.length - shown.length;
    if (left > 0) blocks.push(`…and ${countOf(left, 'more unknown token')}; run with \`--format json\` for the full report.`);
    if (unknownOverflow > 0) {
      const failing = unexpected.has(UNKNOWN_OVERFLOW);
      blocks.push(`${failing ? '❌ ' : ''}${describeUnknownOverflow(unknownOverflow)}${failing ? ' (unexpected under `--fail-on-unknown`)' : ''}.`);
    }
  }

  blocks.push(...renderInputs(report));
  return blocks.join('\n\n') + '\n';
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

function renderGfmTable(header: readonly string[], align: readonly string[], rows: string[][]): string {
  return [header, align, ...rows].map((cells) => `| ${cells.join(' | ')} |`).join('\n');
}

/** The time as written (offset kept: runners and reviewers sit in other zones) over file:line. */
function formatSeen(location: ReportLocation): string {
  const where = `${escapeMarkdown(location.file)}:${location.line}`;
  return `${location.time === null ? 'no timestamp' : escapeMarkdown(location.time)}<br>${where}`;
}
