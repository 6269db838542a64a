// Command line, config: takes the raw options the command line gave and the config file (--config FILE,
// default .cti-logscan.json), and resolves them into the objects the pipeline runs on (catalog,
// matcher, policy, format). Flags win over the file. Bad flags are UsageErrors (64); a bad file,
// baseline or catalog is a ConfigError (78) that names the file and the field.

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, resolve } from 'node:path';
import { loadCatalog, planMatches, type Catalog, type CatalogEntry } from '../catalog/catalog.js';
import { ConfigError, fieldError, readJsonFile, UsageError } from '../errors.js';
import { DEFAULT_ERA, DEFAULT_NUMERIC, loadOrBuildMatcher, matcherOptionsFor } from '../match/automaton-file.js';
import type { Matcher } from '../match/matcher.js';
import { DEFAULT_EVENT_WINDOW_MS, type CountingRules } from '../report/file-tally.js';
import { buildPolicy, readBaseline, type Policy } from '../report/policy.js';
import { parseTimeBound, type TimeBound } from '../report/window.js';
import { FORMATS, type Format } from '../reporters/index.js';
import { parseTzOffset } from '../match/timestamps.js';
import { ERAS, type Era } from '../types.js';

export const COLOR_MODES = ['auto', 'always', 'never'] as const;
export type ColorMode = (typeof COLOR_MODES)[number];
export const DEFAULT_CONFIG_FILE = '.cti-logscan.json';

/** Options as parsed from argv: undefined when not given, so that the config file can fill in. */
export interface RawScanOptions {
  inputs: string[];
  format?: string;
  output?: string;
  color?: string;
  allow?: string[];
  max?: string[];
  baseline?: string;
  writeBaseline?: string;
  failOnUnknown?: boolean;
  config?: string;
  catalog?: string;
  era?: string;
  numeric?: boolean;
  tz?: string;
  year?: number;
  jobs?: number;
  quiet?: boolean;
  since?: string;
  until?: string;
  node?: string;
  eventWindow?: number;
  bucket?: string;
}

export interface ScanConfig {
  inputs: string[];
  format: Format;
  output: string | null;
  color: ColorMode;
  catalog: Catalog;
  era: Era;
  matcher: Matcher;
  /** The automaton is the default one: the shipped catalog, the default era, numeric spellings. */
  defaultMatcher: boolean;
  targets: CatalogEntry[];
  policy: Policy;
  writeBaseline: string | null;
  tzOffsetMinutes: number | null;
  year: number | null;
  jobs: number;
  quiet: boolean;
  /** The files this run reads as policy or writes besides its report: never scanned as logs when found. */
  ownFiles: Array<{ path: string; reason: string }>;
  /** --node; null: each input's own. */
  node: string | null;
  /** --since, --until, --event-window, --bucket. */
  counting: CountingRules;
}

/** Flags that name a file: an empty one (`--baseline=`) is a usage error, not a file named ''. */
const PATH_FLAGS = ['config', 'output', 'baseline', 'writeBaseline', 'catalog'] as const;

/** The config file's keys: the long flags in camelCase, each with the type it must have. */
const FILE_FIELDS = {
  format: 'string',
  output: 'path',
  color: 'string',
  allow: 'strings',
  max: 'limits',
  baseline: 'path',
  writeBaseline: 'path',
  failOnUnknown: 'boolean',
  catalog: 'path',
  era: 'string',
  numeric: 'boolean',
  // The flag is --no-numeric: its camelCase is a key too (the contract's rule), meaning numeric: false.
  noNumeric: 'negation',
  tz: 'string',
  year: 'number',
  jobs: 'number',
  quiet: 'boolean',
  since: 'string',
  until: 'string',
  node: 'string',
  eventWindow: 'number',
  bucket: 'string',
} as const;
type FileOptions = Partial<Omit<RawScanOptions, 'inputs' | 'config' | 'max'>> & { max?: Record<string, number> };

/** What turns tallies into a report and writes it: shared by scan, watch and merge. */
export type ReportConfig = Pick<ScanConfig, 'format' | 'output' | 'color' | 'catalog' | 'era' | 'policy' | 'writeBaseline' | 'quiet' | 'counting'>;

/** The config of merge: no inputs to scan, so no automaton to build. */
export function resolveReportConfig(raw: RawScanOptions, cwd: string): ReportConfig {
  return resolveScanConfig(raw, cwd, false);
}

