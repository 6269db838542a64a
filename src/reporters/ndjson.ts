// Reporter stage: NDJSON events. Takes one Hit (or the final Report) and gives one JSON line:
// a `hit` event per line and code, and a closing `summary` event holding the JSON report.

import { formatTimestamp } from '../match/timestamps.js';
import type { Hit, Report } from '../types.js';
import { orderReport } from './json.js';
import type { RenderContext } from './types.js';

/** One `hit` event; scan and watch print these as hits arrive, so it takes a Hit, not a Report. */
export function renderHitEvent(hit: Hit): string {
  const event = {
    type: 'hit',
    code: hit.code,
    value: hit.value,
    file: hit.file,
    line: hit.line,
    time: hit.time === null ? null : formatTimestamp(hit.time),
    text: hit.text,
  } as const;
  return JSON.stringify(event) + '\n';
}

/** The `summary` event: the JSON report, compact so that the event stays on one line. */
export function renderNdjsonSummary(report: Report, _ctx?: RenderContext): string {
  return JSON.stringify({ type: 'summary', report: orderReport(report) }) + '\n';
}
