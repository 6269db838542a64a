// Live stage, the pure part: what a look at a followed file finds (read, truncated, rotated or
// gone), and what a file that appears at a path is (renamed, a copy, maybe a copy still being
// written, or new), decided from marks of what was read and probes of what is there now. No I/O:
// watcher.ts and follow.ts take the probes and do what is decided (lnav's logfile.cc: decide, then do).

/** Bytes of a file's beginning, and of what was read last, that identify it beyond its inode. */
export const HEAD_BYTES = 256;
export const TAIL_BYTES = 256;

/** What was read of a file: enough to know it again. */
export interface Mark {
  dev: number;
  ino: number;
  /** Bytes read. */
  offset: number;
  /** Its first bytes: min(offset, HEAD_BYTES) of them. */
  head: Buffer;
  /** The bytes just before `offset`: min(offset, TAIL_BYTES) of them. */
  tail: Buffer;
}

/** What is at the path now. */
export interface Probe {
  dev: number;
  ino: number;
  size: number;
  /**
   * Its bytes where the mark has them, when they were looked at: its first bytes (at least as many
   * as the mark's head, if it is that long) and those at [offset - tail.length, offset).
   * Absent: not looked at (nothing new to read), which is no sign of a change.
   */
  bytes?: { head: Buffer; tail: Buffer };
}

export type Verdict = 'read' | 'truncated' | 'rotated' | 'gone';

/**
 * A followed file, looked at again. Another (device, inode) at the path is a rotation. The same
 * file is truncated when it is shorter than what was read, or when it no longer begins with the
 * bytes it began with or holds the bytes read last where they were (truncated and written again,
 * perhaps past the old size, before this look): it is read again from 0. Otherwise what is new
 * is read.
 */
export function decide(before: Mark, now: Probe | null): Verdict {
  if (now === null) return 'gone';
  if (now.dev !== before.dev || now.ino !== before.ino) return 'rotated';
  return holdsWhatWasRead(before, now) ? 'read' : 'truncated';
}

/** Whether the file still holds what was read (its bytes not looked at count as the same). */
function holdsWhatWasRead(mark: Mark, now: Probe): boolean {
  if (now.size < mark.offset) return false;
  if (!now.bytes) return true;
  return startsWith(now.bytes.head, mark.head) && now.bytes.tail.equals(mark.tail);
}

/** What a file that appears at a path is, against one mark. */
export type Recognition<M extends Mark> =
  | { as: 'renamed'; mark: M }
  | { as: 'copy'; mark: M }
  | { as: 'unsure' }
  | { as: 'new' };

/**
 * A file that appears at a path (in a followed directory, by a glob, or a named file back), against
 * the marks of the files followed or let go of, each with a probe of the new file at that mark's
 * places. It is one of them renamed when it is that (device, inode) and still holds what was read
 * of it (an inode can be reused); a copy of one (logrotate's copytruncate) when it is another file
 * whose first bytes and size cover what was read, and the copy of the one read furthest when
 * several fit. Both go on from what was read. A file shorter than what was read of one, and
 * beginning as that one began, may be a copy still being written: unsure, looked at again. Else
 * it is new, read from its start.
 */
export function recognise<M extends Mark>(candidates: ReadonlyArray<{ mark: M; probe: Probe }>): Recognition<M> {
  const holding = candidates.filter(({ mark, probe }) => holdsWhatWasRead(mark, probe) && probe.bytes !== undefined);
  const renamed = holding.find(({ mark, probe }) => sameFile(mark, probe));
  if (renamed) return { as: 'renamed', mark: renamed.mark };
  const copies = holding.filter(({ mark, probe }) => !sameFile(mark, probe) && mark.offset > 0);
  if (copies.length > 0) return { as: 'copy', mark: copies.reduce((a, b) => (b.mark.offset > a.mark.offset ? b : a)).mark };
  const growing = candidates.some(({ mark, probe }) => !sameFile(mark, probe) && probe.size < mark.offset && probe.bytes && startsWith(mark.head, probe.bytes.head.subarray(0, probe.size)));
  return growing ? { as: 'unsure' } : { as: 'new' };
}

const sameFile = (mark: Mark, probe: Probe): boolean => mark.dev === probe.dev && mark.ino === probe.ino;

const startsWith = (bytes: Buffer, prefix: Buffer): boolean => bytes.length >= prefix.length && bytes.subarray(0, prefix.length).equals(prefix);
