// watch-decide: what a look at a followed file finds, and what a file that appears is, as rows of
// (what was read, what is there now) -> verdict. The built CLI on real files is in watch.test.ts.

import { describe, expect, it } from 'vitest';
import { decide, HEAD_BYTES, recognise, TAIL_BYTES, type Mark, type Probe } from '../../src/live/decide.js';

/** The mark of having read `text` of the file (dev 1, inode `ino`). */
function read(text: string, ino = 7): Mark {
  const bytes = Buffer.from(text);
  return { dev: 1, ino, offset: bytes.length, head: bytes.subarray(0, HEAD_BYTES), tail: bytes.subarray(-TAIL_BYTES) };
}

/** A probe of the file holding `text` now, its bytes looked at where `mark` has them. */
function now(text: string, mark: Mark, ino = 7, looked = true): Probe {
  const bytes = Buffer.from(text);
  const probe: Probe = { dev: 1, ino, size: bytes.length };
  if (looked) probe.bytes = { head: bytes.subarray(0, HEAD_BYTES), tail: bytes.subarray(Math.max(0, mark.offset - mark.tail.length), mark.offset) };
  return probe;
}

const LONG = Array.from({ length: 40 }, (_, i) => `2026-03-14 08:14:${String(i).padStart(2, '0')},674 line ${i}\n`).join('');

describe('decide: a followed file looked at again', () => {
  const cases: Array<[string, string, string, { ino?: number; looked?: boolean; gone?: boolean }, ReturnType<typeof decide>]> = [
    ['appended to', 'a\nb\n', 'a\nb\nc\n', {}, 'read'],
    ['unchanged', 'a\nb\n', 'a\nb\n', {}, 'read'],
    ['a partial last line finished', 'a\nb', 'a\nbc\n', {}, 'read'],
    ['nothing read yet, then written', '', 'x\n', {}, 'read'],
    ['grown past its head, same beginning', LONG.slice(0, 100), LONG, {}, 'read'],
    ['long, appended to', LONG, `${LONG}more\n`, {}, 'read'],
    ['shorter than what was read (copytruncate)', 'a\nb\nc\n', 'x\n', {}, 'truncated'],
    ['emptied', 'a\nb\n', '', {}, 'truncated'],
    ['emptied, its bytes not looked at', 'a\nb\n', '', { looked: false }, 'truncated'],
    ['truncated and written past its old size', 'old 1\nold 2\n', 'new 1\nnew 2\nnew 3\n', {}, 'truncated'],
    ['same first bytes, other bytes where it was read to', `${LONG}tail one\n`, `${LONG}tail two\nand more\n`, {}, 'truncated'],
    ['other first bytes, not looked at (nothing new to read)', 'old 1\n', 'new 1\n', { looked: false }, 'read'],
    ['another inode at the path', 'a\n', 'a\nb\n', { ino: 8 }, 'rotated'],
    ['another inode, even with the same bytes', 'a\n', 'a\n', { ino: 8 }, 'rotated'],
    ['nothing at the path', 'a\n', '', { gone: true }, 'gone'],
  ];
  it.each(cases)('%s', (_, before, after, how, verdict) => {
    const mark = read(before);
    expect(decide(mark, how.gone ? null : now(after, mark, how.ino ?? 7, how.looked ?? true))).toBe(verdict);
  });
});

describe('recognise: a file that appears at a path', () => {
  const original = read('a\nb\nc\n', 7);
  const other = read('zz\n', 9);
  const kind = (text: string, ino: number, marks: Mark[]): string => {
    const r = recognise(marks.map((mark) => ({ mark, probe: now(text, mark, ino) })));
    return r.as === 'renamed' || r.as === 'copy' ? `${r.as} of ${r.mark.ino}` : r.as;
  };

  it.each([
    ['the same inode, holding what was read: renamed', 'a\nb\nc\nlate\n', 7, 'renamed of 7'],
    ['the same inode, truncated meanwhile: new', 'x\n', 7, 'new'],
    ['the same inode reused by another file: new', 'q\nr\ns\nt\n', 7, 'new'],
    ['a copy: another inode, its bytes cover what was read', 'a\nb\nc\n', 8, 'copy of 7'],
    ['a copy with more than was read', 'a\nb\nc\nd\n', 8, 'copy of 7'],
    ['a copy still being written: unsure', 'a\nb', 8, 'unsure'],
    ['an empty file (a copy just begun?): unsure', '', 8, 'unsure'],
    ['other bytes: new', 'hello\n', 8, 'new'],
    ['other bytes at the end of what was read: new', 'a\nb\nX\n', 8, 'new'],
  ] as const)('%s', (_, text, ino, expected) => {
    expect(kind(text, ino, [original, other])).toBe(expected);
  });

  it('a long file beginning the same, with other bytes where the original was read to, is no copy', () => {
    const long = read(`${LONG}tail one\n`);
    expect(kind(`${LONG}tail two\n`, 8, [long])).toBe('new');
    expect(kind(`${LONG}tail one\nnext\n`, 8, [long])).toBe('copy of 7');
  });

  it('is a copy of the file read furthest when several fit', () => {
    const less = read('a\nb\n', 5);
    expect(kind('a\nb\nc\nd\n', 8, [less, original])).toBe('copy of 7');
    expect(kind('a\nb\nc\nd\n', 8, [original, less])).toBe('copy of 7');
  });

  it('a renamed file wins over a copy of another', () => {
    const twin = read('a\nb\nc\n', 8);
    expect(kind('a\nb\nc\n', 8, [original, twin])).toBe('renamed of 8');
  });

  it('nothing read of a file makes no copy of it; with no candidates, a file is new', () => {
    expect(kind('a\n', 8, [read('', 7)])).toBe('new');
    expect(kind('', 8, [read('', 7)])).toBe('new');
    expect(kind('a\n', 8, [])).toBe('new');
  });

  it('a file as long as its first 256 bytes, beginning as a longer one: unsure until it covers it', () => {
    const long = read(LONG);
    expect(kind(LONG.slice(0, 300), 8, [long])).toBe('unsure');
    expect(kind(LONG, 8, [long])).toBe('copy of 7');
    expect(kind(`${LONG.slice(0, 300)}other\n`, 8, [long])).toBe('unsure'); // shorter: its first 256 bytes are all it is known by
  });
});
