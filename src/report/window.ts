// Report stage, the time window (--since, --until): which hits count. A TIME with an offset is an
// instant, compared with each hit's instant; one without an offset is a wall clock, compared with
// the hit's wall clock as the log wrote it (what an engineer reads on the trace); a duration
// (30m, 2h, 7d) is that long before now. A hit without a time is outside any window.

import type { Timestamp } from '../types.js';

/** One end of the window. */
export type TimeBound = { kind: 'instant'; epochMs: number; text: string } | { kind: 'wall'; wall: string; text: string };

export interface TimeWindow {
  since: TimeBound | null;
  until: TimeBound | null;
}

const ISO = /^(\d{4})-(\d\d)-(\d\d)(?:[T ](\d\d):(\d\d)(?::(\d\d)(?:[.,](\d{1,9}))?)?)?\s*(Z|[+-]\d\d(?::?\d\d)?)?$/i;
const DURATION = /^(\d+)\s*(s|m|h|d)$/;
const UNIT_MS = { s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/**
 * A TIME as --since or --until takes it, or a reason it is not one (the caller names the flag).
 * `nowMs`: the clock a duration counts back from.
 */
export function parseTimeBound(text: string, nowMs: number): TimeBound | string {
  const trimmed = text.trim();
  const duration = DURATION.exec(trimmed);
  if (duration) {
    const epochMs = nowMs - Number(duration[1]) * UNIT_MS[duration[2] as keyof typeof UNIT_MS];
    return { kind: 'instant', epochMs, text: isoOfInstant(epochMs) };
  }
  const m = ISO.exec(trimmed);
  if (!m) return `'${text}' is not a time such as 2026-03-14T10:00, 2026-03-14 10:00:00-05:00 or 30m, 2h, 7d`;
  const [year, month, day, hour = '00', minute = '00', second = '00'] = m.slice(1, 7);
  const fraction = (m[7] ?? '').padEnd(3, '0').slice(0, 3);
  const wall = `${year}-${month}-${day}T${hour}:${minute}:${second}.${fraction}`;
  const wallMs = Date.parse(`${wall}Z`);
  // Date.parse takes Feb 30 as Mar 2: the fields must come back as written.
  if (Number.isNaN(wallMs) || new Date(wallMs).toISOString().slice(0, 23) !== wall) return `'${text}' is not a date and time that exists`;
  if (m[8] === undefined) return { kind: 'wall', wall, text: wall };
  const offset = offsetMinutes(m[8]);
  if (offset === null) return `'${text}' has an offset that is not one`;
  const epochMs = wallMs - offset * 60_000;
  return { kind: 'instant', epochMs, text: `${wall}${formatOffset(offset)}` };
}

/** Whether a hit's time is inside the window: at or after since, before until. */
export function inWindow(window: TimeWindow, time: Timestamp | null): boolean {
  if (time === null) return false;
  if (window.since && compareTo(time, window.since) < 0) return false;
  if (window.until && compareTo(time, window.until) >= 0) return false;
  return true;
}

/** A hit's time against a bound: by instant (a time without offset as its --tz or UTC) or by wall clock. */
function compareTo(time: Timestamp, bound: TimeBound): number {
  if (bound.kind === 'instant') return time.epochMs - bound.epochMs;
  return time.wall < bound.wall ? -1 : time.wall > bound.wall ? 1 : 0;
}

/** The window as the report writes it (`"window": { "since", "until" }`), or null when there is none. */
export function describeWindow(window: TimeWindow | null): { since: string | null; until: string | null } | null {
  if (window === null) return null;
  return { since: window.since?.text ?? null, until: window.until?.text ?? null };
}

function offsetMinutes(text: string): number | null {
  if (/^z$/i.test(text)) return 0;
  const m = /^([+-])(\d\d):?(\d\d)?$/.exec(text);
  if (!m) return null;
  const minutes = Number(m[2]) * 60 + Number(m[3] ?? 0);
  if (Number(m[3] ?? 0) >= 60 || minutes > 18 * 60) return null;
  return m[1] === '-' ? -minutes : minutes;
}

const pad2 = (n: number): string => String(n).padStart(2, '0');
const formatOffset = (minutes: number): string => `${minutes < 0 ? '-' : '+'}${pad2(Math.floor(Math.abs(minutes) / 60))}:${pad2(Math.abs(minutes) % 60)}`;

/** An instant as UTC with its offset, as the report writes times: 2026-03-14T15:00:00.000+00:00. */
export const isoOfInstant = (epochMs: number): string => `${new Date(epochMs).toISOString().slice(0, 23)}+00:00`;
