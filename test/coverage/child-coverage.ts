// Coverage of the built program run as a subprocess, added to vitest's own (@vitest/coverage-v8).
//
// Most of src/ runs only in `node dist/cli.js` children (the CLI tests run the built program, as
// a user would), where vitest's in-process coverage cannot see it. This module is vitest's
// coverage provider (vitest.config.ts: provider 'custom'): the v8 provider, plus
// - in every test worker, NODE_V8_COVERAGE names a directory before any child is spawned, so that
//   each child (which inherits the environment) writes its V8 coverage there when it exits;
// - after the run, those records of dist/*.js are mapped back to src/*.ts through tsc's source
//   maps (the v8 provider's own conversion) and merged into the report, so that the thresholds
//   judge what the tests run, in-process or not.
// c8's idea, within vitest. vitest and @vitest/coverage-v8 are pinned (package.json) and this uses
// two internals of the v8 provider (remapCoverage, getCoverageMapForUncoveredFiles): check them
// when upgrading.

import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
// @ts-expect-error: no type declarations; a dependency of @vitest/coverage-v8, which uses it so.
import { mergeProcessCovs } from '@bcoe/v8-coverage';
import v8 from '@vitest/coverage-v8';

/** Set by the provider (main process) for the workers, which spawn the children. */
const DIR_VARIABLE = 'CTI_LOGSCAN_CHILD_COVERAGE';

/** V8's coverage records (Profiler.takePreciseCoverage, NODE_V8_COVERAGE). */
interface ScriptCov {
  url: string;
  functions: unknown[];
}
interface ProcessCov {
  result: ScriptCov[];
}

/** istanbul's per-file coverage, as much of it as is merged here. */
interface Range {
  start: { line: number; column: number };
}
interface FileCoverageData {
  path: string;
  statementMap: Record<string, Range>;
  s: Record<string, number>;
  fnMap: Record<string, { name: string; decl: Range }>;
  f: Record<string, number>;
  branchMap: Record<string, { type: string; loc: Range; locations: Range[] }>;
  b: Record<string, number[]>;
}
interface CoverageMap {
  files(): string[];
  fileCoverageFor(path: string): { data: FileCoverageData };
  addFileCoverage(data: FileCoverageData): void;
}

/** The members of the v8 provider used here, public or not. */
interface Provider {
  ctx: { config: { root: string } };
  initialize(ctx: unknown): void | Promise<void>;
  resolveOptions(): Record<string, unknown>;
  generateCoverage(context: unknown): Promise<CoverageMap>;
  cleanAfterRun?(): Promise<void>;
  isIncluded(path: string): boolean;
  remapCoverage(url: string, wrapperLength: number, sources: { code: string; map: unknown }, functions: unknown[]): Promise<Record<string, FileCoverageData>>;
  getCoverageMapForUncoveredFiles(covered: string[]): Promise<CoverageMap>;
}

async function getProvider(): Promise<unknown> {
  const provider = (await v8.getProvider()) as unknown as Provider;
  const base = {
    initialize: provider.initialize.bind(provider),
    resolveOptions: provider.resolveOptions.bind(provider),
    generateCoverage: provider.generateCoverage.bind(provider),
    cleanAfterRun: provider.cleanAfterRun?.bind(provider),
    untested: provider.getCoverageMapForUncoveredFiles.bind(provider),
  };
  let dir: string | null = null;
  provider.initialize = async (ctx) => {
    await base.initialize(ctx);
    dir = mkdtempSync(join(tmpdir(), 'cti-logscan-child-coverage-'));
    // Some tests run the program as another user (permission cases): it must be able to write here.
    chmodSync(dir, 0o1777);
    process.env[DIR_VARIABLE] = dir;
  };
  // The workers load the coverage module these options name: this one (v8 would name itself).
  provider.resolveOptions = () => ({ ...base.resolveOptions(), provider: 'custom' });
  provider.generateCoverage = async (context) => {
    const children = dir ? await readChildCoverage(provider, dir) : {};
    // Files that only children ran are covered, not "untested" (which would add them again at 0).
    provider.getCoverageMapForUncoveredFiles = (covered) => base.untested([...new Set([...covered, ...Object.keys(children)])]);
    const map = await base.generateCoverage(context);
    const inMap = new Set(map.files());
    for (const [path, data] of Object.entries(children)) {
      if (inMap.has(path)) mergeByStart(map.fileCoverageFor(path).data, data);
      else map.addFileCoverage(data);
    }
    return map;
  };
  provider.cleanAfterRun = async () => {
    await base.cleanAfterRun?.();
    if (dir) rmSync(dir, { recursive: true, force: true });
  };
  return provider;
}

