// The small file system calls of a scan (a stat, a real path, a file's first bytes, a small
// file's bytes), made synchronously while the file system answers fast, and through libuv's
// thread pool once it does not.
//
// Why: from the page cache or a local disk such a call takes a few microseconds, and a round trip
// through the thread pool cost 50-80 µs of this thread's time (promise, wake-up, FileHandle). A
// directory of 3,630 small traces took 0.3 s to list and 0.55 s to read that way, where grep -r
// takes 0.18 s for everything. A network share or a cold disk answers in a millisecond or more:
// there, waiting for one call at a time would be slower than many at once in the pool, so once
// many calls are slow the synchronous calls are off for the rest of the run. Synchronous calls
// hold up everything else on the thread (progress, workers' results), so callers give the event
// loop a turn every few milliseconds of them (turnDue).

import { closeSync, fstatSync, openSync, read, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { open, realpath, stat, type FileHandle } from 'node:fs/promises';
import { promisify } from 'node:util';

/**
 * A call is slow past this (plus 1 ms a MiB read); once a quarter of the calls are (and at least
 * MIN_CALLS were made), calls go to the thread pool. Not one slow call alone: on a busy machine a
 * thread is sometimes held up for milliseconds in any call.
 */
const SLOW_CALL_MS = 0.5;
const MIN_CALLS = 32;
/** Synchronous work between two turns of the event loop at most. */
const TURN_MS = 10;

let synchronous = true;
let calls = 0;
let slowCalls = 0;
let lastTurn = performance.now();

/** Runs a call synchronously and notes how long it took (`bytes`: what it read). */
function timed<T>(call: () => T, bytes: (result: T) => number = () => 0): T {
  const start = performance.now();
  const result = call();
  noteFileCall(performance.now() - start - bytes(result) / (1 << 20));
  return result;
}

/** A synchronous call took `ms`: too slow, and the rest go to the thread pool. */
export function noteFileCall(ms: number): void {
  calls++;
  if (ms > SLOW_CALL_MS) slowCalls++;
  if (calls >= MIN_CALLS && slowCalls * 4 > calls) synchronous = false;
}

/** Whether calls are made synchronously now. */
export const synchronousFileCalls = (): boolean => synchronous;

/** Starts over in the given mode (tests: both ways must give the same answers). */
export function resetFileCalls(sync: boolean): void {
  synchronous = sync;
  calls = 0;
  slowCalls = 0;
}

/** A turn of the event loop when synchronous calls have held it for TURN_MS; null when none is due. */
export function turnDue(): Promise<void> | null {
  const now = performance.now();
  if (now - lastTurn < TURN_MS) return null;
  lastTurn = now;
  return new Promise((resolve) => setImmediate(resolve));
}

/** What a path that is not a regular file (nor a directory) is, for the message that says it is not read. */
export function describeSpecial(info: Stats): string {
  const what = info.isFIFO() ? 'a FIFO' : info.isSocket() ? 'a socket' : 'a device';
  return `not a regular file (${what})`;
}

/**
 * A file opened to be read that became a FIFO, a socket or a device since it was listed is not
 * read: a FIFO would wait for a writer, a device may never end. (A directory fails at its read.)
 */
function checkRegular(info: Stats): void {
  if (!info.isFile() && !info.isDirectory()) throw new Error(describeSpecial(info));
}

export interface FileCalls {
  stat(path: string): Stats | Promise<Stats>;
  realpath(path: string): string | Promise<string>;
  /** The first `n` bytes of a file (fewer when it is shorter). */
  head(path: string, flags: number, n: number): Buffer | Promise<Buffer>;
}

const SYNC: FileCalls = {
  stat: (path) => timed(() => statSync(path)),
  // The native realpath(3), as the pool's call is: Node's own walks every component in JS.
  realpath: (path) => timed(() => realpathSync.native(path)),
  head: (path, flags, n) => {
    const fd = timed(() => openSync(path, flags));
    try {
      const buffer = Buffer.alloc(n);
      return buffer.subarray(0, timed(() => readSync(fd, buffer, 0, n, 0)));
    } finally {
      closeSync(fd);
    }
  },
};

const POOLED: FileCalls = {
  stat: (path) => stat(path),
  realpath: (path) => realpath(path),
  head: async (path, flags, n) => {
    const handle = await open(path, flags);
    try {
      const buffer = Buffer.alloc(n);
      const { bytesRead } = await handle.read(buffer, 0, n, 0);
      return buffer.subarray(0, bytesRead);
    } finally {
      await handle.close();
    }
  },
};

/** The calls to make now. */
export const fileCalls = (): FileCalls => (synchronous ? SYNC : POOLED);

/** Opens a file to read it through the pool (see checkRegular). */
export async function openRegularFile(path: string, flags: number): Promise<FileHandle> {
  const handle = await open(path, flags);
  try {
    checkRegular(await handle.stat());
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** Files up to this size are read whole, synchronously, while calls are (larger ones are read ahead in the pool while the last chunk is scanned). */
export const SMALL_FILE = 256 * 1024;
/** Reads after the first, of a file that grew since it was listed. */
const GROWN_CHUNK = 1 << 20;
const readAsync = promisify(read);

/**
 * A small file's bytes: the whole file at the first pull, read synchronously into a buffer of its
 * listed size and one byte more (a short read is the end of a regular file; one more read makes
 * sure); then, when it grew since it was listed, reads through the pool until the end. Each chunk
 * is memory of its own: a consumer may hold one while it pulls the next.
 */
export function smallFileChunks(path: string, flags: number, size: number, onRead: (bytes: number) => void): { pull: () => Promise<Buffer | null>; close: () => void } {
  const fd = timed(() => openSync(path, flags));
  let closed = false;
  let state: 'first' | 'grown' | 'done' = 'first';
  const close = (): void => {
    if (closed) return;
    closed = true;
    try {
      closeSync(fd);
    } catch {
      // Nothing to do: the bytes were read.
    }
  };
  try {
    checkRegular(fstatSync(fd));
  } catch (error) {
    close();
    throw error;
  }
  const pull = async (): Promise<Buffer | null> => {
    // The descriptor's number may belong to another file once closed.
    if (closed) throw new Error('read after close');
    if (state === 'done') return null;
    let buffer: Buffer;
    let bytes = 0;
    if (state === 'first') {
      await turnDue();
      buffer = Buffer.allocUnsafe(size + 1);
      bytes = timed(
        () => readSync(fd, buffer, 0, buffer.length, null),
        (n) => n,
      );
      state = 'grown';
      while (bytes < buffer.length) {
        const more = readSync(fd, buffer, bytes, buffer.length - bytes, null);
        if (more === 0) {
          state = 'done';
          break;
        }
        bytes += more;
      }
    } else {
      buffer = Buffer.allocUnsafe(GROWN_CHUNK);
      bytes = (await readAsync(fd, buffer, 0, buffer.length, null)).bytesRead;
      if (bytes === 0) state = 'done';
    }
    if (bytes === 0) return null;
    onRead(bytes);
    return buffer.subarray(0, bytes);
  };
  return { pull, close };
}
