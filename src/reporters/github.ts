// Reporter stage: GitHub Actions annotations. Takes a Report and gives only workflow commands, one a
// line: ::error for unexpected codes and unread inputs, ::warning for input warnings, ::notice else
// (the window, the trace sets' gaps and restarts, expected codes).

import { UNKNOWN_OVERFLOW, type FileMessage, type Report, type ReportCode, type ReportLocation, type ReportUnknown } from '../types.js';
import type { RenderContext } from './types.js';
import { describeGap, describeRestart, describeWindow, listGaps, listRestarts, notCoveredWarnings } from './coverage.js';
import { describeCode, describeUnknown, describeUnknownOverflow, escapeCommandData, escapeCommandProperty, namesFile } from './escape.js';

// https://docs.github.com/en/actions/using-workflow-commands-for-github-actions
const KINDS = ['error', 'warning', 'notice'] as const;
type Kind = (typeof KINDS)[number];

/**
 * GitHub shows at most 10 annotations of each kind per step and drops the rest silently
 * (https://github.com/actions/toolkit/blob/main/docs/problem-matchers.md#limitations). Every
 * error is written all the same (every unexpected code is an ::error: the contract), warnings and
 * notices past 10 are left out; either way one notice says so. Those notices count against the
 * notice limit too.
 */
const PER_KIND = 10;

interface Annotation {
  kind: Kind;
  /** Properties in output order; values are escaped when written. */
  properties: [name: string, value: string][];
  message: string;
}

export function renderGithub(report: Report, _ctx: RenderContext): string {
  const unexpected = new Set(report.unexpected);
  // The unknown tokens past the limit: one annotation for all of them, an error when they fail the run.
  const overflow = report.inputs.unknownOverflow > 0 ? [overflowAnnotation(report.inputs.unknownOverflow, unexpected.has(UNKNOWN_OVERFLOW))] : [];
  const coverage = coverageAnnotations(report);
  const byKind: Record<Kind, Annotation[]> = {
    // Unread inputs first: they decide the exit code (2 wins over 1).
    error: [
      ...report.inputs.errors.map((m) => inputAnnotation('error', 'Input not read', m)),
      ...report.codes.filter((c) => !c.expected).map((c) => codeAnnotation('error', c)),
      ...report.unknown.filter((u) => unexpected.has(u.token)).map((u) => unknownAnnotation('error', u, true)),
      ...overflow.filter((a) => a.kind === 'error'),
    ],
    warning: [...report.inputs.warnings.map((m) => inputAnnotation('warning', 'Input warning', m)), ...coverage.filter((a) => a.kind === 'warning')],
    // What frames the counts (the window, where the traces have holes) before the allowed codes.
    notice: [
      ...windowAnnotation(report),
      ...coverage.filter((a) => a.kind === 'notice'),
      ...report.codes.filter((c) => c.expected).map((c) => codeAnnotation('notice', c)),
      ...report.unknown.filter((u) => !unexpected.has(u.token)).map((u) => unknownAnnotation('notice', u, false)),
      ...overflow.filter((a) => a.kind === 'notice'),
    ],
  };

  const overflowing = (['error', 'warning'] as const).filter((kind) => byKind[kind].length > PER_KIND);
  // Room for notices once the overflow notices of errors and warnings are placed, and one more
  // if the notices themselves overflow.
  let noticeRoom = PER_KIND - overflowing.length;
  if (byKind.notice.length > noticeRoom) noticeRoom -= 1;
  const room: Record<Kind, number> = { error: byKind.error.length, warning: PER_KIND, notice: noticeRoom };

  const lines: string[] = [];
  for (const kind of KINDS) {
    const all = byKind[kind];
    const shown = all.slice(0, room[kind]);
    for (const annotation of shown) lines.push(renderCommand(annotation)); // errors are not capped: no push(...spread)
    const left = all.length - shown.length;
    if (kind === 'error' && all.length > PER_KIND) {
      const past = all.length - PER_KIND;
      const message = `GitHub shows ${PER_KIND} error annotations per step: the last ${past} above may not show; run with --format json for the full report`;
      lines.push(renderCommand({ kind: 'notice', properties: [], message }));
    } else if (left > 0) {
      const message =
        `${left} more ${kind} annotation${left === 1 ? ' was' : 's were'} left out ` +
        `(GitHub shows ${PER_KIND} of each kind per step); run with --format json for the full report`;
      lines.push(renderCommand({ kind: 'notice', properties: [], message }));
    }
  }
  return lines.map((line) => line + '\n').join('');
}

function codeAnnotation(kind: Kind, code: ReportCode): Annotation {
  return {
    kind,
    properties: [...locationProperties(code.firstSeen), ['title', `${code.code} (${code.count})`]],
    message: describeCode(code).join('\n'),
  };
}

function unknownAnnotation(kind: Kind, unknown: ReportUnknown, failing: boolean): Annotation {
  return {
    kind,
    properties: [...locationProperties(unknown.firstSeen), ['title', `${unknown.token} (${unknown.count})`]],
    message: describeUnknown(unknown, failing).join('\n'),
  };
}

function overflowAnnotation(lines: number, failing: boolean): Annotation {
  return {
    kind: failing ? 'error' : 'notice',
    properties: [['title', 'Unknown tokens not listed']],
    message: `${describeUnknownOverflow(lines)}${failing ? '; unexpected under --fail-on-unknown' : ''}`,
  };
}

/** The window, as a notice: the counts above cover only it. */
function windowAnnotation(report: Report): Annotation[] {
  const text = describeWindow(report);
  return text === null ? [] : [{ kind: 'notice', properties: [['title', 'Time window']], message: text }];
}

/**
 * A gap or a restart at the first line of the file after it. Gaps never fail a run, so never an
 * ::error. The window not fully covered is said once as a ::warning: by the report's own warning
 * (an input warning above) where it made one; else by the gaps in the window themselves. Every
 * other gap, and a gap in the window the report already warned of, is a ::notice.
 */
function coverageAnnotations(report: Report): Annotation[] {
  const warned = notCoveredWarnings(report).length > 0;
  const at = (file: string): Annotation['properties'] => (namesFile(file) ? [['file', file], ['line', '1']] : []);
  return [
    ...listGaps(report).map(({ entry, gap, inWindow }): Annotation => ({
      kind: inWindow && !warned ? 'warning' : 'notice',
      properties: [...at(gap.before), ['title', inWindow ? 'Trace gap in the window' : 'Trace gap']],
      message: describeGap(entry, gap, inWindow),
    })),
    ...listRestarts(report).map(({ entry, restart }): Annotation => ({
      kind: 'notice',
      properties: [...at(restart.file), ['title', 'Service restart']],
      message: describeRestart(entry, restart),
    })),
  ];
}

function inputAnnotation(kind: Kind, title: string, m: FileMessage): Annotation {
  const file: Annotation['properties'] = namesFile(m.file) ? [['file', m.file]] : [];
  return { kind, properties: [...file, ['title', title]], message: `${m.file}: ${m.message}` };
}

/** file and line where the hit was; none for standard input, which no annotation can point at. */
function locationProperties(location: ReportLocation): Annotation['properties'] {
  if (!namesFile(location.file)) return [];
  return [
    ['file', location.file],
    ['line', String(location.line)],
  ];
}

function renderCommand({ kind, properties, message }: Annotation): string {
  const props = properties.map(([name, value]) => `${name}=${escapeCommandProperty(value)}`).join(',');
  return `::${kind}${props === '' ? '' : ' ' + props}::${escapeCommandData(message)}`;
}
