// explain and codes: the lookup of every spelling of a code (src/catalog/lookup.ts), goldens of the text and
// JSON of src/reporters/entries.ts (test/golden/explain/, UPDATE_GOLDEN=1 rewrites), the built CLI as a subprocess.

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { buildCatalog, loadBundledCatalog, type CatalogData } from '../../src/catalog/catalog.js';
import { GENERIC_UNKNOWN, describeEntry, lookupCode, parseValue, sortEntries, type Lookup } from '../../src/catalog/lookup.js';
import { renderCodesJson, renderCodesTable, renderExplainJson, renderExplainText, renderUnknown } from '../../src/reporters/entries.js';
import type { Era } from '../../src/types.js';
import { linesOf, REPO, runCli, STACK_TRACE, TempDirs, writeFile } from '../helpers/cli.js';
import { expectGolden } from '../helpers/golden.js';

const catalog = loadBundledCatalog();
const temp = new TempDirs();
afterAll(() => temp.cleanup());

/** The codes a lookup found, or its failure reason. */
function codesOf(lookup: Lookup): string[] | string {
  return lookup.found ? lookup.matches.map((m) => m.entry.code) : lookup.reason;
}

function found(input: string, era: Era | null = null): Extract<Lookup, { found: true }> {
  const lookup = lookupCode(catalog, input, era);
  if (!lookup.found) throw new Error(`${input}: ${lookup.reason}`);
  return lookup;
}

