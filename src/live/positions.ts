// Live stage, the state file (--state FILE): read positions saved by an earlier watch, and save
// the positions of this one (written to a temporary file beside it, then renamed over it, so that
// a stop at any moment leaves the old file or the new one). A saved position fits a file when its
// device, inode and first bytes still match and the file is no shorter. Beside the positions it
// keeps what --metrics had counted up to them (opaque here: metrics.ts reads it back).

import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { rename, writeFile } from 'node:fs/promises';
import { describeError } from '../errors.js';
import { compareStrings } from '../types.js';

export interface SavedPosition {
  /** As shown. */
  file: string;
  /** Absolute. */
  path: string;
  dev: number;
  ino: number;
  /** Bytes read, to the end of the last complete line. */
  offset: number;
  /** `offset` counts decoded bytes (a gzip, UTF-16): the file is read again from its start, muted up to them. Absent: false. */
  decoded?: boolean;
  line: number;
  /** A hash of the file's first bytes, and how many. */
  fingerprint: string;
  fingerprintLength: number;
}

const VERSION = 1;

/**
 * Why positions cannot be saved to `path` (read back, written to a temporary file beside it and
 * renamed over it), or null when they can: checked at start, so that it fails there and not at exit.
 */
export function checkStateFile(path: string): string | null {
  try {
    if (statSync(path, { throwIfNoEntry: false })?.isDirectory()) return 'Is a directory';
    closeSync(openSync(path, 'r'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') return describeError(error as NodeJS.ErrnoException);
  }
  const temporary = temporaryStateFile(path);
  try {
    writeFileSync(temporary, '');
    unlinkSync(temporary);
  } catch (error) {
    return describeError(error as NodeJS.ErrnoException);
  }
  return null;
}

const temporaryStateFile = (path: string): string => `${path}.${process.pid}.tmp`;

/**
 * The positions saved in `path`, by path: null when there is no such file yet (nothing saved);
 * a file that is not a state file is a `problem`, and the watch starts afresh.
 */
export function loadPositions(path: string): { positions: Map<string, SavedPosition> | null; problem: string | null } {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return { positions: null, problem: null }; // no saved positions yet
  }
  try {
    const data = readState(text);
    return { positions: new Map(data.files.map((s) => [s.path, s])), problem: null };
  } catch (error) {
    return { positions: null, problem: `saved positions unreadable (${(error as Error).message}): starting afresh` };
  }
}

interface StateFile {
  version: number;
  files: SavedPosition[];
  /** What --metrics had counted when the positions were taken (absent: not served, or an older watch). */
  metrics?: unknown;
}

function readState(text: string): StateFile {
  const data = JSON.parse(text) as StateFile;
  if (data.version !== VERSION || !Array.isArray(data.files)) throw new Error('not a cti-logscan state file');
  return data;
}

/**
 * The metrics saved beside the positions in `path`, or null (none saved, or no state file to be
 * read: loadPositions says why, once).
 */
export function loadSavedMetrics(path: string): unknown {
  try {
    return readState(readFileSync(path, 'utf8')).metrics ?? null;
  } catch {
    return null;
  }
}

/**
 * Saves the positions, and the metrics counted up to them when given: written to a temporary file
 * beside `path`, then renamed over it.
 */
export async function savePositions(path: string, positions: SavedPosition[], metrics: unknown = null): Promise<void> {
  const files = [...positions].sort((a, b) => compareStrings(a.path, b.path));
  const temporary = temporaryStateFile(path);
  const state: StateFile = metrics === null ? { version: VERSION, files } : { version: VERSION, files, metrics };
  await writeFile(temporary, `${JSON.stringify(state, null, 2)}\n`);
  await rename(temporary, path);
}

/** The fingerprint of a file's first bytes, as saved. */
export const fingerprintOf = (bytes: Uint8Array): string => createHash('sha1').update(bytes).digest('hex');

/** The fingerprint of the first `length` bytes of the file at `path` now ('' when it cannot be read). */
export function fingerprintOfFile(path: string, length: number): string {
  let fd = -1;
  try {
    fd = openSync(path, 'r');
    const buffer = Buffer.alloc(length);
    return fingerprintOf(buffer.subarray(0, readSync(fd, buffer, 0, length, 0)));
  } catch {
    return '';
  } finally {
    if (fd >= 0) closeSync(fd);
  }
}

/** Whether a saved position fits the file at `path` now: the same file, beginning as it did, no shorter. */
export function positionFits(saved: SavedPosition, path: string, info: { dev: number; ino: number; size: number }): boolean {
  // Decoded bytes are not comparable with the file's size: its first bytes say it is the same file.
  const longEnough = saved.decoded === true || saved.offset <= info.size;
  return saved.dev === info.dev && saved.ino === info.ino && longEnough && fingerprintOfFile(path, saved.fingerprintLength) === saved.fingerprint;
}
