// The hit rules of CONTRACT.md "What counts as a hit", one row each, checked whole, cut at every
// byte, with and without the prefilter; then the automaton against the slow reference on random
// text in random chunks.

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildMatcher } from '../../src/match/matcher.js';
import { scanBytes } from '../helpers/scan.js';
import { referenceScan } from '../helpers/reference.js';

type Row = [what: string, text: string, expected: string[], options?: { era?: '4.1'; numeric?: false }];

const rules: Row[] = [
  ['a name alone', 'CTIERR_ILLEGAL_CALLSTATE', ['1:CTIERR_ILLEGAL_CALLSTATE']],
  ['a name between punctuation', 'x(CTIERR_ILLEGAL_CALLSTATE).', ['1:CTIERR_ILLEGAL_CALLSTATE']],
  ['a name after a word byte is not a hit', 'XCONFERENCE_FULL', []],
  ['a name before a word byte is not a hit', 'CONFERENCE_FULLX CONFERENCE_FULL_2 CONFERENCE_FULL1', []],
  ['names are case-sensitive', 'conference_full Conference_Full', []],
  ['a shorter name inside a longer one is not a hit', 'CTIERR_TRANSFERFAILED_DESTINATION_BUSY', ['1:CTIERR_TRANSFERFAILED_DESTINATION_BUSY']],
  ['a bare name inside its CTIERR_ name is not a hit of its own', 'CTIERR_COMMAND_NOT_IMPLEMENTED_ON_DEVICE', ['1:CTIERR_COMMAND_NOT_IMPLEMENTED_ON_DEVICE']],
  ['both Table C-1 rows of 0x8CCC0099 are one code', 'COMMAND_NOT_IMPLEMENTED_ON_DEVICE', ['1:CTIERR_COMMAND_NOT_IMPLEMENTED_ON_DEVICE']],
  ['a Table C-1 bare name matches', 'CONFERENCE_FULL', ['1:CONFERENCE_FULL']],
  ['a CTIERR_ alias of a Table C-1 name matches', 'CTIERR_CONFERENCE_FULL', ['1:CONFERENCE_FULL']],
  ['bare constants beyond Table C-1 are too generic', 'TIMEOUT ILLEGAL_CALLSTATE CTI_FAILURE SERVER_SHUTDOWN', []],
  ['a CTIERR_ name beyond Table C-1 matches', 'CTIERR_OUT_OF_BANDWIDTH', ['1:CTIERR_OUT_OF_BANDWIDTH']],
  ['a Table C-1 typo is a name of its entry', 'CTIERR_CALL_AREADY_EXISTS', ['1:CTIERR_CALL_ALREADY_EXISTS']],
  ['the software spelling of a typo', 'CTIERR_CALL_ALREADY_EXISTS', ['1:CTIERR_CALL_ALREADY_EXISTS']],
  ['OPERATION_NOTA_ typo', 'OPERATION_NOTA_AVAILABLE_IN_CURRENT_STATE', ['1:OPERATION_NOT_AVAILABLE_IN_CURRENT_STATE']],
  ['CALL_DROPPED and CTIERR_CALL_DROPPED are two codes', 'CALL_DROPPED CTIERR_CALL_DROPPED', ['1:CALL_DROPPED', '1:CTIERR_CALL_DROPPED']],
  ['hex, lower case', 'Result=0x8ccc0009', ['1:CTIERR_ILLEGAL_CALLSTATE']],
  ['hex, upper case', 'error=0x8CCC0009', ['1:CTIERR_ILLEGAL_CALLSTATE']],
  ['hex, mixed case and 0X', '0X8cCc0009', ['1:CTIERR_ILLEGAL_CALLSTATE']],
  ['hex needs 0x', '8ccc0009 x8ccc0009', []],
  ['unsigned decimal', 'error code=2362179593', ['1:CTIERR_ILLEGAL_CALLSTATE']],
  ['signed decimal', 'Reason code.:-1932787703', ['1:CTIERR_ILLEGAL_CALLSTATE']],
  ['a signed value without its minus is not a value', 'x 1932787703', []],
  ['-1932787703 inside -19327877030', 'Reason:-19327877030', []],
  ['a value inside a longer number', '23621795930 12362179593 0x8ccc00090', []],
  ['a signed value glued to a word is not a hit', 'abc-1932787703', []],
  ['an unsigned value after a minus is bounded by it', 'abc-2362179593', ['1:CTIERR_ILLEGAL_CALLSTATE']],
  ['a minus after a minus still begins a signed value', 'x--1932787703', ['1:CTIERR_ILLEGAL_CALLSTATE']],
  ['zero is never a hit', 'result=0 Result=0x0 0x00000000 -0', []],
  ['CTIERR_UNSPECIFIED is a name the reference knows', 'CTIERR_UNSPECIFIED', ['1:CTIERR_UNSPECIFIED']],
  ['a value that changed meaning takes the modern one', 'error code=2362179701', ['1:CTIERR_DIRECTORY_LOGIN_TIMEOUT']],
  ['--era 4.1 gives the Table C-1 meaning', '0x8ccc0075', ['1:CFWDALL_ALREADY_OFF'], { era: '4.1' }],
  ['a name means its entry in any era', 'CFWDALL_ALREADY_OFF CTIERR_DIRECTORY_LOGIN_TIMEOUT', ['1:CFWDALL_ALREADY_OFF', '1:CTIERR_DIRECTORY_LOGIN_TIMEOUT']],
  ['a value that moved resolves to the code that had it', '0x8ccc00a6 0x8ccc00d2', ['1:CTIERR_DEVICE_RESTRICTED']],
  ['special values', '0xBEEFBEEF 3735928559', ['1:PROTOCOL_TIMEOUT', '1:PROVIDER_CLOSED']],
  ['a special signed value', 'x=-559038737', ['1:PROVIDER_CLOSED']],
  ['one hit per line and code: twice by name', 'CONFERENCE_FULL then CONFERENCE_FULL', ['1:CONFERENCE_FULL']],
  ['one hit per line and code: by name and by value', 'result= 0x8ccc00d2 , ( CTIERR_DEVICE_RESTRICTED )', ['1:CTIERR_DEVICE_RESTRICTED']],
  ['one hit per line and code: three spellings', '2362179593 -1932787703 0x8ccc0009', ['1:CTIERR_ILLEGAL_CALLSTATE']],
  ['each line counts', 'CONFERENCE_FULL\nCONFERENCE_FULL\n', ['1:CONFERENCE_FULL', '2:CONFERENCE_FULL']],
  ['an unknown hex token, upper-cased', 'Result=0x8ccc0299', ['1:?0x8CCC0299']],
  ['an unknown CTIERR_ name', 'CTIERR_NOT_IN_ANY_TABLE', ['1:?CTIERR_NOT_IN_ANY_TABLE']],
  ['a prefix of a known name is unknown', 'CTIERR_TIME', ['1:?CTIERR_TIME']],
  ['unknown tokens need their exact shape', 'CTIERR_ 0x8ccc029 0x8ccc02999 XCTIERR_FOO 0x8ddd0299', []],
  ['decimal numbers that are not values are nothing', '2362179999 -1932787000', []],
  ['TAPI errors are not CTI codes', 'LINEERR_INVALCALLHANDLE 0x80000018 PHONEERR_INVALPHONEHANDLE 0x90000004', []],
  ['NUL and invalid UTF-8 around a code', '\x00CTIERR_TIMEOUT\xff\xfe0x8ccc0009\x00', ['1:CTIERR_ILLEGAL_CALLSTATE', '1:CTIERR_TIMEOUT']],
  ['CRLF line ends', 'a\r\nCTIERR_TIMEOUT\r\n2362179593\r\n', ['2:CTIERR_TIMEOUT', '3:CTIERR_ILLEGAL_CALLSTATE']],
  ['a code at the end of input without a newline', 'x\nCTIERR_TIMEOUT', ['2:CTIERR_TIMEOUT']],
  ['--no-numeric: no numeric hits, no unknown hex', 'CONFERENCE_FULL 0x8ccc0009 2362179593 0x8ccc0299', ['1:CONFERENCE_FULL'], { numeric: false }],
  ['Jabber: two spellings, one failure', '2026-03-14 08:14:27,674 ERROR [0x00002578] [csf] - FailureResponse , result= 0x8ccc00d2 , ( CTIERR_DEVICE_RESTRICTED )', ['1:CTIERR_DEVICE_RESTRICTED']],
];

