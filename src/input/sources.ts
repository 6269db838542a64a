// Sources stage: expands inputs (files, directories, globs, zip archives, '-') into an ordered list
// of sources, and reads one as decoded byte chunks: a zip member inflated, gzip (by its magic
// bytes) inflated, UTF-16 (by its byte-order mark) transcoded to UTF-8.
//
// What is not a log is listed, not read: in a directory, a glob's matches or an archive, files
// known by name or by their first bytes to be something else (trace .index files, images,
// executables, archives of other types) are sources with a `skip` reason. A file named on the
// command line is always read, except the file this run writes its output to: found, it is
// skipped; named, it is an error (as grep says, "input file is also the output").

import { constants as fsConstants } from 'node:fs';
import { readdir, stat, type FileHandle } from 'node:fs/promises';
import type { Stats } from 'node:fs';
import { basename, isAbsolute, join } from 'node:path';
import type { Readable } from 'node:stream';
import { crc32, createGunzip, createInflateRaw, type Gunzip, type InflateRaw } from 'node:zlib';
import { isZipMagic, listZip, openZipMember, ZipError, type ZipMember } from './zip.js';
import { describeError } from '../errors.js';
import { describeSpecial, fileCalls, openRegularFile, SMALL_FILE, smallFileChunks, synchronousFileCalls, turnDue } from './file-calls.js';
import { GZIP_WORK, isGzipMagic } from '../batch/parallel/prewarm.js';
import { isSameFile, type FileIdentity, type FileMessage } from '../types.js';

export { describeError };

export const STDIN_NAME = '<stdin>';
/** Large reads: the scan is faster than the disk's small-read overhead (PERF-NOTES: gunzip too). */
const CHUNK = 1 << 20;
/** Opening without blocking: a file swapped for a FIFO after it was listed gives EAGAIN, not a hang. */
const READ_FLAGS = fsConstants.O_RDONLY | fsConstants.O_NONBLOCK;

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

/** What is never read: the output file of this run. */
const OUTPUT_SKIP = 'the output of this run';
export const OUTPUT_ERROR = 'input file is also the output: it is not read';

export interface ExpandOptions {
  /** The regular file this run writes to (standard output or --output): never read. */
  output?: FileIdentity | null;
  /** Files the run reads as policy or writes besides its output: skipped when found in a directory or by a glob. */
  ownFiles?: readonly OwnFile[];
  /** Standard input's file, when it is a regular file: not read when it is the output. */
  stdinFile?: FileIdentity | null;
}