/** The children's coverage of dist/*.js, mapped to src/*.ts, by path. */
async function readChildCoverage(provider: Provider, dir: string): Promise<Record<string, FileCoverageData>> {
  const dist = pathToFileURL(join(provider.ctx.config.root, 'dist')).href + '/';
  let merged: ProcessCov = { result: [] };
  for (const name of readdirSync(dir)) {
    if (!name.endsWith('.json')) continue;
    let cov: ProcessCov;
    try {
      cov = JSON.parse(readFileSync(join(dir, name), 'utf8')) as ProcessCov;
    } catch {
      continue; // a child killed while writing its record
    }
    const ours = cov.result.filter((s) => s.url.startsWith(dist) && s.url.endsWith('.js'));
    if (ours.length > 0) merged = mergeProcessCovs([merged, { result: ours }]) as ProcessCov;
  }
  const files: Record<string, FileCoverageData> = {};
  for (const script of merged.result) {
    const file = fileURLToPath(script.url);
    let code: string;
    let map: { sources: string[] };
    try {
      code = readFileSync(file, 'utf8');
      map = JSON.parse(readFileSync(`${file}.map`, 'utf8')) as { sources: string[] };
    } catch {
      continue; // a file the build no longer has
    }
    map.sources = map.sources.map((s) => new URL(s, script.url).href);
    const data = await provider.remapCoverage(script.url, 0, { code, map }, script.functions);
    for (const [path, fileData] of Object.entries(data)) {
      if (!provider.isIncluded(path)) continue;
      if (files[path]) mergeByStart(files[path], fileData);
      else files[path] = fileData;
    }
  }
  return files;
}

/**
 * Adds the counts of `from` into `into`, matching statements by where they start, branches by
 * where their first path starts, functions by name and line. Vite's transform (in-process tests) and tsc's output (the children) can map one
 * source statement to ends a character apart, and istanbul's own merge keys on both ends: it would
 * count such a statement twice, once run and once not.
 */
function mergeByStart(into: FileCoverageData, from: FileCoverageData): void {
  const at = (r: Range): string => `${r.start.line}:${r.start.column}`;
  mergeKind(into.statementMap, into.s, from.statementMap, from.s, at, into.path);
  // A function's start may differ (the name of `const f = () =>` or its arrow); its name does not.
  mergeKind(into.fnMap, into.f, from.fnMap, from.f, (f) => `${f.name}@${f.decl.start.line}`, into.path);
  // A branch's own start may take in a parenthesis or not; where its first path starts does not.
  mergeKind(into.branchMap, into.b, from.branchMap, from.b, (b) => `${b.type}@${at(b.locations[0] ?? b.loc)}`, into.path);
}

function mergeKind<T, H extends number | number[]>(
  intoMap: Record<string, T>,
  intoHits: Record<string, H>,
  fromMap: Record<string, T>,
  fromHits: Record<string, H>,
  keyOf: (item: T) => string,
  path: string,
): void {
  const byKey = new Map(Object.entries(intoMap).map(([k, item]) => [keyOf(item), k]));
  let next = Math.max(-1, ...Object.keys(intoMap).map(Number)) + 1;
  for (const [k, item] of Object.entries(fromMap)) {
    const hits = fromHits[k];
    const found = byKey.get(keyOf(item));
    const mine = found === undefined ? undefined : intoHits[found];
    if (found !== undefined && typeof mine === 'number' && typeof hits === 'number') {
      intoHits[found] = (mine + hits) as H;
    } else if (found !== undefined && Array.isArray(mine) && Array.isArray(hits) && mine.length === hits.length) {
      intoHits[found] = mine.map((n, i) => n + hits[i]) as H;
    } else {
      // Code that only one side maps here: counted as it is.
      if (process.env.CTI_COVERAGE_DEBUG) {
        const line = keyOf(item).replace(/^.*@/, '').split(':')[0];
        const near = Object.values(intoMap).filter((it) => keyOf(it).replace(/^.*@/, '').split(':')[0] === line).map((it) => JSON.stringify(it));
        console.error(`coverage: ${path}: only the children map ${keyOf(item)} ${JSON.stringify(item)}; in-process here: ${near.join(' ')}`);
      }
      const key = String(next++);
      intoMap[key] = item;
      intoHits[key] = (Array.isArray(hits) ? [...hits] : hits) as H;
    }
  }
}

export default {
  ...v8,
  getProvider,
  /** In each test worker: children spawned from here write their coverage for the provider. */
  startCoverage(options: { isolate: boolean }) {
    const dir = process.env[DIR_VARIABLE];
    if (dir) {
      mkdirSync(dir, { recursive: true });
      process.env.NODE_V8_COVERAGE = dir;
    }
    return v8.startCoverage?.(options);
  },
};
