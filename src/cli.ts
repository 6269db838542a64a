#!/usr/bin/env node
// The command line: argv -> raw options (yargs) -> a resolved config -> a run; writes the output
// and sets the exit code. The only module that knows yargs, the console and the process.

import { createWriteStream, openSync } from 'node:fs';
import yargs from 'yargs';
import { hideBin } from 'yargs/helpers';
import { resolveScanConfig, splitList, type RawScanOptions, type ScanConfig } from './config.js';
import { ConfigError, EXIT, UsageError } from './errors.js';
import { silentProgress, startProgress, type ProgressLine } from './progress.js';
import { buildReport, TOOL_VERSION } from './report.js';
import { renderHitEvent, reporters } from './reporters/index.js';
import { scanSources } from './scan.js';
import { describeError, expandInputs, STDIN_NAME } from './sources.js';
import type { FileMessage } from './types.js';

const HELP_EPILOG = `Inputs are files, directories (searched recursively), globs (expanded by cti-logscan, so quote
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

function argvParser(argv: string[]) {
  return yargs(argv)
    .scriptName('cti-logscan')
    .usage(
      'Usage: cti-logscan [scan] [options] <input..>\n\n' +
        'Scan Cisco CUCM CTI Manager traces and CTI application logs (JTAPI, TSP, UCCX, Jabber)\n' +
        'for CTI error codes, and report per code how often it occurred, when it was first and\n' +
        'last seen, and what it means.',
    )
    .command(['scan [inputs..]', '$0 [inputs..]'], 'Scan files once and report (the default command)', (y) =>
      y.positional('inputs', { type: 'string', array: true, default: [], describe: 'Files, directories, globs or -' }),
    )
    .option('format', { alias: 'f', type: 'string', default: 'table', describe: 'Report format: table, json or ndjson' })
    .option('output', { alias: 'o', type: 'string', describe: 'Write the report to FILE instead of standard output' })
    .option('color', { type: 'string', default: 'auto', describe: 'Colour: auto (on a terminal), always or never' })
    // Not an array option: yargs would take the inputs after it as more codes. Repeat it instead.
    .option('allow', { type: 'string', describe: 'Codes that are expected: names, aliases or globs (CFWDALL_*), comma-separated' })
    .option('era', { type: 'string', default: 'modern', describe: "Meaning of values that changed: modern, or 4.1 (Table C-1's)" })
    .option('numeric', { type: 'boolean', default: true, describe: 'Match numeric spellings of codes (--no-numeric: names only)' })
    .option('tz', { type: 'string', describe: 'UTC offset (±HH:MM) for logs that do not state one' })
    .option('year', { type: 'number', describe: 'Year for logs whose lines have none (JTAPI, syslog); default: from the file time' })
    .option('jobs', { alias: 'j', type: 'number', describe: 'Files scanned at once (default: the number of cores)' })
    .option('quiet', { alias: 'q', type: 'boolean', default: false, describe: 'No progress on standard error' })
    .epilog(HELP_EPILOG)
    .version(TOOL_VERSION)
    .alias('help', 'h')
    .alias('version', 'V')
    .strict()
    .wrap(Math.min(100, process.stdout.columns || 100))
    .exitProcess(false)
    .fail((message, error) => {
      throw error ?? new UsageError(message);
    });
}

async function main(): Promise<number> {
  let parsed: Record<string, unknown>;
  let helpShown = false;
  const parser = argvParser(joinNegativeValues(hideBin(process.argv)));
  parser.showHelpOnFail(false);
  try {
    parsed = (await parser.parseAsync()) as Record<string, unknown>;
    helpShown = Boolean(parsed.help || parsed.version);
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(error.message);
    throw error;
  }
  if (helpShown) return EXIT.ok;
  for (const flag of ['format', 'output', 'color', 'era', 'tz', 'year', 'jobs']) {
    if (Array.isArray(parsed[flag])) return usageFailure(`--${flag} was given more than once`);
  }
  if (typeof parsed.year === 'number' && Number.isNaN(parsed.year)) return usageFailure('--year: not a number');
  if (typeof parsed.jobs === 'number' && Number.isNaN(parsed.jobs)) return usageFailure('--jobs: not a number');
  const raw: RawScanOptions = {
    inputs: (parsed.inputs as string[]).map(String),
    format: String(parsed.format),
    output: parsed.output as string | undefined,
    color: String(parsed.color),
    allow: splitList([parsed.allow ?? []].flat().map(String)),
    era: String(parsed.era),
    numeric: parsed.numeric !== false,
    tz: parsed.tz as string | undefined,
    year: parsed.year as number | undefined,
    jobs: parsed.jobs as number | undefined,
    quiet: Boolean(parsed.quiet),
  };
  let config: ScanConfig;
  try {
    config = resolveScanConfig(raw);
  } catch (error) {
    if (error instanceof UsageError) return usageFailure(error.message);
    throw error;
  }
  return runScan(config);
}

/** `--tz -05:00` would read as flags -0 and -5: glue a signed value to the flag that takes it. */
function joinNegativeValues(argv: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--tz' && i + 1 < argv.length && /^-\d/.test(argv[i + 1])) out.push(`--tz=${argv[++i]}`);
    else out.push(argv[i]);
  }
  return out;
}

function usageFailure(message: string): number {
  process.stderr.write(`cti-logscan: ${message}\nTry 'cti-logscan --help' for more information.\n`);
  return EXIT.usage;
}

async function runScan(config: ScanConfig): Promise<number> {
  let inputs = config.inputs;
  if (inputs.length === 0) {
    if (process.stdin.isTTY) return usageFailure('no input given (name files, directories or globs, or pipe a log in)');
    inputs = ['-'];
  }
  let out: Output;
  try {
    out = openOutput(config.output);
  } catch (error) {
    process.stderr.write(`cti-logscan: ${config.output}: ${describeError(error as NodeJS.ErrnoException)}\n`);
    return EXIT.inputError;
  }
  const progress: ProgressLine =
    process.stderr.isTTY && !config.quiet
      ? startProgress((text) => process.stderr.write(text))
      : silentProgress((text) => process.stderr.write(text));
  const say = (m: FileMessage, kind: string): void => progress.message(`cti-logscan: ${m.file}: ${kind}${m.message}\n`);

  const expansion = await expandInputs(inputs, process.stdin);
  for (const error of expansion.errors) say(error, '');
  const totals = await scanSources(
    expansion.sources,
    {
      matcher: config.matcher,
      targets: config.targets,
      tzOffsetMinutes: config.tzOffsetMinutes,
      year: config.year,
      jobs: config.jobs,
      stdin: process.stdin,
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
  const useColor = config.output === null && wantsColor(config.color, Boolean(process.stdout.isTTY));
  // A terminal without a size (a pty nobody sized) says 0 columns: then do not fit at all.
  const width = config.output === null && process.stdout.isTTY && process.stdout.columns > 0 ? process.stdout.columns : null;
  out.write(reporters[config.format](report, { color: useColor, width }));
  try {
    await out.close();
  } catch (error) {
    process.stderr.write(`cti-logscan: ${config.output}: ${describeError(error as NodeJS.ErrnoException)}\n`);
    return EXIT.inputError;
  }
  return report.exitCode;
}

function wantsColor(mode: string, isTTY: boolean): boolean {
  if (mode === 'always') return true;
  if (mode === 'never') return false;
  return isTTY && !process.env.NO_COLOR;
}

interface Output {
  write(text: string): void;
  close(): Promise<void>;
}

/** Standard output, or the --output file, opened before the scan so that a bad path fails fast. */
function openOutput(path: string | null): Output {
  if (path === null) {
    return {
      write: (text) => {
        process.stdout.write(text);
      },
      close: () => new Promise((resolve) => process.stdout.write('', () => resolve())),
    };
  }
  const stream = createWriteStream(path, { fd: openSync(path, 'w') });
  let failure: Error | null = null;
  stream.on('error', (error) => {
    failure ??= error;
  });
  return {
    write: (text) => {
      if (!failure) stream.write(text);
    },
    close: () =>
      new Promise((resolve, reject) => {
        stream.end((error?: Error | null) => {
          const failed = failure ?? error;
          if (failed) reject(failed);
          else resolve();
        });
      }),
  };
}

// A reader that closed early (| head) is not an error: finish quietly.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
  throw error;
});

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    if (error instanceof UsageError || error instanceof ConfigError) {
      process.stderr.write(`cti-logscan: ${error.message}\n`);
      process.exitCode = error.exitCode;
      return;
    }
    throw error;
  },
);

export { STDIN_NAME };
