// Reporter stage, live: one line per event while `watch` runs. A hit as a table line (time, code,
// file:line, description) or an ndjson event; rotated, truncated and ready as ndjson events.

import { formatTimestamp } from '../match/timestamps.js';
import type { Hit } from '../types.js';
import type { RenderContext } from './types.js';
import { renderHitEvent } from './ndjson.js';

export type LiveEvent = 'rotated' | 'truncated';

export function renderLiveHit(hit: Hit, description: string, expected: boolean, format: 'table' | 'ndjson', ctx: RenderContext): string {
  if (format === 'ndjson') return renderHitEvent(hit);
  const time = hit.time ? formatTimestamp(hit.time).replace('T', ' ') : '-';
  const code = ctx.color ? `\x1b[${expected ? '32' : '31'}m${hit.code}\x1b[0m` : hit.code;
  return `${time}  ${code}  ${hit.file}:${hit.line}  ${description}\n`;
}

export function renderLiveEvent(type: LiveEvent, file: string): string {
  return `${JSON.stringify({ type, file })}\n`;
}

export const READY_EVENT = `${JSON.stringify({ type: 'ready' })}\n`;