/** Expands inputs; the result is sorted by display path and holds each real file (and member) once. */
export async function expandInputs(
  inputs: readonly string[],
  stdin: NodeJS.ReadableStream | null,
  { output = null, ownFiles = [], stdinFile = null }: ExpandOptions = {},
): Promise<Expansion> {
  const sources: Source[] = [];
  const errors: FileMessage[] = [];
  const searches: Search[] = [];
  /** Real path -> the sources it gave (a zip gives many): a file named twice is read once. */
  const seen = new Map<string, Source[]>();
  const fail = (file: string, error: unknown): void => {
    errors.push({ file, message: describeFailure(error) });
  };

  /** A regular file: a zip archive gives its members, anything else one source. */
  const add = async (display: string, path: string, facts: FileFacts, found: boolean, search: Search | null): Promise<void> => {
    const known = seen.get(facts.real);
    if (known) {
      for (const source of known) search?.sources.push(source); // a zip may give 100,000 members
      return;
    }
    const given: Source[] = [];
    seen.set(facts.real, given);
    const push = (source: Source): void => {
      sources.push(source);
      given.push(source);
      search?.sources.push(source);
    };
    const { mtimeMs, size } = facts.info;
    if (isSameFile(facts.info, output)) {
      if (found) push({ display, path, mtimeMs, size, found, skip: OUTPUT_SKIP });
      else errors.push({ file: display, message: OUTPUT_ERROR });
      return;
    }
    const own = found ? ownFiles.find((f) => isSameFile(facts.info, f.identity)) : undefined;
    const skip = own?.reason ?? facts.skip;
    if (skip) {
      push({ display, path, mtimeMs, size, found, skip });
      return;
    }
    try {
      if (!facts.zip()) {
        push({ display, path, mtimeMs, size, found, ...(facts.gzip && { work: size * GZIP_WORK }) });
        return;
      }
      for (const member of await listZip(path)) {
        const skip = skipReasonByName(member.name) ?? undefined;
        const { compressedSize, uncompressedSize } = member.record;
        push({ display: `${display}!${member.name}`, path, mtimeMs: member.mtimeMs, size: compressedSize, work: Math.max(compressedSize, uncompressedSize), found: true, member, skip });
      }
    } catch (error) {
      fail(display, error);
    }
  };

  /**
   * A path named by the user (found: false) or found in a directory or by a glob. `visited` holds
   * the real paths of the directories above it: a symbolic link back up is not followed. `facts`:
   * gathered already (a directory gathers its entries' at once, see below).
   */
  const visit = async (display: string, path: string, found: boolean, visited: ReadonlySet<string>, search: Search | null, facts?: PathFacts): Promise<void> => {
    const { info, real, zip, gzip, skip } = facts ?? (await gatherFacts(path, found));
    if (info instanceof Error) {
      fail(display, info);
      return;
    }
    if (info.isDirectory()) {
      if (visited.has(real)) return; // a symbolic link loop
      let names: string[];
      try {
        names = (await readdir(path)).sort();
      } catch (error) {
        fail(display, error);
        return;
      }
      if (!search) searches.push((search = { input: display, sources: [] }));
      const inside = new Set(visited).add(real);
      // The facts of the next LISTING_AHEAD entries are asked for while one is taken: one after the
      // other, thousands of small files took a third of a millisecond each. They are taken in
      // order, so the listing and its errors do not depend on which answer came first.
      const gather = (i: number): Promise<PathFacts> | undefined => (i < names.length ? gatherFacts(join(path, names[i]), true) : undefined);
      const ahead = Array.from({ length: LISTING_AHEAD }, (_, i) => gather(i));
      for (let i = 0; i < names.length; i++) {
        const facts = await ahead[i % LISTING_AHEAD]!;
        ahead[i % LISTING_AHEAD] = gather(i + LISTING_AHEAD);
        await visit(join(display, names[i]), join(path, names[i]), true, inside, search, facts);
      }
    } else if (info.isFile()) {
      await add(display, path, { info, real, zip, gzip, skip }, found, search);
    } else if (found) {
      // Listed, never opened: a FIFO would wait for a writer, a device may never end.
      const special: Source = { display, path, mtimeMs: info.mtimeMs, found, skip: describeSpecial(info) };
      sources.push(special);
      search?.sources.push(special);
    } else {
      errors.push({ file: display, message: `${describeSpecial(info)}: it is not read` });
    }
  };

  for (const input of inputs) {
    if (input === '-') {
      if (!seen.has(STDIN_NAME) && stdin) {
        // `< out.log >> out.log` would read its own hit events back, without end.
        if (stdinFile !== null && isSameFile(stdinFile, output)) errors.push({ file: STDIN_NAME, message: OUTPUT_ERROR });
        else sources.push({ display: STDIN_NAME, path: null, mtimeMs: null });
      }
      seen.set(STDIN_NAME, []);
      continue;
    }
    const exists = await stat(input).then(
      () => true,
      () => false,
    );
    if (!exists) {
      // Not a path: perhaps a glob. tinyglobby is loaded only then.
      const { glob, isDynamicPattern } = await import('tinyglobby');
      if (isDynamicPattern(input)) {
        // Paths come back as a shell would give them: absolute for an absolute pattern, and keeping
        // a leading "./". A match is treated as a file found in a directory.
        const absolute = isAbsolute(input);
        const prefix = !absolute && input.startsWith('./') ? './' : '';
        const found = await glob(input, { onlyFiles: true, followSymbolicLinks: true, expandDirectories: false, absolute });
        const matches = found.map((path) => prefix + path).sort(compareStrings);
        if (matches.length === 0) {
          errors.push({ file: input, message: 'no files match this pattern' });
          continue;
        }
        const search: Search = { input, sources: [] };
        searches.push(search);
        for (const match of matches) await visit(match, match, true, new Set(), search);
        continue;
      }
    }
    await visit(input, input, false, new Set(), null);
  }
  sources.sort((a, b) => compareStrings(a.display, b.display));
  return { sources, errors, searches };
}

