// Watch stage (live): follows files with `tail -F` semantics. Takes inputs (files, directories,
// globs), a built matcher and the clock settings; gives hits as their lines are completed, and
// rotated / truncated events. chokidar (and a slow safety poll) only say that something may have
// changed; a small state machine per path decides what to read, from (device, inode, a fingerprint
// of the first bytes, offset), the way lnav does:
// - same file, size >= offset: read the new bytes (a partial last line waits in the line stage);
// - size < offset: truncated (copytruncate): start again at 0;
// - another inode, or other first bytes (a file replaced, an inode reused): rotated: the old file
//   is read to its end (and for a moment after, as writers close late), the new one from its start;
// - gone: the old file is read to its end; a file that comes back is new.
// Positions can be saved to a state file (written to a temporary file, then renamed) and resumed.

import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { open, readdir, rename, stat, writeFile, type FileHandle } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import chokidar, { type FSWatcher } from 'chokidar';
import pLimit from 'p-limit';
import picomatch from 'picomatch';
import { glob, isDynamicPattern } from 'tinyglobby';
import type { CatalogEntry } from './catalog.js';
import { describeError } from './errors.js';
import { LineScanner } from './lines.js';
import { compareStrings } from './sources.js';
import type { Matcher } from './matcher.js';
import { createLineClock } from './timestamps.js';
import { isSameFile, type FileIdentity, type Hit, type Timestamp } from './types.js';

/** Bytes of a file's beginning that identify it beyond its inode. */
const FINGERPRINT_BYTES = 256;
const READ_CHUNK = 1 << 20;
/** A rotated-away file is still read this long: writers often close it a moment after the rename. */
const DRAIN_MS = 1500;
/** The safety poll, for events lost or never sent (network shares). */
const SAFETY_POLL_MS = 1000;
/** chokidar's interval with --poll. */
const POLL_MS = 250;
/** Files kept open at once; others are opened for each read (and lose the rename-drain). */
const MAX_OPEN_FILES = 256;
/** File systems whose change events are unreliable: chokidar polls them. */
const NETWORK_FILESYSTEMS = new Set(['nfs', 'nfs4', 'cifs', 'smb3', 'smbfs', '9p', 'vboxsf', 'fuse.sshfs', 'afs', 'ceph', 'glusterfs', 'lustre']);

export interface WatchEvents {
  hit(hit: Hit): void;
  unknown(token: string, file: string, line: number, time: Timestamp | null): void;
  rotated(file: string): void;
  truncated(file: string): void;
  /** Something the user should know that is not an error (a saved position that no longer fits). */
  notice(file: string, message: string): void;
  /** A file that cannot be read: reported once per distinct problem, retried all the same. */
  error(file: string, message: string): void;
  bytesRead(bytes: number): void;
}

export interface WatchOptions {
  inputs: string[];
  cwd: string;
  matcher: Matcher;
  targets: readonly CatalogEntry[];
  tzOffsetMinutes: number | null;
  year: number | null;
  /** Read existing files from their start instead of their end. */
  fromStart: boolean;
  /** Where positions are saved and resumed from; null: not at all. */
  statePath: string | null;
  /** Poll with chokidar instead of file events (also chosen for network file systems). */
  poll: boolean;
  /** The regular file hits are printed to (standard output): never followed, or each hit would be read back as a new one. */
  output: FileIdentity | null;
  events: WatchEvents;
}

/** One file at a path: the open handle and what has been read of it. */
interface Generation {
  /** The path it is followed at (it moves with a rename into a followed path). */
  owner: Followed;
  handle: FileHandle | null;
  dev: number;
  ino: number;
  /** Bytes read (and given to the scanner). */
  offset: number;
  fingerprint: string;
  fingerprintLength: number;
  scanner: LineScanner;
  /** Hits are reported; false while replaying the file up to its starting position. */
  live: boolean;
  /** When it was rotated away (it is read a while longer). */
  rotatedAt: number;
}

/** A path followed: the generation there now, the rotated-away ones still draining. */
interface Followed {
  display: string;
  path: string;
  current: Generation | null;
  /** A generation was there before (a new one after it is a rotation). */
  seenBefore: boolean;
  draining: Generation[];
  /** Checks of a path run one at a time. */
  queue: Promise<void>;
  lastError: string | null;
  /** Another name of a file followed under that path. */
  aliasOf?: string;
  /** The path holds the watch's own output file (not followed). */
  isOutput?: boolean;
}

