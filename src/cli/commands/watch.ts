// The watch command: follow files live and print each hit as its line is written; on SIGINT or
// SIGTERM, read what is pending, print the summary report, save positions and exit with the
// policy's exit code.

import { mergeTallies, mergeTalliesUpTo, type Tallies } from '../../report/aggregate.js';
import { FileTally, type CountingRules } from '../../report/file-tally.js';
import { Timeline } from '../../report/timeline.js';
import { resolveScanConfig } from '../config.js';
import { describeError, EXIT, UsageError } from '../../errors.js';
import { buildReport, TOOL_VERSION, type ScanTotals } from '../../report/build-report.js';
import { identifyOwnFiles, nodeFromPath } from '../../input/index.js';
import { READY_EVENT, renderLiveEvent, renderLiveHit, reporters } from '../../reporters/index.js';
import { compareStrings, MAX_UNKNOWN_TOKENS, type FileMessage, type SkippedFile } from '../../types.js';
import type { CommandSpec, Io, OptionSpec } from './command.js';
import { terminalWidth, wantsColor, wantsUnicode } from '../output.js';
import { rawScanOptions, SCAN_OPTIONS, warnAboutPolicy, writeReport } from './scan.js';

/** Positions are saved this often while watching (and always at the end). */
const STATE_SAVE_MS = 2000;
/** Where --metrics listens unless --metrics-host says otherwise: this machine only. */
const DEFAULT_METRICS_HOST = '127.0.0.1';

const WATCH_OPTIONS: OptionSpec[] = [
  // --jobs is taken for a scan's sake (one command line for both); watch reads each file as it grows.
  ...SCAN_OPTIONS,
  { name: 'from-start', type: 'boolean', describe: 'Read existing files from their start (default: from their end)' },
  { name: 'state', type: 'string', describe: 'Save read positions to FILE and resume from them on the next start' },
  { name: 'poll', type: 'boolean', describe: 'Poll files instead of file events (chosen by itself on network shares)' },
  { name: 'metrics', type: 'number', describe: 'Serve Prometheus metrics on 127.0.0.1:PORT/metrics (0: any free port, printed on standard error)' },
  {
    name: 'metrics-host',
    type: 'string',
    describe: 'Serve --metrics on HOST instead of 127.0.0.1 (on purpose only: the metrics name your nodes and their errors to whoever reaches the port)',
  },
];

export const watchCommand: CommandSpec = {
  names: ['watch <inputs..>'],
  describe: 'Follow files live (tail -F) and report codes as they appear',
  positional: { name: 'inputs', describe: 'Files, directories or globs (files created later are followed too)', variadic: true },
  options: WATCH_OPTIONS,
  usage:
    'Usage: cti-logscan watch [options] <input..>\n\n' +
    'Follow CTI logs as they are written, through rotation (rename and create), truncation\n' +
    '(copytruncate) and deletion, and print each hit as its line is completed. Existing files are\n' +
    'read from their end unless --from-start or --state says otherwise. SIGINT or SIGTERM prints\n' +
    'the summary report and exits with the policy exit code.',
  epilog: 'ndjson events: {"type":"hit",...}, {"type":"rotated","file":...}, {"type":"truncated","file":...},\n{"type":"ready"} once the starting positions are taken, and {"type":"summary","report":{...}} at the end.',
  run: async (args, io) => runWatch(args, io),
};

