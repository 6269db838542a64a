// The merge command: JSON reports (one per server) -> one report, judged by this run's policy,
// equal to the report of scanning all their inputs at once.

import { closeSync, createReadStream, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { resolveReportConfig } from '../config.js';
import { ConfigError, readJsonFile, UsageError } from '../../errors.js';
import { STDIN_NAME } from '../../input/index.js';
import type { CountingRules } from '../../report/file-tally.js';
import { readEventStream, type MergeInput } from '../../report/report-file.js';
import { compareStrings } from '../../types.js';
import { mergeReports } from '../../report/merge-reports.js';
import { buildReport } from '../../report/build-report.js';
import { reporters } from '../../reporters/index.js';
import type { CommandSpec, Io } from './command.js';
import { rawScanOptions, SCAN_OPTIONS, warnAboutPolicy, writeReport } from './scan.js';

/**
 * The files a merge reads, in order, each once (by its real path; a path that cannot be resolved
 * is kept, to fail when read): a file as named, every *.json and *.ndjson below a directory, a
 * glob's matches; '-' for standard input. A glob that matches nothing is a config error (78).
 */
async function mergeInputs(paths: readonly string[]): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (path: string): void => {
    let real = path;
    try {
      real = realpathSync(path);
    } catch {
      // missing: read (and refused) as named
    }
    if (seen.has(real)) return;
    seen.add(real);
    out.push(path);
  };
  for (const path of paths) {
    if (path === '-') {
      add(path);
      continue;
    }
    const info = statSync(path, { throwIfNoEntry: false });
    if (info?.isDirectory()) {
      const { glob } = await import('tinyglobby');
      for (const found of (await glob(['**/*.json', '**/*.ndjson'], { cwd: path, onlyFiles: true, followSymbolicLinks: true, dot: true })).sort(compareStrings)) add(join(path, found));
      continue;
    }
    if (!info) {
      const { glob, isDynamicPattern } = await import('tinyglobby');
      if (isDynamicPattern(path)) {
        const matches = (await glob(path, { onlyFiles: true, followSymbolicLinks: true, expandDirectories: false })).sort(compareStrings);
        if (matches.length === 0) throw new ConfigError(`${path}: no files match this pattern`);
        for (const match of matches) add(match);
        continue;
      }
    }
    add(path);
  }
  return out;
}

/** The reports a merge input holds: a JSON report, or each report of an ndjson event stream. */
async function readMergeInput(path: string, io: Io, counting: CountingRules): Promise<MergeInput[]> {
  const shown = path === '-' ? STDIN_NAME : path;
  const stream = path === '-' ? io.stdin : null;
  if (!stream && !startsLikeEvents(path)) return [{ path, report: readJsonFile(path) }];
  const found = await readEventStream(shown, stream ?? createReadStream(path), counting);
  if (found.length === 0) throw new ConfigError(`${shown}: no cti-logscan report or hit event in it`);
  return found;
}

/** Whether a file begins as an ndjson event stream does (`{"type":`), not as a JSON report. */
function startsLikeEvents(path: string): boolean {
  let fd = -1;
  try {
    fd = openSync(path, 'r');
    const head = Buffer.alloc(64);
    return /^\s*\{\s*"type"\s*:/.test(head.toString('utf8', 0, readSync(fd, head, 0, head.length, 0)));
  } catch {
    return false; // read (and refused) as a report, with the reason
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

export const mergeCommand: CommandSpec = {
  names: ['merge <reports..>'],
  describe: 'Combine JSON reports and ndjson event streams (from many servers) into one report',
  positional: { name: 'reports', describe: 'JSON reports (--format json), ndjson event streams (--format ndjson, watch), directories of them, globs, or -', variadic: true },
  // Every option of a scan is taken, so that one wrapper can pass the same flags to both; those
  // about reading logs (--era, --tz, --year, --no-numeric, --jobs) have nothing to do here.
  options: SCAN_OPTIONS,
  usage:
    'Usage: cti-logscan merge [options] <report.json|events.ndjson|dir|glob|-..>\n\n' +
    'Combine JSON reports into one: counts and files add up, first and last seen take the earliest\n' +
    'and latest, inputs add up; the policy options of this run judge the result, exactly as one\n' +
    'scan of all the inputs would. An ndjson event stream gives the report of its summary event;\n' +
    'hit events after the last summary (a watch still running) are counted from the events. A\n' +
    'directory gives every *.json and *.ndjson below it.',
  run: async (args, io) => {
    const paths = ((args.reports as unknown[] | undefined) ?? []).map(String);
    if (paths.length === 0) throw new UsageError('merge: name at least one JSON report');
    const config = resolveReportConfig(rawScanOptions({ ...args, inputs: [] }), io.cwd);
    warnAboutPolicy(config, io);
    // A report named twice (`r.json ./r.json`) is one report, as a scan reads a file named twice once.
    const reports: MergeInput[] = [];
    for (const path of await mergeInputs(paths)) reports.push(...(await readMergeInput(path, io, config.counting)));
    const report = buildReport(mergeReports(reports, config.catalog, config.counting.bucketSeconds), { catalog: config.catalog, policy: config.policy });
    return writeReport(report, config, io, reporters[config.format]);
  },
};
