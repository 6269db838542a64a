// Live stage, the watch: follows files with `tail -F` semantics. Takes inputs (files, directories,
// globs), a built matcher and the clock settings; gives hits as their lines are completed, and
// rotated / truncated events. chokidar (and a slow safety poll) only say that something may have
// changed; what a look finds is decided by decide.ts from (device, inode), the first bytes
// and the bytes read last, and the offset, the way lnav does:
// - same file, still holding what was read: read the new bytes (a partial last line waits in the
//   line stage). The bytes are checked after each read and before they are counted, so a file
//   truncated and written again between a look and a read is not read on from its old offset;
// - shorter than what was read, or other first bytes at the same inode: truncated (copytruncate):
//   read again from 0;
// - another inode: rotated: the old file is read to its end (and for a moment after, as writers
//   close late), the new one from its start;
// - gone: the old file is read to its end.
// A file that appears at a path is new unless it is a file followed, or let go of, under another
// name (a rename: it goes on where it was) or a copy of one (copytruncate: it goes on from what was
// read of the original, and reads past the original's offset only once the original is done).
// Positions can be saved to a state file (written to a temporary file, then renamed) and resumed.

import { readFileSync, statSync } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { resolve } from 'node:path';
import chokidar, { type FSWatcher } from 'chokidar';
import pLimit from 'p-limit';
import type { CatalogEntry } from '../catalog/catalog.js';
import { describeError } from '../errors.js';
import { LineScanner } from '../match/lines.js';
import type { Matcher } from '../match/matcher.js';
import { createLineClock } from '../match/timestamps.js';
import { isPlainText, liveDecoderFor, skipReasonByContent, SNIFF, type OwnFile } from '../input/index.js';
import { compareStrings, isSameFile, type FileIdentity, type FileMessage, type Hit, type SkippedFile, type Timestamp } from '../types.js';
import { decide, HEAD_BYTES, recognise, type Probe, type Verdict } from './decide.js';
import { copyCounted, decode, markOf, readAt, readFrom, scanDecoded, type ReadSink } from './follow.js';
import { fingerprintOf, loadPositions, positionFits, savePositions, type SavedPosition } from './positions.js';
import { initialFiles, rootOf, type Root } from './roots.js';
import type { Candidate, Followed, Generation, StartAt } from './types.js';

/** A rotated-away file is still read this long: writers often close it a moment after the rename. */
const DRAIN_MS = 1500;
/** A new file that may be a copy still being written is taken for new once it stops growing this long. */
const SETTLE_MS = 1500;
/** The safety poll, for events lost or never sent (network shares). */
const SAFETY_POLL_MS = 1000;
/** chokidar's interval with --poll. */
const POLL_MS = 250;
/** Files kept open at once; others are opened for each read (and lose the rename-drain). */
const MAX_OPEN_FILES = 256;
/** Files let go of that are remembered (a rename or copy of one noticed late still goes on from what was read). */
const PAST_FILES = 1024;
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
  /** Bytes read live (not the starting positions' replay) and the lines they completed. */
  read(bytes: number, lines: number): void;
  /**
   * A path taken up, after its first look (a file found at start has been read to its starting
   * position by then: an SDL FileHead at its top has been seen). Its metrics series start here.
   */
  following(file: string): void;
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
  /**
   * What is saved beside the positions, taken at the same moment (the metrics' counts, so that a
   * restart goes on counting from them); null: nothing.
   */
  savedWithPositions: (() => unknown) | null;
  /** Poll with chokidar instead of file events (also chosen for network file systems). */
  poll: boolean;
  /** The regular file hits are printed to (standard output): never followed, or each hit would be read back as a new one. */
  output: FileIdentity | null;
  /** The run's own files (config, baseline, catalog): not followed when found. */
  ownFiles: readonly OwnFile[];
  events: WatchEvents;
}