async function runWatch(args: Record<string, unknown>, io: Io): Promise<number> {
  const raw = rawScanOptions(args);
  if (raw.inputs.length === 0 || raw.inputs.includes('-')) throw new UsageError('watch: name files, directories or globs to follow (standard input cannot be followed)');
  if (args.state === '') throw new UsageError('--state: a file name is needed');
  const config = resolveScanConfig(raw, io.cwd);
  warnAboutPolicy(config, io);
  const metricsPort = args.metrics as number | undefined;
  if (metricsPort !== undefined && (!Number.isInteger(metricsPort) || metricsPort < 0 || metricsPort > 65535)) {
    throw new UsageError(`--metrics: '${metricsPort}' is not a port number`);
  }
  const metricsHost = metricsHostOf(args['metrics-host'], metricsPort);
  const live = config.format === 'table' || config.format === 'ndjson' ? config.format : null;
  const toFile = config.output !== null;
  const ctx = { color: wantsColor(config.color, io, toFile), width: terminalWidth(io, toFile), unicode: wantsUnicode(io.env) };
  const out = (text: string): void => {
    io.stdout.write(text);
  };
  const say = (file: string, message: string): void => {
    io.stderr.write(`cti-logscan: ${file}: ${message}\n`);
  };

  /**
   * A file's node, asked at each hit (and by the metrics when the file is taken up): --node, else
   * its RTMT download folder; null: none (its metrics then have node="").
   */
  const nodeOf = (file: string): string | null => config.node ?? nodeFromPath(file);
  // One tally per file followed, as a scan counts a file (report stage): window, events, node, timeline.
  const perFile = new Map<string, FileTally>();
  const tallyOf = (file: string): FileTally => {
    let t = perFile.get(file);
    if (!t) perFile.set(file, (t = new FileTally(0, config.counting, () => nodeOf(file))));
    return t;
  };
  /** Lines with a hit of each code so far: the policy judges a live hit by the count it makes. */
  const hitsByCode = new Map<string, number>();
  // Loaded here, not at the top: chokidar and prom-client are for watch alone, and a scan starts faster without them.
  const [{ Watcher }, { checkStateFile, loadSavedMetrics }, { createWatchMetrics, serveMetrics }] = await Promise.all([import('../../live/watcher.js'), import('../../live/positions.js'), import('../../live/metrics.js')]);
  const metrics = metricsPort === undefined ? null : createWatchMetrics({ codes: config.catalog.entries.map((e) => e.code), version: TOOL_VERSION });

  // What would fail at exit, or make the run useless, fails here: before anything is followed.
  const statePath = optionalPath(args.state);
  const stateProblem = statePath === null ? null : checkStateFile(statePath);
  if (stateProblem !== null) {
    say(statePath!, stateProblem);
    return EXIT.inputError;
  }
  let server: { port: number; close(): Promise<void> } | null = null;
  if (metrics) {
    // Counts saved with the positions go on from there, before anything is served (see metrics.ts).
    const saved = statePath === null ? null : loadSavedMetrics(statePath);
    const unreadable = saved === null ? null : metrics.restore(saved);
    if (unreadable !== null) say(statePath!, unreadable);
    try {
      server = await serveMetrics(metrics, metricsPort!, metricsHost);
    } catch (error) {
      say(...listenProblem(error as NodeJS.ErrnoException, metricsPort!, metricsHost));
      return EXIT.inputError;
    }
    say('metrics', `http://${metricsHost.includes(':') ? `[${metricsHost}]` : metricsHost}:${server.port}/metrics`);
  }

  const watcher = new Watcher({
    inputs: raw.inputs,
    cwd: io.cwd,
    matcher: config.matcher,
    targets: config.targets,
    tzOffsetMinutes: config.tzOffsetMinutes,
    year: config.year,
    fromStart: Boolean(args['from-start']),
    statePath,
    savedWithPositions: metrics && (() => metrics.snapshot()),
    poll: Boolean(args.poll),
    output: io.stdoutFile,
    ownFiles: identifyOwnFiles(config.ownFiles),
    events: {
      hit: (hit) => {
        const counted = tallyOf(hit.file).code(hit.code, hit.line, hit.time);
        // Outside --since/--until: not counted, not shown.
        if (counted === 'outside') return;
        const entry = config.catalog.byCode.get(hit.code)!;
        const count = (hitsByCode.get(hit.code) ?? 0) + 1;
        hitsByCode.set(hit.code, count);
        const expected = config.policy.expectsCode(entry, count);
        metrics?.hit({ code: hit.code, node: nodeOf(hit.file), event: counted === 'event', expected, epochSeconds: hit.time ? hit.time.epochMs / 1000 : null });
        if (live) out(renderLiveHit(hit, entry.description, expected, live, ctx));
      },
      unknown: (token, file, line, time) => {
        if (tallyOf(file).unknownToken(token, line, time)) metrics?.unknown(nodeOf(file));
      },
      rotated: (file) => {
        metrics?.rotation();
        if (live === 'ndjson') out(renderLiveEvent('rotated', file));
        else say(file, 'rotated');
      },
      truncated: (file) => {
        metrics?.truncation();
        if (live === 'ndjson') out(renderLiveEvent('truncated', file));
        else say(file, 'truncated');
      },
      notice: (file, message) => say(file, message),
      error: (file, message) => {
        metrics?.readError();
        say(file, message);
      },
      read: (bytes, lines) => metrics?.read(bytes, lines),
      following: (file) => metrics?.node(nodeOf(file)),
    },
  });

  metrics?.filesFollowed(() => watcher.followedCount);

  // Stop on the first signal; the rest of this function waits for it.
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  io.onStop(() => stop());

  // A save that fails is one line (once while it fails the same way), and is tried again.
  let stateError: string | null = null;
  const saveState = async (always: boolean): Promise<boolean> => {
    try {
      await (always ? watcher.saveState() : watcher.saveStateIfChanged());
      stateError = null;
      return true;
    } catch (error) {
      const message = describeError(error as NodeJS.ErrnoException);
      if (message !== stateError) say(statePath!, message);
      stateError = message;
      return false;
    }
  };

  await watcher.start();
  metrics?.open();
  if (live === 'ndjson') out(READY_EVENT);
  else say('watch', `following ${watcher.followedCount} ${watcher.followedCount === 1 ? 'file' : 'files'}; ready`);

  const saver = setInterval(() => void saveState(false), STATE_SAVE_MS);
  await stopped;
  clearInterval(saver);
  await watcher.stop();
  const saved = await saveState(true);
  await server?.close();

  const totals = summarise(perFile, watcher.summary(), config.counting);
  const report = buildReport(totals, { catalog: config.catalog, policy: config.policy });
  const code = await writeReport(report, config, io, reporters[config.format]);
  // Positions not saved: the next start cannot resume (as a report that could not be written).
  return saved ? code : Math.max(code, EXIT.inputError);
}

