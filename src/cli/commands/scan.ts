// The scan command (the default): inputs -> report, with the exit code of the policy.

import { writeFile } from 'node:fs/promises';
import { DEFAULT_CONFIG_FILE, resolveScanConfig, type RawScanOptions, type ReportConfig, type ScanConfig } from '../config.js';
import { describeError, EXIT, UsageError } from '../../errors.js';
import { silentProgress, startProgress, type ProgressLine } from '../progress.js';
import { describeUnmatched } from '../../report/policy.js';
import { buildReport } from '../../report/build-report.js';
import { FORMATS, renderHitEvent, renderJson, reporters, type Reporter } from '../../reporters/index.js';
import { isDefaultCounting } from '../../batch/scan-file.js';
import { scanSources } from '../../batch/scan-sources.js';
import { expandInputs, identifyOwnFiles, OUTPUT_ERROR, unsearchedErrors } from '../../input/index.js';
import type { FileMessage, Report } from '../../types.js';
import { listOption, optionalString, type CommandSpec, type Io, type OptionSpec } from './command.js';
import { openOutput, terminalWidth, wantsColor, wantsUnicode, type Output } from '../output.js';

/** Options shared by scan and watch. */
export const SCAN_OPTIONS: OptionSpec[] = [
  { name: 'format', alias: 'f', type: 'string', describe: `Report format: ${FORMATS.join(', ')} (default: table)` },
  { name: 'output', alias: 'o', type: 'string', describe: 'Write the report to FILE instead of standard output' },
  { name: 'color', type: 'string', describe: 'Colour: auto (on a terminal; the default), always or never' },
  { name: 'allow', type: 'string', repeatable: true, describe: 'Codes that are expected: names, aliases or globs (CFWDALL_*), comma-separated' },
  { name: 'max', type: 'string', repeatable: true, describe: 'CODE=N: the code is expected up to N hits (lines)' },
  { name: 'baseline', type: 'string', describe: 'A JSON report: its codes are expected up to their count there' },
  { name: 'write-baseline', type: 'string', describe: 'Also write this run\'s JSON report to FILE, for use as --baseline' },
  { name: 'fail-on-unknown', type: 'boolean', describe: 'Unknown CTIERR_ names and 0x8ccc values are unexpected too' },
  { name: 'config', type: 'string', describe: `Options from a JSON file (default: ${DEFAULT_CONFIG_FILE} if present); flags win` },
  { name: 'catalog', type: 'string', describe: 'A site catalog (JSON) merged over the bundled one' },
  { name: 'era', type: 'string', describe: "Meaning of values that changed: modern (the default), or 4.1 (Table C-1's)" },
  { name: 'numeric', type: 'boolean', describe: 'Match numeric spellings of codes (--no-numeric: names only)' },
  { name: 'tz', type: 'string', describe: 'UTC offset (±HH:MM) for logs that do not state one' },
  { name: 'year', type: 'number', describe: 'Year for logs whose lines have none (JTAPI, syslog); default: from the file time' },
  { name: 'jobs', alias: 'j', type: 'number', describe: 'Files scanned at once (default: the number of cores)' },
  { name: 'since', type: 'string', describe: 'Only hits at or after TIME: ISO 8601 (2026-03-14T10:00, with an offset or without: the log\'s own clock) or a duration before now (30m, 2h, 7d)' },
  { name: 'until', type: 'string', describe: 'Only hits before TIME (as --since)' },
  { name: 'node', type: 'string', describe: 'The node of every input (default: an SDL FileHead\'s HostName, else the RTMT download folder)' },
  { name: 'event-window', type: 'number', describe: 'Hits of a code within MS milliseconds of its event\'s first hit are one failure (default: 100)' },
  { name: 'bucket', type: 'string', describe: 'Timeline bucket: 1s, 10s, 1m, 5m, 1h, 1d... (default: the smallest of 1s..1d giving at most 120 buckets)' },
  { name: 'quiet', alias: 'q', type: 'boolean', describe: 'No progress on standard error' },
];

