// Input stage, reading one source: its stored bytes (a file read ahead in reused buffers, standard
// input, or a zip member), then the decoders its first bytes call for (see decoders.ts), handed
// on as decoded chunks. Damage is retried so that every line before it counts exactly once.

import { constants as fsConstants } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import { describeError } from '../errors.js';
import { decoderFor, SNIFF_BYTES, type BatchContext } from './decoders.js';
import { openRegularFile, SMALL_FILE, smallFileChunks, synchronousFileCalls } from './file-calls.js';
import { describeInflateError, InflateError, Inflater, REFINE, type FineFeed, type InflateKind, type Plan } from './inflate.js';
import { skipReasonByContent, SNIFF } from './not-a-log.js';
import type { OpenOptions, Pull, Source, SourceOutcome } from './types.js';
import { openZipMember, ZipError } from './zip.js';

/** Large reads: the scan is faster than the disk's small-read overhead (PERF-NOTES). */
const CHUNK = 1 << 20;
/** Opening without blocking: a file swapped for a FIFO after it was listed gives EAGAIN, not a hang. */
export const READ_FLAGS = fsConstants.O_RDONLY | fsConstants.O_NONBLOCK;

/** One line for a file system error or an archive's problem. */
export const describeFailure = (error: unknown): string => (error instanceof ZipError ? error.message : describeError(error as NodeJS.ErrnoException));

/** Read buffers not in use, kept for the next file: no allocation (and page faults) per chunk or per file. */
const spareBuffers: Buffer[] = [];

/**
 * A file's chunks, read ahead: while one chunk is scanned, the thread pool reads the next. Three
 * buffers are read into in turn, so a chunk stays intact until two pulls later: the inflater may
 * still be writing the previous chunk into zlib (one write at most when it pulls) while the next
 * is read. A fresh 1 MiB buffer per chunk cost page faults and garbage collection instead.
 */
class FileChunks {
  private readonly buffers: Buffer[] = [];
  private turn = 0;
  private ahead: Promise<Buffer | null> | null = null;

  constructor(
    private readonly handle: FileHandle,
    private readonly onRead: (bytes: number) => void,
  ) {}

  readonly pull = async (): Promise<Buffer | null> => {
    const chunk = await (this.ahead ?? this.read());
    this.ahead = chunk ? this.read() : null;
    return chunk;
  };

  /** The buffers go back to the spares, and the file is closed, once no read is writing into them. */
  close(): void {
    const done = (): void => {
      spareBuffers.push(...this.buffers.splice(0));
      void this.handle.close().catch(() => {});
    };
    if (this.ahead) void this.ahead.then(done, done);
    else done();
  }

  private read(): Promise<Buffer | null> {
    if (this.buffers.length < 3) this.buffers.push(spareBuffers.pop() ?? Buffer.allocUnsafeSlow(CHUNK));
    const buffer = this.buffers[this.turn++ % this.buffers.length];
    const chunk = this.handle.read(buffer, 0, buffer.length, null).then(({ bytesRead }) => {
      if (bytesRead === 0) return null;
      this.onRead(bytesRead);
      return buffer.subarray(0, bytesRead);
    });
    // A failed read ahead is thrown by the pull that takes it, not reported as unhandled before.
    chunk.catch(() => {});
    return chunk;
  }
}

/** Standard input cannot be read twice: this much of a gzip on it is kept for a replay after damage. */
const STDIN_REPLAY_LIMIT = 16 * 1024 * 1024;

/**
 * Reads a source as decoded chunks, handing each to `consume`. A gzip stream without its trailer
 * (an open .gzo) or with non-gzip bytes after its last member gives every line that inflates and a
 * warning; damaged data gives every line before the damage and an error; a read failure gives an
 * error after everything read before it.
 *
 * Node's zlib drops what a write inflated when that write fails, so after damage the source is read
 * again, skipping what was already consumed and feeding the damaged piece in smaller pieces, down
 * to single bytes: everything that inflates before the damage is consumed exactly once.
 */