describe('lookupCode', () => {
  it.each([
    // [input, codes] — every spelling of a few values.
    ['CTIERR_TIMEOUT', ['CTIERR_TIMEOUT']],
    ['TIMEOUT', ['CTIERR_TIMEOUT']],
    ['ctierr_timeout', ['CTIERR_TIMEOUT']],
    ['  CTIERR_TIMEOUT\n', ['CTIERR_TIMEOUT']],
    ['0x8ccc0001', ['CTIERR_TIMEOUT']],
    ['0x8CCC0001', ['CTIERR_TIMEOUT']],
    ['0X8cCc0001', ['CTIERR_TIMEOUT']],
    ['2362179585', ['CTIERR_TIMEOUT']],
    ['-1932787711', ['CTIERR_TIMEOUT']],
    ['CTIERR_ILLEGAL_CALLSTATE', ['CTIERR_ILLEGAL_CALLSTATE']],
    ['ILLEGAL_CALLSTATE', ['CTIERR_ILLEGAL_CALLSTATE']],
    ['0x8ccc0009', ['CTIERR_ILLEGAL_CALLSTATE']],
    ['2362179593', ['CTIERR_ILLEGAL_CALLSTATE']],
    ['-1932787703', ['CTIERR_ILLEGAL_CALLSTATE']],
    ['0xbeefbeef', ['PROTOCOL_TIMEOUT']],
    ['3203383023', ['PROTOCOL_TIMEOUT']],
    ['-1091584273', ['PROTOCOL_TIMEOUT']],
    ['0x90000000', ['INVALID_PARAMETER']],
    // Table C-1's spellings and the software's are names of one entry.
    ['CTIERR_CALL_AREADY_EXISTS', ['CTIERR_CALL_ALREADY_EXISTS']],
    ['CTIERR_CALL_ALREADY_EXISTS', ['CTIERR_CALL_ALREADY_EXISTS']],
    ['OPERATION_NOTA_AVAILABLE_IN_CURRENT_STATE', ['OPERATION_NOT_AVAILABLE_IN_CURRENT_STATE']],
    ['OPERATION_NOT_AVAILABLE_IN_CURRENT_STATE', ['OPERATION_NOT_AVAILABLE_IN_CURRENT_STATE']],
    ['CTIERR_TRANSFERFAILED_TRANSFER_ALREADY_OUTSTANDING', ['CTIERR_TRANSFERFAILED_OUTSTANDING_TRANSFER']],
    ['COMMAND_NOT_IMPLEMENTED_ON_DEVICE', ['CTIERR_COMMAND_NOT_IMPLEMENTED_ON_DEVICE']],
    // Aliases, including a CTIERR_ alias of a bare Table C-1 name.
    ['CTIERR_CFWDALL_ALREADY_OFF', ['CFWDALL_ALREADY_OFF']],
    ['CTIERR_PRIMARY_CALL_DROPPED', ['CALL_DROPPED']],
    // Two codes that look alike but are not one.
    ['CALL_DROPPED', ['CALL_DROPPED']],
    ['CTIERR_CALL_DROPPED', ['CTIERR_CALL_DROPPED']],
    // A value that changed meaning: both, modern first; a name means its own entry only.
    ['0x8ccc0075', ['CTIERR_DIRECTORY_LOGIN_TIMEOUT', 'CFWDALL_ALREADY_OFF']],
    ['2362179701', ['CTIERR_DIRECTORY_LOGIN_TIMEOUT', 'CFWDALL_ALREADY_OFF']],
    ['-1932787595', ['CTIERR_DIRECTORY_LOGIN_TIMEOUT', 'CFWDALL_ALREADY_OFF']],
    ['CFWDALL_ALREADY_OFF', ['CFWDALL_ALREADY_OFF']],
    ['CTIERR_DIRECTORY_LOGIN_TIMEOUT', ['CTIERR_DIRECTORY_LOGIN_TIMEOUT']],
    // Former values resolve to the code that holds them now.
    ['0x8CCC00A6', ['CTIERR_DEVICE_RESTRICTED']],
    ['0x8ccc00a7', ['CTIERR_LINE_RESTRICTED']],
    ['0x8CCC00D2', ['CTIERR_DEVICE_RESTRICTED']],
    // 0 in every spelling is UNSPECIFIED.
    ['0', ['CTIERR_UNSPECIFIED']],
    ['0x0', ['CTIERR_UNSPECIFIED']],
    ['0x00000000', ['CTIERR_UNSPECIFIED']],
    ['0x0000000000', ['CTIERR_UNSPECIFIED']],
    // Leading zeros are optional, as many as given (--help says so).
    ['0x008ccc0001', ['CTIERR_TIMEOUT']],
    ['0X0000000008CCC0001', ['CTIERR_TIMEOUT']],
    ['0x08ccc0075', ['CTIERR_DIRECTORY_LOGIN_TIMEOUT', 'CFWDALL_ALREADY_OFF']],
    ['CTIERR_UNSPECIFIED', ['CTIERR_UNSPECIFIED']],
    ['UNSPECIFIED', ['CTIERR_UNSPECIFIED']],
  ])('%s -> %j', (input, codes) => {
    expect(codesOf(lookupCode(catalog, input))).toEqual(codes);
  });

  it('labels the two meanings of 0x8CCC0075 with their eras, and says how each was reached', () => {
    const { matches } = found('0x8ccc0075');
    expect(matches.map((m) => [m.entry.code, m.entry.era, m.matchedBy])).toEqual([
      ['CTIERR_DIRECTORY_LOGIN_TIMEOUT', 'modern', 'value'],
      ['CFWDALL_ALREADY_OFF', '4.1', 'value'],
    ]);
    expect(matches.map((m) => describeEntry(catalog, m.entry).numericHitsIn)).toEqual([['modern'], ['4.1']]);
  });

  it('reaches CTIERR_DEVICE_RESTRICTED from its former value 0x8CCC00A6', () => {
    const [match] = found('0x8CCC00A6').matches;
    expect(match.matchedBy).toBe('former value');
    expect(match.entry.formerValues).toEqual([{ value: '0x8CCC00A6', releases: '5.0.1–6.0.0' }]);
    expect(describeEntry(catalog, match.entry).numericHitsIn).toEqual(['modern', '4.1']);
  });

  it('notes that 0 is never counted as a hit', () => {
    const facts = describeEntry(catalog, found('0').matches[0].entry);
    expect(facts).toMatchObject({ value: '0x00000000', unsigned: 0, signed: 0, numericHitsIn: [] });
    expect(facts.notes.join(' ')).toMatch(/0 is never counted/);
  });

  it.each([
    ['CTIERR_NOT_IN_ANY_TABLE', 'not in the catalog (a scan lists it under unknown)'],
    ['ctierr_not_in_any_table', 'not in the catalog (a scan lists it under unknown)'],
    ['0x8ccc0299', 'not in the catalog (a scan lists it under unknown as 0x8CCC0299)'],
    ['2362180249', '0x8CCC0299 is not in the catalog (a scan lists it under unknown only when written as hex)'],
    ['NOT_A_CODE', GENERIC_UNKNOWN],
    ['hello world', GENERIC_UNKNOWN],
    ['', GENERIC_UNKNOWN],
    ['0x', GENERIC_UNKNOWN],
    ['0x1', GENERIC_UNKNOWN],
    ['0x123456789', GENERIC_UNKNOWN],
    // Leading zeros do not make room: the value must still fit 32 bits.
    ['0x0123456789', GENERIC_UNKNOWN],
    ['0x0000100000000', GENERIC_UNKNOWN],
    ['0x008ccc0299', '0x8CCC0299 is not in the catalog (a scan lists it under unknown only when written as 0x and 8 hex digits)'],
    ['0xGG', GENERIC_UNKNOWN],
    ['4294967296', GENERIC_UNKNOWN],
    ['-2147483649', GENERIC_UNKNOWN],
    ['1.5', GENERIC_UNKNOWN],
    ['8ccc0001', GENERIC_UNKNOWN],
    ['-0x8ccc0001', GENERIC_UNKNOWN],
  ])('%j is unknown: %s', (input, reason) => {
    expect(codesOf(lookupCode(catalog, input))).toBe(reason);
  });

  it.each([
    // [input, era, codes]: --era gives the meaning of a value in that era, as a scan with it counts it.
    ['0x8ccc0075', 'modern', ['CTIERR_DIRECTORY_LOGIN_TIMEOUT']],
    ['0x8ccc0075', '4.1', ['CFWDALL_ALREADY_OFF']],
    ['-1932787595', '4.1', ['CFWDALL_ALREADY_OFF']],
    ['2362179701', 'modern', ['CTIERR_DIRECTORY_LOGIN_TIMEOUT']],
    ['0x008ccc0075', '4.1', ['CFWDALL_ALREADY_OFF']],
    ['0x8ccc0001', '4.1', ['CTIERR_TIMEOUT']],
    ['0x8CCC00A6', '4.1', ['CTIERR_DEVICE_RESTRICTED']],
    // A name means its own entry in any era.
    ['CFWDALL_ALREADY_OFF', 'modern', ['CFWDALL_ALREADY_OFF']],
    ['CTIERR_DIRECTORY_LOGIN_TIMEOUT', '4.1', ['CTIERR_DIRECTORY_LOGIN_TIMEOUT']],
  ] as const)('%s with --era %s -> %j', (input, era, codes) => {
    expect(codesOf(lookupCode(catalog, input, era))).toEqual(codes);
  });

  it('with --era, a value that changed meaning says what it means in the other era', () => {
    const text = renderExplainText(catalog, found('0x8ccc0075', '4.1'), false);
    expect(linesOf(text)[0]).toBe('0x8ccc0075 means CFWDALL_ALREADY_OFF in era 4.1; in era modern it means CTIERR_DIRECTORY_LOGIN_TIMEOUT (explain without --era shows both).');
    expect(text).toContain('\nCFWDALL_ALREADY_OFF  [era 4.1');
    expect(text).not.toContain('\nCTIERR_DIRECTORY_LOGIN_TIMEOUT  [era');
    // A value of one meaning in every era has no lead line, with --era or without.
    expect(renderExplainText(catalog, found('0x8ccc0001', 'modern'), false)).toBe(renderExplainText(catalog, found('0x8ccc0001'), false));
    expect(JSON.parse(renderExplainJson(catalog, found('0x8ccc0075', 'modern').matches)).map((e: { code: string }) => e.code)).toEqual(['CTIERR_DIRECTORY_LOGIN_TIMEOUT']);
  });

  it('parses values in every spelling to the unsigned 32-bit value', () => {
    expect(parseValue('0x8ccc0001')).toBe(0x8ccc0001);
    expect(parseValue('0x008ccc0001')).toBe(0x8ccc0001);
    expect(parseValue('0x00ffffffff')).toBe(0xffffffff);
    expect(parseValue('0x0100000000')).toBeNull();
    expect(parseValue('0x1')).toBe(1);
    expect(parseValue('-1932787711')).toBe(0x8ccc0001);
    expect(parseValue('4294967295')).toBe(0xffffffff);
    expect(parseValue('-2147483648')).toBe(0x80000000);
    expect(parseValue('99999999999999999999')).toBeNull();
  });

  it('keeps control characters out of the unknown line', () => {
    const lookup = lookupCode(catalog, 'CTIERR_\x1b[31mX');
    if (lookup.found) throw new Error('found');
    expect(renderUnknown(lookup)).toBe(`cti-logscan: CTIERR_?[31mX: ${GENERIC_UNKNOWN}\n`);
  });
});

