// Match stage, the matcher: an Aho-Corasick automaton over bytes that finds word-bounded CTI code tokens.
// Takes patterns (names and numeric spellings, each with an id); gives (id, end) and unknown tokens.
//
// Why it looks the way it does (see ../shared/PERF-NOTES.md and CONTRACT.md "What counts as a hit"):
// - A hit is a whole token: bounded on both sides by a byte outside [A-Za-z0-9_] (a signed value
//   may begin with '-'). A pattern occurring inside a longer token never counts, so the failure
//   link of every mid-token state points to one DEAD state; the Aho-Corasick automaton collapses
//   to the trie of the patterns plus a few states (ROOT at a boundary, MINUS after a '-' that
//   follows a boundary, DEAD, and the "unknown code" states). Where a signed spelling and an
//   unsigned one could share a path ("-2147..." and "2147..."), states are sets of trie nodes
//   (the subset construction), so nothing is lost.
// - The automaton is a dense table over all 256 bytes (state * 256 + byte): one load per byte.
// - Stepping a table per byte in JavaScript runs at ~220 MB/s; native Buffer.indexOf runs at
//   memory speed. So the hot loop only runs the automaton over *candidate tokens*: every pattern
//   holds a '_' (names), an 'x'/'X' (hex) or a long run of digits (decimals), and those are found
//   with indexOf and a strided digit probe. Everything between candidates is skipped unread.
//   When candidates are too dense for that to pay, a chunk falls back to the plain table walk.
// - State carries across chunks: the automaton state, the last byte (for the '-' rule) and the
//   bytes of a token still open (only for reporting unknown tokens), so a token split between two
//   reads is found once.

export interface Pattern {
  /** ASCII text of the token ("CTIERR_TIMEOUT", "0x8ccc0001", "-1932787711"). */
  text: string;
  /** Returned with each match. Several patterns may share an id. */
  id: number;
  /** Hex spellings match in any case. */
  caseInsensitive?: boolean;
}

export interface MatcherOptions {
  patterns: Pattern[];
  /** Report CTIERR_… tokens that are not patterns. */
  unknownNames: boolean;
  /** Report 0x8ccc + 4 hex digit tokens that are not patterns. */
  unknownHex: boolean;
}

export interface MatchSink {
  /** A pattern token ended; `end` is the chunk offset of the byte after it, -1 at the end of input. */
  match(id: number, end: number): void;
  /** An unknown code token ended, normalised (hex as 0x + upper-case digits). */
  unknown(token: string, end: number): void;
}

/** Longest token kept for reporting an unknown code; longer word runs are not codes. */
export const MAX_TOKEN = 128;

const ROOT = 0;
const MINUS = 1;
const DEAD = 2;
const TAG_NONE = 0;
const TAG_NAME = 1;
const TAG_HEX = 2;
const NAME_PREFIX = 'CTIERR_';
const HEX_PREFIX = '0x8ccc';

