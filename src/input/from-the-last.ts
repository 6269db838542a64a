// Input stage, the listing of a worker started ahead (batch/parallel/prewarm.ts): the named files
// and the files directly in the named directories, from the last, one stat at a time as they are
// wanted, each as the scan's listing gives it (expand.ts), by the same not-a-log rules. A full
// listing, as the scan's, made the main thread's own listing of thousands of files wait for the
// same I/O threads.

import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { fileCalls } from './file-calls.js';
import { skipReasonByName } from './not-a-log.js';
import { READ_FLAGS } from './read-source.js';
import type { Source } from './types.js';
import { isZipMagic } from './zip.js';

export async function* namedFilesFromTheLast(inputs: readonly string[]): AsyncGenerator<Source> {
  for (let i = inputs.length - 1; i >= 0; i--) {
    const input = inputs[i];
    const info = await stat(input).catch(() => null);
    if (info?.isFile() && !(await isZip(input))) yield { display: input, path: input, mtimeMs: info.mtimeMs, size: info.size, found: false };
    if (!info?.isDirectory()) continue;
    const names = (await readdir(input).catch(() => [])).sort();
    for (let j = names.length - 1; j >= 0; j--) {
      const path = join(input, names[j]);
      // Skipped by the scan, or read as its members: not scanned ahead.
      if (skipReasonByName(path)) continue;
      const entry = await stat(path).catch(() => null);
      if (entry?.isFile() && !(await isZip(path))) yield { display: path, path, mtimeMs: entry.mtimeMs, size: entry.size, found: true };
    }
  }
}

/** A zip is read as its members, each a source of its own (expand.ts): not as one file. */
const isZip = async (path: string): Promise<boolean> => isZipMagic(await Promise.resolve().then(() => fileCalls().head(path, READ_FLAGS, 4)).catch(() => Buffer.alloc(0)));