describe('explain renderings (golden)', () => {
  it.each([
    ['timeout.txt', 'TIMEOUT'],
    ['0x8ccc0075.txt', '0x8ccc0075'],
    ['0x8ccc00a6.txt', '0x8CCC00A6'],
    ['unspecified.txt', '0'],
    ['typo.txt', 'CTIERR_CALL_AREADY_EXISTS'],
    ['cti-failure.txt', '2362179584'],
  ])('%s', (name, input) => {
    expectGolden('explain', name, renderExplainText(catalog, found(input), false));
  });

  it('0x8ccc0075.json holds both entries with the three spellings', () => {
    const text = renderExplainJson(catalog, found('0x8ccc0075').matches);
    expectGolden('explain', '0x8ccc0075.json', text);
    const items = JSON.parse(text) as Array<Record<string, unknown>>;
    expect(items.map((i) => [i.code, i.value, i.unsigned, i.signed, i.era])).toEqual([
      ['CTIERR_DIRECTORY_LOGIN_TIMEOUT', '0x8CCC0075', 2362179701, -1932787595, 'modern'],
      ['CFWDALL_ALREADY_OFF', '0x8CCC0075', 2362179701, -1932787595, '4.1'],
    ]);
  });

  it('colours only with colour on', () => {
    expect(renderExplainText(catalog, found('TIMEOUT'), false)).not.toMatch(/\x1b\[/);
    expect(renderExplainText(catalog, found('TIMEOUT'), true)).toMatch(/\x1b\[1mCTIERR_TIMEOUT\x1b\[0m/);
  });
});

/** A small catalog for the codes goldens, so that they do not change with data/catalog.json. */
const SMALL: CatalogData = {
  schemaVersion: 1,
  eras: { modern: 'JTAPI 5.0.1 and later (the default)', '4.1': 'JTAPI 4.1.3, the release Table C-1 documents' },
  entries: [
    { code: 'CTIERR_SITE_NAME_ONLY', value: null, aliases: [], description: 'Known by name only.', source: 'site.json', releases: '', matchNames: ['CTIERR_SITE_NAME_ONLY'], notes: [] },
    { code: 'CTIERR_UNSPECIFIED', value: '0x00000000', aliases: ['UNSPECIFIED'], description: 'No error, or an unspecified result.', source: 'reference', releases: '3.3.3+', matchNames: ['CTIERR_UNSPECIFIED'], notes: [] },
    { code: 'CTIERR_TIMEOUT', value: '0x8CCC0001', aliases: ['TIMEOUT'], description: 'No longer used', source: 'Table C-1', releases: '3.3.3+', matchNames: ['CTIERR_TIMEOUT'], notes: [] },
    {
      code: 'CTIERR_DIRECTORY_LOGIN_TIMEOUT', value: '0x8CCC0075', aliases: [], description: 'Directory login timed out.', source: 'reference', releases: '5.0.1+', era: 'modern',
      matchNames: ['CTIERR_DIRECTORY_LOGIN_TIMEOUT'], notes: ['0x8CCC0075 changed meaning in 5.0.1.'],
    },
    {
      code: 'CFWDALL_ALREADY_OFF', value: '0x8CCC0075', aliases: ['CTIERR_CFWDALL_ALREADY_OFF'], description: 'Attempt to turn off CFWALL while it is already off', source: 'Table C-1', releases: '3.3.3–4.2.1', era: '4.1',
      matchNames: ['CFWDALL_ALREADY_OFF', 'CTIERR_CFWDALL_ALREADY_OFF'], notes: ['0x8CCC0075 changed meaning in 5.0.1.'],
    },
    {
      code: 'CTIERR_DEVICE_RESTRICTED', value: '0x8CCC00D2', aliases: [], description: 'The device is restricted.', source: 'reference', releases: '6.0.1+',
      matchNames: ['CTIERR_DEVICE_RESTRICTED'], formerValues: [{ value: '0x8CCC00A6', releases: '5.0.1–6.0.0' }], notes: ['This code was 0x8CCC00A6 in JTAPI 5.0.1–6.0.0.'],
    },
    {
      code: 'MAX_NUMBER_OF_CTI_CONNECTIONS_REACHED', value: '0x8CCC0047', aliases: ['CTIERR_MAX_NUMBER_OF_CTI_CONNECTIONS_REACHED'],
      description: 'The maximum number of CTI connections reached; may need to reconfigure the maximum number of CTI connections or log out of some applications to be able to log in',
      source: 'Table C-1', releases: '3.3.3+', matchNames: ['CTIERR_MAX_NUMBER_OF_CTI_CONNECTIONS_REACHED', 'MAX_NUMBER_OF_CTI_CONNECTIONS_REACHED'], notes: [],
    },
    { code: 'PROVIDER_CLOSED', value: '0xDEADBEEF', aliases: [], description: 'Attempt to close provider while it is already closed', source: 'Table C-1', releases: '3.3.3+', matchNames: ['PROVIDER_CLOSED'], notes: [] },
  ],
  values: {
    '0x00000000': { modern: 'CTIERR_UNSPECIFIED', '4.1': 'CTIERR_UNSPECIFIED' },
    '0x8CCC0001': { modern: 'CTIERR_TIMEOUT', '4.1': 'CTIERR_TIMEOUT' },
    '0x8CCC0047': { modern: 'MAX_NUMBER_OF_CTI_CONNECTIONS_REACHED', '4.1': 'MAX_NUMBER_OF_CTI_CONNECTIONS_REACHED' },
    '0x8CCC0075': { modern: 'CTIERR_DIRECTORY_LOGIN_TIMEOUT', '4.1': 'CFWDALL_ALREADY_OFF' },
    '0x8CCC00A6': { modern: 'CTIERR_DEVICE_RESTRICTED', '4.1': 'CTIERR_DEVICE_RESTRICTED' },
    '0x8CCC00D2': { modern: 'CTIERR_DEVICE_RESTRICTED', '4.1': 'CTIERR_DEVICE_RESTRICTED' },
    '0xDEADBEEF': { modern: 'PROVIDER_CLOSED', '4.1': 'PROVIDER_CLOSED' },
  },
};

describe('codes renderings', () => {
  const small = buildCatalog(structuredClone(SMALL));

  it('orders by value (unsigned) then code, entries without a value last', () => {
    expect(sortEntries(small.entries).map((e) => e.code)).toEqual([
      'CTIERR_UNSPECIFIED',
      'CTIERR_TIMEOUT',
      'MAX_NUMBER_OF_CTI_CONNECTIONS_REACHED',
      'CFWDALL_ALREADY_OFF',
      'CTIERR_DIRECTORY_LOGIN_TIMEOUT',
      'CTIERR_DEVICE_RESTRICTED',
      'PROVIDER_CLOSED',
      'CTIERR_SITE_NAME_ONLY',
    ]);
  });

  it.each([
    ['codes-piped.txt', 'modern', null],
    ['codes-era-4.1.txt', '4.1', null],
    ['codes-width-100.txt', 'modern', 100],
    ['codes-width-40.txt', 'modern', 40],
  ] as const)('%s', (name, era, width) => {
    const text = renderCodesTable(small, era, width);
    expectGolden('explain', name, text);
    if (width !== null) for (const line of linesOf(text)) expect([...line].length, line).toBeLessThanOrEqual(width);
  });

  it('cuts nothing when piped, and cuts the description with … on a terminal', () => {
    const long = SMALL.entries.find((e) => e.code === 'MAX_NUMBER_OF_CTI_CONNECTIONS_REACHED')!.description;
    expect(renderCodesTable(small, 'modern', null)).toContain(long);
    const line = linesOf(renderCodesTable(small, 'modern', 100)).find((l) => l.startsWith('MAX_NUMBER'))!;
    expect(line).toMatch(/…$/);
    expect([...line]).toHaveLength(100);
  });

  it('marks which entry of a shared value a numeric hit means in the era', () => {
    const era = (e: 'modern' | '4.1') =>
      Object.fromEntries((JSON.parse(renderCodesJson(small, e)) as Array<{ code: string; numericHit: boolean }>).map((i) => [i.code, i.numericHit]));
    expect(era('modern')).toMatchObject({ CTIERR_DIRECTORY_LOGIN_TIMEOUT: true, CFWDALL_ALREADY_OFF: false, CTIERR_UNSPECIFIED: false, CTIERR_SITE_NAME_ONLY: false });
    expect(era('4.1')).toMatchObject({ CTIERR_DIRECTORY_LOGIN_TIMEOUT: false, CFWDALL_ALREADY_OFF: true, CTIERR_TIMEOUT: true });
  });

  it('lists a catalog of any size (Math.max(...rows) overflowed the stack past about 120,000)', () => {
    const data = structuredClone(SMALL);
    for (let i = 0; i < 130_000; i++) data.entries.push({ ...data.entries[0], code: `CTIERR_SITE_${i}`, matchNames: [`CTIERR_SITE_${i}`] });
    const lines = linesOf(renderCodesTable(buildCatalog(data), 'modern', null));
    expect(lines).toHaveLength(1 + data.entries.length + 2);
    expect(lines[0]).toMatch(/^CODE +VALUE +RELEASES +DESCRIPTION$/);
  });

  it('codes.json', () => {
    expectGolden('explain', 'codes.json', renderCodesJson(small, 'modern'));
  });
});

describe('cti-logscan explain and codes (built CLI)', () => {
  it.each(['CTIERR_TIMEOUT', 'TIMEOUT', 'ctierr_timeout', '0x8ccc0001', '0x8CCC0001', '2362179585', '-1932787711'])('explain %s', async (input) => {
    const result = await runCli(['explain', input]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^(TIMEOUT is a name of CTIERR_TIMEOUT\.\n\n|ctierr_timeout is a name of CTIERR_TIMEOUT\.\n\n)?CTIERR_TIMEOUT\n/);
    expect(result.stdout).toContain('0x8CCC0001  unsigned 2362179585  signed -1932787711');
    expect(result.stdout).toContain('No longer used');
  });

  it('explain 0x8ccc0075 prints both eras; --format json gives both entries', async () => {
    const text = await runCli(['explain', '0x8ccc0075']);
    expect(text.code).toBe(0);
    expect(text.stdout).toContain('CTIERR_DIRECTORY_LOGIN_TIMEOUT  [era modern');
    expect(text.stdout).toContain('CFWDALL_ALREADY_OFF  [era 4.1');
    const json = await runCli(['explain', '--format', 'json', '0x8CCC0075']);
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as Array<{ code: string }>).map((e) => e.code)).toEqual(['CTIERR_DIRECTORY_LOGIN_TIMEOUT', 'CFWDALL_ALREADY_OFF']);
  });

  it('explain --era 4.1 (or modern) shows the one entry a numeric hit means in that era, before or after the value', async () => {
    for (const args of [['explain', '0x8ccc0075', '--era', '4.1'], ['explain', '--era=4.1', '0x8ccc0075'], ['--era', '4.1', 'explain', '0x8ccc0075']]) {
      const result = await runCli(args);
      expect(result.stderr, args.join(' ')).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toContain('\nCFWDALL_ALREADY_OFF  [era 4.1');
      expect(result.stdout).not.toContain('CTIERR_DIRECTORY_LOGIN_TIMEOUT  [era');
      expect(result.stdout).toMatch(/^0x8ccc0075 means CFWDALL_ALREADY_OFF in era 4\.1; in era modern it means CTIERR_DIRECTORY_LOGIN_TIMEOUT/);
    }
    const json = await runCli(['explain', '--format', 'json', '--era', 'modern', '-1932787595']);
    expect(json.code).toBe(0);
    expect((JSON.parse(json.stdout) as Array<{ code: string; era: string }>).map((e) => [e.code, e.era])).toEqual([['CTIERR_DIRECTORY_LOGIN_TIMEOUT', 'modern']]);
  });

  it('explain 0x008ccc0001: leading zeros are optional, as --help says', async () => {
    const result = await runCli(['explain', '0x008ccc0001']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^CTIERR_TIMEOUT\n/);
    const help = await runCli(['explain', '--help']);
    expect(help.stdout).toContain('leading zeros optional');
    expect(help.stdout).toContain('--era');
  });

  it('explain --era with another value is a usage error naming the flag', async () => {
    const result = await runCli(['explain', '--era', '5.0', '0x8ccc0075']);
    expect(result.code).toBe(64);
    expect(result.stdout).toBe('');
    expect(result.stderr).toMatch(/^cti-logscan: --era: '5\.0' is not one of modern, 4\.1\n/);
    expect(result.stderr).not.toMatch(STACK_TRACE);
  });

  it.each([
    ['CTIERR_NOT_IN_ANY_TABLE', 'cti-logscan: CTIERR_NOT_IN_ANY_TABLE: not in the catalog (a scan lists it under unknown)'],
    ['0x8ccc0299', 'cti-logscan: 0x8ccc0299: not in the catalog (a scan lists it under unknown as 0x8CCC0299)'],
    ['garbage', `cti-logscan: garbage: ${GENERIC_UNKNOWN}`],
  ])('explain %s exits 1 with one line on standard error', async (input, message) => {
    const result = await runCli(['explain', input]);
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(linesOf(result.stderr)).toEqual([message]);
    expect(result.stderr).not.toMatch(STACK_TRACE);
  });

  it('explain without an argument, or with a bad --format, is a usage error', async () => {
    for (const args of [['explain'], ['explain', '--format', 'xml', 'TIMEOUT'], ['explain', '']]) {
      const result = await runCli(args);
      expect(result.code, args.join(' ')).toBe(64);
      expect(result.stdout).toBe('');
      expect(result.stderr).toMatch(/^cti-logscan: /);
      expect(result.stderr).not.toMatch(STACK_TRACE);
    }
  });

  it('codes --format json has one entry per catalog entry, as valid JSON', async () => {
    const bundled = JSON.parse(readFileSync(join(REPO, 'data', 'catalog.json'), 'utf8')) as CatalogData;
    const result = await runCli(['codes', '--format', 'json']);
    expect(result.code).toBe(0);
    const items = JSON.parse(result.stdout) as Array<{ code: string; value: string | null; matchNames: string[]; source: string }>;
    expect(items).toHaveLength(bundled.entries.length);
    expect(new Set(items.map((i) => i.code))).toEqual(new Set(bundled.entries.map((e) => e.code)));
    expect(items.find((i) => i.code === 'CTIERR_ILLEGAL_CALLSTATE')).toMatchObject({ value: '0x8CCC0009', source: 'Table C-1' });
  });

  it('codes (table, piped) lists CTIERR_ILLEGAL_CALLSTATE with its description, uncut', async () => {
    const result = await runCli(['codes']);
    expect(result.code).toBe(0);
    const line = linesOf(result.stdout).find((l) => l.startsWith('CTIERR_ILLEGAL_CALLSTATE '));
    expect(line).toMatch(/^CTIERR_ILLEGAL_CALLSTATE +0x8CCC0009 +3\.3\.3\+ +Line is not in a legal state to invoke the command\.$/);
    expect(linesOf(result.stdout)[0]).toMatch(/^CODE +VALUE +RELEASES +DESCRIPTION$/);
  });

  it('codes --output FILE writes the list to the file', async () => {
    const path = join(temp.make(), 'codes.json');
    const result = await runCli(['codes', '--format', 'json', '--output', path]);
    expect(result.code).toBe(0);
    expect(result.stdout).toBe('');
    expect(JSON.parse(readFileSync(path, 'utf8'))).toHaveLength(catalog.entries.length);
  });

  it('--catalog adds a site code that explain and codes then know', async () => {
    const dir = temp.make();
    const site = writeFile(join(dir, 'site.json'), JSON.stringify({ entries: [{ code: 'CTIERR_SITE_ONLY', value: '0x8CCC0300', description: 'A site-specific code.' }] }));
    const before = await runCli(['explain', '0x8ccc0300']);
    expect(before.code).toBe(1);
    const result = await runCli(['explain', '--catalog', site, '0x8ccc0300']);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^CTIERR_SITE_ONLY\n/);
    expect(result.stdout).toContain('A site-specific code.');
    const codes = await runCli(['codes', '--catalog', site]);
    expect(codes.stdout).toMatch(/^CTIERR_SITE_ONLY +0x8CCC0300 /m);
  });

  it('a bad site catalog exits 78 naming the file and the field', async () => {
    const site = writeFile(join(temp.make(), 'bad.json'), JSON.stringify({ entries: [{ code: 'CTIERR_SITE_ONLY', value: 'not-hex' }] }));
    for (const args of [['explain', '--catalog', site, 'TIMEOUT'], ['codes', '--catalog', site]]) {
      const result = await runCli(args);
      expect(result.code).toBe(78);
      expect(result.stdout).toBe('');
      expect(linesOf(result.stderr)).toHaveLength(1);
      expect(result.stderr).toContain(`cti-logscan: ${site}: entries[0].value:`);
      expect(result.stderr).not.toMatch(STACK_TRACE);
    }
  });
});