const WORD = new Uint8Array(256);
for (let b = 0; b < 256; b++) {
  WORD[b] = (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b === 95 ? 1 : 0;
}
const isDigit = (b: number): boolean => b >= 48 && b <= 57;
const lower = (b: number): number => (b >= 65 && b <= 90 ? b + 32 : b);

/** The immutable automaton, built once per run. */
export interface Matcher {
  /** Whether the candidate prefilter can be used with these patterns. */
  readonly prefilter: boolean;
  /** `prefilter: false` walks the table over every byte: the reference the fast path is tested against. */
  newScanner(options?: { prefilter?: boolean }): TokenScanner;
  /** The built automaton as plain data, for worker threads (matcherFromTables), which need not build it again. */
  readonly tables: MatcherTables;
}

/** The automaton as data: typed arrays and numbers, which postMessage and workerData copy as they are. */
export interface MatcherTables extends Tables {
  prefilter: boolean;
}

export function matcherFromTables(received: MatcherTables): Matcher {
  // One object shape, whether the tables were built, read from a file or received by a worker
  // thread (deserialized objects have shapes of their own): the scanner's optimized code, warmed
  // up on one, then stays valid on the others.
  const tables: MatcherTables = {
    next: received.next,
    accept: received.accept,
    tag: received.tag,
    emits: received.emits,
    digitRun: received.digitRun,
    prefilter: received.prefilter,
  };
  return {
    prefilter: tables.prefilter,
    newScanner: (o) => new TokenScanner(tables, tables.prefilter && (o?.prefilter ?? true)),
    tables,
  };
}

interface Tables {
  next: Uint16Array | Int32Array;
  /** Pattern id emitted when a token ends in this state, or -1. */
  accept: Int32Array;
  /** TAG_NAME / TAG_HEX when a token ending here may be an unknown code. */
  tag: Uint8Array;
  /** Non-zero when a token ending in this state emits something. */
  emits: Uint8Array;
  /** Shortest run of digits any decimal pattern holds (0: no decimal patterns). */
  digitRun: number;
}

export function buildMatcher(options: MatcherOptions): Matcher {
  // 1. The trie. Case-insensitive patterns (hex) are stored lower-case and their nodes fold case.
  const children: Array<Map<number, number>> = [new Map()];
  const terminal: number[] = [-1];
  const depth: number[] = [0];
  const folds: boolean[] = [false];
  const insert = (text: string, id: number, fold: boolean): number => {
    if (fold && /^[A-Za-z]/.test(text)) throw new Error(`a case-insensitive pattern must not begin with a letter: ${text}`);
    let node = 0;
    for (let i = 0; i < text.length; i++) {
      const c = fold ? lower(text.charCodeAt(i)) : text.charCodeAt(i);
      if (c > 127) throw new Error(`pattern is not ASCII: ${text}`);
      let child = children[node].get(c);
      if (child === undefined) {
        child = children.length;
        children.push(new Map());
        terminal.push(-1);
        depth.push(i + 1);
        folds.push(fold);
        children[node].set(c, child);
      } else if (folds[child] !== fold) {
        throw new Error(`pattern ${text} shares a prefix with a pattern of the other case rule`);
      }
      node = child;
    }
    if (id >= 0) {
      if (terminal[node] >= 0 && terminal[node] !== id) throw new Error(`pattern ${text} has two meanings`);
      terminal[node] = id;
    }
    return node;
  };
  for (const p of options.patterns) {
    for (let i = p.text.charCodeAt(0) === 45 ? 1 : 0; i < p.text.length; i++) {
      if (!WORD[p.text.charCodeAt(i)]) throw new Error(`pattern ${JSON.stringify(p.text)} is not one token`);
    }
    if (p.text.length > (p.text.charCodeAt(0) === 45 ? 1 : 0)) insert(p.text, p.id, p.caseInsensitive === true);
  }

  // Unknown codes: a token that begins with CTIERR_ (plus a byte) or 0x8ccc is tagged, and keeps
  // its tag when it leaves the trie. `extendTag`: reading a word byte from this node tags the token.
  const namePrefix = options.unknownNames ? insert(NAME_PREFIX, -1, false) : -1;
  const hexPrefix = options.unknownHex ? insert(HEX_PREFIX, -1, true) : -1;
  const nodeTag = new Uint8Array(children.length);
  const extendTag = new Uint8Array(children.length);
  const tagBelow = (prefix: number, tag: number): void => {
    extendTag[prefix] = tag;
    const stack = [...children[prefix].values()];
    while (stack.length) {
      const n = stack.pop()!;
      nodeTag[n] = tag;
      extendTag[n] = tag;
      stack.push(...children[n].values());
    }
  };
  if (namePrefix >= 0) tagBelow(namePrefix, TAG_NAME);
  if (hexPrefix >= 0) tagBelow(hexPrefix, TAG_HEX);

  // 2. The automaton by subset construction over trie nodes. ROOT, MINUS and DEAD come first.
  const minusNode = children[0].get(45);
  const stateKeys = new Map<string | number, number>();
  const stateSets: Array<{ nodes: number[]; tag: number }> = [];
  const intern = (nodes: number[], tag: number): number => {
    // A number for the common one-node set (cheaper than building a string for each).
    const key = nodes.length === 1 ? nodes[0] * 4 + tag : `${tag}:${nodes.join(',')}`;
    let id = stateKeys.get(key);
    if (id === undefined) {
      id = stateSets.length;
      stateKeys.set(key, id);
      stateSets.push({ nodes, tag });
    }
    return id;
  };
  stateSets.push({ nodes: [0], tag: TAG_NONE }, { nodes: minusNode === undefined ? [0] : [0, minusNode], tag: TAG_NONE });
  intern([], TAG_NONE);
  // A boundary byte leads to ROOT; a '-' after a boundary to MINUS. A word byte leads where the
  // nodes' children lead; with no child, to DEAD or (for a tagged token) the tagged empty state.
  const boundaryRow = new Int32Array(256);
  for (let b = 0; b < 256; b++) boundaryRow[b] = WORD[b] ? DEAD : ROOT;
  // A tagged token that leaves the trie stays tagged: word bytes lead to the tagged empty state.
  const taggedRows = new Map<number, Int32Array>();
  const taggedRow = (tag: number): Int32Array => {
    let row = taggedRows.get(tag);
    if (!row) {
      const empty = intern([], tag);
      row = boundaryRow.map((to, b) => (WORD[b] ? empty : to));
      taggedRows.set(tag, row);
    }
    return row;
  };
  // States are about as many as trie nodes; the table grows if the subsets make more.
  let next = new Int32Array((children.length + 64) * 256);
  for (let s = 0; s < stateSets.length; s++) {
    const { nodes, tag } = stateSets[s];
    if ((s + 1) * 256 > next.length) {
      const grown = new Int32Array(next.length * 2);
      grown.set(next);
      next = grown;
    }
    const row = next.subarray(s * 256, (s + 1) * 256);
    row.set(boundaryRow);
    if (s === ROOT || s === MINUS) row[45] = MINUS;
    let nextTag = tag;
    for (const n of nodes) if (nextTag === TAG_NONE) nextTag = extendTag[n];
    if (nextTag !== TAG_NONE) row.set(taggedRow(nextTag));
    // Only the bytes some node has a child for lead anywhere else (both cases where nodes fold).
    if (nodes.length === 1) {
      // Nearly every state is one trie node: its children are its transitions.
      const n = nodes[0];
      for (const [c, child] of children[n]) {
        if (!WORD[c]) continue; // the '-' of signed values: a boundary, handled above
        const to = intern([child], nextTag);
        row[c] = to;
        if (folds[n] && c >= 97 && c <= 122) row[c - 32] = to;
      }
      continue;
    }
    const reachedBy = new Map<number, number[]>();
    for (const n of nodes) {
      for (const [c, child] of children[n]) {
        if (!WORD[c]) continue; // the '-' of signed values: a boundary, handled above
        const bytes = folds[n] && c >= 97 && c <= 122 ? [c, c - 32] : [c];
        for (const b of bytes) {
          const list = reachedBy.get(b);
          if (list) list.push(child);
          else reachedBy.set(b, [child]);
        }
      }
    }
    for (const [b, reached] of reachedBy) {
      reached.sort((x, y) => x - y);
      row[b] = intern(reached, nextTag);
    }
  }
  const count = stateSets.length;
  // Half the bytes when states fit in 16 bits (they do for the catalog): the table stays in cache.
  // Shared memory: worker threads are given this table, not a copy of it.
  const table = count <= 0xffff ? new Uint16Array(new SharedArrayBuffer(count * 256 * 2)) : new Int32Array(new SharedArrayBuffer(count * 256 * 4));
  table.set(next.subarray(0, count * 256));
  const accept = new Int32Array(count).fill(-1);
  const tag = new Uint8Array(count);
  const emits = new Uint8Array(count);
  for (let s = 0; s < count; s++) {
    // Leftmost-longest: of the tokens ending here, the one that began first (the deepest node).
    let best = -1;
    for (const n of stateSets[s].nodes) if (terminal[n] >= 0 && (best < 0 || depth[n] > depth[best])) best = n;
    accept[s] = best >= 0 ? terminal[best] : -1;
    tag[s] = s <= MINUS ? TAG_NONE : stateSets[s].tag || Math.max(0, ...stateSets[s].nodes.map((n) => nodeTag[n]));
    emits[s] = accept[s] >= 0 || tag[s] !== TAG_NONE ? 1 : 0;
  }

  // 3. The prefilter holds only if every pattern has a '_', an 'x'/'X' or a run of digits.
  let digitRun = Infinity;
  let prefilter = true;
  for (const p of options.patterns) {
    if (/[_xX]/.test(p.text)) continue;
    const run = Math.max(0, ...(p.text.match(/[0-9]+/g) ?? []).map((r) => r.length));
    if (run === 0) prefilter = false;
    digitRun = Math.min(digitRun, run);
  }
  const tables: Tables = {
    next: table,
    accept,
    tag,
    emits,
    digitRun: Number.isFinite(digitRun) ? digitRun : 0,
  };
  return matcherFromTables({ ...tables, prefilter });
}

/** Per-stream scanning state. Feed chunks in order with scan(), then call finish(). */
export class TokenScanner {
  /** Automaton state after the last byte seen. */
  private state = ROOT;
  /** Last byte of the previous chunk; a newline before the stream starts (a boundary). */
  private lastByte = 10;
  /** Bytes of a token left open by the last chunk while it is alive (it may be reported as unknown). */
  private readonly carry = Buffer.alloc(MAX_TOKEN);
  private carryLength = 0;
  /** Length of the open token, counted across chunks. */
  private openLength = 0;

  constructor(
    private readonly t: Tables,
    private readonly usePrefilter: boolean,
  ) {}

  scan(buf: Buffer, sink: MatchSink): void {
    if (buf.length === 0) return;
    let pos = 0;
    if (this.state > MINUS) pos = this.runToken(buf, 0, this.state, sink); // finish the open token
    if (pos >= 0) {
      if (!this.usePrefilter) this.scanTable(buf, pos, sink);
      else {
        const rest = this.scanCandidates(buf, pos, sink);
        if (rest >= 0) this.scanTail(buf, rest, sink);
      }
    }
    this.lastByte = buf[buf.length - 1];
  }

  finish(sink: MatchSink): void {
    if (this.t.emits[this.state]) this.emit(this.state, null, 0, -1, sink);
    this.state = ROOT;
    this.lastByte = 10;
    this.closeToken();
  }

  /** State at `pos`, where buf[pos - 1] is a boundary byte (at 0: the carried state). */
  private stateAt(buf: Buffer, pos: number): number {
    if (pos === 0) return this.state;
    if (buf[pos - 1] !== 45) return ROOT;
    // A '-' begins a signed value only when it follows a boundary itself.
    return WORD[pos >= 2 ? buf[pos - 2] : this.lastByte] ? ROOT : MINUS;
  }

  private closeToken(): void {
    this.carryLength = 0;
    this.openLength = 0;
  }

  /**
   * Runs the automaton from `state` over the token that begins at `start`, through the boundary
   * byte after it, and emits there. Returns the position after the boundary byte, or -1 when the
   * chunk ends inside the token (its state is then carried).
   */
  private runToken(buf: Buffer, start: number, state: number, sink: MatchSink): number {
    const { next, emits } = this.t;
    const n = buf.length;
    let s = state;
    for (let i = start; i < n; i++) {
      const ns = next[(s << 8) | buf[i]];
      if (ns <= MINUS) {
        if (emits[s]) this.emit(s, buf, start, i, sink);
        this.state = ns;
        this.closeToken();
        return i + 1;
      }
      s = ns;
      if (s === DEAD) {
        // Nothing can match any more: find the end of the token without the table. A dead token
        // is a word run, so the boundary after it is never a '-' that begins a signed value.
        let j = i + 1;
        while (j < n && WORD[buf[j]]) j++;
        if (j === n) break;
        this.state = ROOT;
        this.closeToken();
        return j + 1;
      }
    }
    this.carryOpenToken(buf, start, s);
    return -1;
  }

  /** The chunk ends inside a token: carry its state, and its bytes while they may be reported. */
  private carryOpenToken(buf: Buffer, start: number, s: number): void {
    const n = buf.length;
    this.openLength += n - start;
    if (s !== DEAD && this.openLength > MAX_TOKEN) s = DEAD;
    if (s !== DEAD) {
      buf.copy(this.carry, this.carryLength, start, n);
      this.carryLength += n - start;
    }
    this.state = s;
  }

  /** The plain walk: one table step per byte. */
  private scanTable(buf: Buffer, from: number, sink: MatchSink): void {
    const { next, emits } = this.t;
    const n = buf.length;
    let s = this.stateAt(buf, from);
    let tokenStart = from;
    for (let i = from; i < n; i++) {
      const ns = next[(s << 8) | buf[i]];
      if (ns <= MINUS) {
        if (emits[s]) this.emit(s, buf, tokenStart, i, sink);
        tokenStart = i + 1;
        this.closeToken();
      }
      s = ns;
    }
    if (s > MINUS) this.carryOpenToken(buf, tokenStart, s);
    else this.state = s;
  }

  /**
   * The fast path: visit only the tokens that hold a candidate byte ('_', 'x', 'X') or a long run
   * of digits, found natively with indexOf or by a strided probe; run the table over those alone.
   * Returns where the candidates end, for scanTail; -1 when the chunk is done.
   *
   * Nothing but a return follows the loop: V8 optimizes this function while in the loop (on-stack
   * replacement), before the code after the loop ever ran, and code there without type feedback
   * deoptimized it at the end of every chunk.
   */
  private scanCandidates(buf: Buffer, from: number, sink: MatchSink): number {
    const n = buf.length;
    const run = this.t.digitRun;
    let pos = from;
    let nextUnderscore = buf.indexOf(95, pos);
    let nextX = buf.indexOf(120, pos);
    let nextBigX = buf.indexOf(88, pos);
    // Runs of 7 or more digits always hold a whole aligned 32-bit word of digits: look at words.
    const words = run >= 7 ? new Uint32Array(buf.buffer, 0, (buf.byteOffset + n) >>> 2) : null;
    let nextDigits = run > 0 ? findDigitRun(buf, pos, run, words) : -1;
    let visited = 0;
    for (;;) {
      let c = n;
      if (nextUnderscore >= 0 && nextUnderscore < c) c = nextUnderscore;
      if (nextX >= 0 && nextX < c) c = nextX;
      if (nextBigX >= 0 && nextBigX < c) c = nextBigX;
      if (nextDigits >= 0 && nextDigits < c) c = nextDigits;
      if (c === n) break;
      let start = c;
      while (start > pos && WORD[buf[start - 1]]) start--;
      const after = this.runToken(buf, start, this.stateAt(buf, start), sink);
      if (after < 0) return -1; // the chunk ends inside this token: carried
      pos = after;
      if (++visited > 64 && visited * 48 > pos - from) {
        // Candidates everywhere (a log full of underscores): the plain walk is cheaper.
        this.scanTable(buf, pos, sink);
        return -1;
      }
      if (nextUnderscore >= 0 && nextUnderscore < pos) nextUnderscore = buf.indexOf(95, pos);
      if (nextX >= 0 && nextX < pos) nextX = buf.indexOf(120, pos);
      if (nextBigX >= 0 && nextBigX < pos) nextBigX = buf.indexOf(88, pos);
      if (nextDigits >= 0 && nextDigits < pos) nextDigits = findDigitRun(buf, pos, run, words);
    }
    return pos;
  }

  /** No candidate left after `pos`. A token open at the end of the chunk may still become one ("CTIERR" + "_…"). */
  private scanTail(buf: Buffer, pos: number, sink: MatchSink): void {
    const n = buf.length;
    let tail = n;
    while (tail > pos && WORD[buf[tail - 1]]) tail--;
    if (tail < n) this.runToken(buf, tail, this.stateAt(buf, tail), sink);
    else this.state = this.stateAt(buf, n);
  }

  private emit(s: number, buf: Buffer | null, start: number, end: number, sink: MatchSink): void {
    const id = this.t.accept[s];
    if (id >= 0) {
      sink.match(id, end);
      return;
    }
    const length = this.openLength + (buf ? end - start : 0);
    if (length > MAX_TOKEN) return;
    const token = this.carry.toString('latin1', 0, this.carryLength) + (buf ? buf.toString('latin1', start, end) : '');
    if (this.t.tag[s] === TAG_NAME) sink.unknown(token, end);
    else if (/^0[xX][0-9a-fA-F]{8}$/.test(token)) sink.unknown(`0x${token.slice(2).toUpperCase()}`, end);
  }
}

/**
 * First position >= from that starts a run of at least `run` digits, or of digits cut by the end of
 * the chunk (the run may go on in the next one), or -1. `words`: the chunk's memory as aligned
 * 32-bit words, for runs of 7 or more (null: probe bytes).
 *
 * The end of the chunk is one more probe of the same loop, not code after it: V8 optimizes this
 * function while in the loop, and code after the loop, reached first there without type
 * feedback, deoptimized it at the end of every chunk.
 */
function findDigitRun(buf: Buffer, from: number, run: number, words: Uint32Array | null): number {
  return words ? findDigitRunByWords(buf, from, run, words) : findDigitRunByProbes(buf, from, run);
}

/**
 * A run of 7 or more digits holds a whole aligned 32-bit word: [a, a + 6] holds a multiple of 4.
 * So only words are looked at, four bytes at once. Take the first whole word of a run: at most 3
 * of the run's digits come before it, so at least run - 7 come right after it, in the next word.
 * A word is a candidate only when it and those bytes of the next one are all digits, a test of a
 * few operations and one branch that is almost never taken. Logs are full of short numbers
 * (times, ids, sequence numbers): testing each word of digits alone mispredicted a branch at about
 * one word in ten and walked every one of them, and took half as long again on the bench's data.
 */
function findDigitRunByWords(buf: Buffer, from: number, run: number, words: Uint32Array): number {
  const n = buf.length;
  const base = buf.byteOffset;
  // Word k holds the chunk's bytes 4k - base to 4k - base + 3; only words wholly in [from, n).
  let k = (base + from + 3) >>> 2;
  const lastWord = ((base + n) >>> 2) - 1;
  // The bytes of the next word that the run must reach (little-endian: its first bytes are its low ones).
  const after = run >= 11 ? -1 : run <= 7 ? 0 : (1 << (8 * (run - 7))) - 1;
  for (;;) {
    if (k < lastWord) {
      let z = nonDigits(words[k]);
      for (;;) {
        const zNext = nonDigits(words[k + 1]);
        if ((z | (zNext & after)) === 0) break;
        z = zNext;
        if (++k >= lastWord) break; // the last whole word has no next one: tested below
      }
    }
    // Here word k is a candidate, or the last whole word, or there is none (k > lastWord).
    const last = k > lastWord;
    let p: number;
    if (last) {
      // A run cut by the end of the chunk may have no whole word yet.
      p = n - 1;
      if (p < from || !isDigit(buf[p])) return -1;
    } else {
      if (nonDigits(words[k]) !== 0) {
        k++;
        continue;
      }
      p = 4 * k - base;
    }
    const a = digitRunStart(buf, from, p);
    const b = digitRunEnd(buf, p);
    if (b - a >= run || b === n) return a;
    if (last) return -1;
    k = (base + b + 4) >>> 2; // the first word after the non-digit at b
  }
}

/** Where the run of digits through p begins (not before `from`). */
function digitRunStart(buf: Buffer, from: number, p: number): number {
  let a = p;
  while (a > from && isDigit(buf[a - 1])) a--;
  return a;
}

/** Where the run of digits through p ends: the first byte after it. */
function digitRunEnd(buf: Buffer, p: number): number {
  let b = p + 1;
  while (b < buf.length && isDigit(buf[b])) b++;
  return b;
}

/**
 * The bytes of a word that are not digits, as nonzero bytes (0: all four are digits). A digit has
 * high nibble 3, and its low nibble + 6 carries into no high nibble; no byte carries into the next.
 */
const nonDigits = (w: number): number => ((w & 0xf0f0f0f0) ^ 0x30303030) | (((w & 0x0f0f0f0f) + 0x06060606) & 0xf0f0f0f0);

/** For short runs: probe every `run` bytes, which finds every run of `run` digits. */
function findDigitRunByProbes(buf: Buffer, from: number, run: number): number {
  const n = buf.length;
  // A run that long through p also reaches p - half or p + half, so two more looks reject most
  // digits (times, counters, IPs) without walking them.
  const half = run >> 1;
  let p = from + run - 1;
  for (;;) {
    const last = p >= n;
    if (last) p = n - 1;
    if (p < from) return -1;
    if (!isDigit(buf[p]) || (!last && (p - half < from || !isDigit(buf[p - half])) && (p + half >= n || !isDigit(buf[p + half])))) {
      if (last) return -1;
      p += run;
      continue;
    }
    const a = digitRunStart(buf, from, p);
    const b = digitRunEnd(buf, p);
    if (b - a >= run || b === n) return a;
    if (last) return -1;
    p = b + run;
  }
}