describe('hit rules', () => {
  it.each(rules)('%s', (_what, text, expected, options) => {
    expect(scanBytes(text, options).hits).toEqual(expected);
    expect(scanBytes(text, { ...options, prefilter: false }).hits).toEqual(expected);
  });

  it.each(rules)('%s: the same when cut at any byte', (_what, text, expected, options) => {
    for (let cut = 1; cut < text.length; cut++) {
      const firstPart = scanBytes(text, { ...options, chunks: [cut, text.length] });
      expect(firstPart.hits, `cut at ${cut}`).toEqual(expected);
    }
    expect(scanBytes(text, { ...options, chunks: [1] }).hits).toEqual(expected);
    expect(scanBytes(text, { ...options, chunks: [1], prefilter: false }).hits).toEqual(expected);
  });

  it('a very long token of word bytes is not a code, and memory stays bounded', () => {
    const long = `CTIERR_${'A'.repeat(5000)} CTIERR_TIMEOUT`;
    expect(scanBytes(long, { chunks: [333] }).hits).toEqual(['1:CTIERR_TIMEOUT']);
  });

  it('falls back to the table when candidates are dense, with the same result', () => {
    const dense = `${'a_b '.repeat(5000)}CTIERR_TIMEOUT ${'_x_ '.repeat(3000)}0x8ccc0009\n`;
    expect(scanBytes(dense).hits).toEqual(['1:CTIERR_ILLEGAL_CALLSTATE', '1:CTIERR_TIMEOUT']);
  });
});

