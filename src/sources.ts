// Sources stage: expands inputs (files, directories, globs, '-') into an ordered list of sources,
// and opens one as a stream of byte chunks, gunzipped when its first bytes are the gzip magic.

import { createReadStream, type ReadStream } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { createGunzip } from 'node:zlib';
import { glob, isDynamicPattern } from 'tinyglobby';
import { describeError } from './errors.js';
import type { FileMessage } from './types.js';

export { describeError };

export const STDIN_NAME = '<stdin>';
/** Large reads: the scan is faster than the disk's small-read overhead (PERF-NOTES: gunzip too). */
const CHUNK = 1 << 20;

export interface Source {
  /** The path as the user gave it or as the expansion produced it. */
  display: string;
  /** Path to open; null for standard input. */
  path: string | null;
  /** Modification time (ms) for dating logs without a year or date; null for standard input. */
  mtimeMs: number | null;
}

export interface Expansion {
  sources: Source[];
  errors: FileMessage[];
}

/** Expands inputs; the result is sorted by display path and holds each real file once. */
export async function expandInputs(inputs: readonly string[], stdin: NodeJS.ReadableStream | null): Promise<Expansion> {
  const sources: Source[] = [];
  const errors: FileMessage[] = [];
  const seen = new Set<string>();
  const add = async (display: string, path: string, mtimeMs: number): Promise<void> => {
    const real = await realpath(path).catch(() => path);
    if (seen.has(real)) return;
    seen.add(real);
    sources.push({ display, path, mtimeMs });
  };
  for (const input of inputs) {
    if (input === '-') {
      if (!seen.has(STDIN_NAME) && stdin) sources.push({ display: STDIN_NAME, path: null, mtimeMs: null });
      seen.add(STDIN_NAME);
      continue;
    }
    const info = await stat(input).catch((error: NodeJS.ErrnoException) => error);
    if (info instanceof Error) {
      if (info.code === 'ENOENT' && isDynamicPattern(input)) {
        // Paths come back as a shell would give them: absolute for an absolute pattern, and
        // keeping a leading "./".
        const absolute = isAbsolute(input);
        const prefix = !absolute && input.startsWith('./') ? './' : '';
        const found = await glob(input, { onlyFiles: true, followSymbolicLinks: true, expandDirectories: false, absolute });
        const matches = found.map((path) => prefix + path).sort(compareStrings);
        if (matches.length === 0) errors.push({ file: input, message: 'no files match this pattern' });
        for (const match of matches) {
          const s = await stat(match).catch(() => null);
          if (s?.isFile()) await add(match, match, s.mtimeMs);
        }
        continue;
      }
      errors.push({ file: input, message: describeError(info) });
      continue;
    }
    if (info.isDirectory()) {
      await walkDirectory(input, input, new Set(), add, errors);
    } else if (info.isFile()) {
      await add(input, input, info.mtimeMs);
    } else {
      errors.push({ file: input, message: 'not a regular file (a FIFO, socket or device is not read)' });
    }
  }
  sources.sort((a, b) => compareStrings(a.display, b.display));
  return { sources, errors };
}

export const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Every regular file below `dir`, following symbolic links but never a directory twice. */
async function walkDirectory(
  display: string,
  dir: string,
  visited: Set<string>,
  add: (display: string, path: string, mtimeMs: number) => Promise<void>,
  errors: FileMessage[],
): Promise<void> {
  const real = await realpath(dir).catch(() => dir);
  if (visited.has(real)) return; // a symbolic link loop
  visited.add(real);
  let names: string[];
  try {
    names = (await readdir(dir)).sort();
  } catch (error) {
    errors.push({ file: display, message: describeError(error as NodeJS.ErrnoException) });
    return;
  }
  for (const name of names) {
    const path = join(dir, name);
    const shown = join(display, name);
    const info = await stat(path).catch((error: NodeJS.ErrnoException) => error);
    if (info instanceof Error) {
      errors.push({ file: shown, message: describeError(info) });
    } else if (info.isDirectory()) {
      await walkDirectory(shown, path, new Set(visited), add, errors);
    } else if (info.isFile()) {
      await add(shown, path, info.mtimeMs);
    }
  }
}

export interface OpenOptions {
  stdin: NodeJS.ReadableStream;
  /** Called with the bytes read from disk (compressed), for progress. */
  onRead?(bytes: number): void;
}

export interface SourceOutcome {
  warning: string | null;
  error: string | null;
}

/**
 * Reads a source as decompressed chunks, handing each to `consume`. A gzip stream without its
 * trailer (an open .gzo) gives every byte that inflates and a warning; other failures give an
 * error after everything read before them.
 */
export async function readSource(source: Source, options: OpenOptions, consume: (chunk: Buffer) => void): Promise<SourceOutcome> {
  let raw: NodeJS.ReadableStream;
  if (source.path === null) {
    raw = options.stdin;
  } else {
    const stream: ReadStream = createReadStream(source.path, { highWaterMark: CHUNK });
    raw = stream;
  }
  const chunks = raw[Symbol.asyncIterator]() as AsyncIterator<Buffer | string>;
  const next = async (): Promise<Buffer | null> => {
    const r = await chunks.next();
    if (r.done) return null;
    const chunk = typeof r.value === 'string' ? Buffer.from(r.value) : r.value;
    options.onRead?.(chunk.length);
    return chunk;
  };
  try {
    // Gather at least two bytes to look for the gzip magic (standard input may trickle).
    let first: Buffer | null = await next();
    while (first && first.length < 2) {
      const more = await next();
      if (!more) break;
      first = Buffer.concat([first, more]);
    }
    if (!first) return { warning: null, error: null };
    if (first[0] === 0x1f && first[1] === 0x8b) return await gunzipInto(first, next, consume);
    consume(first);
    for (let chunk = await next(); chunk; chunk = await next()) consume(chunk);
    return { warning: null, error: null };
  } catch (error) {
    return { warning: null, error: describeError(error as NodeJS.ErrnoException) };
  } finally {
    if (source.path !== null) (raw as ReadStream).destroy();
  }
}

async function gunzipInto(first: Buffer, next: () => Promise<Buffer | null>, consume: (chunk: Buffer) => void): Promise<SourceOutcome> {
  const gunzip = createGunzip({ chunkSize: CHUNK });
  let readError: unknown = null;
  // Feed the compressed bytes in while the inflated ones are read out: inflate runs on the
  // thread pool, so it overlaps with the scan on this thread.
  const feeding = (async () => {
    try {
      for (let chunk: Buffer | null = first; chunk; chunk = await next()) {
        if (!gunzip.write(chunk)) {
          // Wait for room; a gunzip that failed meanwhile closes instead of draining.
          await new Promise((resolve) => {
            gunzip.once('drain', resolve);
            gunzip.once('close', resolve);
          });
        }
        if (gunzip.destroyed) return;
      }
      gunzip.end();
    } catch (error) {
      readError = error;
      gunzip.destroy(error as Error);
    }
  })();
  try {
    for await (const chunk of gunzip) consume(chunk as Buffer);
  } catch (error) {
    await feeding;
    if (readError) return { warning: null, error: describeError(readError as NodeJS.ErrnoException) };
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'Z_BUF_ERROR') {
      return { warning: 'gzip stream ends without its trailer (a file still being written?): every line that inflated was scanned', error: null };
    }
    return { warning: null, error: `corrupt gzip data (${(error as Error).message})` };
  }
  await feeding;
  return { warning: null, error: null };
}
