// Live stage, its shapes: a path followed, one file followed there (its mark, its decoding, its
// scanner), and what is remembered of a file let go of. A leaf module.

import type { FileHandle } from 'node:fs/promises';
import type { LiveDecoder } from '../input/index.js';
import type { LineScanner } from '../match/lines.js';
import type { Mark } from './decide.js';

/** A file let go of: what was read of it. */
export interface PastFile extends Mark {
  /**
   * Its last line, unfinished, counted as it was when the file was let go of: that line's number
   * and the codes (and unknown tokens) counted for it, not to be counted again if it is finished.
   */
  counted: { line: number; codes: Set<string> } | null;
}

/** What was read of a file followed now or let go of, that a new file may be a rename or copy of. */
export interface Candidate extends PastFile {
  /** The file followed now; null: let go of. */
  source: Generation | null;
}

/** One file followed: the open handle, what has been read of it (its mark) and its scanner. */
export interface Generation extends PastFile {
  /** The path it is followed at (it moves with a rename into a followed path). */
  owner: Followed;
  /** At its path; rotated away and still read a while; or let go of. */
  state: 'current' | 'draining' | 'done';
  handle: FileHandle | null;
  /** Hits are muted below this offset (the file replayed up to its starting position). */
  liveFrom: number;
  /**
   * Hits are muted, too, below this many decoded bytes: a saved position of a gzip or UTF-16 file
   * is in decoded bytes (a gzip cannot be read from the middle of its stream).
   */
  liveFromDecoded: number;
  /** How its bytes are decoded (the input stage's decoders), decided by its first bytes. */
  decoding: Decoding;
  /** Decoded bytes given to the scanner. */
  decodedFed: number;
  /** While this is a live file's copy (copytruncate), it reads no further than the original has. */
  copyOf: Generation | null;
  scanner: LineScanner;
  /** Hits are reported (false while replaying). */
  live: boolean;
  /** When it was rotated away. */
  rotatedAt: number;
  /** Its reads, checks and letting go run one at a time, whichever path asks. */
  lock: Promise<unknown>;
}

/**
 * How a file's bytes become text: not decided yet (fewer than SNIFF_BYTES read), plain bytes,
 * through a live decoder (gzip, a growing .gzo; UTF-16), or not followed (a zip, or found and not
 * a log by its first bytes).
 */
export type Decoding = { as: 'undecided'; first: Buffer } | { as: 'plain' } | { as: 'decoded'; decoder: LiveDecoder } | { as: 'refused' };

/** Where a file's hits begin: at a raw offset (its end at start-up, what was read of a renamed file), or at decoded bytes (a saved position of a decoded file). */
export type StartAt = { raw: number } | { decoded: number };

/** A path followed: the file there now, the rotated-away ones still draining. */
export interface Followed {
  display: string;
  path: string;
  current: Generation | null;
  /** A file followed here went away: the next one here is a rotation. */
  rotationDue: boolean;
  draining: Generation[];
  /** Checks of a path run one at a time. */
  queue: Promise<void>;
  lastError: string | null;
  /** Another name of a file followed under that path. */
  aliasOf?: string;
  /** The path holds the watch's own output file (not followed). */
  isOutput?: boolean;
  /** The file here may be a copy still being written: its size, and since when it is that size. */
  unsure: { dev: number; ino: number; size: number; since: number } | null;
}