interface SavedPosition {
  file: string;
  path: string;
  dev: number;
  ino: number;
  offset: number;
  line: number;
  fingerprint: string;
  fingerprintLength: number;
}

interface Root {
  /** Directory chokidar watches. */
  dir: string;
  /** Whether a path under it is followed. */
  wants: (absolutePath: string) => boolean;
  /** How a followed path is shown. */
  display: (absolutePath: string) => string;
  /** How deep chokidar looks below `dir` (undefined: all the way). */
  depth?: number;
  /** The one file a root for a named file wants. */
  only?: string;
}

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

export class Watcher {
  private readonly followed = new Map<string, Followed>();
  private readonly roots: Root[] = [];
  private readonly saved = new Map<string, SavedPosition>();
  private resuming = false;
  private readonly watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | null = null;
  private openHandles = 0;
  private stopped = false;
  private stateDirty = false;
  private saving: Promise<void> = Promise.resolve();
  private liveBytes = 0;
  private liveLines = 0;

  constructor(private readonly options: WatchOptions) {}

  get followedCount(): number {
    return [...this.followed.values()].filter((f) => f.current !== null).length;
  }

  /** What was read live (after the starting positions), and the files that cannot be read now. */
  summary(): { files: number; bytes: number; lines: number; errors: Array<{ file: string; message: string }> } {
    const errors = [...this.followed.values()].filter((f) => f.lastError !== null).map((f) => ({ file: f.display, message: f.lastError! }));
    const files = [...this.followed.values()].filter((f) => !f.isOutput).length;
    return { files, bytes: this.liveBytes, lines: this.liveLines, errors };
  }

  /** Finds the files, takes their starting positions and starts following; resolves when ready. */
  async start(): Promise<void> {
    this.loadState();
    for (const input of this.options.inputs) await this.addRoot(input);
    // Starting positions: a few files at a time (each may be read through to its end).
    const limit = pLimit(4);
    const initial = await this.initialFiles();
    await Promise.all(initial.map(({ path, display }) => limit(() => this.follow(path, display, true))));
    const poll = this.options.poll || this.roots.some((r) => onNetworkFilesystem(r.dir));
    for (const root of this.roots) {
      // One watcher per root: a single file's directory is watched one level deep only.
      const watcher = chokidar.watch(root.dir, {
        ignoreInitial: true,
        persistent: true,
        followSymlinks: true,
        usePolling: poll,
        interval: POLL_MS,
        atomic: false,
        depth: root.depth,
      });
      watcher.on('all', (event, path) => {
        if (event === 'add' || event === 'change' || event === 'unlink') this.onEvent(resolve(this.options.cwd, path));
      });
      watcher.on('error', (error) => this.watchError(root, error as NodeJS.ErrnoException));
      this.watchers.push(watcher);
      await new Promise<void>((ready) => watcher.once('ready', () => ready()));
    }
    // Files that appeared while chokidar was starting.
    for (const { path, display } of await this.initialFiles()) if (!this.followed.has(path)) this.follow(path, display, false);
    this.timer = setInterval(() => this.checkAll(), SAFETY_POLL_MS);
  }

  /**
   * chokidar could not look at a path under a root: one line, as a scan words it, for a path the
   * root follows (a named file's directory and a glob's base hold other entries, none of the
   * user's business: a symbolic link loop beside the file, say).
   */
  private watchError(root: Root, error: NodeJS.ErrnoException): void {
    const at = typeof error.path === 'string' ? resolve(this.options.cwd, error.path) : root.dir;
    if (at !== root.dir && !root.wants(at)) return;
    this.options.events.error(at === root.dir ? root.dir : root.display(at), describeError(error));
  }

