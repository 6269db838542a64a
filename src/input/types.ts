// Input stage, its shapes: what a listing gives (sources, the searches that found them) and what
// reading one gives (decoded chunks through a Pull, and how the reading ended). A leaf module.

import type { FileIdentity, FileMessage } from '../types.js';
import type { ZipMember } from './zip.js';

export const STDIN_NAME = '<stdin>';

export interface Source {
  /** The path as the user gave it or as the expansion produced it (`archive.zip!member` for a member). */
  display: string;
  /** Path to open (the archive, for a member); null for standard input. */
  path: string | null;
  /** Modification time (ms) for dating logs without a year or date; null for standard input. */
  mtimeMs: number | null;
  /** Bytes stored (on disk, or compressed in the archive), when known: worth worker threads? */
  size?: number;
  /**
   * Bytes the scan is expected to go through, when more than `size`: what a zip member inflates
   * to, or an estimate for a gzip file (GZIP_WORK times its size). For sharing out work only.
   */
  work?: number;
  /** Found in a directory, by a glob or in an archive (not named): skipped if its bytes are known not to be a log. */
  found?: boolean;
  /** A member of the zip archive at `path`. */
  member?: ZipMember;
  /** Why this source is not read (known not to be a log, not a regular file): it is listed as skipped. */
  skip?: string;
}

export interface Expansion {
  /** Sorted by display path; sources with a `skip` reason are listed, not read. */
  sources: Source[];
  errors: FileMessage[];
  /** Each named directory and glob, with the sources it found (also those another input found first). */
  searches: Search[];
}

/** A named directory or a glob, and what it found: finding no log in it is an error (see unsearchedErrors). */
export interface Search {
  input: string;
  sources: Source[];
}

/** A file this run reads as policy or writes (config, baseline, catalog, --write-baseline): not a log. */
export interface OwnFile {
  identity: FileIdentity;
  /** Why it is skipped when found: "the baseline of this run". */
  reason: string;
}

export interface OpenOptions {
  stdin: NodeJS.ReadableStream;
  /** Called with the bytes read from disk (compressed), for progress. */
  onRead?(bytes: number): void;
}

export interface SourceOutcome {
  warning: string | null;
  error: string | null;
  /** Why the source was not read after all (its first bytes are known not to be a log's). */
  skipped: string | null;
}

/**
 * Gives the next chunk of a byte stream, or null at its end. A file's chunk lives in a buffer that
 * is read into again two pulls later (see FileChunks): whoever keeps bytes longer copies them.
 */
export type Pull = () => Promise<Buffer | null>;