const optionalPath = (value: unknown): string | null => (typeof value === 'string' && value !== '' ? value : null);

/** --metrics-host, checked: a host or address, and only with --metrics. */
function metricsHostOf(value: unknown, port: number | undefined): string {
  if (value === undefined) return DEFAULT_METRICS_HOST;
  const host = String(value).trim();
  if (host === '') throw new UsageError('--metrics-host: a host name or address is needed');
  if (port === undefined) throw new UsageError('--metrics-host: it says where --metrics listens, and --metrics PORT is not given');
  return host;
}

/** Why the metrics cannot listen, as one line: the flag it is about, and the problem. */
function listenProblem(e: NodeJS.ErrnoException, port: number, host: string): [flag: string, problem: string] {
  switch (e.code) {
    case 'EADDRINUSE':
      return ['--metrics', `port ${port} is in use`];
    case 'EADDRNOTAVAIL':
      return ['--metrics-host', `${host} is not an address of this machine`];
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return ['--metrics-host', `${host}: no such host`];
    default:
      return ['--metrics', `port ${port} cannot be used: ${describeError(e)}`];
  }
}

/** The session's tallies, per file, merged in path order as a scan would order them. */
function summarise(perFile: Map<string, FileTally>, read: { files: number; bytes: number; lines: number; errors: FileMessage[]; skipped: SkippedFile[] }, counting: CountingRules): ScanTotals {
  const files = [...perFile.keys()].sort(compareStrings);
  const totals: ScanTotals = {
    fileCount: read.files,
    files,
    bytes: read.bytes,
    lines: read.lines,
    warnings: [],
    errors: read.errors,
    skipped: read.skipped,
    codes: new Map(),
    unknown: new Map(),
    unknownOverflow: 0,
    outsideWindow: 0,
    window: counting.window,
    timeline: new Timeline(counting.bucketSeconds),
  };
  files.forEach((file, fileIndex) => {
    const t = perFile.get(file)!;
    const reindex = (tallies: Tallies): Tallies =>
      new Map([...tallies].map(([k, v]) => [k, { ...v, first: { ...v.first, fileIndex }, last: { ...v.last, fileIndex } }]));
    mergeTallies(totals.codes, reindex(t.codes));
    totals.unknownOverflow! += t.unknownOverflow + mergeTalliesUpTo(totals.unknown, reindex(t.unknown), MAX_UNKNOWN_TOKENS);
    totals.outsideWindow! += t.outsideWindow;
    totals.timeline!.merge(t.timeline);
  });
  return totals;
}
