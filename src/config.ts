// Config stage: takes the raw options the command line gave and resolves them into the objects
// the pipeline runs on (catalog, matcher, policy, reporter choice). Bad values are UsageErrors.

import { availableParallelism } from 'node:os';
import { loadBundledCatalog, planMatches, type Catalog, type CatalogEntry } from './catalog.js';
import { UsageError } from './errors.js';
import { buildMatcher, type Matcher } from './matcher.js';
import { buildPolicy, type Policy } from './policy.js';
import { FORMATS, type Format } from './reporters/index.js';
import { parseTzOffset } from './timestamps.js';
import { ERAS, type Era } from './types.js';

export const COLOR_MODES = ['auto', 'always', 'never'] as const;
export type ColorMode = (typeof COLOR_MODES)[number];

/** Options as parsed from argv, before validation. */
export interface RawScanOptions {
  inputs: string[];
  format: string;
  output?: string;
  color: string;
  allow: string[];
  era: string;
  numeric: boolean;
  tz?: string;
  year?: number;
  jobs?: number;
  quiet: boolean;
}

export interface ScanConfig {
  inputs: string[];
  format: Format;
  output: string | null;
  color: ColorMode;
  catalog: Catalog;
  era: Era;
  matcher: Matcher;
  targets: CatalogEntry[];
  policy: Policy;
  tzOffsetMinutes: number | null;
  year: number | null;
  jobs: number;
  quiet: boolean;
}

const oneOf = <T extends string>(flag: string, value: string, allowed: readonly T[]): T => {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${flag}: '${value}' is not one of ${allowed.join(', ')}`);
};

/** Splits "A,B" lists (a flag may also be repeated) and drops empty items. */
export const splitList = (values: readonly string[]): string[] =>
  values.flatMap((v) => String(v).split(',')).map((v) => v.trim()).filter(Boolean);

export function resolveScanConfig(raw: RawScanOptions): ScanConfig {
  const format = oneOf('format', raw.format, FORMATS);
  const color = oneOf('color', raw.color, COLOR_MODES);
  const era = oneOf('era', raw.era, ERAS);
  let tzOffsetMinutes: number | null = null;
  if (raw.tz !== undefined) {
    tzOffsetMinutes = parseTzOffset(String(raw.tz));
    if (tzOffsetMinutes === null) throw new UsageError(`--tz: '${raw.tz}' is not a UTC offset such as -05:00 or +05:30`);
  }
  if (raw.year !== undefined && (!Number.isInteger(raw.year) || raw.year < 1970 || raw.year > 9999)) {
    throw new UsageError(`--year: '${raw.year}' is not a year such as 2026`);
  }
  if (raw.jobs !== undefined && (!Number.isInteger(raw.jobs) || raw.jobs < 1)) {
    throw new UsageError(`--jobs: '${raw.jobs}' is not a whole number of 1 or more`);
  }
  if (raw.output === '') throw new UsageError('--output: a file name is needed');
  const catalog = loadBundledCatalog();
  const plan = planMatches(catalog, era, raw.numeric);
  const matcher = buildMatcher({ patterns: plan.patterns, unknownNames: true, unknownHex: raw.numeric });
  return {
    inputs: raw.inputs,
    format,
    output: raw.output ?? null,
    color,
    catalog,
    era,
    matcher,
    targets: plan.targets,
    policy: buildPolicy(splitList(raw.allow)),
    tzOffsetMinutes,
    year: raw.year ?? null,
    jobs: raw.jobs ?? availableParallelism(),
    quiet: raw.quiet,
  };
}