export class Watcher {
  private readonly followed = new Map<string, Followed>();
  private readonly roots: Root[] = [];
  private readonly saved = new Map<string, SavedPosition>();
  /** Files found that are not logs, or are this run's own: not followed (path as shown -> why). */
  private readonly skipped = new Map<string, string>();
  /** What was said once already: a zip archive's notice, a path's problem. */
  private readonly noticed = new Set<string>();
  /** Every file followed now, at its path or draining. */
  private readonly generations = new Set<Generation>();
  /** Files let go of, oldest first (at most PAST_FILES). */
  private readonly past: Candidate[] = [];
  private resuming = false;
  private readonly watchers: FSWatcher[] = [];
  private timer: NodeJS.Timeout | null = null;
  private openHandles = 0;
  private stopped = false;
  private stateDirty = false;
  private saving: Promise<void> = Promise.resolve();
  private liveBytes = 0;
  private liveLines = 0;

  /** What the reads of each file tell this watch (follow.ts). */
  private readonly sink: ReadSink = {
    read: (liveBytes, liveLines) => {
      this.stateDirty = true;
      if (liveBytes === 0) return;
      this.liveBytes += liveBytes;
      this.liveLines += liveLines;
      this.options.events.read(liveBytes, liveLines);
    },
    refusal: (g, first) => this.notFollowedFor(g, first),
  };

  constructor(private readonly options: WatchOptions) {}

  get followedCount(): number {
    return [...this.followed.values()].filter((f) => f.current !== null).length;
  }

  /** What was read live (after the starting positions), and the files that cannot be read now. */
  summary(): { files: number; bytes: number; lines: number; errors: FileMessage[]; skipped: SkippedFile[] } {
    const errors = [...this.followed.values()].filter((f) => f.lastError !== null).map((f) => ({ file: f.display, message: f.lastError! }));
    const files = [...this.followed.values()].filter((f) => !f.isOutput && !this.skipped.has(f.display)).length;
    const skipped = [...this.skipped].map(([file, reason]) => ({ file, reason })).sort((a, b) => compareStrings(a.file, b.file));
    return { files, bytes: this.liveBytes, lines: this.liveLines, errors, skipped };
  }

  /** Finds the files, takes their starting positions and starts following; resolves when ready. */
  async start(): Promise<void> {
    this.loadState();
    for (const input of this.options.inputs) {
      const { root, missing } = await rootOf(input, this.options.cwd);
      this.roots.push(root);
      if (missing) this.options.events.notice(input, 'does not exist (yet): it will be followed when it appears');
    }
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
    for (const { path, display } of await this.initialFiles()) if (!this.followed.has(path)) void this.follow(path, display, false);
    this.timer = setInterval(() => void this.checkAll(), SAFETY_POLL_MS);
  }

  /**
   * chokidar could not look at a path under a root: one line, as a scan words it, for a path the
   * root follows (a named file's directory and a glob's base hold other entries, none of the
   * user's business: a symbolic link loop beside the file, say).
   */
  private watchError(root: Root, error: NodeJS.ErrnoException): void {
    const at = typeof error.path === 'string' ? resolve(this.options.cwd, error.path) : root.dir;
    if (at !== root.dir && !root.wants(at)) return;
    this.errorOnce(at === root.dir ? root.dir : root.display(at), describeError(error));
  }