export async function readSource(source: Source, options: OpenOptions, consume: (chunk: Buffer) => void): Promise<SourceOutcome> {
  const plan: Plan = new Map();
  const stdinCopy = source.path === null ? new StdinCopy() : null;
  let consumed = 0;
  for (let pass = 0; ; pass++) {
    const closers: Array<() => void> = [];
    try {
      const chain = await openChain(source, options, plan, pass, stdinCopy, closers);
      if (typeof chain === 'string') return { warning: null, error: null, skipped: chain };
      // A replay gives again what was consumed before the damage: skip it (chunks may differ).
      let skip = consumed;
      for (let chunk = await chain(); chunk; chunk = await chain()) {
        const drop = Math.min(skip, chunk.length);
        skip -= drop;
        chunk = chunk.subarray(drop);
        consumed += chunk.length;
        consume(chunk);
      }
      return { warning: null, error: null, skipped: null };
    } catch (error) {
      if (error instanceof InflateError) {
        const replayable = stdinCopy === null || stdinCopy.holds(error.offset + error.pieceSize);
        // Each pass has a smaller piece; a file that changes under us ends the refining anyway.
        if (error.pieceSize > 1 && replayable && pass < 4) {
          plan.set(error.kind, { from: error.offset, size: Math.ceil(error.pieceSize / REFINE) });
          continue;
        }
        return describeInflateError(error, source);
      }
      return { warning: null, error: describeFailure(error), skipped: null };
    } finally {
      for (const close of closers.reverse()) close();
    }
  }
}

/**
 * Opens the source from its start and stacks its decoders: zip member inflate, gzip, UTF-16 or a
 * UTF-8 byte-order mark. Gives the decoded stream, or the reason to skip the source.
 */
async function openChain(
  source: Source,
  options: OpenOptions,
  plan: Plan,
  pass: number,
  stdinCopy: StdinCopy | null,
  closers: Array<() => void>,
): Promise<Pull | string> {
  let pull = await openStored(source, options, plan, pass, stdinCopy, closers);
  const sniff = source.found ? SNIFF : SNIFF_BYTES;
  let head = await peek(pull, sniff);
  pull = head.pull;
  const ctx = (bytes: Uint8Array, fine?: FineFeed): BatchContext => ({ head: bytes, fine, onClose: (close) => closers.push(close), stdin: source.path === null });
  const compression = decoderFor('compression', head.bytes);
  if (compression) {
    stdinCopy?.keep();
    head = await peek(compression.open(pull, ctx(head.bytes, plan.get(compression.name as InflateKind))), sniff);
    pull = head.pull;
  }
  stdinCopy?.drop();
  if (source.found) {
    const reason = skipReasonByContent(head.bytes);
    if (reason) return reason;
  }
  // A named zip is listed as its members (expand.ts); on standard input the zip row refuses it.
  if (!compression && source.path === null) decoderFor('archive', head.bytes)?.open(pull, ctx(head.bytes));
  return decoderFor('text', head.bytes).open(pull, ctx(head.bytes));
}

