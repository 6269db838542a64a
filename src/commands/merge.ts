// The merge command: JSON reports (one per server) -> one report, judged by this run's policy,
// equal to the report of scanning all their inputs at once.

import { resolveReportConfig } from '../config.js';
import { readJsonFile, UsageError } from '../errors.js';
import { mergeReports } from '../merge.js';
import { buildReport } from '../report.js';
import { reporters } from '../reporters/index.js';
import type { CommandSpec } from './command.js';
import { rawScanOptions, SCAN_OPTIONS, writeReport } from './scan.js';

const REPORT_OPTIONS = new Set(['format', 'output', 'color', 'allow', 'max', 'baseline', 'write-baseline', 'fail-on-unknown', 'config', 'catalog']);

export const mergeCommand: CommandSpec = {
  names: ['merge <reports..>'],
  describe: 'Combine JSON reports (from many servers) into one report',
  positional: { name: 'reports', describe: 'JSON reports written by --format json', variadic: true },
  options: SCAN_OPTIONS.filter((o) => REPORT_OPTIONS.has(o.name)),
  usage:
    'Usage: cti-logscan merge [options] <report.json..>\n\n' +
    'Combine JSON reports into one: counts and files add up, first and last seen take the earliest\n' +
    'and latest, inputs add up; the policy options of this run judge the result, exactly as one\n' +
    'scan of all the inputs would.',
  run: async (args, io) => {
    const paths = ((args.reports as unknown[] | undefined) ?? []).map(String);
    if (paths.length === 0) throw new UsageError('merge: name at least one JSON report');
    const config = resolveReportConfig(rawScanOptions({ ...args, inputs: [] }), io.cwd);
    const reports = paths.map((path) => ({ path, report: readJsonFile(path) }));
    const report = buildReport(mergeReports(reports, config.catalog), { catalog: config.catalog, policy: config.policy });
    return writeReport(report, config, io, reporters[config.format]);
  },
};