  /** A problem of a path no file is followed at (the listing's, chokidar's): said once, however often it is met. */
  private errorOnce(file: string, message: string): void {
    const key = `${file}\0${message}`;
    if (this.noticed.has(key)) return;
    this.noticed.add(key);
    this.options.events.error(file, message);
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

  /** Starts following a path: at its end (or start) when found at start-up; else as recognise() says. */
  private async follow(path: string, display: string, atStartup: boolean): Promise<void> {
    if (this.followed.has(path)) return;
    const f: Followed = { display, path, current: null, rotationDue: false, draining: [], queue: Promise.resolve(), lastError: null, unsure: null };
    this.followed.set(path, f);
    await this.enqueue(f, () => this.look(f, atStartup));
    this.options.events.following(display);
  }

  private check(f: Followed): Promise<void> {
    return this.enqueue(f, () => this.look(f, false));
  }

  private enqueue(f: Followed, task: () => Promise<void>): Promise<void> {
    f.queue = f.queue.then(task).catch((error: NodeJS.ErrnoException) => {
      // Gone between the look's stat and an open: the next look (the unlink event, or the safety poll) finds it gone.
      if (error.code !== 'ENOENT') this.reportError(f, describeError(error));
    });
    return f.queue;
  }

  /** Runs `task` when the generation's earlier reads and checks are done. */
  private locked<T>(g: Generation, task: () => Promise<T>): Promise<T> {
    const run = g.lock.then(task);
    g.lock = run.catch(() => {});
    return run;
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
      if (e.code === 'ENOENT') {
        f.unsure = null;
        return this.rotateAway(f);
      }
      return this.reportError(f, describeError(e));
    }
    if (!info.isFile()) return this.reportError(f, 'not a regular file');
    if (isSameFile(info, this.options.output)) return this.refuseOutput(f);
    const own = this.ownReason(f.path, info);
    if (own !== null) {
      this.skipped.set(f.display, own);
      return;
    }
    f.isOutput = false;
    // Identity and size here; the bytes are checked as they are read (readFrom).
    let verdict: Verdict = f.current ? decide(f.current, { dev: info.dev, ino: info.ino, size: info.size }) : 'read';
    if (verdict === 'rotated') await this.rotateAway(f);
    if (!f.current) {
      if (f.rotationDue) {
        f.rotationDue = false;
        this.options.events.rotated(f.display);
      }
      if (!(await this.take(f, info, atStartup))) return;
    }
    f.lastError = null;
    // A truncation found on the way starts the file again at 0 (at most twice a look: the next
    // look, which an event or the safety poll brings, goes on).
    for (let tries = 0; tries < 2 && f.current; tries++) {
      if (verdict === 'truncated') await this.truncated(f, f.current);
      if (!f.current) break;
      verdict = await this.readNew(f.current);
      if (verdict !== 'truncated') break;
    }
  }

