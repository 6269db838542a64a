// The merge command: JSON reports (one per server) -> one report, judged by this run's policy,
// equal to the report of scanning all their inputs at once.

import { realpathSync } from 'node:fs';
import { resolveReportConfig } from '../config.js';
import { readJsonFile, UsageError } from '../../errors.js';
import { mergeReports } from '../../report/merge-reports.js';
import { buildReport } from '../../report/build-report.js';
import { reporters } from '../../reporters/index.js';
import type { CommandSpec } from './command.js';
import { rawScanOptions, SCAN_OPTIONS, warnAboutPolicy, writeReport } from './scan.js';

/** The paths less those naming a file named before (by its real path); a path that cannot be resolved is kept, to fail when read. */
function uniqueFiles(paths: readonly string[]): string[] {
  const seen = new Set<string>();
  return paths.filter((path) => {
    let real = path;
    try {
      real = realpathSync(path);
    } catch {
      return true;
    }
    if (seen.has(real)) return false;
    seen.add(real);
    return true;
  });
}

export const mergeCommand: CommandSpec = {
  names: ['merge <reports..>'],
  describe: 'Combine JSON reports (from many servers) into one report',
  positional: { name: 'reports', describe: 'JSON reports written by --format json', variadic: true },
  // Every option of a scan is taken, so that one wrapper can pass the same flags to both; those
  // about reading logs (--era, --tz, --year, --no-numeric, --jobs) have nothing to do here.
  options: SCAN_OPTIONS,
  usage:
    'Usage: cti-logscan merge [options] <report.json..>\n\n' +
    'Combine JSON reports into one: counts and files add up, first and last seen take the earliest\n' +
    'and latest, inputs add up; the policy options of this run judge the result, exactly as one\n' +
    'scan of all the inputs would.',
  run: async (args, io) => {
    const paths = ((args.reports as unknown[] | undefined) ?? []).map(String);
    if (paths.length === 0) throw new UsageError('merge: name at least one JSON report');
    const config = resolveReportConfig(rawScanOptions({ ...args, inputs: [] }), io.cwd);
    warnAboutPolicy(config, io);
    // A report named twice (`r.json ./r.json`) is one report, as a scan reads a file named twice once.
    const reports = uniqueFiles(paths).map((path) => ({ path, report: readJsonFile(path) }));
    const report = buildReport(mergeReports(reports, config.catalog), { catalog: config.catalog, policy: config.policy });
    return writeReport(report, config, io, reporters[config.format]);
  },
};
