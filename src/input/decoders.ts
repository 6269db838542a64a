// Input stage, the decoders: what a stream's first bytes say it is (gzip, a zip archive, UTF-16, a
// UTF-8 byte-order mark, plain bytes) and how it is decoded, for a batch read of the whole source
// and for a live file that grows. A new input kind is one row of DECODERS: batch and live get it
// at once (ripgrep's decompress.rs table, STYLE.md).

import { constants as zlibConstants, createGunzip } from 'node:zlib';
import { Inflater, type FineFeed } from './inflate.js';
import { isGzipMagic } from './magic.js';
import type { Pull } from './types.js';
import { isZipMagic, ZipError } from './zip.js';

/** Bytes the decoders look at (UTF-16's and UTF-8's marks, gzip's and zip's magic). */
export const SNIFF_BYTES = 4;

/** What a batch decoder is given besides its input. */
export interface BatchContext {
  head: Uint8Array;
  /** For gzip after damage: where to feed zlib in small pieces (see readSource). */
  fine?: FineFeed;
  /** Called when the read ends, however it ends. */
  onClose(close: () => void): void;
  /** The source is standard input. */
  stdin: boolean;
}

/** Decodes the bytes appended to a live file, in order; what it gives may be empty (a partial character, a deflate block). */
export interface LiveDecoder {
  push(bytes: Buffer): Promise<Buffer>;
  /** The file will not grow again (rotated away and drained): what was held back, if anything. */
  finish(): Promise<Buffer>;
  close(): void;
}

export interface Decoder {
  readonly name: string;
  /** Its place in a chain: at most one compression layer, then one text encoding; an archive stands alone. */
  readonly layer: 'compression' | 'archive' | 'text';
  /** Whether a stream that begins with `head` (SNIFF_BYTES, or fewer at its end) is this decoder's. */
  sniff(head: Uint8Array): boolean;
  /** Batch: the decoded stream of the whole source. */
  open(input: Pull, ctx: BatchContext): Pull;
  /** Live: a decoder for the bytes appended as the file grows; null when this kind is not followed live. */
  readonly follow: (() => LiveDecoder) | null;
}

export const DECODERS: readonly Decoder[] = [
  {
    name: 'gzip',
    layer: 'compression',
    sniff: isGzipMagic,
    open: (input, ctx) => {
      // zlib checks a member's header itself; these are the bytes whose damage it reports as a
      // header error, so a header error after a sound first header is bytes after the last member.
      const soundHeader = ctx.head.length >= 4 && ctx.head[2] === 8 && (ctx.head[3] & 0xe0) === 0;
      const gunzip = new Inflater('gzip', input, ctx.fine, soundHeader);
      ctx.onClose(() => gunzip.close());
      return gunzip.pull;
    },
    // CUCM's trace being written is a .gzo that grows: inflate what has been appended.
    follow: () => growingGzip(),
  },
  {
    name: 'zip',
    layer: 'archive',
    sniff: isZipMagic,
    open: () => {
      // A zip is read from its end, through its directory (zip.ts): a stream (standard input) cannot be.
      throw new ZipError('a zip archive on standard input cannot be read (zip is read from its end): name the file instead');
    },
    follow: null,
  },
  {
    name: 'utf-16le',
    layer: 'text',
    sniff: (h) => h[0] === 0xff && h[1] === 0xfe,
    open: (input) => transcode(input, 'utf-16le'),
    follow: () => liveText('utf-16le'),
  },
  {
    name: 'utf-16be',
    layer: 'text',
    sniff: (h) => h[0] === 0xfe && h[1] === 0xff,
    open: (input) => transcode(input, 'utf-16be'),
    follow: () => liveText('utf-16be'),
  },
  {
    // A UTF-8 byte-order mark would hide a first line's timestamp (an SDL FileHead's date).
    name: 'utf-8',
    layer: 'text',
    sniff: (h) => h[0] === 0xef && h[1] === 0xbb && h[2] === 0xbf,
    open: (input) => dropping(3, input),
    follow: () => liveDropping(3),
  },
  {
    // Bytes as they are: Latin-1 and invalid UTF-8 are scanned like any text.
    name: 'plain',
    layer: 'text',
    sniff: () => true,
    open: (input) => input,
    follow: () => ({ push: async (bytes) => bytes, finish: async () => Buffer.alloc(0), close: () => {} }),
  },
];

/** The first decoder of a layer whose sniff takes `head`; the text layer always has one (plain). */
export function decoderFor(layer: 'compression', head: Uint8Array): Decoder | null;
export function decoderFor(layer: 'archive', head: Uint8Array): Decoder | null;
export function decoderFor(layer: 'text', head: Uint8Array): Decoder;
export function decoderFor(layer: Decoder['layer'], head: Uint8Array): Decoder | null {
  return DECODERS.find((d) => d.layer === layer && d.sniff(head)) ?? null;
}