/** `buildScanner` false leaves the automaton empty (a merge does not scan). */
export function resolveScanConfig(raw: RawScanOptions, cwd: string, buildScanner = true): ScanConfig {
  for (const key of PATH_FLAGS) if (raw[key] === '') throw new UsageError(`--${kebab(key)}: a file name is needed`);
  const file = readConfigFile(raw.config ?? null, cwd);
  const pick = <K extends keyof FileOptions>(key: K): { value: FileOptions[K] | RawScanOptions[K & keyof RawScanOptions]; from: string } => {
    const fromFlag = raw[key as keyof RawScanOptions];
    if (fromFlag !== undefined) return { value: fromFlag as FileOptions[K], from: `--${kebab(key)}` };
    return { value: file.options[key], from: `${file.path}: ${key}` };
  };
  const bad = (from: string, problem: string): never => {
    // A flag's problem is a usage error; a config field's is a config error.
    throw from.startsWith('--') ? new UsageError(`${from}: ${problem}`) : new ConfigError(`${from}: ${problem}`);
  };
  const oneOf = <T extends string>(key: 'format' | 'color' | 'era', fallback: T, allowed: readonly T[]): T => {
    const { value, from } = pick(key);
    if (value === undefined) return fallback;
    if ((allowed as readonly string[]).includes(String(value))) return value as T;
    return bad(from, `'${value}' is not one of ${allowed.join(', ')}`);
  };

  const format = oneOf('format', 'table' as Format, FORMATS);
  const color = oneOf('color', 'auto', COLOR_MODES);
  const era = oneOf('era', DEFAULT_ERA, ERAS);
  let tzOffsetMinutes: number | null = null;
  const tz = pick('tz');
  if (tz.value !== undefined) {
    tzOffsetMinutes = parseTzOffset(String(tz.value));
    if (tzOffsetMinutes === null) bad(tz.from, `'${tz.value}' is not a UTC offset such as -05:00 or +05:30`);
  }
  const year = pick('year');
  if (year.value !== undefined && (!Number.isInteger(year.value) || (year.value as number) < 1970 || (year.value as number) > 9999)) {
    bad(year.from, `'${year.value}' is not a year such as 2026`);
  }
  const jobs = pick('jobs');
  if (jobs.value !== undefined && (!Number.isInteger(jobs.value) || (jobs.value as number) < 1)) {
    bad(jobs.from, `'${jobs.value}' is not a whole number of 1 or more`);
  }

  const counting = resolveCounting(pick, bad);
  const node = pick('node');
  if (node.value !== undefined && String(node.value).trim() === '') bad(node.from, 'a node name is needed');

  const catalogPath = pick('catalog');
  const catalog = loadCatalog((catalogPath.value as string | undefined) ?? null);
  const numeric = (pick('numeric').value as boolean | undefined) ?? DEFAULT_NUMERIC;
  // Only a scan needs the automaton (tens of milliseconds to build, unless built ahead).
  const plan = buildScanner ? planMatches(catalog, era, numeric) : { patterns: [], targets: [] };
  const matcher = loadOrBuildMatcher(matcherOptionsFor(plan, buildScanner && numeric));

  const max = raw.max !== undefined ? parseMaxFlags(raw.max) : (file.options.max ?? {});
  const baselinePath = pick('baseline').value as string | undefined;
  const writeBaseline = (pick('writeBaseline').value as string | undefined) ?? null;
  const ownFiles = [
    { path: file.file, reason: 'the config file of this run' },
    { path: baselinePath ?? null, reason: 'the baseline of this run' },
    { path: (catalogPath.value as string | undefined) ?? null, reason: 'the catalog of this run' },
    { path: writeBaseline, reason: 'the baseline this run writes' },
  ].filter((f): f is { path: string; reason: string } => f.path !== null);
  const policy = buildPolicy(
    {
      allow: (pick('allow').value as string[] | undefined) ?? [],
      max,
      baseline: baselinePath === undefined ? null : readBaseline(baselinePath),
      failOnUnknown: (pick('failOnUnknown').value as boolean | undefined) ?? false,
    },
    catalog,
  );
  return {
    inputs: raw.inputs,
    format,
    output: (pick('output').value as string | undefined) ?? null,
    color,
    catalog,
    era,
    matcher,
    defaultMatcher: catalogPath.value === undefined && era === DEFAULT_ERA && numeric === DEFAULT_NUMERIC,
    targets: plan.targets,
    policy,
    writeBaseline,
    tzOffsetMinutes,
    year: (year.value as number | undefined) ?? null,
    jobs: (jobs.value as number | undefined) ?? availableParallelism(),
    quiet: (pick('quiet').value as boolean | undefined) ?? false,
    ownFiles,
    node: (node.value as string | undefined) ?? null,
    counting,
  };
}

type PickOption = (key: 'since' | 'until' | 'eventWindow' | 'bucket') => { value: unknown; from: string };

