// The catalog: regenerated from ../shared it equals the committed data/catalog.json, and it holds
// what CONTRACT.md and ../shared/reference/NOTES.md say it must.

import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { generateFromShared, parseSeeds, renderCatalog } from '../../scripts/generate-catalog.mjs';
import { formatHex, loadBundledCatalog } from '../../src/catalog/catalog.js';
import { REPO } from '../helpers/cli.js';

const root = REPO;
const shared = join(root, '..', 'shared');
const hasShared = existsSync(join(shared, 'reference', 'cti-error-values.tsv'));
/** CI lays ../shared beside the clone: there, its absence is a failure, not a reason to check less. */
const inCi = Boolean(process.env.CI);
const committed = readFileSync(join(root, 'data', 'catalog.json'), 'utf8');
const catalog = loadBundledCatalog();

describe('data/catalog.json', () => {
  it.skipIf(!hasShared)('equals what `npm run catalog` generates from ../shared', () => {
    expect(renderCatalog(generateFromShared(shared))).toBe(committed);
  });
  if (!hasShared && !inCi) it.skip('../shared is absent here, so the catalog is not compared with its sources', () => {});
  it.runIf(inCi)('runs in CI with ../shared beside the clone (the checks against it must not skip there)', () => {
    expect(hasShared, `${shared} is missing: the catalog cannot be checked against its sources`).toBe(true);
  });

  it.skipIf(!hasShared)('holds all 88 Table C-1 names with their descriptions', () => {
    const seedsDir = join(shared, 'seeds');
    const seeds = parseSeeds(readFileSync(join(seedsDir, '000_bbc5c539e14c5552.txt'), 'utf8'));
    expect(seeds).toHaveLength(88);
    for (const seed of seeds) {
      const entry = catalog.byName.get(seed.name);
      expect(entry, seed.name).toBeDefined();
      expect(entry!.matchNames).toContain(seed.name);
      // The entry's description is Table C-1's (for 0x8CCC0099, that of the row its code names).
      if (entry!.code === seed.name) expect(entry!.description).toBe(seed.description);
      expect(entry!.source).toBe('Table C-1');
    }
  });

  it.skipIf(!hasShared)('holds all 285 values of the reference table, with every name', () => {
    const rows = readFileSync(join(shared, 'reference', 'cti-error-values.tsv'), 'utf8').trim().split('\n').slice(1);
    expect(rows).toHaveLength(285);
    const data = JSON.parse(committed) as { values: Record<string, unknown> };
    expect(Object.keys(data.values)).toHaveLength(285);
    for (const row of rows) {
      const [hex, , , ...names] = row.split('\t');
      const value = Number.parseInt(hex, 16);
      expect(catalog.entryForValue(value, 'modern'), hex).toBeDefined();
      for (const name of names.join('\t').matchAll(/[A-Z][A-Z0-9_]+(?= \()/g)) {
        expect(catalog.byName.has(name[0]), name[0]).toBe(true);
      }
    }
  });

  it('has one entry per code, every one described', () => {
    expect(new Set(catalog.entries.map((e) => e.code)).size).toBe(catalog.entries.length);
    for (const e of catalog.entries) expect(e.description, e.code).not.toBe('');
  });

  it('gives 0x8CCC0075 two entries, one per era', () => {
    expect(catalog.entryForValue(0x8ccc0075, 'modern')!.code).toBe('CTIERR_DIRECTORY_LOGIN_TIMEOUT');
    expect(catalog.entryForValue(0x8ccc0075, '4.1')!.code).toBe('CFWDALL_ALREADY_OFF');
    expect(catalog.byName.get('CFWDALL_ALREADY_OFF')!.value).toBe('0x8CCC0075');
    expect(catalog.byName.get('CTIERR_DIRECTORY_LOGIN_TIMEOUT')!.value).toBe('0x8CCC0075');
  });

  it('knows the doc spellings as names of one entry', () => {
    const pairs = [
      ['CTIERR_CALL_AREADY_EXISTS', 'CTIERR_CALL_ALREADY_EXISTS', 0x8ccc0007],
      ['OPERATION_NOTA_AVAILABLE_IN_CURRENT_STATE', 'OPERATION_NOT_AVAILABLE_IN_CURRENT_STATE', 0x8ccc0045],
      ['CTIERR_TRANSFERFAILED_TRANSFER_ALREADY_OUTSTANDING', 'CTIERR_TRANSFERFAILED_OUTSTANDING_TRANSFER', 0x8ccc0042],
      ['COMMAND_NOT_IMPLEMENTED_ON_DEVICE', 'CTIERR_COMMAND_NOT_IMPLEMENTED_ON_DEVICE', 0x8ccc0099],
    ] as const;
    for (const [doc, software, value] of pairs) {
      expect(catalog.byName.get(doc)).toBe(catalog.byName.get(software));
      expect(catalog.byName.get(doc)!.value).toBe(formatHex(value));
    }
  });

  it('gives a name its current value, and a value it left to no one the code that had it', () => {
    expect(catalog.byName.get('CTIERR_DEVICE_RESTRICTED')!.value).toBe('0x8CCC00D2');
    expect(catalog.entryForValue(0x8ccc00a6, 'modern')!.code).toBe('CTIERR_DEVICE_RESTRICTED');
    expect(catalog.byName.get('CTIERR_OPERATION_FAILED_QUIETCLEAR')!.value).toBe('0x8CCC0092');
    expect(catalog.entryForValue(0x8ccc0089, 'modern')!.code).toBe('CTIERR_FEATURE_ALREADY_REGISTERED');
    expect(catalog.byName.get('CTIERR_NO_CONFERENCE_BRIDGE')!.value).toBe('0x8CCC0049');
    expect(catalog.byName.get('CALL_DROPPED')).not.toBe(catalog.byName.get('CTIERR_CALL_DROPPED'));
  });

  it('matches Table C-1 names and CTIERR_ names, never other bare constants', () => {
    for (const e of catalog.entries) {
      for (const n of e.matchNames) expect([e.code, ...e.aliases]).toContain(n);
    }
    const matchable = new Set(catalog.entries.flatMap((e) => e.matchNames));
    expect(matchable.has('TIMEOUT')).toBe(false);
    expect(matchable.has('CTIERR_TIMEOUT')).toBe(true);
    expect(matchable.has('CONFERENCE_FULL')).toBe(true);
  });
});