describe('the automaton', () => {
  it('uses sets of trie nodes where a signed and an unsigned spelling share a path', () => {
    // "-123456789012" is signed; "1234567890" is unsigned; in "-1234567890" the signed path dies
    // and the unsigned token, bounded by the '-', must still be found.
    const m = buildMatcher({
      patterns: [
        { text: '-123456789012', id: 0 },
        { text: '1234567890', id: 1 },
      ],
      unknownNames: false,
      unknownHex: false,
    });
    const found: number[] = [];
    const s = m.newScanner({ prefilter: false });
    s.scan(Buffer.from('x -1234567890 y -123456789012 z'), { match: (id) => found.push(id), unknown: () => {} });
    s.finish({ match: (id) => found.push(id), unknown: () => {} });
    expect(found).toEqual([1, 0]);
  });

  it('refuses a pattern that is not one token', () => {
    expect(() => buildMatcher({ patterns: [{ text: 'A B', id: 0 }], unknownNames: false, unknownHex: false })).toThrow(/not one token/);
  });
});

// Random text made of codes, near-codes and noise, cut into random chunks.
const pieces = [
  'CTIERR_ILLEGAL_CALLSTATE', 'CONFERENCE_FULL', 'XCONFERENCE_FULL', 'CTIERR_TRANSFERFAILED', 'CTIERR_TRANSFERFAILED_DESTINATION_BUSY',
  'COMMAND_NOT_IMPLEMENTED_ON_DEVICE', 'CTIERR_COMMAND_NOT_IMPLEMENTED_ON_DEVICE', 'CTIERR_', 'CTIERR_FOO', 'CTIERR_TIME',
  '0x8ccc0009', '0X8CCC00D3', '0x8ccc0299', '0x8ccc02', '0x8ddd0001', '2362179593', '-1932787703', '1932787703', '-19327877030',
  '2362179701', '3735928559', '-559038737', '0', '-', '--', '_', 'x', '0x', '2362179', '12', ' ', ' ', ' ', '\n', '\r\n', '|',
  ':', '=', '.', '\x00', '\xff', 'a', 'Z9', 'SEP00AA', 'result=', 'error code=', 'Reason:',
];
const textArb = fc.array(fc.constantFrom(...pieces), { maxLength: 60 }).map((parts) => parts.join(''));
const chunksArb = fc.array(fc.integer({ min: 1, max: 40 }), { minLength: 1, maxLength: 8 });

