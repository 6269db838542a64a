// Input stage, inflating: zlib inflate (gzip with all its members, or a zip member's raw deflate)
// as a Pull that runs on the thread pool while the scan reads earlier output, and what a failure
// of it means (damage, a stream cut short, bytes after the last member).

import { createGunzip, createInflateRaw, type Gunzip, type InflateRaw } from 'node:zlib';
import type { Pull, Source, SourceOutcome } from './types.js';

/** Bytes zlib gives at once: the scan is faster than small pieces (PERF-NOTES: gunzip). */
const CHUNK = 1 << 20;

/** Where an inflater is fed in small pieces: from byte `from` of its input, `size` bytes a write. */
export interface FineFeed {
  from: number;
  size: number;
}
export type InflateKind = 'gzip' | 'deflate';
export type Plan = Map<InflateKind, FineFeed>;

/** Compressed bytes a write: the output lost with a failing write is at most what these inflate to. */
const PIECE = 64 * 1024;
/** Inflated bytes waiting to be scanned before writing pauses: memory stays bounded. */
const OUTPUT_AHEAD = 4 * CHUNK;
/** Each replay after damage feeds the failing piece in pieces this many times smaller (64 KiB, 256, 1). */
export const REFINE = 256;
/** zlib's messages for a member header it cannot read. */
const HEADER_ERRORS = /^(incorrect header check|unknown compression method|unknown header flags set)$/;

export class InflateError extends Error {
  constructor(
    readonly kind: InflateKind,
    /** Start of the failing piece in the inflater's input. */
    readonly offset: number,
    /** Length of the failing piece: 1 when the damage is known to the byte; 0 at the end of the input. */
    readonly pieceSize: number,
    readonly zlibError: NodeJS.ErrnoException,
    /** The first member's header was sound (gzip). */
    readonly soundHeader: boolean,
  ) {
    super(zlibError.message);
  }
}

/** CUCM's trace being written: a gzip stream that has no trailer yet, by design. */
const OPEN_TRACE = /\.gzo$/i;

export function describeInflateError(e: InflateError, source: Source): SourceOutcome {
  const what = e.kind === 'gzip' ? 'gzip' : 'zip member';
  if (e.zlibError.code === 'Z_BUF_ERROR') {
    if (e.kind !== 'gzip') return { warning: null, error: 'the zip member ends before its compressed data does: a damaged archive', skipped: null };
    // Only an open .gzo (or standard input, which may be one) is still being written; any other
    // gzip that stops short was cut off, an interrupted download say: a CI step must not pass on half a file.
    if (source.path === null || OPEN_TRACE.test(source.display)) {
      return { warning: 'gzip stream ends without its trailer (a file still being written?): every line that inflated was scanned', error: null, skipped: null };
    }
    return { warning: null, error: 'gzip stream ends without its trailer: the file was cut off (an interrupted download or copy?); every line that inflated was scanned', skipped: null };
  }
  if (e.kind === 'gzip' && e.soundHeader && HEADER_ERRORS.test(e.zlibError.message)) {
    return { warning: 'bytes after the last gzip member are not gzip data: ignored (every member before them was scanned)', error: null, skipped: null };
  }
  const where = e.pieceSize === 1 ? `at byte ${e.offset}` : `in bytes ${e.offset}-${e.offset + e.pieceSize - 1}`;
  return { warning: null, error: `corrupt ${what} data (${e.zlibError.message}) ${where} of the compressed stream`, skipped: null };
}

/**
 * zlib inflate (gzip with all its members, or raw deflate) as a Pull. Input is written `PIECE`
 * bytes at a time (or as `fine` says), two writes ahead, while this thread scans earlier output:
 * inflate runs on the thread pool. Output is taken from 'data' events (a stream's async iterator
 * drops what it holds when the stream fails) and at most OUTPUT_AHEAD bytes of it wait.
 */
export class Inflater {
  private readonly zlib: Gunzip | InflateRaw;
  private readonly queue: Buffer[] = [];
  private queued = 0;
  private ended = false;
  private failure: InflateError | null = null;
  private readFailure: unknown = null;
  private input: Buffer = Buffer.alloc(0);
  private inputEnded = false;
  /** Input bytes whose writes completed. */
  private offset = 0;
  /** Sizes of the writes not completed yet, oldest first: a failure is in the first. */
  private readonly writing: number[] = [];
  private wakePump: (() => void) | null = null;
  private wakeReader: (() => void) | null = null;

  constructor(
    kind: InflateKind,
    private readonly source: Pull,
    private readonly fine: FineFeed | undefined,
    soundHeader: boolean,
  ) {
    const options = { chunkSize: CHUNK };
    this.zlib = kind === 'gzip' ? createGunzip(options) : createInflateRaw(options);
    this.zlib.on('data', (chunk: Buffer) => {
      this.queue.push(chunk);
      this.queued += chunk.length;
      this.wake();
    });
    // A stream fails once; a later error (none is expected) must not go unhandled.
    this.zlib.on('error', () => {});
    this.zlib.once('error', (error: NodeJS.ErrnoException) => {
      // The failing write is the oldest not completed (none: the end of the input).
      this.failure = new InflateError(kind, this.offset, this.writing[0] ?? 0, error, soundHeader);
      this.wake();
    });
    this.zlib.on('end', () => {
      this.ended = true;
      this.wake();
    });
    void this.pump();
  }

  readonly pull = async (): Promise<Buffer | null> => {
    for (;;) {
      const chunk = this.queue.shift();
      if (chunk) {
        this.queued -= chunk.length;
        this.wake();
        return chunk;
      }
      if (this.readFailure) throw this.readFailure;
      if (this.failure) throw this.failure;
      if (this.ended) return null;
      await new Promise<void>((resolve) => (this.wakeReader = resolve));
    }
  };

  close(): void {
    this.zlib.destroy();
    this.wake();
  }

  private wake(): void {
    const pump = this.wakePump;
    const reader = this.wakeReader;
    this.wakePump = this.wakeReader = null;
    pump?.();
    reader?.();
  }

  private get stopped(): boolean {
    return this.failure !== null || this.ended || this.zlib.destroyed;
  }

  /** Writes the input into zlib, two writes ahead, while little output waits. */
  private async pump(): Promise<void> {
    try {
      while (!this.stopped) {
        if (this.writing.length >= 2 || this.queued >= OUTPUT_AHEAD) {
          await new Promise<void>((resolve) => (this.wakePump = resolve));
          continue;
        }
        const piece = await this.take();
        // The stream may have ended (raw deflate stops at its final block) or failed meanwhile.
        if (this.stopped) return;
        if (!piece) {
          this.zlib.end();
          return;
        }
        this.writing.push(piece.length);
        this.zlib.write(piece, () => {
          this.offset += this.writing.shift()!;
          this.wake();
        });
      }
    } catch (error) {
      this.readFailure = error;
      this.wake();
    }
  }

  /** The next piece of input: PIECE bytes, or `fine.size` from `fine.from` on; null at the end. */
  private async take(): Promise<Buffer | null> {
    const at = this.offset + this.writing.reduce((a, b) => a + b, 0);
    let size = PIECE;
    if (this.fine) size = at >= this.fine.from ? this.fine.size : Math.min(PIECE, this.fine.from - at);
    while (this.input.length === 0 && !this.inputEnded) {
      const chunk = await this.source();
      if (chunk) this.input = chunk;
      else this.inputEnded = true;
    }
    if (this.input.length === 0) return null;
    const piece = this.input.subarray(0, size);
    this.input = this.input.subarray(piece.length);
    return piece;
  }
}