  /** Reads what is pending and lets go of every file (positions are saved by saveState). */
  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    await Promise.all(this.watchers.map((w) => w.close()));
    await this.checkAll();
    await this.saving.catch(() => {});
    for (const f of this.followed.values()) {
      for (const g of [f.current, ...f.draining]) await g?.handle?.close().catch(() => {});
    }
  }

  /** Saves positions now if anything was read since the last save. */
  async saveStateIfChanged(): Promise<void> {
    if (this.stateDirty) await this.saveState();
  }

  private onEvent(path: string): void {
    if (this.stopped) return;
    const known = this.followed.get(path);
    if (known) {
      void this.check(known);
      return;
    }
    const root = this.roots.find((r) => r.wants(path));
    if (root) void this.follow(path, root.display(path), false);
  }

  private async checkAll(): Promise<void> {
    await Promise.all([...this.followed.values()].map((f) => this.check(f)));
  }

  /** Starts following a path: at its end (or start) when found at start-up; from its start later. */
  private async follow(path: string, display: string, atStartup: boolean): Promise<void> {
    if (this.followed.has(path)) return;
    const f: Followed = { display, path, current: null, seenBefore: false, draining: [], queue: Promise.resolve(), lastError: null };
    this.followed.set(path, f);
    await this.enqueue(f, () => this.look(f, atStartup));
  }

  private check(f: Followed): Promise<void> {
    return this.enqueue(f, () => this.look(f, false));
  }

  private enqueue(f: Followed, task: () => Promise<void>): Promise<void> {
    f.queue = f.queue.then(task).catch((error: NodeJS.ErrnoException) => this.reportError(f, describeError(error)));
    return f.queue;
  }

  private reportError(f: Followed, message: string): void {
    if (f.lastError === message) return;
    f.lastError = message;
    this.options.events.error(f.display, message);
  }

  /** The state machine: what is at the path now, against what was read of it. */
  private async look(f: Followed, atStartup: boolean): Promise<void> {
    await this.drain(f);
    if (f.aliasOf) return; // the same file is followed at another path
    let info;
    try {
      info = await stat(f.path);
    } catch (error) {
      const e = error as NodeJS.ErrnoException;
      if (e.code === 'ENOENT') return this.vanished(f);
      return this.reportError(f, describeError(e));
    }
    if (!info.isFile()) return this.reportError(f, 'not a regular file');
    if (isSameFile(info, this.options.output)) return this.refuseOutput(f);
    f.isOutput = false;
    const g = f.current;
    if (g) {
      if (g.dev !== info.dev || g.ino !== info.ino || !(await this.sameBeginning(f, g, info.size))) {
        await this.rotate(f);
      } else if (info.size < g.offset) {
        // Truncated in place (copytruncate): its unfinished last line went with the old bytes.
        this.options.events.truncated(f.display);
        await this.release(g);
        f.current = await this.openGeneration(f, 0);
      }
    }
    if (!f.current) {
      const alias = [...this.followed.values()].find((o) => o !== f && o.current?.dev === info.dev && o.current?.ino === info.ino && stillAt(o.path, info));
      if (alias) {
        // Two names of one file (a symbolic or hard link): it is read once, under the first name.
        f.aliasOf = alias.path;
        return;
      }
      const rotatedIn = f.seenBefore;
      // A file renamed into a followed path is the same file: it goes on where it was.
      f.current = this.adopt(f, info) ?? (await this.openGeneration(f, atStartup ? this.startingPosition(f, info) : 0));
      if (rotatedIn) this.options.events.rotated(f.display);
    }
    f.seenBefore = true;
    f.lastError = null;
    await this.readNew(f, f.current);
  }

  /**
   * The path holds the file hits are printed to. Named, that is an error; found in a directory or
   * by a glob, a notice, once.
   */
  private refuseOutput(f: Followed): void {
    if (this.roots.some((r) => r.only === f.path)) return this.reportError(f, 'input file is also the output: it is not followed');
    if (!f.isOutput) this.options.events.notice(f.display, 'the output of this watch: it is not followed');
    f.isOutput = true;
  }

  /** Takes over a generation of the same file followed at another path (renamed here). */
  private adopt(f: Followed, info: { dev: number; ino: number }): Generation | null {
    for (const other of this.followed.values()) {
      if (other === f) continue;
      const same = (g: Generation | null): g is Generation => g !== null && g.dev === info.dev && g.ino === info.ino;
      let g: Generation | null = null;
      if (same(other.current) && !stillAt(other.path, info)) {
        g = other.current;
        other.current = null;
      } else {
        const i = other.draining.findIndex(same);
        if (i >= 0) g = other.draining.splice(i, 1)[0];
      }
      if (g) {
        g.owner = f;
        return g;
      }
    }
    return null;
  }

  /** Where a file found at start-up begins: a saved position, its end, or its start. */
  private startingPosition(f: Followed, info: { dev: number; ino: number; size: number }): number | 'end' {
    const saved = [...this.saved.values()].find((s) => s.dev === info.dev && s.ino === info.ino) ?? this.saved.get(f.path);
    if (saved) {
      const fits = saved.dev === info.dev && saved.ino === info.ino && saved.offset <= info.size && this.fingerprintOf(f.path, saved.fingerprintLength) === saved.fingerprint;
      if (fits) return saved.offset;
      this.options.events.notice(f.display, 'the saved position no longer fits (rotated or truncated while stopped): reading it from the start');
      return 0;
    }
    // A file the last run did not know appeared while it was stopped: all of it is new.
    if (this.resuming || this.options.fromStart) return 0;
    return 'end';
  }

  /**
   * Opens the file at the path as a new generation. Its bytes before `from` are read with hits
   * muted (for line numbers and the clock); everything after is live.
   */
  private async openGeneration(f: Followed, from: number | 'end'): Promise<Generation> {
    const handle = await open(f.path, 'r');
    const info = await handle.stat();
    const g: Generation = {
      owner: f,
      handle,
      dev: info.dev,
      ino: info.ino,
      offset: 0,
      fingerprint: '',
      fingerprintLength: 0,
      scanner: this.newScanner(info.mtimeMs, () => g),
      live: false,
      rotatedAt: 0,
    };
    this.openHandles++;
    const target = from === 'end' ? info.size : from;
    if (target > 0) await this.readUpTo(f, g, target);
    g.live = true;
    if (this.openHandles > MAX_OPEN_FILES) {
      await handle.close();
      this.openHandles--;
      g.handle = null;
    }
    return g;
  }

  private newScanner(mtimeMs: number, generation: () => Generation): LineScanner {
    const { events, targets } = this.options;
    return new LineScanner({
      matcher: this.options.matcher,
      clock: createLineClock({ tzOffsetMinutes: this.options.tzOffsetMinutes, year: this.options.year, mtimeMs }),
      wantText: true,
      events: {
        hit: (id, line, time, text) => {
          if (!generation().live) return;
          const entry = targets[id];
          events.hit({ code: entry.code, value: entry.value, file: generation().owner.display, line, time, text: text ?? '' });
        },
        unknown: (token, line, time) => {
          if (generation().live) events.unknown(token, generation().owner.display, line, time);
        },
      },
    });
  }

  /** Reads the generation from its offset to the end of the file. */
  private async readNew(f: Followed, g: Generation): Promise<void> {
    await this.readUpTo(f, g, Infinity);
  }

  private async readUpTo(f: Followed, g: Generation, limit: number): Promise<void> {
    await this.withHandle(f, g, async (handle) => {
      for (;;) {
        const want = Math.min(READ_CHUNK, limit - g.offset);
        if (want <= 0) break;
        const buffer = Buffer.allocUnsafe(want);
        const { bytesRead } = await handle.read(buffer, 0, want, g.offset);
        if (bytesRead === 0) break;
        g.offset += bytesRead;
        const linesBefore = g.scanner.completeLines;
        g.scanner.feed(buffer.subarray(0, bytesRead));
        if (g.live) {
          this.liveBytes += bytesRead;
          this.liveLines += g.scanner.completeLines - linesBefore;
          this.options.events.bytesRead(bytesRead);
        }
        this.stateDirty = true;
      }
      if (g.fingerprintLength < FINGERPRINT_BYTES && g.offset > g.fingerprintLength) {
        const length = Math.min(FINGERPRINT_BYTES, g.offset);
        const buffer = Buffer.alloc(length);
        const { bytesRead } = await handle.read(buffer, 0, length, 0);
        g.fingerprint = hash(buffer.subarray(0, bytesRead));
        g.fingerprintLength = bytesRead;
      }
    });
  }

  /** Runs `task` with the generation's handle, opening the path for it if it was not kept open. */
  private async withHandle(f: Followed, g: Generation, task: (handle: FileHandle) => Promise<void>): Promise<void> {
    if (g.handle) return task(g.handle);
    const handle = await open(f.path, 'r');
    try {
      const info = await handle.stat();
      if (info.dev === g.dev && info.ino === g.ino) await task(handle);
    } finally {
      await handle.close();
    }
  }

  /** Whether the file still begins with the bytes it began with (an inode can be reused). */
  private async sameBeginning(f: Followed, g: Generation, size: number): Promise<boolean> {
    if (g.fingerprintLength === 0) return true;
    if (size < g.fingerprintLength) return true; // shorter than its old beginning: truncated, not replaced
    let same = true;
    await this.withHandle(f, g, async (handle) => {
      const buffer = Buffer.alloc(g.fingerprintLength);
      const { bytesRead } = await handle.read(buffer, 0, g.fingerprintLength, 0);
      same = hash(buffer.subarray(0, bytesRead)) === g.fingerprint;
    });
    return same;
  }

  private fingerprintOf(path: string, length: number): string {
    let fd = -1;
    try {
      fd = openSync(path, 'r');
      const buffer = Buffer.alloc(length);
      return hash(buffer.subarray(0, readSync(fd, buffer, 0, length, 0)));
    } catch {
      return '';
    } finally {
      if (fd >= 0) closeSync(fd);
    }
  }

  /** Closes a generation's handle, if it kept one. */
  private async release(g: Generation): Promise<void> {
    if (!g.handle) return;
    await g.handle.close().catch(() => {});
    g.handle = null;
    this.openHandles--;
  }

  /** Another file is at the path now: the old one is read to its end, then a while longer. */
  private async rotate(f: Followed): Promise<void> {
    const old = f.current!;
    f.current = null;
    await this.readNew(f, old);
    if (old.handle) {
      old.rotatedAt = Date.now();
      f.draining.push(old);
    } else {
      old.scanner.end();
    }
  }

  /** The path is gone (deleted, or renamed away): its file is read to its end. */
  private async vanished(f: Followed): Promise<void> {
    if (f.current) await this.rotate(f);
  }

  /** Reads rotated-away files that may still be written to; lets go of them after DRAIN_MS. */
  private async drain(f: Followed): Promise<void> {
    for (const g of [...f.draining]) {
      if (!g.handle) continue;
      const before = g.offset;
      const info = await g.handle.stat();
      if (info.size > g.offset) await this.readUpTo(f, g, Infinity);
      if (g.offset === before && Date.now() - g.rotatedAt > DRAIN_MS && !this.stopped) {
        // Done: a last line without its newline will never get one now.
        g.scanner.end();
        await this.release(g);
        f.draining.splice(f.draining.indexOf(g), 1);
      }
    }
  }

  private async addRoot(input: string): Promise<void> {
    const { cwd } = this.options;
    const absolute = resolve(cwd, input);
    const info = await stat(absolute).catch(() => null);
    if (info?.isDirectory()) {
      this.roots.push({
        dir: absolute,
        wants: (p) => p.startsWith(`${absolute}/`),
        display: (p) => join(input, relative(absolute, p)),
      });
    } else if (!info && isDynamicPattern(input)) {
      const scan = picomatch.scan(input);
      const base = resolve(cwd, scan.base || '.');
      const matches = picomatch(isAbsolute(input) ? input : resolve(cwd, input), { dot: true });
      const keepDotSlash = input.startsWith('./');
      this.roots.push({
        dir: base,
        wants: matches,
        display: (p) => (isAbsolute(input) ? p : (keepDotSlash ? './' : '') + relative(cwd, p)),
        depth: scan.glob.includes('**') ? undefined : scan.glob.split('/').length - 1,
      });
    } else {
      // A file (or one that does not exist yet): its directory is watched for it.
      this.roots.push({ dir: dirname(absolute), wants: (p) => p === absolute, display: () => input, depth: 0, only: absolute });
      if (!info) this.options.events.notice(input, 'does not exist (yet): it will be followed when it appears');
    }
  }

  /** The files the roots hold now. */
  private async initialFiles(): Promise<Array<{ path: string; display: string }>> {
    const out: Array<{ path: string; display: string }> = [];
    for (const root of this.roots) {
      const paths = root.only ? [root.only] : await listFiles(root.dir, root.depth ?? Infinity);
      for (const path of paths) {
        const info = await stat(path).catch(() => null);
        // A named path that is not a regular file (a FIFO, say) is followed all the same: the
        // problem is reported once, and it is read once it becomes a file.
        if (root.wants(path) && (info?.isFile() || (root.only && info))) out.push({ path, display: root.display(path) });
      }
    }
    return out;
  }

  private loadState(): void {
    const path = this.options.statePath;
    if (path === null) return;
    let text: string;
    try {
      text = readFileSync(path, 'utf8');
    } catch {
      return; // no saved positions yet
    }
    try {
      const data = JSON.parse(text) as { version: number; files: SavedPosition[] };
      if (data.version !== 1 || !Array.isArray(data.files)) throw new Error('not a cti-logscan state file');
      for (const s of data.files) this.saved.set(s.path, s);
      this.resuming = true;
    } catch (error) {
      this.options.events.notice(path, `saved positions unreadable (${(error as Error).message}): starting afresh`);
    }
  }

  /** Saves every position (one save at a time): written to a temporary file, then renamed over the old one. */
  saveState(): Promise<void> {
    const run = this.saving.then(() => this.writeState());
    this.saving = run.catch(() => {});
    return run;
  }

  private async writeState(): Promise<void> {
    const path = this.options.statePath;
    if (path === null) return;
    this.stateDirty = false;
    const files: SavedPosition[] = [];
    for (const f of this.followed.values()) {
      const g = f.current;
      if (!g) continue;
      files.push({
        file: f.display,
        path: f.path,
        dev: g.dev,
        ino: g.ino,
        offset: g.scanner.doneBytes,
        line: g.scanner.completeLines,
        fingerprint: g.fingerprintLength > 0 ? g.fingerprint : hash(Buffer.alloc(0)),
        fingerprintLength: g.fingerprintLength,
      });
    }
    files.sort((a, b) => compareStrings(a.path, b.path));
    const temporary = temporaryStateFile(path);
    try {
      await writeFile(temporary, `${JSON.stringify({ version: 1, files }, null, 2)}\n`);
      await rename(temporary, path);
    } catch (error) {
      this.stateDirty = true; // tried again at the next save
      throw error;
    }
  }
}