/** Whether a stream that begins with `head` is read as it is (no compression, no text encoding to undo). */
export const isPlainText = (head: Uint8Array): boolean => !decoderFor('compression', head) && !decoderFor('archive', head) && decoderFor('text', head).name === 'plain';

/**
 * How a live file that begins with `head` is decoded as it grows: a compression layer (if any),
 * then the text layer its decoded first bytes call for. Null when it cannot be followed (a zip).
 */
export function liveDecoderFor(head: Uint8Array): (() => LiveDecoder) | null {
  if (decoderFor('archive', head)) return null;
  const compression = decoderFor('compression', head);
  return () => chainLive(compression?.follow?.() ?? null);
}

/**
 * A live chain: the compression layer (if any), then the text layer, chosen by the first bytes of
 * what the compression gives (UTF-16 inside a gzip), once there are enough of them.
 */
function chainLive(outer: LiveDecoder | null): LiveDecoder {
  let text: LiveDecoder | null = null;
  let waiting: Buffer = Buffer.alloc(0);
  const choose = (): Promise<Buffer> => {
    text = decoderFor('text', waiting).follow!();
    const first = waiting;
    waiting = Buffer.alloc(0);
    return text.push(first);
  };
  return {
    push: async (bytes) => {
      const decoded = outer ? await outer.push(bytes) : bytes;
      if (text) return text.push(decoded);
      waiting = waiting.length === 0 ? decoded : Buffer.concat([waiting, decoded]);
      // Too few bytes to tell the encoding yet: they wait (no line that short holds a code).
      return waiting.length < SNIFF_BYTES ? Buffer.alloc(0) : choose();
    },
    finish: async () => {
      const last = outer ? await outer.finish() : Buffer.alloc(0);
      if (!text) {
        waiting = Buffer.concat([waiting, last]);
        return waiting.length === 0 ? waiting : Buffer.concat([await choose(), await text!.finish()]);
      }
      return Buffer.concat([await text.push(last), await text.finish()]);
    },
    close: () => {
      outer?.close();
      text?.close();
    },
  };
}

/** UTF-16 text as UTF-8; a code unit or surrogate pair split between chunks is joined. */
function transcode(source: Pull, encoding: 'utf-16le' | 'utf-16be'): Pull {
  const decoder = new TextDecoder(encoding); // drops the byte-order mark
  let ended = false;
  return async () => {
    while (!ended) {
      const chunk = await source();
      if (!chunk) ended = true;
      const text = chunk ? decoder.decode(chunk, { stream: true }) : decoder.decode();
      if (text.length > 0) return Buffer.from(text, 'utf8');
    }
    return null;
  };
}

/** The stream less its first `n` bytes. */
function dropping(n: number, source: Pull): Pull {
  let left = n;
  return async () => {
    for (;;) {
      const chunk = await source();
      if (!chunk || left === 0) return chunk;
      const drop = Math.min(left, chunk.length);
      left -= drop;
      if (drop < chunk.length) return chunk.subarray(drop);
    }
  };
}

function liveText(encoding: 'utf-16le' | 'utf-16be'): LiveDecoder {
  const decoder = new TextDecoder(encoding); // drops the byte-order mark
  return {
    push: async (bytes) => Buffer.from(decoder.decode(bytes, { stream: true }), 'utf8'),
    finish: async () => Buffer.from(decoder.decode(), 'utf8'),
    close: () => {},
  };
}

function liveDropping(n: number): LiveDecoder {
  let left = n;
  return {
    push: async (bytes) => {
      const drop = Math.min(left, bytes.length);
      left -= drop;
      return bytes.subarray(drop);
    },
    finish: async () => Buffer.alloc(0),
    close: () => {},
  };
}

/**
 * A gzip stream that grows (an open .gzo): each push is written to zlib and flushed, so that what
 * can be inflated so far comes out now, not when the stream ends (it may never end: no trailer
 * yet). zlib goes on into the next member of a concatenated gzip by itself.
 */
function growingGzip(): LiveDecoder {
  const gunzip = createGunzip();
  let out: Buffer[] = [];
  let failure: Error | null = null;
  gunzip.on('data', (chunk: Buffer) => out.push(chunk));
  gunzip.on('error', (error) => (failure ??= error));
  const take = (): Buffer => {
    const decoded = out.length === 1 ? out[0] : Buffer.concat(out);
    out = [];
    return decoded;
  };
  return {
    push: async (bytes) => {
      if (failure) throw failure;
      await new Promise<void>((resolve) => {
        // A failure ends the write without its flush's callback.
        const done = (): void => {
          gunzip.off('error', done);
          resolve();
        };
        gunzip.once('error', done);
        gunzip.write(bytes);
        gunzip.flush(zlibConstants.Z_SYNC_FLUSH, done);
      });
      if (failure) throw failure;
      return take();
    },
    finish: async () => take(),
    close: () => gunzip.destroy(),
  };
}
