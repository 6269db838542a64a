// Live stage, reading one followed file: from what was read to its end, each chunk checked against
// the file's mark before it counts (decide.ts), decoded by the input stage's decoders its first
// bytes call for, and scanned, muted below where its hits begin. What the reads find goes to a
// ReadSink: the watch around it counts, decides what is not followed, and saves positions.

import type { FileHandle } from 'node:fs/promises';
import { isPlainText, liveDecoderFor, SNIFF_BYTES } from '../input/index.js';
import { decide, HEAD_BYTES, TAIL_BYTES, type Verdict } from './decide.js';
import type { Generation, PastFile } from './types.js';

/** Reads grow to this while they come back full. */
const READ_CHUNK = 1 << 20;
const EMPTY = Buffer.alloc(0);

/** What reading a file tells the watch around it. */
export interface ReadSink {
  /** Bytes read (live: 0 while muted) and the lines they completed; positions have changed. */
  read(liveBytes: number, liveLines: number): void;
  /** Why a file that begins with `first` is not followed (a zip; found and not a log), or null. */
  refusal(g: Generation, first: Buffer): string | null;
}

export async function readFrom(handle: FileHandle, g: Generation, sink: ReadSink): Promise<Verdict> {
  // Reads grow from 64 KiB to READ_CHUNK while they come back full: a look at a file with a
  // line or two new should not allocate a megabyte.
  let size = 64 * 1024;
  for (;;) {
    if (g.state === 'done') return 'read';
    let end = Infinity;
    if (g.copyOf) {
      // The original's bytes past what it has read are its own to read, until it is done.
      g.liveFrom = Math.max(g.liveFrom, g.copyOf.offset);
      if (g.copyOf.state !== 'done') end = g.liveFrom;
      else {
        if (g.offset <= g.copyOf.offset) g.counted = copyCounted(g.copyOf.counted);
        g.copyOf = null;
      }
    }
    const want = Math.min(size, (g.offset < g.liveFrom ? Math.min(g.liveFrom, end) : end) - g.offset);
    if (want <= 0) return 'read';
    const chunk = await readAt(handle, g.offset, want);
    if (chunk.length === 0) return 'read';
    if (chunk.length === want) size = Math.min(READ_CHUNK, size * 2);
    // Checked before the bytes count: truncated and written again since the look, the file
    // would be read on from its old offset in the new bytes.
    const verdict = decide(g, { dev: g.dev, ino: g.ino, size: g.offset + chunk.length, bytes: await bytesAtMark(handle, g) });
    if (verdict !== 'read') {
      // Shorter now than the bytes just read: they were read before the truncation, and count.
      if ((await handle.stat()).size < g.offset + chunk.length) await feed(g, chunk, sink);
      return verdict;
    }
    await feed(g, chunk, sink);
    if (chunk.length < want) return 'read'; // its end, for now
  }
}

/** The file's bytes where the mark has its head and tail. */
async function bytesAtMark(handle: FileHandle, g: Generation): Promise<{ head: Buffer; tail: Buffer }> {
  if (g.offset === 0) return { head: g.head, tail: g.tail };
  const head = await readAt(handle, 0, g.head.length);
  const tail = g.offset <= g.head.length ? head.subarray(g.offset - g.tail.length) : await readAt(handle, g.offset - g.tail.length, g.tail.length);
  return { head, tail };
}

/**
 * Gives a chunk read at the generation's offset to its scanner, decoded, muted below liveFrom
 * (and below liveFromDecoded decoded bytes).
 */
async function feed(g: Generation, bytes: Buffer, sink: ReadSink): Promise<void> {
  const rawLive = g.offset >= g.liveFrom;
  // Copies (concat), not views of the read buffer.
  if (g.head.length < HEAD_BYTES) g.head = Buffer.concat([g.head, bytes.subarray(0, HEAD_BYTES - g.head.length)]);
  g.tail = Buffer.concat([g.tail, bytes.subarray(-TAIL_BYTES)]).subarray(-TAIL_BYTES);
  g.offset += bytes.length;
  const decoded = await decode(g, bytes, false, sink);
  const linesBefore = g.scanner.completeLines;
  scanDecoded(g, decoded, rawLive);
  sink.read(g.live ? bytes.length : 0, g.live ? g.scanner.completeLines - linesBefore : 0);
}

/** Gives decoded bytes to the scanner: muted below liveFromDecoded, then live when the raw bytes are. */
export function scanDecoded(g: Generation, decoded: Buffer, rawLive: boolean): void {
  let at = 0;
  if (g.decodedFed < g.liveFromDecoded) {
    at = Math.min(decoded.length, g.liveFromDecoded - g.decodedFed);
    g.live = false;
    g.scanner.feed(decoded.subarray(0, at));
    g.decodedFed += at;
  }
  g.live = rawLive && g.decodedFed >= g.liveFromDecoded;
  if (at < decoded.length) {
    g.scanner.feed(decoded.subarray(at));
    g.decodedFed += decoded.length - at;
  }
}

/**
 * The text of a chunk (read in order from the file's start), by the decoders its first bytes
 * call for (input stage): plain bytes as they are, a gzip inflated as it grows, UTF-16 as UTF-8.
 * `last`: the file will not grow again (its first bytes are judged with what there is).
 */
export async function decode(g: Generation, bytes: Buffer, last: boolean, sink: ReadSink): Promise<Buffer> {
  const d = g.decoding;
  if (d.as === 'plain') return bytes;
  if (d.as === 'decoded') return last ? Buffer.concat([await d.decoder.push(bytes), await d.decoder.finish()]) : d.decoder.push(bytes);
  if (d.as === 'refused') return EMPTY;
  const first = d.first.length === 0 ? bytes : Buffer.concat([d.first, bytes]);
  if (first.length < SNIFF_BYTES && !last) {
    g.decoding = { as: 'undecided', first: Buffer.from(first) };
    return EMPTY;
  }
  const why = sink.refusal(g, first);
  if (why !== null) {
    g.decoding = { as: 'refused' };
    return EMPTY;
  }
  if (isPlainText(first)) {
    g.decoding = { as: 'plain' };
    return first;
  }
  g.decoding = { as: 'decoded', decoder: liveDecoderFor(first)!() };
  return decode(g, first, last, sink);
}

export const markOf = (g: PastFile): PastFile => ({ dev: g.dev, ino: g.ino, offset: g.offset, head: g.head, tail: g.tail, counted: g.counted });

export const copyCounted = (counted: PastFile['counted']): PastFile['counted'] => counted && { line: counted.line, codes: new Set(counted.codes) };

/** Up to `length` bytes of the file at `position` (fewer at its end). */
export async function readAt(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  if (length <= 0) return Buffer.alloc(0);
  const buffer = Buffer.allocUnsafe(length);
  const { bytesRead } = await handle.read(buffer, 0, length, position);
  return buffer.subarray(0, bytesRead);
}