const SCAN_EPILOG = `Inputs are files, directories (searched recursively), globs (expanded by cti-logscan, so quote
them freely) or - for standard input; with no input, a piped standard input is read. gzip input
is recognised by its first bytes; an open .gzo (no trailer) is read as far as it inflates.

A hit is a whole token: a CTI error name (CTIERR_ILLEGAL_CALLSTATE, CONFERENCE_FULL) or a known
value as hex (0x8ccc0009, any case), unsigned (2362179593) or signed (-1932787703) decimal. A line
counts once per code. Unknown CTIERR_ names and 0x8ccc#### values are listed apart.

A code seen is unexpected unless --allow names it, --max allows its count, or the --baseline
report holds it with at least that count. The config file's keys are the long flags in camelCase:
  { "allow": ["CTIERR_TIMEOUT", "CFWDALL_*"], "max": { "CONFERENCE_FULL": 5 },
    "baseline": "ci/cti-baseline.json", "failOnUnknown": true, "era": "modern", "tz": "-05:00" }

Exit status:
  0   every input was read and nothing unexpected was seen
  1   unexpected codes were seen (the report says which)
  2   an input could not be read or was corrupt (the report covers everything else); wins over 1
  64  usage error (unknown flag, bad value)
  78  config error: bad config file, baseline or catalog (the message names the file and field)

Environment: NO_COLOR turns colour off unless --color always is given.`;

export const scanCommand: CommandSpec = {
  names: ['scan [inputs..]', '$0 [inputs..]'],
  describe: 'Scan files once and report (the default command)',
  positional: { name: 'inputs', describe: 'Files, directories, globs or -', variadic: true },
  options: SCAN_OPTIONS,
  usage:
    'Usage: cti-logscan [scan] [options] <input..>\n\n' +
    'Scan Cisco CUCM CTI Manager traces and CTI application logs (JTAPI, TSP, UCCX, Jabber)\n' +
    'for CTI error codes, and report per code how often it occurred, when it was first and\n' +
    'last seen, and what it means.',
  epilog: SCAN_EPILOG,
  run: async (args, io) => runScan(resolveScanConfig(rawScanOptions(args), io.cwd), io, args.emptyAfterDashes === true),
};

/** The parsed flags of scan and watch, before validation. */
export function rawScanOptions(args: Record<string, unknown>): RawScanOptions {
  for (const flag of ['year', 'jobs', 'event-window']) {
    if (typeof args[flag] === 'number' && Number.isNaN(args[flag])) throw new UsageError(`--${flag}: not a number`);
  }
  const flag = <T>(name: string): T | undefined => args[name] as T | undefined;
  return {
    inputs: ((args.inputs as unknown[] | undefined) ?? []).map(String),
    format: optionalString(args.format),
    output: optionalString(args.output),
    color: optionalString(args.color),
    allow: args.allow === undefined ? undefined : listOption(args.allow),
    max: args.max === undefined ? undefined : listOption(args.max),
    baseline: optionalString(args.baseline),
    writeBaseline: optionalString(args['write-baseline']),
    failOnUnknown: flag<boolean>('fail-on-unknown'),
    config: optionalString(args.config),
    catalog: optionalString(args.catalog),
    era: optionalString(args.era),
    numeric: flag<boolean>('numeric'),
    tz: optionalString(args.tz),
    year: flag<number>('year'),
    jobs: flag<number>('jobs'),
    quiet: flag<boolean>('quiet'),
    since: optionalString(args.since),
    until: optionalString(args.until),
    node: optionalString(args.node),
    eventWindow: flag<number>('event-window'),
    bucket: optionalString(args.bucket),
  };
}

/** The usage error of a run given nothing to read. */
export const NO_INPUTS = 'no inputs (name files, directories or globs, or pipe a log in)';

/** Warnings about the policy itself (a pattern that matches no code), before any work; not with --quiet. */
export function warnAboutPolicy(config: Pick<ScanConfig, 'policy' | 'quiet'>, io: Io): void {
  if (config.quiet) return;
  for (const u of config.policy.unmatched) io.stderr.write(`cti-logscan: warning: ${describeUnmatched(u)}\n`);
}

