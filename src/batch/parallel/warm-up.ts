// Made-up logs for the scan's warm-up (batch/scan-file.ts): a few hundred lines in the main formats with every
// kind of token the matcher tells apart, so that scanning them in small chunks runs every path of
// the scan's code (hits of each spelling, unknown tokens, tokens and lines cut by a chunk's end,
// long lines, a midnight roll) before V8 optimizes it.

import type { CatalogEntry } from '../../catalog/catalog.js';

/** Lines per made-up log. */
const LINES = 60;

/** The made-up logs, one per timestamp shape, for the codes of `targets`. */
export function warmUpLogs(targets: readonly CatalogEntry[]): Buffer[] {
  const tokens = warmUpTokens(targets);
  const sdl = (i: number): string => {
    // Seconds count up from 23:59:30, so the file crosses midnight.
    const ms = (86_370 + i) * 1000 + ((i * 37) % 1000);
    const t = new Date(ms % 86_400_000).toISOString().slice(11, 23);
    return `${String(10_000_000 + i * 3).padStart(8, '0')}.000 |${t} |`;
  };
  const head = `${sdl(0)}FileHead |UTC:-05:00,Date: 2026/03/14, AppName: CTIManager`;
  return [
    madeUpLog(head, (i) => `${sdl(i)}AppInfo  |`, tokens),
    madeUpLog('9371: Mar 14 07:09:03.120 PST %JTAPI-JTAPI-7-UNK: start', (i) => `${9372 + i}: Mar 14 07:09:${String(i % 60).padStart(2, '0')}.121 PST %JTAPI-CTI-7-UNK:`, tokens),
    madeUpLog('2026-03-14 08:14:27,674 INFO start', (i) => `2026-03-14 08:14:${String(i % 60).padStart(2, '0')},674 ERROR [0x7f] [csf] -`, tokens),
  ];
}

function madeUpLog(head: string, lineStart: (i: number) => string, tokens: readonly string[]): Buffer {
  const lines = [head];
  for (let i = 1; i < LINES; i++) {
    const token = tokens[i % tokens.length];
    const body = `CtiLineOpenReq Device=SEP${1000 + i} seq#=${123_456 + i} id=${1_234_567 + i} LH=1|${510_579 + i} Partition=PT_CallCenter code=${token} Cause=${i % 99}`;
    // Every 20th line is longer than a hit's text keeps; every 7th has no time (a continuation).
    const long = i % 20 === 0 ? `${'G711 ULAW 64K,'.repeat(90)} ` : '';
    lines.push(i % 7 === 0 ? `  at ${body}` : `${lineStart(i)} ${long}${body}`);
  }
  // Last, a short stretch with candidates everywhere, where the matcher gives up the prefilter
  // for the rest of the chunk. Only there: a log full of them kept the plain walk busy long
  // enough for V8 to optimize it too, work a real log seldom needs.
  lines.push(`${lineStart(LINES)} ${'a_b '.repeat(80)}`);
  return Buffer.from(`${lines.join('\r\n')}\n`, 'latin1');
}

/**
 * Each spelling of a few codes (`0X` too: with no upper-case X seen, the scan's optimized code was
 * thrown away at the first one in a real log), near misses, unknown names and values, and words with none.
 */
function warmUpTokens(targets: readonly CatalogEntry[]): string[] {
  const tokens = ['none', 'MY_CTIERR_ILLEGAL_CALLSTATE_2', 'CTIERR_NOT_A_CODE_AT_ALL', '0x8CCCFFFF', '12345678901', '-2'];
  const known = new Set(targets.map((t) => t.value));
  const unknownValue = [0x8cccfffe, 0x8cccfffd, 0x8cccfffc].find((v) => !known.has(`0x${v.toString(16).toUpperCase()}`));
  if (unknownValue) tokens.push(`0x${unknownValue.toString(16)}`, String(unknownValue), String(unknownValue | 0));
  // Codes with a value that has a signed spelling too (0 is never a hit).
  const withValues = targets.flatMap((t) => (t.value !== null && (Number.parseInt(t.value, 16) | 0) < 0 ? [{ code: t.code, hex: t.value }] : [])).slice(0, 4);
  for (const { code, hex } of withValues) {
    const value = Number.parseInt(hex, 16);
    tokens.push(code, code.toLowerCase(), hex, hex.toLowerCase(), `0X${hex.slice(2)}`, String(value >>> 0), String(value | 0), `x${String(value >>> 0)}`);
  }
  return tokens;
}
