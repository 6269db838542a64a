// Reporter stage: SARIF 2.1.0 for code-scanning dashboards. Takes a Report and gives one run: a rule
// per code seen, a result per unexpected code with a fingerprint stable across runs, a note (a
// warning inside the window) per gap and restart of the traces, input notices, the window.

import { createHash } from 'node:crypto';
import { UNKNOWN_OVERFLOW, type Report, type ReportCode, type ReportLocation, type ReportUnknown } from '../types.js';
import type { RenderContext } from './types.js';
import { describeGap, describeRestart, listGaps, listRestarts } from './coverage.js';
import { describeCode, describeUnknown, describeUnknownOverflow, namesFile } from './escape.js';

// https://docs.oasis-open.org/sarif/sarif/v2.1.0/sarif-v2.1.0.html
const SARIF = { schema: 'https://json.schemastore.org/sarif-2.1.0.json', version: '2.1.0' } as const;
/** Relative paths are resolved against the checkout root by the consumer (SARIF 3.4.4, 3.14.14). */
const SRCROOT = '%SRCROOT%';
/** Bump the version if what goes into the hash changes, so that consumers do not mix the two. */
const FINGERPRINT_KEY = 'ctiCode/v1';
/**
 * Rules of the traces' coverage, lower-case so that no CTI code can share the id. A gap or a
 * restart is never an error (gaps never fail a run): a note, a warning for a gap in the window.
 */
const COVERAGE_RULES = {
  gap: { id: 'trace-gap', text: 'A stretch of time a trace set does not cover: trace files or trace lines are missing' },
  restart: { id: 'service-restart', text: 'The trace sequence starts over between two files of a trace set: the service restarted' },
} as const;

interface ArtifactLocation {
  uri: string;
  uriBaseId?: typeof SRCROOT;
}

export function renderSarif(report: Report, _ctx: RenderContext): string {
  const unexpected = new Set(report.unexpected);
  const failingUnknown = report.unknown.filter((u) => unexpected.has(u.token));

  // The unknown tokens past the limit have no name: under --fail-on-unknown they are one result of
  // their own, without a location; otherwise a note of the run.
  const overflow = report.inputs.unknownOverflow > 0 ? describeUnknownOverflow(report.inputs.unknownOverflow) : null;
  const overflowFails = overflow !== null && unexpected.has(UNKNOWN_OVERFLOW);
  const gaps = listGaps(report);
  const restarts = listRestarts(report);
  const rules = [
    ...report.codes.map(codeRule),
    ...failingUnknown.map(unknownRule),
    ...(overflowFails ? [overflowRule()] : []),
    ...(gaps.length > 0 ? [coverageRule(COVERAGE_RULES.gap)] : []),
    ...(restarts.length > 0 ? [coverageRule(COVERAGE_RULES.restart)] : []),
  ];
  const ruleIndex = new Map(rules.map((rule, i) => [rule.id, i]));
  const results = [
    ...report.codes
      .filter((c) => !c.expected)
      .map((c) => ({ ...result(c.code, ruleIndex.get(c.code)!, describeCode(c), c.firstSeen), properties: codeProperties(c) })),
    ...failingUnknown.map((u) => result(u.token, ruleIndex.get(u.token)!, describeUnknown(u, true), u.firstSeen)),
    ...(overflowFails ? [overflowResult(ruleIndex.get(UNKNOWN_OVERFLOW)!, `${overflow}; unexpected under --fail-on-unknown.`)] : []),
    ...gaps.map(({ entry, gap, inWindow }) => coverageResult(COVERAGE_RULES.gap.id, ruleIndex.get(COVERAGE_RULES.gap.id)!, inWindow ? 'warning' : 'note', describeGap(entry, gap, inWindow), gap.before)),
    ...restarts.map(({ entry, restart }) => coverageResult(COVERAGE_RULES.restart.id, ruleIndex.get(COVERAGE_RULES.restart.id)!, 'note', describeRestart(entry, restart), restart.file)),
  ];

  const notifications = [
    ...report.inputs.errors.map((m) => ({ level: 'error', ...m })),
    ...report.inputs.warnings.map((m) => ({ level: 'warning', ...m })),
  ].map(({ level, file, message }) => ({
    level,
    message: { text: `${file}: ${message}` },
    ...locationsOf(file, null),
  }));
  if (overflow !== null && !overflowFails) notifications.push({ level: 'note', message: { text: `${overflow}.` } });

  const log = {
    $schema: SARIF.schema,
    version: SARIF.version,
    runs: [
      {
        tool: { driver: { name: report.tool.name, version: report.tool.version, rules } },
        // An unread input makes the run partial: SARIF's place for that is the invocation.
        invocations: [{ executionSuccessful: report.inputs.errors.length === 0, toolExecutionNotifications: notifications, ...windowProperties(report) }],
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2) + '\n';
}

function codeRule(code: ReportCode) {
  return {
    id: code.code,
    name: code.code,
    shortDescription: { text: code.description === '' ? code.code : code.description },
    defaultConfiguration: { level: 'error' },
    properties: { value: code.value, aliases: [...code.aliases] },
  } as const;
}

/** The hit lines, failures and nodes of an unexpected code, for a dashboard to sort by (SARIF 3.8, property bags). */
function codeProperties(code: ReportCode) {
  return { count: code.count, events: code.events, files: code.files, nodes: Object.fromEntries(Object.entries(code.nodes)) };
}

/** The window the counts are of, and the hit lines it left out: the run's property bag. */
function windowProperties(report: Report) {
  if (report.window === null) return {};
  return { properties: { window: { since: report.window.since, until: report.window.until }, outsideWindow: report.inputs.outsideWindow } };
}

function coverageRule(rule: (typeof COVERAGE_RULES)[keyof typeof COVERAGE_RULES]) {
  return { id: rule.id, name: rule.id, shortDescription: { text: rule.text }, defaultConfiguration: { level: 'note' } } as const;
}

/**
 * A gap or restart at the first line of the file after it; its fingerprint is the rule's and that
 * file's, as a code's is (the same hole in the same download is the same alert).
 */
function coverageResult(ruleId: string, index: number, level: 'note' | 'warning', text: string, file: string) {
  return {
    ruleId,
    ruleIndex: index,
    level,
    message: { text },
    ...locationsOf(file, 1),
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(ruleId, file) },
  } as const;
}

function unknownRule(unknown: ReportUnknown) {
  return {
    id: unknown.token,
    name: unknown.token,
    shortDescription: { text: `${unknown.token}: a CTI error code the catalog does not know` },
    defaultConfiguration: { level: 'error' },
    properties: { value: unknown.token.startsWith('0x') ? unknown.token : null, aliases: [] },
  } as const;
}

function overflowRule() {
  return {
    id: UNKNOWN_OVERFLOW,
    name: UNKNOWN_OVERFLOW,
    shortDescription: { text: 'Unknown CTI error codes past the distinct tokens a report lists' },
    defaultConfiguration: { level: 'error' },
    properties: { value: null, aliases: [] },
  } as const;
}

/** The result for the tokens past the limit: no file or line to point at; its fingerprint is its rule's alone. */
function overflowResult(index: number, text: string) {
  return {
    ruleId: UNKNOWN_OVERFLOW,
    ruleIndex: index,
    level: 'error',
    message: { text },
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(UNKNOWN_OVERFLOW, '') },
  } as const;
}