describe('property: the automaton agrees with the slow reference', () => {
  it('on random text in random chunks, with and without the prefilter', () => {
    fc.assert(
      fc.property(textArb, chunksArb, fc.boolean(), fc.constantFrom('modern' as const, '4.1' as const), (text, chunks, prefilter, era) => {
        expect(scanBytes(text, { chunks, prefilter, era }).hits).toEqual(referenceScan(text, era));
      }),
      { numRuns: 1500 },
    );
  });

  it('decimal patterns of every length (digit runs found by words from 7 digits, by probes below) agree with the plain walk', () => {
    const digitsArb = fc.array(fc.constantFrom('1', '12', '123', '4567', '98765', '0', '9', ' ', '-', 'a', '\n', '_', '.'), { maxLength: 80 }).map((p) => p.join(''));
    fc.assert(
      fc.property(digitsArb, chunksArb, fc.integer({ min: 1, max: 12 }), fc.integer({ min: 0, max: 3 }), (text, chunks, length, offset) => {
        // Patterns of `length` digits; the text sits `offset` bytes into its buffer, so words fall anywhere.
        const patterns = ['1234567890123', '98765432109876', '1111111111111'].map((digits, id) => ({ text: digits.slice(0, length), id }));
        const m = buildMatcher({ patterns: [...new Map(patterns.map((p) => [p.text, p])).values()], unknownNames: false, unknownHex: false });
        const bytes = Buffer.concat([Buffer.alloc(offset, 32), Buffer.from(text, 'latin1')]).subarray(offset);
        const run = (prefilter: boolean): string[] => {
          const found: string[] = [];
          const sink = { match: (id: number, end: number) => found.push(`${id}@${end}`), unknown: () => {} };
          const scanner = m.newScanner({ prefilter });
          let at = 0;
          for (let i = 0; at < bytes.length; i++) {
            const size = chunks[i % chunks.length];
            const base = at;
            const before = found.length;
            scanner.scan(bytes.subarray(at, at + size), sink);
            // Ends are chunk offsets: make them input offsets.
            for (let j = before; j < found.length; j++) found[j] = found[j].replace(/@(\d+)$/, (_, e) => `@${base + Number(e)}`);
            at += size;
          }
          scanner.finish(sink);
          return found;
        };
        expect(run(true)).toEqual(run(false));
      }),
      { numRuns: 800 },
    );
  });

  it('a value right after a shorter number is found at every alignment', () => {
    const m = buildMatcher({ patterns: [{ text: '2362179593', id: 0 }], unknownNames: false, unknownHex: false });
    for (let before = 0; before <= 12; before++) {
      for (let offset = 0; offset < 8; offset++) {
        const text = `${'7'.repeat(before)}.2362179593.${'7'.repeat(before)} 2362179593`;
        const bytes = Buffer.concat([Buffer.alloc(offset, 32), Buffer.from(text, 'latin1')]).subarray(offset);
        const found: number[] = [];
        const scanner = m.newScanner();
        scanner.scan(bytes, { match: (_id, end) => found.push(end), unknown: () => {} });
        scanner.finish({ match: (_id, end) => found.push(end), unknown: () => {} });
        expect(found, `${before} digits before, buffer offset ${offset}`).toEqual([before + 11, -1]);
      }
    }
  });

  it('with --no-numeric', () => {
    fc.assert(
      fc.property(textArb, chunksArb, (text, chunks) => {
        expect(scanBytes(text, { chunks, numeric: false }).hits).toEqual(referenceScan(text, 'modern', false));
      }),
      { numRuns: 300 },
    );
  });
});
