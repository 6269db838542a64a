// Reporter stage: JUnit XML for Jenkins and GitLab. Takes a Report and gives one <testsuite> with a
// test case per code seen (failed when unexpected), per input error, and one for the inputs read
// (its output says the window and the trace sets' gaps and restarts, which never fail a test).

import { UNKNOWN_OVERFLOW, type Report, type ReportCode, type ReportUnknown } from '../types.js';
import type { RenderContext } from './types.js';
import { describeCoverageCounts, describeGap, describeRestart, describeWindow, listGaps, listRestarts } from './coverage.js';
import { describeCode, describeCount, describeUnknown, describeUnknownOverflow, escapeXmlAttribute, escapeXmlText } from './escape.js';
import { countOf } from './text.js';

// There is no normative JUnit schema; this is the subset Jenkins and GitLab both read:
// https://github.com/testmoapp/junitxml and https://docs.gitlab.com/ci/testing/unit_test_reports/
const SUITE = 'cti-logscan';
const CLASSNAME = { code: 'cti-logscan', unknown: 'cti-logscan.unknown', inputs: 'cti-logscan.inputs' } as const;
const FAILURE_TYPE = { code: 'unexpected-code', unknown: 'unexpected-unknown-code', input: 'input-error' } as const;
const INDENT = '    ';

interface TestCase {
  classname: string;
  name: string;
  /** The one child: a failure, an error, or (for a pass) system-out. */
  outcome:
    | { kind: 'failure' | 'error'; type: string; message: string; body: string }
    | { kind: 'pass'; out: string };
}

export function renderJunit(report: Report, _ctx: RenderContext): string {
  const unexpected = new Set(report.unexpected);
  const cases: TestCase[] = [
    // Always one case, so that a clean run is not "no test results" (a failed build in Jenkins).
    inputsCase(report),
    ...report.inputs.errors.map(
      (e): TestCase => ({
        classname: CLASSNAME.inputs,
        name: e.file,
        outcome: { kind: 'error', type: FAILURE_TYPE.input, message: e.message, body: `${e.file}: ${e.message}` },
      }),
    ),
    ...report.codes.map(codeCase),
    // Unknown tokens fail the run only under --fail-on-unknown; then they must fail here too.
    ...report.unknown.filter((u) => unexpected.has(u.token)).map(unknownCase),
    // And so must the tokens past the limit, which have no name of their own.
    ...(unexpected.has(UNKNOWN_OVERFLOW) ? [overflowCase(report)] : []),
  ];

  const tests = cases.length;
  const failures = cases.filter((c) => c.outcome.kind === 'failure').length;
  const errors = cases.filter((c) => c.outcome.kind === 'error').length;
  const counts = `tests="${tests}" failures="${failures}" errors="${errors}"`;

  const lines = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="${SUITE}" ${counts}>`,
    `  <testsuite name="${SUITE}" ${counts} skipped="0">`,
    '    <properties>',
    `      <property name="version" value="${escapeXmlAttribute(report.tool.version)}"/>`,
    `      <property name="files" value="${report.inputs.files}"/>`,
    `      <property name="lines" value="${report.inputs.lines}"/>`,
    `      <property name="bytes" value="${report.inputs.bytes}"/>`,
    ...windowProperties(report),
    '    </properties>',
    ...cases.flatMap(renderCase),
    '  </testsuite>',
    '</testsuites>',
  ];
  return lines.join('\n') + '\n';
}

/** The window as properties, for a dashboard that reads them: only when one was given. */
function windowProperties(report: Report): string[] {
  if (report.window === null) return [];
  const { since, until } = report.window;
  return [
    ...(since === null ? [] : [`      <property name="since" value="${escapeXmlAttribute(since)}"/>`]),
    ...(until === null ? [] : [`      <property name="until" value="${escapeXmlAttribute(until)}"/>`]),
    `      <property name="outsideWindow" value="${report.inputs.outsideWindow}"/>`,
  ];
}

/**
 * The inputs read, the window, the warnings (the report's own "window is not fully covered" among
 * them) and the trace sets' gaps and restarts. A gap is no test of its own: gaps never fail a run.
 */
function inputsCase(report: Report): TestCase {
  const { inputs } = report;
  const window = describeWindow(report);
  const out = [
    `Read ${countOf(inputs.files, 'file')}, ${countOf(inputs.lines, 'line')}, ${countOf(inputs.bytes, 'byte')}; ` +
      `${countOf(inputs.warnings.length, 'warning')}, ${countOf(inputs.errors.length, 'error')}.`,
    ...(window === null ? [] : [window]),
    ...inputs.warnings.map((w) => `warning: ${w.file}: ${w.message}`),
    ...(inputs.unknownOverflow > 0 ? [`${describeUnknownOverflow(inputs.unknownOverflow)}.`] : []),
    ...(report.coverage.length === 0 ? [] : [`Coverage: ${describeCoverageCounts(report)}.`]),
    ...listGaps(report).map(({ entry, gap, inWindow }) => `gap: ${describeGap(entry, gap, inWindow)}`),
    ...listRestarts(report).map(({ entry, restart }) => `restart: ${describeRestart(entry, restart)}`),
  ];
  return { classname: CLASSNAME.inputs, name: 'inputs', outcome: { kind: 'pass', out: out.join('\n') } };
}

function codeCase(code: ReportCode): TestCase {
  const facts = describeCode(code).join('\n');
  return {
    classname: CLASSNAME.code,
    name: code.code,
    outcome: code.expected
      ? { kind: 'pass', out: facts }
      : {
          kind: 'failure',
          type: FAILURE_TYPE.code,
          message: `${code.code} was seen ${describeCount(code)} in ${countOf(code.files, 'file')}: not allowed by the policy`,
          body: facts,
        },
  };
}

function unknownCase(unknown: ReportUnknown): TestCase {
  return {
    classname: CLASSNAME.unknown,
    name: unknown.token,
    outcome: {
      kind: 'failure',
      type: FAILURE_TYPE.unknown,
      message: `unknown code ${unknown.token} was seen ${countOf(unknown.count, 'time')} (--fail-on-unknown)`,
      body: describeUnknown(unknown, true).join('\n'),
    },
  };
}

function overflowCase(report: Report): TestCase {
  const text = `${describeUnknownOverflow(report.inputs.unknownOverflow)} (--fail-on-unknown)`;
  return {
    classname: CLASSNAME.unknown,
    name: UNKNOWN_OVERFLOW,
    outcome: { kind: 'failure', type: FAILURE_TYPE.unknown, message: text, body: `${text}; run with --format json for the tokens that are listed.` },
  };
}

function renderCase(c: TestCase): string[] {
  const open = `${INDENT}<testcase classname="${escapeXmlAttribute(c.classname)}" name="${escapeXmlAttribute(c.name)}">`;
  const close = `${INDENT}</testcase>`;
  const { outcome } = c;
  const child =
    outcome.kind === 'pass'
      ? `${INDENT}  <system-out>${escapeXmlText(outcome.out)}</system-out>`
      : `${INDENT}  <${outcome.kind} message="${escapeXmlAttribute(outcome.message)}" type="${escapeXmlAttribute(outcome.type)}">` +
        `${escapeXmlText(outcome.body)}</${outcome.kind}>`;
  return [open, child, close];
}