function result(ruleId: string, index: number, facts: string[], firstSeen: ReportLocation) {
  return {
    ruleId,
    ruleIndex: index,
    level: 'error',
    message: { text: facts.join('\n') },
    ...locationsOf(firstSeen.file, firstSeen.line),
    partialFingerprints: { [FINGERPRINT_KEY]: fingerprint(ruleId, firstSeen.file) },
  } as const;
}

/**
 * The code and the file name only: line numbers, counts and times change with every log, and a
 * dashboard must still see the same alert. A NUL keeps ("AB", "C") apart from ("A", "BC").
 */
export function fingerprint(code: string, file: string): string {
  return createHash('sha256').update(`${code}\0${file}`).digest('hex').slice(0, 32);
}

/** `locations` for a path (with a start line when known); none for standard input. */
function locationsOf(file: string, line: number | null) {
  if (!namesFile(file)) return {};
  const region = line === null ? {} : { region: { startLine: line } };
  return { locations: [{ physicalLocation: { artifactLocation: artifactLocation(file), ...region } }] };
}

/**
 * The path as a URI reference (RFC 3986): relative paths stay relative, under %SRCROOT%; absolute
 * ones become file: URIs. Backslashes become slashes and each segment is percent-encoded, so a
 * space, `#`, `%` or a `:` in a first segment cannot change the URI's meaning.
 */
function artifactLocation(file: string): ArtifactLocation {
  const slashed = file.replace(/\\/g, '/');
  const drive = /^([A-Za-z]:)\//.exec(slashed);
  if (drive) return { uri: `file:///${drive[1]}/${encodePath(slashed.slice(3))}` };
  if (slashed.startsWith('/')) return { uri: `file://${encodePath(slashed)}` };
  return { uri: encodePath(slashed), uriBaseId: SRCROOT };
}

function encodePath(path: string): string {
  // encodeURIComponent throws on a lone surrogate; such a name is shown as U+FFFD.
  return path
    .replace(/\p{Cs}/gu, '\ufffd')
    .split('/')
    .map(encodeURIComponent)
    .join('/');
}
