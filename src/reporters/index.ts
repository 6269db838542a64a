// Reporter stage: the registry. Takes a format name and gives the pure function that turns a
// Report (plus colour and terminal width) into the text the CLI writes.

import type { Report } from '../types.js';
import { renderGithub } from './github.js';
import { renderJson } from './json.js';
import { renderJunit } from './junit.js';
import { renderMarkdown } from './markdown.js';
import { renderNdjsonSummary } from './ndjson.js';
import { renderSarif } from './sarif.js';
import { renderTable } from './table.js';

export interface RenderContext {
  /** Emit ANSI SGR colour sequences. */
  color: boolean;
  /** Terminal columns; null when the output is not a terminal (then nothing is cut). */
  width: number | null;
}

export type Reporter = (report: Report, ctx: RenderContext) => string;

// One map, looked up by --format; `satisfies` keeps the literal keys for Format.
export const reporters = {
  table: renderTable,
  json: renderJson,
  // Hit events are streamed by the CLI with renderHitEvent; the report ends with the summary.
  ndjson: renderNdjsonSummary,
  markdown: renderMarkdown,
  junit: renderJunit,
  github: renderGithub,
  sarif: renderSarif,
} as const satisfies Record<string, Reporter>;

export type Format = keyof typeof reporters;

export const FORMATS = Object.keys(reporters) as Format[];

export { orderReport, renderJson } from './json.js';
export { renderHitEvent, renderNdjsonSummary } from './ndjson.js';
export { renderTable } from './table.js';