async function runScan(config: ScanConfig, io: Io, emptyAfterDashes: boolean): Promise<number> {
  warnAboutPolicy(config, io);
  let inputs = config.inputs;
  if (inputs.length === 0) {
    // `cti-logscan -- "$@"` with no arguments, or nothing piped in: a CI step must not pass having read nothing.
    if (emptyAfterDashes || !io.stdinGiven) throw new UsageError(NO_INPUTS);
    inputs = ['-'];
  }
  let out: Output;
  try {
    out = openOutput(config.output, io);
  } catch (error) {
    io.stderr.write(`cti-logscan: ${config.output}: ${describeError(error as NodeJS.ErrnoException)}\n`);
    return EXIT.inputError;
  }
  const write = (text: string): void => {
    io.stderr.write(text);
  };
  const progress: ProgressLine = io.stderr.isTTY && !config.quiet ? startProgress(write) : silentProgress(write);
  const say = (m: FileMessage, kind: string): void => progress.message(`cti-logscan: ${m.file}: ${kind}${m.message}\n`);

  const expansion = await expandInputs(inputs, io.stdin, { output: out.file, ownFiles: identifyOwnFiles(config.ownFiles), stdinFile: io.stdinFile });
  // `-o a.log a.log`: the file named to scan would be overwritten by the report. Nothing is written.
  if (config.output !== null && expansion.errors.some((e) => e.message === OUTPUT_ERROR)) {
    progress.stop();
    out.discard();
    throw new UsageError(`--output: ${config.output} is also an input: nothing was written to it`);
  }
  for (const error of expansion.errors) say(error, '');
  const totals = await scanSources(
    expansion.sources,
    {
      matcher: config.matcher,
      targets: config.targets,
      tzOffsetMinutes: config.tzOffsetMinutes,
      year: config.year,
      jobs: config.jobs,
      stdin: io.stdin,
      wantHits: config.format === 'ndjson',
      node: config.node,
      counting: config.counting,
      workerSpec: {
        tables: config.matcher.tables,
        targets: config.targets,
        tzOffsetMinutes: config.tzOffsetMinutes,
        year: config.year,
        wantHits: config.format === 'ndjson',
        node: config.node,
        counting: config.counting,
        defaults: config.defaultMatcher && config.tzOffsetMinutes === null && config.year === null && config.format !== 'ndjson' && config.node === null && isDefaultCounting(config.counting),
      },
    },
    {
      hit: (hit) => out.write(renderHitEvent(hit)),
      // --quiet keeps standard error for errors; a warning stays in the report.
      warning: (m) => config.quiet || say(m, 'warning: '),
      error: (m) => say(m, ''),
      progress: (p) => progress.update(p),
    },
  );
  progress.stop();
  // A named directory or glob with no log in it: known now that the files skipped on reading are known.
  const empty = unsearchedErrors(expansion.searches, new Set(totals.skipped?.map((s) => s.file)));
  for (const error of empty) say(error, '');
  // concat, not unshift(...): a list of 130,000 entries overflows the stack as arguments.
  totals.errors = expansion.errors.concat(empty, totals.errors);
  const report = buildReport(totals, { catalog: config.catalog, policy: config.policy });
  return writeReport(report, config, io, reporters[config.format], out);
}

/**
 * Writes the report in its format (to `out`, or to the --output file or standard output) and,
 * with --write-baseline, as JSON to that file. Gives the report's exit code, or 2 when a write failed.
 */
export async function writeReport(report: Report, config: ReportConfig, io: Io, render: Reporter, out?: Output): Promise<number> {
  if (!out) {
    try {
      out = openOutput(config.output, io);
    } catch (error) {
      io.stderr.write(`cti-logscan: ${config.output}: ${describeError(error as NodeJS.ErrnoException)}\n`);
      return EXIT.inputError;
    }
  }
  const toFile = config.output !== null;
  out.write(render(report, { color: wantsColor(config.color, io, toFile), width: terminalWidth(io, toFile), unicode: wantsUnicode(io.env) }));
  const written = await Promise.all([
    closeOutput(out, config.output, io),
    config.writeBaseline === null ? true : writeReportFile(config.writeBaseline, renderJson(report), io),
  ]);
  return written.every(Boolean) ? report.exitCode : EXIT.inputError;
}

/** Flushes the report; a failed write is one line on standard error. */
async function closeOutput(out: Output, path: string | null, io: Io): Promise<boolean> {
  try {
    await out.close();
    return true;
  } catch (error) {
    io.stderr.write(`cti-logscan: ${path ?? '(standard output)'}: ${describeError(error as NodeJS.ErrnoException)}\n`);
    return false;
  }
}

async function writeReportFile(path: string, text: string, io: Io): Promise<boolean> {
  try {
    await writeFile(path, text);
    return true;
  } catch (error) {
    io.stderr.write(`cti-logscan: ${path}: ${describeError(error as NodeJS.ErrnoException)}\n`);
    return false;
  }
}