  /** Why a file found is this run's own and not followed (its config, baseline, catalog, state file), or null. */
  private ownReason(path: string, info: FileIdentity): string | null {
    const own = this.options.ownFiles.find((o) => isSameFile(info, o.identity));
    if (own) return own.reason;
    const state = this.options.statePath === null ? null : resolve(this.options.cwd, this.options.statePath);
    // Its temporary file too, written beside it at every save.
    if (state !== null && (path === state || (path.startsWith(`${state}.`) && path.endsWith('.tmp')))) return 'the state file of this watch';
    return null;
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

  /**
   * Takes up the file at a path that has none followed: another name of a file followed at a path
   * that still holds it (a link: read once, under the first name); that file renamed here (it goes
   * on where it was); at start-up, from its starting position; else as recognise() says. False
   * when it is not taken up (yet).
   */
  private async take(f: Followed, info: { dev: number; ino: number; size: number }, atStartup: boolean): Promise<boolean> {
    const same = [...this.generations].find((g) => g.dev === info.dev && g.ino === info.ino);
    if (same && same.owner !== f && same.owner.current === same && stillAt(same.owner.path, info)) {
      f.aliasOf = same.owner.path;
      return false;
    }
    if (same && (await this.adopt(f, same))) return true;
    if (atStartup) {
      await this.openGeneration(f, (size) => this.startingPosition(f, info, size));
      return true;
    }
    const live = [...this.generations].filter((g) => !(g.dev === info.dev && g.ino === info.ino));
    const candidates: Candidate[] = [...live.map((g) => ({ ...markOf(g), source: g })), ...this.past];
    const found = await this.probeNew(f.path, info, candidates);
    if (!found) return false; // the path holds another file by now: the next look takes it
    const recognised = recognise(found);
    if (recognised.as === 'unsure') {
      const now = Date.now();
      const u = f.unsure;
      if (!u || u.dev !== info.dev || u.ino !== info.ino || u.size !== info.size) f.unsure = { dev: info.dev, ino: info.ino, size: info.size, since: now };
      // A copy grows until it is whole; a file that stopped growing shorter is no copy of it.
      if (now - f.unsure!.since < SETTLE_MS) return false;
    }
    f.unsure = null;
    if (recognised.as === 'new' || recognised.as === 'unsure') {
      await this.openGeneration(f, () => ({ raw: 0 }));
      return true;
    }
    // Renamed here after it was let go of, or a copy: it goes on from what was read.
    const { mark } = recognised;
    if (recognised.as === 'renamed') this.forget(mark);
    const g = await this.openGeneration(f, () => ({ raw: mark.offset }));
    g.counted = copyCounted(mark.counted);
    if (mark.source && mark.source.state !== 'done') g.copyOf = mark.source;
    return true;
  }

  /**
   * Takes over a file followed at another path (renamed here), at its path or draining there. False
   * when it was let go of meanwhile.
   */
  private adopt(f: Followed, g: Generation): Promise<boolean> {
    return this.locked(g, async () => {
      if (g.state === 'done') return false;
      const from = g.owner;
      if (from.current === g) {
        from.current = null;
        from.rotationDue = true;
      } else {
        const at = from.draining.indexOf(g);
        if (at >= 0) from.draining.splice(at, 1);
      }
      g.owner = f;
      g.state = 'current';
      f.current = g;
      return true;
    });
  }

  /**
   * Probes a file that appeared at `path` against each candidate mark: its first bytes, and its
   * bytes where each mark that it begins like has its last. Null when the path holds another file.
   */
  private async probeNew(path: string, info: { dev: number; ino: number; size: number }, marks: Candidate[]): Promise<Array<{ mark: Candidate; probe: Probe }> | null> {
    const handle = await open(path, 'r');
    try {
      const now = await handle.stat();
      if (now.dev !== info.dev || now.ino !== info.ino) return null;
      const head = await readAt(handle, 0, HEAD_BYTES);
      const found: Array<{ mark: Candidate; probe: Probe }> = [];
      for (const mark of marks) {
        const begins = head.subarray(0, mark.head.length).equals(mark.head);
        const tail = begins && now.size >= mark.offset ? await readAt(handle, mark.offset - mark.tail.length, mark.tail.length) : Buffer.alloc(0);
        found.push({ mark, probe: { dev: now.dev, ino: now.ino, size: now.size, bytes: { head, tail } } });
      }
      return found;
    } finally {
      await handle.close();
    }
  }

  /** Where a file found at start-up begins: a saved position, its end, or its start. */
  private startingPosition(f: Followed, info: { dev: number; ino: number }, size: number): StartAt {
    const saved = [...this.saved.values()].find((s) => s.dev === info.dev && s.ino === info.ino) ?? this.saved.get(f.path);
    if (saved) {
      if (positionFits(saved, f.path, { ...info, size })) return saved.decoded ? { decoded: saved.offset } : { raw: saved.offset };
      this.options.events.notice(f.display, 'the saved position no longer fits (rotated or truncated while stopped): reading it from the start');
      return { raw: 0 };
    }
    // A file the last run did not know appeared while it was stopped: all of it is new.
    if (this.resuming || this.options.fromStart) return { raw: 0 };
    return { raw: size };
  }

  /**
   * Opens the file at the path as a new generation there, read from 0: its bytes before `liveFrom`
   * (given the size) are replayed with hits muted (for line numbers and the clock), the rest is live.
   */
  private async openGeneration(f: Followed, startAt: (size: number) => StartAt): Promise<Generation> {
    const handle = await open(f.path, 'r');
    const info = await handle.stat();
    const start = startAt(info.size);
    const g: Generation = {
      owner: f,
      state: 'current',
      handle,
      dev: info.dev,
      ino: info.ino,
      offset: 0,
      head: Buffer.alloc(0),
      tail: Buffer.alloc(0),
      liveFrom: 'raw' in start ? start.raw : 0,
      liveFromDecoded: 'decoded' in start ? start.decoded : 0,
      decoding: { as: 'undecided', first: Buffer.alloc(0) },
      decodedFed: 0,
      counted: null,
      copyOf: null,
      scanner: this.newScanner(info.mtimeMs, () => g),
      live: false,
      rotatedAt: 0,
      lock: Promise.resolve(),
    };
    this.openHandles++;
    if (this.openHandles > MAX_OPEN_FILES) await this.release(g);
    this.generations.add(g);
    f.current = g;
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
          const entry = targets[id];
          if (!this.counts(generation(), line, entry.code)) return;
          events.hit({ code: entry.code, value: entry.value, file: generation().owner.display, line, time, text: text ?? '' });
        },
        unknown: (token, line, time) => {
          if (this.counts(generation(), line, token)) events.unknown(token, generation().owner.display, line, time);
        },
      },
    });
  }

  /** Whether a hit counts: live, and not counted already for a line left unfinished (see PastFile). */
  private counts(g: Generation, line: number, code: string): boolean {
    if (!g.live) return false;
    if (g.counted?.line !== line) return true;
    if (g.counted.codes.has(code)) return false;
    g.counted.codes.add(code);
    return true;
  }

  /**
   * Reads the generation from its offset to the end of the file (a copy: no further than its
   * original has read, while the original is followed). Gives what the reads found: 'read', or
   * 'truncated' when the file no longer holds what was read ('rotated' when it is no longer at its
   * path, for a file not kept open).
   */
  private readNew(g: Generation): Promise<Verdict> {
    return this.locked(g, () => this.withHandle(g, (handle) => readFrom(handle, g, this.sink)));
  }

  /**
   * Why a file that begins with `first` is not followed: a zip (its members are not followed live:
   * one notice), or, found in a directory or by a glob, known not to be a log by its first bytes
   * (listed as skipped in the summary, as a scan lists it). Null: it is followed.
   */
  private notFollowedFor(g: Generation, first: Buffer): string | null {
    const f = g.owner;
    if (!liveDecoderFor(first)) {
      const why = 'a zip archive: its members are not followed live (scan it instead)';
      if (!this.noticed.has(f.display)) {
        this.noticed.add(f.display);
        this.options.events.notice(f.display, why);
      }
      return why;
    }
    const named = this.roots.some((r) => r.only === f.path);
    const why = named || !isPlainText(first) ? null : skipReasonByContent(first.subarray(0, SNIFF));
    if (why !== null) this.skipped.set(f.display, why);
    return why;
  }

  /** Runs `task` with the generation's handle, opening its path for it if it was not kept open. */
  private async withHandle(g: Generation, task: (handle: FileHandle) => Promise<Verdict>): Promise<Verdict> {
    if (g.handle) return task(g.handle);
    let handle;
    try {
      handle = await open(g.owner.path, 'r');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'gone';
      throw error;
    }
    try {
      const info = await handle.stat();
      return info.dev === g.dev && info.ino === g.ino ? await task(handle) : 'rotated';
    } finally {
      await handle.close();
    }
  }

  /** Closes a generation's handle, if it kept one. */
  private async release(g: Generation): Promise<void> {
    if (!g.handle) return;
    const handle = g.handle;
    g.handle = null;
    this.openHandles--;
    await handle.close().catch(() => {});
  }

  /**
   * Lets go of a generation: remembered as a file once followed (a rename or copy of it noticed
   * later goes on from what was read), and a copy waiting for it is looked at. `end`: its last
   * line, unfinished, will never get its newline now and counts as it is.
   */
  private async letGo(g: Generation, end: boolean): Promise<void> {
    if (g.state === 'done') return;
    // What its decoders held back (a partial character, bytes too few to tell its encoding) comes now.
    if (end) scanDecoded(g, await decode(g, Buffer.alloc(0), true, this.sink), g.offset >= g.liveFrom);
    if (g.decoding.as === 'decoded') g.decoding.decoder.close();
    if (end && g.decodedFed > g.scanner.doneBytes) {
      // What it counts is remembered, with what was counted of the line before (a file let go of
      // before and taken up again), so that the line finished later counts only its other codes.
      const line = g.scanner.completeLines + 1;
      const codes = g.counted?.line === line ? g.counted.codes : new Set<string>();
      g.counted = { line, codes };
      g.live = g.offset >= g.liveFrom && g.decodedFed >= g.liveFromDecoded;
      g.scanner.end();
    } else {
      g.counted = null;
    }
    g.state = 'done';
    this.generations.delete(g);
    const at = g.owner.draining.indexOf(g);
    if (at >= 0) g.owner.draining.splice(at, 1);
    if (g.owner.current === g) g.owner.current = null;
    this.past.push({ ...markOf(g), source: null });
    if (this.past.length > PAST_FILES) this.past.shift();
    for (const f of this.followed.values()) if (f.current?.copyOf === g) void this.check(f);
    await this.release(g);
  }

  /** A file taken up again (renamed back in): no longer one let go of. */
  private forget(mark: Candidate): void {
    const at = this.past.indexOf(mark);
    if (at >= 0) this.past.splice(at, 1);
  }

  /** The file at the path is truncated: it is read again from 0 (its unfinished last line went with the old bytes). */
  private async truncated(f: Followed, g: Generation): Promise<void> {
    const ours = await this.locked(g, async () => {
      if (g.state === 'done' || f.current !== g) return false;
      await this.letGo(g, false);
      return true;
    });
    if (!ours) return;
    this.options.events.truncated(f.display);
    await this.openGeneration(f, () => ({ raw: 0 }));
  }

  /**
   * Another file is at the path now, or none: the file followed there is read to its end, then
   * a while longer (writers close late), unless it is not kept open and so cannot be.
   */
  private async rotateAway(f: Followed): Promise<void> {
    const g = f.current;
    if (!g) return;
    f.current = null;
    f.rotationDue = true;
    if (!g.handle) {
      await this.locked(g, () => this.letGo(g, true));
      return;
    }
    g.state = 'draining';
    g.rotatedAt = Date.now();
    f.draining.push(g);
    await this.readNew(g);
  }

  /** Reads rotated-away files that may still be written to; lets go of them after DRAIN_MS. */
  private async drain(f: Followed): Promise<void> {
    for (const g of [...f.draining]) {
      await this.locked(g, async () => {
        if (g.owner !== f || g.state !== 'draining' || !g.handle) return;
        const before = g.offset;
        const verdict = await readFrom(g.handle, g, this.sink);
        const idle = g.offset === before && Date.now() - g.rotatedAt > DRAIN_MS;
        // Done: a last line without its newline will never get one now.
        if (verdict === 'truncated' || (idle && !this.stopped)) await this.letGo(g, true);
      });
    }
  }

  /** The files the roots hold now; zip archives among them get their notice, once. */
  private async initialFiles(): Promise<Array<{ path: string; display: string }>> {
    const found = await initialFiles(this.options.inputs, this.roots, this.options.cwd, this.options.ownFiles);
    for (const archive of found.archives) {
      if (this.noticed.has(archive)) continue;
      this.noticed.add(archive);
      this.options.events.notice(archive, 'a zip archive: its members are not followed live (scan it instead)');
    }
    for (const s of found.skipped) this.skipped.set(s.file, s.reason);
    for (const e of found.errors) this.errorOnce(e.file, e.message);
    return found.files;
  }

  /** Saves every position (one save at a time): written to a temporary file, then renamed over the old one. */
  saveState(): Promise<void> {
    const run = this.saving.then(() => this.writeState());
    this.saving = run.catch(() => {});
    return run;
  }

  private loadState(): void {
    const path = this.options.statePath;
    if (path === null) return;
    const { positions, problem } = loadPositions(path);
    if (problem) this.options.events.notice(path, problem);
    if (!positions) return;
    for (const [key, saved] of positions) this.saved.set(key, saved);
    this.resuming = true;
  }

  private async writeState(): Promise<void> {
    const path = this.options.statePath;
    if (path === null) return;
    this.stateDirty = false;
    const positions: SavedPosition[] = [];
    // Taken with the positions, before any await: no hit is counted in between.
    const alongside = this.options.savedWithPositions?.() ?? null;
    for (const f of this.followed.values()) {
      const g = f.current;
      if (!g) continue;
      positions.push({
        file: f.display,
        path: f.path,
        dev: g.dev,
        ino: g.ino,
        offset: g.scanner.doneBytes,
        decoded: g.decoding.as === 'decoded',
        line: g.scanner.completeLines,
        fingerprint: fingerprintOf(g.head),
        fingerprintLength: g.head.length,
      });
    }
    try {
      await savePositions(path, positions, alongside);
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
