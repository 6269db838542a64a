// The automaton built ahead (src/match/automaton-file.ts): it is the automaton a build gives, it is used
// only under its own key, and a bad file only means building it again.

import { copyFileSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { automatonKey, loadOrBuildMatcher, matcherOptionsFor, readAutomaton, writeAutomaton } from '../../src/match/automaton-file.js';
import { planMatches } from '../../src/catalog/catalog.js';
import { buildMatcher, type MatcherTables } from '../../src/match/matcher.js';
import { REPO, runCommand, TempDirs } from '../helpers/cli.js';
import { catalog } from '../helpers/scan.js';

const dirs = new TempDirs();
afterAll(() => dirs.cleanup());

const options = matcherOptionsFor(planMatches(catalog, 'modern', true), true);
const built = buildMatcher(options).tables;
const key = automatonKey(options);

const bytesOf = (a: ArrayBufferView): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
function expectSameTables(actual: MatcherTables, expected: MatcherTables): void {
  expect(actual.next.constructor).toBe(expected.next.constructor);
  for (const name of ['next', 'accept', 'tag', 'emits'] as const) expect(bytesOf(actual[name]).equals(bytesOf(expected[name])), name).toBe(true);
  expect(actual.digitRun).toBe(expected.digitRun);
  expect(actual.prefilter).toBe(expected.prefilter);
}

describe('automaton file', () => {
  it('reads back exactly the tables written, in memory worker threads can share', () => {
    const file = join(dirs.make(), 'automaton.bin');
    writeAutomaton(file, key, built);
    const read = readAutomaton(file, key);
    expect(read).not.toBeNull();
    expectSameTables(read!, built);
    expect(read!.next.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('is used only under its own key: other patterns or options build their own', () => {
    const file = join(dirs.make(), 'automaton.bin');
    writeAutomaton(file, key, built);
    const noNumeric = matcherOptionsFor(planMatches(catalog, 'modern', false), false);
    expect(automatonKey(noNumeric)).not.toBe(key);
    expect(automatonKey(matcherOptionsFor(planMatches(catalog, '4.1', true), true))).not.toBe(key);
    expect(readAutomaton(file, automatonKey(noNumeric))).toBeNull();
    // loadOrBuildMatcher then builds: the result is the other options' automaton, not the file's.
    expectSameTables(loadOrBuildMatcher(noNumeric, file).tables, buildMatcher(noNumeric).tables);
  });

  it('a missing, truncated or foreign file gives null, and the automaton is built', () => {
    const dir = dirs.make();
    const good = join(dir, 'good.bin');
    writeAutomaton(good, key, built);
    const truncated = join(dir, 'truncated.bin');
    copyFileSync(good, truncated);
    truncateSync(truncated, readFileSync(good).length - 100);
    const foreign = join(dir, 'foreign.bin');
    writeFileSync(foreign, 'CTIAUTO1\xff\xff\xff\xff not a header');
    const text = join(dir, 'text.bin');
    writeFileSync(text, 'hello\n');
    for (const file of [join(dir, 'missing.bin'), truncated, foreign, text]) {
      expect(readAutomaton(file, key), file).toBeNull();
      expectSameTables(loadOrBuildMatcher(options, file).tables, built);
    }
  });

  it('`npm run build` stored the default scan automaton beside the compiled program, and a scan uses it', async () => {
    // Run in a child on dist/: the key covers the compiled matcher, which the build hashed.
    const check = `
      import { automatonKey, readAutomaton, DEFAULT_AUTOMATON_FILE } from './dist/match/automaton-file.js';
      import { loadCatalog, planMatches } from './dist/catalog/catalog.js';
      import { resolveScanConfig } from './dist/cli/config.js';
      import { buildMatcher } from './dist/match/matcher.js';
      const config = resolveScanConfig({ inputs: ['x'] }, process.cwd());
      const options = { patterns: planMatches(loadCatalog(null), config.era, true).patterns, unknownNames: true, unknownHex: true };
      const stored = readAutomaton(DEFAULT_AUTOMATON_FILE, automatonKey(options));
      const fresh = buildMatcher(options).tables;
      const same = (a, b) => Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
      console.log(JSON.stringify({
        stored: stored !== null,
        sameAsBuilt: stored !== null && ['next', 'accept', 'tag', 'emits'].every((k) => same(stored[k], fresh[k])),
        // Read tables lie in one shared buffer; built ones do not (next has its own).
        scanUsesStored: stored !== null && config.matcher.tables.next.buffer === config.matcher.tables.accept.buffer,
      }));
    `;
    const result = await runCommand(process.execPath, ['--input-type=module', '-e', check], { cwd: REPO });
    expect(result.stderr).toBe('');
    expect(JSON.parse(result.stdout)).toEqual({ stored: true, sameAsBuilt: true, scanUsesStored: true });
  });
});
