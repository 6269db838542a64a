// Reporter stage: JSON. Takes a Report and gives the JSON report of CONTRACT.md, keys in the
// contract's order, pretty-printed, one trailing newline.

import type { CoverageEntry, FileMessage, Report, ReportCode, ReportLocation, ReportTimeline, ReportUnknown, SkippedFile } from '../types.js';
import type { RenderContext } from './types.js';

/**
 * A fresh copy of the report with its keys in the contract's order. Scripts diff and hash these
 * reports, so the order must not depend on how the producer happened to build the object; keys
 * the contract does not know are left out.
 */
export function orderReport(report: Report): Report {
  return {
    schemaVersion: report.schemaVersion,
    tool: { name: report.tool.name, version: report.tool.version },
    inputs: {
      files: report.inputs.files,
      bytes: report.inputs.bytes,
      lines: report.inputs.lines,
      warnings: report.inputs.warnings.map(orderMessage),
      errors: report.inputs.errors.map(orderMessage),
      skipped: report.inputs.skipped.map(orderSkipped),
      unknownOverflow: report.inputs.unknownOverflow,
      outsideWindow: report.inputs.outsideWindow,
    },
    window: report.window && { since: report.window.since, until: report.window.until },
    codes: report.codes.map(orderCode),
    unknown: report.unknown.map(orderUnknown),
    timeline: report.timeline && orderTimeline(report.timeline),
    coverage: report.coverage.map(orderCoverage),
    unexpected: [...report.unexpected],
    exitCode: report.exitCode,
  };
}

/** A reporter that needs no context; the CLI also writes --write-baseline files with it. */
export function renderJson(report: Report, _ctx?: RenderContext): string {
  return compactNumberLists(JSON.stringify(orderReport(report), null, 2)) + '\n';
}

/** A list of numbers (a timeline's buckets) on one line: one number a line, 120 buckets took 120 lines a code. */
const compactNumberLists = (json: string): string => json.replace(/\[\s*\n[\s\d,-]*?\d\s*\n\s*\]/g, (list) => `[${list.slice(1, -1).replace(/\s+/g, ' ').trim()}]`);

function orderMessage(m: FileMessage): FileMessage {
  return { file: m.file, message: m.message };
}

function orderSkipped(s: SkippedFile): SkippedFile {
  return { file: s.file, reason: s.reason };
}

function orderLocation(l: ReportLocation): ReportLocation {
  return { time: l.time, file: l.file, line: l.line };
}

function orderCode(c: ReportCode): ReportCode {
  return {
    code: c.code,
    value: c.value,
    aliases: [...c.aliases],
    description: c.description,
    count: c.count,
    events: c.events,
    files: c.files,
    nodes: { ...c.nodes },
    firstSeen: orderLocation(c.firstSeen),
    lastSeen: orderLocation(c.lastSeen),
    expected: c.expected,
  };
}

function orderUnknown(u: ReportUnknown): ReportUnknown {
  return {
    token: u.token,
    count: u.count,
    files: u.files,
    nodes: { ...u.nodes },
    firstSeen: orderLocation(u.firstSeen),
    lastSeen: orderLocation(u.lastSeen),
  };
}

function orderTimeline(t: ReportTimeline): ReportTimeline {
  return { from: t.from, bucketSeconds: t.bucketSeconds, buckets: t.buckets, codes: Object.fromEntries(Object.keys(t.codes).sort().map((k) => [k, [...t.codes[k]]])) };
}

function orderCoverage(c: CoverageEntry): CoverageEntry {
  return {
    node: c.node,
    set: c.set,
    files: c.files,
    from: c.from,
    to: c.to,
    gaps: c.gaps.map((g) => ({ from: g.from, to: g.to, reason: g.reason, after: g.after, before: g.before })),
    restarts: c.restarts.map((r) => ({ at: r.at, file: r.file })),
  };
}
