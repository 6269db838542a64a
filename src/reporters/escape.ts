// Reporter helpers for the CI formats: takes report text (codes, paths, messages) and gives it
// escaped per each format's spec (Markdown, XML 1.0, GitHub workflow commands), or as plain facts.

import { MAX_UNKNOWN_TOKENS, type ReportCode, type ReportLocation, type ReportUnknown } from '../types.js';
import { CONTROL_CHARACTERS, countOf } from './text.js';

/** How the source stage names standard input (sources.STDIN_NAME): a location with no file. */
export const STDIN_NAME = '<stdin>';

/** True when a report path names a file a CI system could point at (not standard input, not empty). */
export function namesFile(file: string): boolean {
  return file !== '' && file !== STDIN_NAME;
}

// ---- Plain facts, shared by every CI format before it escapes them ----

/** "logs/a.txt:118 at 2024-08-13T07:32:38.644-05:00", or "<stdin>:42 (no timestamp)". */
export function describeLocation(location: ReportLocation): string {
  const where = `${location.file}:${location.line}`;
  return location.time === null ? `${where} (no timestamp)` : `${where} at ${location.time}`;
}

/** Hit lines per node, the most first, then by name: what every format lists. */
export function sortNodes(nodes: Record<string, number>): [node: string, lines: number][] {
  return Object.entries(nodes).sort(([a, x], [b, y]) => y - x || (a < b ? -1 : a > b ? 1 : 0));
}

/** "Nodes: cucmpub 9, cucmsub1 3", or nothing when no input had a node. */
function describeNodes(nodes: Record<string, number>): string[] {
  const sorted = sortNodes(nodes);
  return sorted.length === 0 ? [] : [`Nodes: ${sorted.map(([node, n]) => `${node} ${n}`).join(', ')}`];
}

/** "12 times (5 events)": hit lines, and the failures they come to. */
export function describeCount(code: ReportCode): string {
  return `${countOf(code.count, 'time')} (${countOf(code.events, 'event')})`;
}

/** The facts about a seen code, one per line: what, how often, on which nodes, first and last seen, description. */
export function describeCode(code: ReportCode): string[] {
  const value = code.value === null ? '' : ` (${code.value})`;
  return [
    `${code.code}${value} was seen ${describeCount(code)} in ${countOf(code.files, 'file')}; ` +
      (code.expected ? 'allowed by the policy.' : 'not allowed by the policy.'),
    ...describeNodes(code.nodes),
    `First seen: ${describeLocation(code.firstSeen)}`,
    `Last seen: ${describeLocation(code.lastSeen)}`,
    code.description === '' ? 'No description in the catalog.' : code.description,
  ];
}

/** The same facts for a token the catalog does not know; `failing` under --fail-on-unknown. */
export function describeUnknown(unknown: ReportUnknown, failing: boolean): string[] {
  return [
    `Unknown CTI error code ${unknown.token} (not in the catalog) was seen ` +
      `${countOf(unknown.count, 'time')} in ${countOf(unknown.files, 'file')}; ` +
      (failing ? 'unexpected under --fail-on-unknown.' : 'not a failure without --fail-on-unknown.'),
    ...describeNodes(unknown.nodes),
    `First seen: ${describeLocation(unknown.firstSeen)}`,
    `Last seen: ${describeLocation(unknown.lastSeen)}`,
  ];
}

/** The hit lines of inputs.unknownOverflow: "12 hit lines of unknown tokens past the first 10,000 distinct ones are not listed". */
export function describeUnknownOverflow(lines: number): string {
  return `${countOf(lines, 'hit line')} of unknown tokens past the first ${MAX_UNKNOWN_TOKENS.toLocaleString('en-US')} distinct ones ${lines === 1 ? 'is' : 'are'} not listed`;
}

// ---- Markdown (GitHub-flavoured): https://github.github.com/gfm/ ----

const HTML_ENTITIES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' } as const;
// Backslash escapes (GFM 6.1): the inline punctuation that could format, link or split a cell.
const MARKDOWN_PUNCTUATION = /[\\`*_[\]|~]/g;

/**
 * Text for a Markdown table cell or paragraph: controls become spaces (a newline would end the
 * table row), HTML-special characters become entities (GitHub would otherwise read `<tag>`), and
 * `|`, backticks and emphasis characters are backslash-escaped.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(CONTROL_CHARACTERS, ' ')
    .replace(/[&<>"]/g, (c) => HTML_ENTITIES[c as keyof typeof HTML_ENTITIES])
    .replace(MARKDOWN_PUNCTUATION, '\\$&');
}

/**
 * A code span that shows `text` literally: the fence is one backtick longer than the longest run
 * inside (GFM 6.3), padded when the text starts or ends with a backtick or space. Inside a table,
 * `|` must still be written `\|`, since cells are split before code spans are read (GFM 4.10).
 */
export function markdownCode(text: string, inTable: boolean): string {
  let body = text.replace(CONTROL_CHARACTERS, ' ');
  if (inTable) body = body.replace(/\|/g, '\\|');
  let longestRun = 0;
  for (const run of body.match(/`+/g) ?? []) longestRun = Math.max(longestRun, run.length);
  const fence = '`'.repeat(longestRun + 1);
  const pad = /^[` ]|[` ]$/.test(body) ? ' ' : '';
  return `${fence}${pad}${body}${pad}${fence}`;
}

// ---- XML 1.0: https://www.w3.org/TR/xml/#charsets and #syntax ----

// Characters XML 1.0 does not allow at all, not even as character references: C0 controls other
// than tab, LF and CR, lone surrogates, U+FFFE and U+FFFF. They are dropped.
const XML_INVALID = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff\p{Cs}]/gu;
const XML_ENTITIES = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&apos;',
  // A raw CR would be normalised to LF by the parser (XML 2.11); a reference keeps it.
  '\r': '&#13;',
  // In attributes, raw tab and LF would be normalised to spaces (XML 3.3.3).
  '\n': '&#10;',
  '\t': '&#9;',
} as const;

export function escapeXmlText(text: string): string {
  return text.replace(XML_INVALID, '').replace(/[&<>"'\r]/g, (c) => XML_ENTITIES[c as keyof typeof XML_ENTITIES]);
}

export function escapeXmlAttribute(text: string): string {
  return text.replace(XML_INVALID, '').replace(/[&<>"'\r\n\t]/g, (c) => XML_ENTITIES[c as keyof typeof XML_ENTITIES]);
}

// ---- GitHub Actions workflow commands ----
// https://docs.github.com/en/actions/using-workflow-commands-for-github-actions, escaped exactly
// as @actions/core does it (toolkit packages/core/src/command.ts: escapeData, escapeProperty).

/** The message after `::`: %, CR and LF would end or corrupt the command. */
export function escapeCommandData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** A property value (`file=…`): additionally `:` and `,`, which separate the command's parts. */
export function escapeCommandProperty(text: string): string {
  return escapeCommandData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}
