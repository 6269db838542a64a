// Live stage, what a watch follows: each input as a root (a directory, a glob or a file) that says
// which paths it wants and how they are shown, by the input stage's rules, so that a watch follows
// the files a scan of the same inputs reads (the same globs, dot files and not-a-log names); and
// the files the roots hold at start, listed by the scan's own expansion.

import { stat } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import picomatch from 'picomatch';
import { isDynamicPattern } from 'tinyglobby';
import { expandInputs, GLOB_OPTIONS, NO_MATCHES, wantedInDirectory, type OwnFile } from '../input/index.js';
import type { FileMessage, SkippedFile } from '../types.js';

export interface Root {
  /** The directory chokidar watches. */
  dir: string;
  /** Whether a path under it is followed. */
  wants: (absolutePath: string) => boolean;
  /** How a followed path is shown (as a scan's expansion shows it). */
  display: (absolutePath: string) => string;
  /** How deep chokidar looks below `dir` (undefined: all the way). */
  depth?: number;
  /** The one file a root for a named file wants. */
  only?: string;
}

/** The root of one input; `missing`: a named file that is not there (yet). */
export async function rootOf(input: string, cwd: string): Promise<{ root: Root; missing: boolean }> {
  const absolute = resolve(cwd, input);
  const info = await stat(absolute).catch(() => null);
  if (info?.isDirectory()) {
    return {
      root: { dir: absolute, wants: (p) => p.startsWith(absolute + sep) && wantedInDirectory(p), display: (p) => join(input, relative(absolute, p)) },
      missing: false,
    };
  }
  if (!info && isDynamicPattern(input)) {
    const scan = picomatch.scan(input);
    const matches = picomatch(isAbsolute(input) ? input : resolve(cwd, input), GLOB_OPTIONS);
    const keepDotSlash = input.startsWith('./');
    return {
      root: {
        dir: resolve(cwd, scan.base || '.'),
        wants: matches,
        display: (p) => (isAbsolute(input) ? p : (keepDotSlash ? './' : '') + relative(cwd, p)),
        depth: scan.glob.includes('**') ? undefined : scan.glob.split('/').length - 1,
      },
      missing: false,
    };
  }
  // A file (or one that does not exist yet): its directory is watched for it.
  return { root: { dir: dirname(absolute), wants: (p) => p === absolute, display: () => input, depth: 0, only: absolute }, missing: !info };
}

export interface InitialFiles {
  files: Array<{ path: string; display: string }>;
  /** Zip archives found: their members are not followed live. */
  archives: string[];
  /** Files found that are not logs, or are this run's own. */
  skipped: SkippedFile[];
  /** Paths the listing could not look at (a directory without permission, say). */
  errors: FileMessage[];
}

/**
 * The files the roots hold now. A directory's and a glob's are listed by the scan's expansion
 * (input stage); a named path is followed whatever it is now (a FIFO is reported once, and read
 * once it becomes a file; a missing file once it appears).
 */
export async function initialFiles(inputs: readonly string[], roots: readonly Root[], cwd: string, ownFiles: readonly OwnFile[]): Promise<InitialFiles> {
  const out: InitialFiles = { files: [], archives: [], skipped: [], errors: [] };
  const searched = inputs.filter((_, i) => roots[i].only === undefined);
  for (const [i, input] of inputs.entries()) {
    const only = roots[i].only;
    if (only !== undefined && (await stat(only).catch(() => null))) out.files.push({ path: only, display: input });
  }
  if (searched.length === 0) return out;
  const expansion = await expandInputs(searched, null, { ownFiles });
  const archives = new Set<string>();
  for (const source of expansion.sources) {
    if (source.member) archives.add(source.display.slice(0, source.display.lastIndexOf('!' + source.member.name)));
    else if (source.skip) out.skipped.push({ file: source.display, reason: source.skip });
    else if (source.path !== null) out.files.push({ path: resolve(cwd, source.path), display: source.display });
  }
  out.archives = [...archives];
  // A glob that matches nothing yet is no error for a watch: it waits for files to appear.
  out.errors = expansion.errors.filter((e) => e.message !== NO_MATCHES);
  return out;
}
