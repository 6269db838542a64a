// The small file system calls of a scan (a stat, a real path, a file's first bytes, a small
// file's bytes), made synchronously while the file system answers fast, and through libuv's
// thread pool once it does not.
//
// Why: from the page cache or a local disk such a call takes a few microseconds, and a round trip
// through the thread pool cost 50-80 µs of this thread's time (promise, wake-up, FileHandle). A
// directory of 3,630 small traces took 0.3 s to list and 0.55 s to read that way, where grep -r
// takes 0.18 s for everything. A network share or a cold disk answers in a millisecond or more:
// there, waiting for one call at a time would be slower than many at once in the pool, so once
// many calls are slow the synchronous calls are off for the rest of the run.

import { closeSync, openSync, readSync, realpathSync, statSync, type Stats } from 'node:fs';
import { open, realpath, stat } from 'node:fs/promises';

/**
 * A call is slow past this; once a quarter of the calls are (and at least MIN_CALLS were made),
 * calls go to the thread pool. Not one slow call alone: on a busy machine a thread is sometimes
 * held up for milliseconds in any call.
 */
const SLOW_CALL_MS = 0.5;
const MIN_CALLS = 32;

let synchronous = true;
let calls = 0;
let slowCalls = 0;

/** Runs a metadata call synchronously and notes how long it took. */
function timed<T>(call: () => T): T {
  const start = performance.now();
  try {
    return call();
  } finally {
    noteFileCall(performance.now() - start);
  }
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
      return buffer.subarray(0, readSync(fd, buffer, 0, n, 0));
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

/** Files up to this size are read whole, synchronously, while calls are (larger ones are read ahead in the pool while the last chunk is scanned). */
export const SMALL_FILE = 256 * 1024;

/**
 * A small file's bytes, read synchronously: the whole file at the first pull (a buffer of its
 * listed size and one byte more), then reads until the end, in case it grew. Each chunk is
 * memory of its own: a consumer may hold one while it pulls the next.
 */
export function smallFileChunks(path: string, flags: number, size: number, onRead: (bytes: number) => void): { pull: () => Promise<Buffer | null>; close: () => void } {
  const fd = timed(() => openSync(path, flags));
  let free = Buffer.allocUnsafe(size + 1);
  let closed = false;
  return {
    pull: async () => {
      const bytes = readSync(fd, free, 0, free.length, null);
      if (bytes === 0) return null;
      onRead(bytes);
      const chunk = free.subarray(0, bytes);
      free = bytes < free.length ? free.subarray(bytes) : Buffer.allocUnsafe(size + 1);
      return chunk;
    },
    close: () => {
      if (closed) return;
      closed = true;
      try {
        closeSync(fd);
      } catch {
        // Nothing to do: the bytes were read.
      }
    },
  };
}