/** --since, --until (a TIME), --event-window (ms), --bucket (a duration): each checked, a bad one naming its flag or field. */
function resolveCounting(pick: PickOption, bad: (from: string, problem: string) => never): CountingRules {
  const now = Date.now();
  const bound = (key: 'since' | 'until'): TimeBound | null => {
    const { value, from } = pick(key);
    if (value === undefined) return null;
    const parsed = parseTimeBound(String(value), now);
    return typeof parsed === 'string' ? bad(from, parsed) : parsed;
  };
  const since = bound('since');
  const until = bound('until');
  const eventWindow = pick('eventWindow');
  if (eventWindow.value !== undefined && (!Number.isInteger(eventWindow.value) || (eventWindow.value as number) < 0)) {
    bad(eventWindow.from, `'${eventWindow.value}' is not a whole number of milliseconds (0 or more)`);
  }
  const bucket = pick('bucket');
  let bucketSeconds: number | null = null;
  if (bucket.value !== undefined) {
    bucketSeconds = parseDurationSeconds(String(bucket.value));
    if (bucketSeconds === null) bad(bucket.from, `'${bucket.value}' is not a duration such as 1s, 10s, 1m, 5m, 1h, 1d`);
  }
  return {
    window: since === null && until === null ? null : { since, until },
    eventWindowMs: (eventWindow.value as number | undefined) ?? DEFAULT_EVENT_WINDOW_MS,
    bucketSeconds,
  };
}

/** `10s`, `5m`, `1h`, `1d` in seconds; null when it is not a duration of at least a second. */
export function parseDurationSeconds(text: string): number | null {
  const m = /^(\d+)\s*(s|m|h|d)$/.exec(text.trim());
  if (!m) return null;
  const seconds = Number(m[1]) * { s: 1, m: 60, h: 3600, d: 86400 }[m[2] as 's' | 'm' | 'h' | 'd'];
  return seconds >= 1 && Number.isSafeInteger(seconds) ? seconds : null;
}

const kebab = (camel: string): string => camel.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** `--max CODE=N` (repeatable, comma-separated) -> { CODE: N }. */
export function parseMaxFlags(values: readonly string[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const item of values) {
    const m = /^(-?[A-Za-z0-9_]+)=(\d+)$/.exec(item.trim());
    if (!m) throw new UsageError(`--max: expected CODE=N (such as CONFERENCE_FULL=5), got '${item}'`);
    out[normaliseCode(m[1])] = Number(m[2]);
  }
  return out;
}

/** Hex tokens are written 0x + upper-case digits, as the report writes unknown tokens. */
const normaliseCode = (name: string): string => (/^0x/i.test(name) ? `0x${name.slice(2).toUpperCase()}` : name);

interface ConfigFile {
  /** As shown in messages. */
  path: string;
  /** The file read, or null when there was none. */
  file: string | null;
  options: FileOptions;
}

/**
 * Reads --config FILE (which must exist) or, without it, .cti-logscan.json in the working
 * directory when there is one. Paths in it are relative to the file's directory.
 */
export function readConfigFile(path: string | null, cwd: string): ConfigFile {
  const file = path ?? resolve(cwd, DEFAULT_CONFIG_FILE);
  const shown = path ?? DEFAULT_CONFIG_FILE;
  if (path === null && !existsSync(file)) return { path: shown, file: null, options: {} };
  const data = readJsonFile(file, shown);
  const fail = fieldError(shown);
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return fail('(top level)', 'expected an object of options');
  const options: Record<string, unknown> = {};
  const base = dirname(file);
  for (const [key, value] of Object.entries(data)) {
    const kind = FILE_FIELDS[key as keyof typeof FILE_FIELDS];
    if (!kind) fail(key, `unknown option (expected one of ${Object.keys(FILE_FIELDS).join(', ')})`);
    switch (kind) {
      case 'string':
        if (typeof value !== 'string') fail(key, 'expected a string');
        options[key] = value;
        break;
      case 'path':
        if (typeof value !== 'string' || value === '') fail(key, 'expected a file name');
        options[key] = resolve(base, value as string);
        break;
      case 'boolean':
        if (typeof value !== 'boolean') fail(key, 'expected true or false');
        options[key] = value;
        break;
      case 'negation': {
        if (typeof value !== 'boolean') fail(key, 'expected true or false');
        const negated = key[2].toLowerCase() + key.slice(3); // noNumeric -> numeric
        if ((data as Record<string, unknown>)[negated] === value) fail(key, `contradicts ${negated}`);
        options[negated] = !value;
        break;
      }
      case 'number':
        if (typeof value !== 'number') fail(key, 'expected a number');
        options[key] = value;
        break;
      case 'strings': {
        const list = typeof value === 'string' ? [value] : value;
        if (!Array.isArray(list) || list.some((v) => typeof v !== 'string')) fail(key, 'expected an array of strings');
        options[key] = (list as string[]).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
        break;
      }
      case 'limits': {
        if (typeof value !== 'object' || value === null || Array.isArray(value)) fail(key, 'expected an object such as { "CONFERENCE_FULL": 5 }');
        const limits: Record<string, number> = {};
        for (const [code, n] of Object.entries(value as Record<string, unknown>)) {
          if (!Number.isInteger(n) || (n as number) < 0) fail(`${key}.${code}`, 'expected a whole number of 0 or more');
          limits[normaliseCode(code)] = n as number;
        }
        options[key] = limits;
        break;
      }
    }
  }
  return { path: shown, file, options: options as FileOptions };
}