/** The message of a named directory or glob in which no log was found. */
export const NO_LOGS_FOUND = 'no logs found';

/**
 * A named directory or a glob that found no log (empty, or only files known not to be logs, some
 * of them known only once read): a CI step must not pass having checked nothing.
 */
export function unsearchedErrors(searches: readonly Search[], skippedOnReading: ReadonlySet<string>): FileMessage[] {
  const empty = searches.filter((search) => search.sources.every((source) => source.skip !== undefined || skippedOnReading.has(source.display)));
  return [...new Set(empty.map((search) => search.input))].map((file) => ({ file, message: NO_LOGS_FOUND }));
}

export const compareStrings = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** One line for a file system error or an archive's problem. */
const describeFailure = (error: unknown): string => (error instanceof ZipError ? error.message : describeError(error as NodeJS.ErrnoException));

/** Entries of a directory whose facts are asked for ahead of the one taken (a bounded window). */
const LISTING_AHEAD = 16;

/**
 * What the listing needs to know of a path: its stat (or why it has none), its real path (for
 * links to the same file, and loops), and for a file to read whether it is a zip archive (its
 * first bytes; an error there is reported when the file is added) or why it is skipped by name.
 */
interface PathFacts {
  info: Stats | Error;
  real: string;
  zip: () => boolean;
  /** Its first bytes are a gzip's. */
  gzip?: boolean;
  skip?: string;
}
type FileFacts = PathFacts & { info: Stats };

/** A path's facts, by file-calls.ts's calls: synchronous ones while the file system answers fast. */
async function gatherFacts(path: string, found: boolean): Promise<PathFacts> {
  await turnDue();
  const calls = fileCalls();
  let info: Stats;
  try {
    info = await calls.stat(path);
  } catch (error) {
    return { info: error as Error, real: path, zip: () => false };
  }
  let real = path;
  if (info.isDirectory() || info.isFile()) {
    try {
      real = await calls.realpath(path);
    } catch {
      // Gone since, or not allowed: its own name then.
    }
  }
  const skip = found && info.isFile() ? (skipReasonByName(path) ?? undefined) : undefined;
  if (!info.isFile() || skip) return { info, real, zip: () => false, skip };
  try {
    const head = await calls.head(path, READ_FLAGS, 4);
    return { info, real, zip: () => isZipMagic(head), gzip: isGzipMagic(head) };
  } catch (error) {
    return {
      info,
      real,
      zip: () => {
        throw error;
      },
    };
  }
}

// ---------------------------------------------------------------------------------------------
// What is not a log
// ---------------------------------------------------------------------------------------------

const NOT_A_LOG_BY_NAME: ReadonlyArray<readonly [RegExp, string]> = [
  [/^\.cti-logscan\.json$/, 'a cti-logscan config file'],
  [/\.index$/i, 'a trace index'],
  [/\.(png|jpe?g|gif|bmp|ico|tiff?|webp|svg|heic)$/i, 'an image'],
  [/\.(exe|dll|so|dylib|msi|class|jar|war|ear|apk|pyc|o|obj)$/i, 'an executable or library'],
  [/\.(7z|rar|tar|tgz|tbz2?|txz|tar\.(gz|bz2|xz|zst)|bz2|xz|zst|lz4?|lzma|cab|iso|dmg|rpm|deb|cpio)$/i, 'an archive of a type that is not read'],
];

/**
 * Why a file found in a directory, by a glob or in an archive is not read, judged by its name; null
 * for a possible log. A rotation suffix is looked through: `app.log.1` is a log, `libx.so.1` is not.
 */
export function skipReasonByName(path: string): string | null {
  const name = basename(path).replace(/(\.\d+)+$/, '');
  for (const [pattern, what] of NOT_A_LOG_BY_NAME) {
    const m = pattern.exec(name);
    if (m) return `not a log: ${what} (${m[0].toLowerCase()})`;
  }
  return null;
}