/** The source's stored bytes from their start: the file, standard input, or a zip member (inflated). */
async function openStored(
  source: Source,
  options: OpenOptions,
  plan: Plan,
  pass: number,
  stdinCopy: StdinCopy | null,
  closers: Array<() => void>,
): Promise<Pull> {
  const counted = (stream: NodeJS.ReadableStream | Readable): Pull => {
    const chunks = stream[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
    return async () => {
      const r = await chunks.next();
      if (r.done) return null;
      const chunk = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
      // Progress counts the bytes read once, not again in a replay after damage.
      if (pass === 0) options.onRead?.(chunk.length);
      return chunk;
    };
  };
  if (source.path === null) {
    const copy = stdinCopy!;
    return pass === 0 ? copy.recording(counted(options.stdin)) : copy.replay();
  }
  if (!source.member) {
    // Progress counts the bytes read once, not again in a replay after damage.
    const onRead = (bytes: number): void => {
      if (pass === 0) options.onRead?.(bytes);
    };
    if (synchronousFileCalls() && source.size !== undefined && source.size <= SMALL_FILE) {
      const small = smallFileChunks(source.path, READ_FLAGS, source.size, onRead);
      closers.push(small.close);
      return small.pull;
    }
    const handle = await openRegularFile(source.path, READ_FLAGS);
    const chunks = new FileChunks(handle, onRead);
    closers.push(() => chunks.close());
    return chunks.pull;
  }
  const stored = await openZipMember(source.path, source.member);
  closers.push(() => stored.close());
  let pull = counted(stored.stream);
  if (stored.method === 8) {
    const inflate = new Inflater('deflate', pull, plan.get('deflate'), true);
    closers.push(() => inflate.close());
    pull = inflate.pull;
  }
  return verifyMember(pull, stored.size, stored.crc32);
}

/** Passes a member's bytes through, then checks their size and CRC-32 against the archive's directory. */
function verifyMember(pull: Pull, size: number, crc: number): Pull {
  let length = 0;
  let sum = 0;
  return async () => {
    const chunk = await pull();
    if (chunk) {
      length += chunk.length;
      sum = crc32(chunk, sum);
      return chunk;
    }
    if (length !== size) throw new ZipError(`the member has ${length} bytes where its archive says ${size}: a damaged archive`);
    if (sum !== crc) throw new ZipError("the member's CRC-32 differs from its archive's: a damaged archive");
    return null;
  };
}

interface Peeked {
  /** At least the bytes asked for, unless the stream is shorter. */
  bytes: Buffer;
  /** The whole stream again, from its first byte (less any dropped). */
  pull: Pull;
  drop(n: number): void;
}

/**
 * Reads the first `n` bytes of a stream (standard input may trickle) without losing them. A failure
 * meanwhile (damage, a member's bad CRC) waits until those bytes are consumed: a small file's lines
 * still count.
 */
async function peek(source: Pull, n: number): Promise<Peeked> {
  let bytes: Buffer = Buffer.alloc(0);
  let ended = false;
  let failure: { error: unknown } | null = null;
  try {
    while (bytes.length < n) {
      const more = await source();
      if (!more) {
        ended = true;
        break;
      }
      bytes = bytes.length === 0 ? more : Buffer.concat([bytes, more]);
    }
  } catch (error) {
    failure = { error };
  }
  let first: Buffer | null = bytes;
  return {
    bytes,
    pull: async () => {
      const chunk = first;
      first = null;
      if (chunk && chunk.length > 0) return chunk;
      if (failure) throw failure.error;
      return ended ? null : source();
    },
    drop: (k) => {
      first = first && first.subarray(k);
    },
  };
}

/** What standard input gave, kept (up to a bound) while it may be a gzip that needs a replay. */
class StdinCopy {
  private chunks: Buffer[] | null = [];
  private length = 0;
  private kept = false;

  recording(source: Pull): Pull {
    return async () => {
      const chunk = await source();
      if (chunk && this.chunks) {
        this.length += chunk.length;
        if (this.length <= STDIN_REPLAY_LIMIT) this.chunks.push(chunk);
        else this.chunks = null;
      }
      return chunk;
    };
  }

  /** Standard input is a gzip: keep recording. */
  keep(): void {
    this.kept = true;
  }

  /** Standard input is not (or no longer) a gzip: nothing to replay. */
  drop(): void {
    if (!this.kept) this.chunks = null;
  }

  /** Whether the first `n` bytes can be given again. */
  holds(n: number): boolean {
    return this.chunks !== null && this.length >= n;
  }

  replay(): Pull {
    const chunks = [...this.chunks!];
    return async () => chunks.shift() ?? null;
  }
}