/** Whether the path still names the file (an alias, such as a symbolic link, rather than a rename). */
function stillAt(path: string, info: { dev: number; ino: number }): boolean {
  try {
    const now = statSync(path);
    return now.dev === info.dev && now.ino === info.ino;
  } catch {
    return false;
  }
}

const hash = (bytes: Uint8Array): string => createHash('sha1').update(bytes).digest('hex');

/** Every regular file below a directory, `depth` levels down (following links, never a directory twice). */
async function listFiles(dir: string, depth: number, seen = new Set<string>()): Promise<string[]> {
  const out: string[] = [];
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return out;
  }
  for (const name of names.sort()) {
    const path = join(dir, name);
    const info = await stat(path).catch(() => null);
    if (!info) continue;
    if (info.isFile()) out.push(path);
    else if (info.isDirectory() && depth > 0) {
      const key = `${info.dev}:${info.ino}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(...(await listFiles(path, depth - 1, seen)));
    }
  }
  return out;
}

/** Whether a path lies on a network file system, whose change events cannot be trusted. */
function onNetworkFilesystem(path: string): boolean {
  let mounts: string;
  try {
    mounts = readFileSync('/proc/self/mounts', 'utf8');
  } catch {
    return false; // not Linux: chokidar's own choice
  }
  return NETWORK_FILESYSTEMS.has(filesystemOf(path, mounts));
}

/** The type of the file system a path lies on, from a mount table (`/proc/self/mounts` lines). */
export function filesystemOf(path: string, mounts: string): string {
  let best = { mount: '', type: '' };
  for (const line of mounts.split('\n')) {
    const [, mount, type] = line.split(' ');
    if (mount && (path === mount || path.startsWith(mount.endsWith('/') ? mount : `${mount}/`)) && mount.length > best.mount.length) {
      best = { mount, type };
    }
  }
  return best.type;
}

export { NETWORK_FILESYSTEMS };
