// Report stage, aggregate: takes per-line hits and gives per-code tallies (count, events, files,
// nodes, first and last seen); tallies of files merge into one in any order with the same result.

import type { Timestamp } from '../types.js';

/** A hit's place in the ordering: its time, then input order (sorted paths), then line. */
export interface Seen {
  time: Timestamp | null;
  fileIndex: number;
  line: number;
}

export interface Tally {
  /** Lines with a hit. */
  count: number;
  /** Failures: hits of the code in one input within the event window of the event's first hit are one. */
  events: number;
  /** Inputs with at least one hit. */
  files: number;
  /** Hit lines per node (inputs with no node are in none). */
  nodes: Map<string, number>;
  first: Seen;
  last: Seen;
}

/** Tallies by key: a catalog code, or an unknown token. */
export type Tallies = Map<string, Tally>;

const byPlace = (a: Seen, b: Seen): number => a.fileIndex - b.fileIndex || a.line - b.line;

/**
 * Whether `a` comes before `b`: hits with a time come before hits without one (only timed hits
 * compete when some have a time), earlier instants first, and ties go by input order, then line.
 */
export function seenBefore(a: Seen, b: Seen): boolean {
  if (a.time && b.time) {
    if (a.time.epochMs !== b.time.epochMs) return a.time.epochMs < b.time.epochMs;
  } else if (a.time || b.time) {
    return a.time !== null;
  }
  return byPlace(a, b) < 0;
}

/** Whether `a` comes after `b` for last seen: timed hits win, later instants, then input order. */
export function seenAfter(a: Seen, b: Seen): boolean {
  if (a.time && b.time) {
    if (a.time.epochMs !== b.time.epochMs) return a.time.epochMs > b.time.epochMs;
  } else if (a.time || b.time) {
    return a.time !== null;
  }
  return byPlace(a, b) > 0;
}

/**
 * Counts one line's hit of `key` in the tallies of one file: on `node` (null: the input has none),
 * and the first of an event when `newEvent`.
 */
export function countHit(tallies: Tallies, key: string, seen: Seen, node: string | null = null, newEvent = true): void {
  const tally = tallies.get(key);
  if (!tally) {
    tallies.set(key, { count: 1, events: 1, files: 1, nodes: node === null ? new Map() : new Map([[node, 1]]), first: seen, last: seen });
    return;
  }
  tally.count++;
  if (newEvent) tally.events++;
  if (node !== null) tally.nodes.set(node, (tally.nodes.get(node) ?? 0) + 1);
  if (seenBefore(seen, tally.first)) tally.first = seen;
  if (seenAfter(seen, tally.last)) tally.last = seen;
}

/**
 * Adds `from` into `into` as mergeTallies does, but lets `into` hold at most `limit` keys: keys of
 * `from` that would go past it (in `from`'s order) are left out. Gives the hit lines left out.
 * Merged in input order, the keys kept are the first `limit` in that order, whatever the timing.
 */
export function mergeTalliesUpTo(into: Tallies, from: Tallies, limit: number): number {
  let left = 0;
  for (const [key, tally] of from) {
    if (into.size < limit || into.has(key)) mergeTally(into, key, tally);
    else left += tally.count;
  }
  return left;
}

/** Adds `from` into `into`: counts and files add up, first and last take the extremes. */
export function mergeTallies(into: Tallies, from: Tallies): void {
  for (const [key, tally] of from) mergeTally(into, key, tally);
}

function mergeTally(into: Tallies, key: string, tally: Tally): void {
  const mine = into.get(key);
  if (!mine) {
    into.set(key, { ...tally, nodes: new Map(tally.nodes) });
    return;
  }
  mine.count += tally.count;
  mine.events += tally.events;
  mine.files += tally.files;
  for (const [node, n] of tally.nodes) mine.nodes.set(node, (mine.nodes.get(node) ?? 0) + n);
  if (seenBefore(tally.first, mine.first)) mine.first = tally.first;
  if (seenAfter(tally.last, mine.last)) mine.last = tally.last;
}
