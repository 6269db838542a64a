// Reporter stage, live: one line per event while `watch` runs. A hit as a table line (time, code,
// file:line, description) or an ndjson event; rotated, truncated and ready as ndjson events.

import { formatTimestamp } from '../match/timestamps.js';
import type { Hit } from '../types.js';
import type { RenderContext } from './types.js';
import { renderHitEvent } from './ndjson.js';
import { paint } from './text.js';

export type LiveEvent = 'rotated' | 'truncated';

export function renderLiveHit(hit: Hit, description: string, expected: boolean, format: 'table' | 'ndjson', ctx: RenderContext): string {
  if (format === 'ndjson') return renderHitEvent(hit);
  const time = hit.time ? formatTimestamp(hit.time).replace('T', ' ') : '-';
  const code = paint(hit.code, [expected ? 'green' : 'red'], ctx.color);
  return `${time}  ${code}  ${hit.file}:${hit.line}  ${description}\n`;
}

export function renderLiveEvent(type: LiveEvent, file: string): string {
  return `${JSON.stringify({ type, file })}\n`;
}

export const READY_EVENT = `${JSON.stringify({ type: 'ready' })}\n`;
