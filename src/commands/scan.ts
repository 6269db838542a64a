// The scan command (the default): inputs -> report, with the exit code of the policy.

import { resolveScanConfig, type RawScanOptions, type ScanConfig } from '../config.js';
import { EXIT, UsageError } from '../errors.js';
import { silentProgress, startProgress, type ProgressLine } from '../progress.js';
import { buildReport } from '../report.js';
import { renderHitEvent, reporters } from '../reporters/index.js';
import { scanSources } from '../scan.js';
import { describeError, expandInputs } from '../sources.js';
import type { FileMessage } from '../types.js';
import { listOption, optionalString, type CommandSpec, type Io, type OptionSpec } from './command.js';
import { openOutput, terminalWidth, wantsColor, type Output } from './output.js';

/** Options shared by scan and watch. */
export const SCAN_OPTIONS: OptionSpec[] = [
  { name: 'format', alias: 'f', type: 'string', default: 'table', describe: 'Report format: table, json or ndjson' },
  { name: 'output', alias: 'o', type: 'string', describe: 'Write the report to FILE instead of standard output' },
  { name: 'color', type: 'string', default: 'auto', describe: 'Colour: auto (on a terminal), always or never' },
  { name: 'allow', type: 'string', repeatable: true, describe: 'Codes that are expected: names, aliases or globs (CFWDALL_*), comma-separated' },
  { name: 'era', type: 'string', default: 'modern', describe: "Meaning of values that changed: modern, or 4.1 (Table C-1's)" },
  { name: 'numeric', type: 'boolean', default: true, describe: 'Match numeric spellings of codes (--no-numeric: names only)' },
  { name: 'tz', type: 'string', describe: 'UTC offset (±HH:MM) for logs that do not state one' },
  { name: 'year', type: 'number', describe: 'Year for logs whose lines have none (JTAPI, syslog); default: from the file time' },
  { name: 'jobs', alias: 'j', type: 'number', describe: 'Files scanned at once (default: the number of cores)' },
  { name: 'quiet', alias: 'q', type: 'boolean', default: false, describe: 'No progress on standard error' },
];

const SCAN_EPILOG = `Inputs are files, directories (searched recursively), globs (expanded by cti-logscan, so quote
them freely) or - for standard input; with no input, a piped standard input is read. gzip input
is recognised by its first bytes; an open .gzo (no trailer) is read as far as it inflates.

A hit is a whole token: a CTI error name (CTIERR_ILLEGAL_CALLSTATE, CONFERENCE_FULL) or a known
value as hex (0x8ccc0009, any case), unsigned (2362179593) or signed (-1932787703) decimal. A line
counts once per code. Unknown CTIERR_ names and 0x8ccc#### values are listed apart.

Exit status:
  0   every input was read and nothing unexpected was seen
  1   unexpected codes were seen (codes are unexpected unless --allow names them)
  2   an input could not be read or was corrupt (the report covers everything else)
  64  usage error (unknown flag, bad value)

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
  run: async (args, io) => runScan(resolveScanConfig(rawScanOptions(args)), io),
};

/** The parsed flags of scan and watch, before validation. */
export function rawScanOptions(args: Record<string, unknown>): RawScanOptions {
  for (const flag of ['year', 'jobs']) {
    if (typeof args[flag] === 'number' && Number.isNaN(args[flag])) throw new UsageError(`--${flag}: not a number`);
  }
  return {
    inputs: ((args.inputs as unknown[] | undefined) ?? []).map(String),
    format: String(args.format),
    output: optionalString(args.output),
    color: String(args.color),
    allow: listOption(args.allow),
    era: String(args.era),
    numeric: args.numeric !== false,
    tz: optionalString(args.tz),
    year: args.year as number | undefined,
    jobs: args.jobs as number | undefined,
    quiet: Boolean(args.quiet),
  };
}

async function runScan(config: ScanConfig, io: Io): Promise<number> {
  let inputs = config.inputs;
  if (inputs.length === 0) {
    if (io.stdin.isTTY) throw new UsageError('no input given (name files, directories or globs, or pipe a log in)');
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

  const expansion = await expandInputs(inputs, io.stdin);
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
    },
    {
      hit: (hit) => out.write(renderHitEvent(hit)),
      warning: (m) => say(m, 'warning: '),
      error: (m) => say(m, ''),
      progress: (p) => progress.update(p),
    },
  );
  progress.stop();
  totals.errors.unshift(...expansion.errors);
  const report = buildReport(totals, { catalog: config.catalog, policy: config.policy, failOnUnknown: false });
  const toFile = config.output !== null;
  out.write(reporters[config.format](report, { color: wantsColor(config.color, io, toFile), width: terminalWidth(io, toFile) }));
  try {
    await out.close();
  } catch (error) {
    io.stderr.write(`cti-logscan: ${config.output}: ${describeError(error as NodeJS.ErrnoException)}\n`);
    return EXIT.inputError;
  }
  return report.exitCode;
}