const startsWith =
  (...bytes: number[]) =>
  (head: Buffer): boolean =>
    head.length >= bytes.length && bytes.every((b, i) => head[i] === b);
const hasText = (at: number, text: string) => (head: Buffer) => head.length >= at + text.length && head.toString('latin1', at, at + text.length) === text;

/** A Windows executable: "MZ", and the PE signature where the DOS header points. */
function isPortableExecutable(head: Buffer): boolean {
  if (head.length < 64 || head[0] !== 0x4d || head[1] !== 0x5a) return false;
  const pe = head.readUInt32LE(0x3c);
  return pe + 4 <= head.length && head.readUInt32BE(pe) === 0x50450000;
}

/** The first bytes of a JSON report (--format json, --write-baseline) and of an ndjson event stream. */
const CTI_LOGSCAN_REPORT = /^\s*\{\s*"schemaVersion"\s*:\s*\d+\s*,\s*"tool"\s*:\s*\{\s*"name"\s*:\s*"cti-logscan"/;
const CTI_LOGSCAN_EVENTS = /^\{"type":"(?:hit|summary|ready|rotated|truncated)"/;

/** Bytes looked at to recognise what a found file is (tar's signature sits at 257). */
const SNIFF = 512;
const NOT_A_LOG_BY_CONTENT: ReadonlyArray<readonly [(head: Buffer) => boolean, string]> = [
  [startsWith(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a), 'an image (PNG)'],
  [startsWith(0xff, 0xd8, 0xff), 'an image (JPEG)'],
  [(h) => hasText(0, 'GIF87a')(h) || hasText(0, 'GIF89a')(h), 'an image (GIF)'],
  [(h) => hasText(0, 'II*\0')(h) || hasText(0, 'MM\0*')(h), 'an image (TIFF)'],
  [(h) => hasText(0, 'RIFF')(h) && hasText(8, 'WEBP')(h), 'an image (WebP)'],
  [startsWith(0x7f, 0x45, 0x4c, 0x46), 'an executable (ELF)'],
  [isPortableExecutable, 'an executable (Windows PE)'],
  [(h) => h.length >= 4 && [0xfeedface, 0xfeedfacf, 0xcefaedfe, 0xcffaedfe].includes(h.readUInt32BE(0)), 'an executable (Mach-O)'],
  [startsWith(0xca, 0xfe, 0xba, 0xbe), 'an executable (Java class or Mach-O)'],
  [startsWith(0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c), 'an archive of a type that is not read (7z)'],
  [hasText(0, 'Rar!\x1a\x07'), 'an archive of a type that is not read (RAR)'],
  [startsWith(0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00), 'an archive of a type that is not read (xz)'],
  [(h) => /^BZh[1-9]1AY&SY/.test(h.toString('latin1', 0, 10)), 'an archive of a type that is not read (bzip2)'],
  [startsWith(0x28, 0xb5, 0x2f, 0xfd), 'an archive of a type that is not read (zstd)'],
  [hasText(257, 'ustar'), 'an archive of a type that is not read (tar)'],
  [isZipMagic, 'a zip inside an archive or a gzip (extract the outer one first)'],
  // What this tool writes: counted again, every hit would count twice (a report kept beside the logs).
  [(h) => CTI_LOGSCAN_REPORT.test(h.toString('latin1')), 'a cti-logscan report'],
  [(h) => CTI_LOGSCAN_EVENTS.test(h.toString('latin1')), 'cti-logscan events (ndjson)'],
];

/** Why a found file is not read, judged by its first (decompressed) bytes; null for a possible log. */
export function skipReasonByContent(head: Buffer): string | null {
  for (const [test, what] of NOT_A_LOG_BY_CONTENT) if (test(head)) return `not a log: ${what}`;
  return null;
}

// ---------------------------------------------------------------------------------------------
// Reading one source
// ---------------------------------------------------------------------------------------------

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
type Pull = () => Promise<Buffer | null>;

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

/** Where an inflater is fed in small pieces: from byte `from` of its input, `size` bytes a write. */
interface FineFeed {
  from: number;
  size: number;
}
type InflateKind = 'gzip' | 'deflate';
type Plan = Map<InflateKind, FineFeed>;

/** Compressed bytes a write: the output lost with a failing write is at most what these inflate to. */
const PIECE = 64 * 1024;
/** Inflated bytes waiting to be scanned before writing pauses: memory stays bounded. */
const OUTPUT_AHEAD = 4 * CHUNK;
/** Each replay after damage feeds the failing piece in pieces this many times smaller (64 KiB, 256, 1). */
const REFINE = 256;
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
  let head = await peek(pull, source.found ? SNIFF : 4);
  pull = head.pull;
  let inArchive = source.member !== undefined;
  if (isGzipMagic(head.bytes)) {
    stdinCopy?.keep();
    // zlib checks a member's header itself; these are the bytes whose damage it reports as a
    // header error, so a header error after a sound first header is bytes after the last member.
    const soundHeader = head.bytes.length >= 4 && head.bytes[2] === 8 && (head.bytes[3] & 0xe0) === 0;
    const gunzip = new Inflater('gzip', pull, plan.get('gzip'), soundHeader);
    closers.push(() => gunzip.close());
    head = await peek(gunzip.pull, source.found ? SNIFF : 4);
    pull = head.pull;
    inArchive = true;
  }
  stdinCopy?.drop();
  if (source.found) {
    const reason = skipReasonByContent(head.bytes);
    if (reason) return reason;
  }
  if (!inArchive && source.path === null && isZipMagic(head.bytes)) {
    throw new ZipError('a zip archive on standard input cannot be read (zip is read from its end): name the file instead');
  }
  const b = head.bytes;
  if (b[0] === 0xff && b[1] === 0xfe) return transcode(pull, 'utf-16le');
  if (b[0] === 0xfe && b[1] === 0xff) return transcode(pull, 'utf-16be');
  // A UTF-8 byte-order mark would hide a first line's timestamp (an SDL FileHead's date).
  if (b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) head.drop(3);
  return pull;
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

/** zlib's messages for a member header it cannot read. */
const HEADER_ERRORS = /^(incorrect header check|unknown compression method|unknown header flags set)$/;

class InflateError extends Error {
  constructor(
    readonly kind: InflateKind,
    /** Start of the failing piece in the inflater's input. */
    readonly offset: number,
    /** Length of the failing piece: 1 when the damage is known to the byte; 0 at the end of the input. */
    readonly pieceSize: number,
    readonly zlibError: NodeJS.ErrnoException,
    /** The first member's header was sound (gzip). */
    readonly soundHeader: boolean,
  ) {
    super(zlibError.message);
  }
}

/** CUCM's trace being written: a gzip stream that has no trailer yet, by design. */
const OPEN_TRACE = /\.gzo$/i;

function describeInflateError(e: InflateError, source: Source): SourceOutcome {
  const what = e.kind === 'gzip' ? 'gzip' : 'zip member';
  if (e.zlibError.code === 'Z_BUF_ERROR') {
    if (e.kind !== 'gzip') return { warning: null, error: 'the zip member ends before its compressed data does: a damaged archive', skipped: null };
    // Only an open .gzo (or standard input, which may be one) is still being written; any other
    // gzip that stops short was cut off, an interrupted download say: a CI step must not pass on half a file.
    if (source.path === null || OPEN_TRACE.test(source.display)) {
      return { warning: 'gzip stream ends without its trailer (a file still being written?): every line that inflated was scanned', error: null, skipped: null };
    }
    return { warning: null, error: 'gzip stream ends without its trailer: the file was cut off (an interrupted download or copy?); every line that inflated was scanned', skipped: null };
  }
  if (e.kind === 'gzip' && e.soundHeader && HEADER_ERRORS.test(e.zlibError.message)) {
    return { warning: 'bytes after the last gzip member are not gzip data: ignored (every member before them was scanned)', error: null, skipped: null };
  }
  const where = e.pieceSize === 1 ? `at byte ${e.offset}` : `in bytes ${e.offset}-${e.offset + e.pieceSize - 1}`;
  return { warning: null, error: `corrupt ${what} data (${e.zlibError.message}) ${where} of the compressed stream`, skipped: null };
}

/**
 * zlib inflate (gzip with all its members, or raw deflate) as a Pull. Input is written `PIECE`
 * bytes at a time (or as `fine` says), two writes ahead, while this thread scans earlier output:
 * inflate runs on the thread pool. Output is taken from 'data' events (a stream's async iterator
 * drops what it holds when the stream fails) and at most OUTPUT_AHEAD bytes of it wait.
 */
class Inflater {
  private readonly zlib: Gunzip | InflateRaw;
  private readonly queue: Buffer[] = [];
  private queued = 0;
  private ended = false;
  private failure: InflateError | null = null;
  private readFailure: unknown = null;
  private input: Buffer = Buffer.alloc(0);
  private inputEnded = false;
  /** Input bytes whose writes completed. */
  private offset = 0;
  /** Sizes of the writes not completed yet, oldest first: a failure is in the first. */
  private readonly writing: number[] = [];
  private wakePump: (() => void) | null = null;
  private wakeReader: (() => void) | null = null;

  constructor(
    kind: InflateKind,
    private readonly source: Pull,
    private readonly fine: FineFeed | undefined,
    soundHeader: boolean,
  ) {
    const options = { chunkSize: CHUNK };
    this.zlib = kind === 'gzip' ? createGunzip(options) : createInflateRaw(options);
    this.zlib.on('data', (chunk: Buffer) => {
      this.queue.push(chunk);
      this.queued += chunk.length;
      this.wake();
    });
    // A stream fails once; a later error (none is expected) must not go unhandled.
    this.zlib.on('error', () => {});
    this.zlib.once('error', (error: NodeJS.ErrnoException) => {
      // The failing write is the oldest not completed (none: the end of the input).
      this.failure = new InflateError(kind, this.offset, this.writing[0] ?? 0, error, soundHeader);
      this.wake();
    });
    this.zlib.on('end', () => {
      this.ended = true;
      this.wake();
    });
    void this.pump();
  }

  readonly pull = async (): Promise<Buffer | null> => {
    for (;;) {
      const chunk = this.queue.shift();
      if (chunk) {
        this.queued -= chunk.length;
        this.wake();
        return chunk;
      }
      if (this.readFailure) throw this.readFailure;
      if (this.failure) throw this.failure;
      if (this.ended) return null;
      await new Promise<void>((resolve) => (this.wakeReader = resolve));
    }
  };

  close(): void {
    this.zlib.destroy();
    this.wake();
  }

  private wake(): void {
    const pump = this.wakePump;
    const reader = this.wakeReader;
    this.wakePump = this.wakeReader = null;
    pump?.();
    reader?.();
  }

  private get stopped(): boolean {
    return this.failure !== null || this.ended || this.zlib.destroyed;
  }

  /** Writes the input into zlib, two writes ahead, while little output waits. */
  private async pump(): Promise<void> {
    try {
      while (!this.stopped) {
        if (this.writing.length >= 2 || this.queued >= OUTPUT_AHEAD) {
          await new Promise<void>((resolve) => (this.wakePump = resolve));
          continue;
        }
        const piece = await this.take();
        // The stream may have ended (raw deflate stops at its final block) or failed meanwhile.
        if (this.stopped) return;
        if (!piece) {
          this.zlib.end();
          return;
        }
        this.writing.push(piece.length);
        this.zlib.write(piece, () => {
          this.offset += this.writing.shift()!;
          this.wake();
        });
      }
    } catch (error) {
      this.readFailure = error;
      this.wake();
    }
  }

  /** The next piece of input: PIECE bytes, or `fine.size` from `fine.from` on; null at the end. */
  private async take(): Promise<Buffer | null> {
    const at = this.offset + this.writing.reduce((a, b) => a + b, 0);
    let size = PIECE;
    if (this.fine) size = at >= this.fine.from ? this.fine.size : Math.min(PIECE, this.fine.from - at);
    while (this.input.length === 0 && !this.inputEnded) {
      const chunk = await this.source();
      if (chunk) this.input = chunk;
      else this.inputEnded = true;
    }
    if (this.input.length === 0) return null;
    const piece = this.input.subarray(0, size);
    this.input = this.input.subarray(piece.length);
    return piece;
  }
}
