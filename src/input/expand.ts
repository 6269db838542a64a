// Input stage, listing: expands inputs (files, directories, globs, zip archives, '-') into an
// ordered list of sources, each real file (and member) once. What is not a log is listed with a
// reason, not read (not-a-log.ts); so are this run's own files (its output, config, baseline,
// catalog) when found. A file named on the command line is always read, except the output file
// (as grep says, "input file is also the output").

import { statSync, type Stats } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { compareStrings, isSameFile, type FileIdentity, type FileMessage } from '../types.js';
import { GZIP_WORK, isGzipMagic } from './magic.js';
import { describeSpecial, fileCalls, turnDue } from './file-calls.js';
import { skipReasonByName } from './not-a-log.js';
import { describeFailure, READ_FLAGS } from './read-source.js';
import { STDIN_NAME, type Expansion, type OwnFile, type Search, type Source } from './types.js';
import { isZipMagic, listZip } from './zip.js';

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
        const found = await glob(input, { ...GLOB_OPTIONS, onlyFiles: true, followSymbolicLinks: true, expandDirectories: false, absolute });
        const matches = found.map((path) => prefix + path).sort(compareStrings);
        if (matches.length === 0) {
          errors.push({ file: input, message: NO_MATCHES });
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

/**
 * How globs match, for a scan's expansion and for watch's files that appear later: as a shell
 * does, a `*` does not match a name that begins with a dot (`dir/*` leaves `dir/.hidden.log`).
 */
export const GLOB_OPTIONS = { dot: false } as const;

/**
 * Whether a file that appears in a followed directory (watch) is one a scan of that directory
 * would read, judged by its name: every file below it but those known not to be logs. Its first
 * bytes are judged when it is opened.
 */
export const wantedInDirectory = (path: string): boolean => skipReasonByName(path) === null;

/** The run's own files that exist, by identity: a directory or glob that holds them does not read them. */
export function identifyOwnFiles(files: ReadonlyArray<{ path: string; reason: string }>): OwnFile[] {
  return files.flatMap(({ path, reason }) => {
    try {
      const { dev, ino } = statSync(path);
      return [{ identity: { dev, ino }, reason }];
    } catch {
      return []; // not there (yet): it cannot be found either
    }
  });
}

/** The message of a glob that matches nothing. */
export const NO_MATCHES = 'no files match this pattern';

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
